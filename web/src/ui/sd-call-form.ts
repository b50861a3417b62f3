// <sd-call-form>: pick one of a block's methods, fill in its arguments, call it.
// Events: `call` with detail {method, args, times} — `times` repeats the call (each repetition
// is its own step in the log), for "send 10 requests at once". Values are passed as typed: a number field that is
// empty or malformed becomes NaN, and the block's own check reports it.
// Not a <form>: embeds run in <iframe sandbox="allow-scripts">, where form submission is blocked.
import { LitElement, css, html } from 'lit';
import type { Arg, FieldSpec, MethodSpec } from '../lab/block';

export const maxTimes = 100;

export class SdCallForm extends LitElement {
  static properties = {
    methods: { attribute: false },
    selected: { state: true },
  };
  declare methods: readonly MethodSpec[];
  declare selected: string;

  static styles = css`
    .form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: flex-end; }
    label { display: flex; flex-direction: column; font-size: 0.8em; color: var(--muted); gap: 0.15rem; }
    input, select, button { font: inherit; font-size: 1rem; padding: 0.3rem 0.5rem; border-radius: 6px; border: 1px solid var(--line); background: var(--panel); color: var(--fg); }
    input { width: 7rem; font-family: var(--mono); }
    input[type='text'] { width: 11rem; }
    input.times { width: 3.5rem; }
    button { background: var(--accent); color: var(--accent-fg); border-color: var(--accent); cursor: pointer; font-weight: 600; }
    :is(input, select, button):focus-visible { outline: 3px solid var(--accent); outline-offset: 1px; }
    .help { flex-basis: 100%; margin: 0; font-size: 0.85em; color: var(--muted); }
  `;

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
    </div>`;
  }

  /** Another method: its own arguments, and one call unless asked for more. */
  private pick = (event: Event): void => {
    this.selected = (event.target as HTMLSelectElement).value;
    (this.renderRoot.querySelector('input[name="times"]') as HTMLInputElement).value = '1';
  };

  private submit = (): void => {
    const method = this.method;
    const args: Arg[] = method.args.map((field) => {
      return fieldValue(field, this.renderRoot.querySelector(`[name="${field.name}"]`)!);
    });
    const times = (this.renderRoot.querySelector('input[name="times"]') as HTMLInputElement).valueAsNumber;
    const detail = { method: method.name, args, times: Number.isInteger(times) ? Math.max(1, Math.min(maxTimes, times)) : 1 };
    this.dispatchEvent(new CustomEvent('call', { detail, bubbles: true, composed: true }));
  };
}

/** A labelled input for a parameter or an argument: a select for choices. */
export function fieldInput(field: FieldSpec, value: Arg) {
  const label = field.hint ? `${field.name} (${field.hint})` : field.name;
  if (field.type === 'choice') {
    return html`<label>${label}<select name=${field.name}>${field.choices!.map((c) => html`<option ?selected=${c === value}>${c}</option>`)}</select></label>`;
  }
  return html`<label>${label}<input name=${field.name} type=${field.type === 'number' ? 'number' : 'text'}
    step=${field.step ?? 'any'} .value=${String(value)} autocomplete="off" spellcheck="false" /></label>`;
}

/** What a field's input holds, typed: numbers as numbers (NaN when malformed). */
export function fieldValue(field: FieldSpec, element: Element): Arg {
  return field.type === 'number' ? (element as HTMLInputElement).valueAsNumber : (element as HTMLInputElement | HTMLSelectElement).value;
}

/** A keydown handler that runs `action` when Enter is pressed in a text or number field. */
export function onEnter(action: () => void) {
  return (event: KeyboardEvent): void => {
    if (event.key === 'Enter' && (event.target as HTMLElement).tagName === 'INPUT') {
      event.preventDefault();
      action();
    }
  };
}

customElements.define('sd-call-form', SdCallForm);
