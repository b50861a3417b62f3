// <sd-call-form>: pick one of a block's methods, fill in its arguments, call it.
// Events: `call` with detail {method, args, times} — `times` repeats the call (each repetition
// is its own step in the log), for "send 10 requests at once"; a count that is not a whole number
// in [1, maxTimes] is refused, naming the limit. Each argument's control comes from
// its rule (ui/fields.ts); text that is no value at all (a malformed number, an unknown unit, a bad
// list item) is named here and nothing is called; a value out of range goes to the block, whose
// check names it.
// Not a <form>: embeds run in <iframe sandbox="allow-scripts">, where form submission is blocked.
import { LitElement, css, html } from 'lit';
import type { Arg, FieldSpec, MethodSpec } from '../lab/block';
import { fieldControl, fieldStyles, readField } from './fields';

export const maxTimes = 100;

export class SdCallForm extends LitElement {
  static properties = {
    methods: { attribute: false },
    selected: { state: true },
    problem: { state: true },
  };
  declare methods: readonly MethodSpec[];
  declare selected: string;
  /** Why the arguments could not be read. */
  declare problem: string;

  constructor() {
    super();
    this.problem = '';
  }

  static styles = [fieldStyles, css`
    .form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: flex-end; }
    input, select, button { font: inherit; font-size: 1rem; padding: 0.3rem 0.5rem; border-radius: 6px; border: 1px solid var(--line); background: var(--panel); color: var(--fg); }
    input { width: 7rem; font-family: var(--mono); }
    input[type='text'] { width: 11rem; }
    input[inputmode='decimal'] { width: 7rem; }
    input.times { width: 3.5rem; }
    button { background: var(--accent); color: var(--accent-fg); border-color: var(--accent); cursor: pointer; font-weight: 600; }
    :is(input, select, button):focus-visible { outline: 3px solid var(--accent); outline-offset: 1px; }
    .help { flex-basis: 100%; margin: 0; font-size: 0.85em; color: var(--muted); }
    .problem { flex-basis: 100%; margin: 0; color: var(--bad); background: var(--bad-bg); border-radius: 6px; padding: 0.3rem 0.5rem; }
  `];

  private get method(): MethodSpec {
    return this.methods.find((m) => m.name === this.selected) ?? this.methods[0];
  }

  render() {
    const method = this.method;
    return html`<div class="form" role="form" aria-label="Call a method" @keydown=${onEnter(() => this.submit())}>
      <label>method
        <select name="method" @change=${this.pick}>
          ${this.methods.map((m) => html`<option ?selected=${m === method}>${m.name}</option>`)}
        </select>
      </label>
      ${method.args.map((field) => fieldInput(field, field.default))}
      <label>times<input name="times" type="number" min="1" max=${maxTimes} step="1" value="1" class="times" /></label>
      <button @click=${this.submit}>${method.name}()</button>
      <p class="help">${method.help}</p>
      ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : ''}
    </div>`;
  }

  /** Another method: its own arguments, and one call unless asked for more. */
  private pick = (event: Event): void => {
    this.selected = (event.target as HTMLSelectElement).value;
    this.problem = '';
    (this.renderRoot.querySelector('input[name="times"]') as HTMLInputElement).value = '1';
  };

  private submit = (): void => {
    const method = this.method;
    const readings = method.args.map((field) => readField(field, this.renderRoot.querySelector(`[name="${field.name}"]`)!));
    const unreadable = readings.findIndex((r) => r.problem);
    const count = (this.renderRoot.querySelector('input[name="times"]') as HTMLInputElement).value;
    const times = Number(count);
    this.problem = unreadable >= 0
      ? `${method.name}: ${method.args[unreadable].name} ${readings[unreadable].problem}`
      : Number.isInteger(times) && times >= 1 && times <= maxTimes
        ? ''
        : `${method.name}: times must be a whole number from 1 to ${maxTimes} (the most calls one click makes), got ${count.trim() || 'nothing'}`;
    if (this.problem) return;
    const args: Arg[] = readings.map((r) => r.value);
    const detail = { method: method.name, args, times };
    this.dispatchEvent(new CustomEvent('call', { detail, bubbles: true, composed: true }));
  };
}

/** A labelled control for a parameter or an argument, from its rule. */
export const fieldInput = (field: FieldSpec, value: Arg) => fieldControl(field, value);

/** What a field's control holds, typed (NaN where a number could not be read). */
export const fieldValue = (field: FieldSpec, element: Element): Arg => readField(field, element).value;

/** A keydown handler that runs `action` on Enter in an input, or Ctrl/⌘+Enter in a text area. */
export function onEnter(action: () => void) {
  return (event: KeyboardEvent): void => {
    const tag = (event.target as HTMLElement).tagName;
    if (event.key === 'Enter' && (tag === 'INPUT' || (tag === 'TEXTAREA' && (event.ctrlKey || event.metaKey)))) {
      event.preventDefault();
      action();
    }
  };
}

customElements.define('sd-call-form', SdCallForm);
