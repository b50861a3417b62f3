// <sd-invariants>: the promises of a block or a simulation as a checklist — a green tick for each
// that held all along, a red cross for each that broke, with the step that first broke it and what
// was found there.
// Properties: `items` (a block's Checks from Lab.checklist, or a simulation's invariants: name,
// holds, detail, step), `noun` (what a step is called: "step", "request", "reader").
// Attribute `seekable`: the step of a broken promise is a button. Events: `seek` with detail = that
// step, when it is pressed.
import { LitElement, css, html, nothing } from 'lit';

export interface CheckItem {
  name: string;
  holds: boolean;
  detail?: string;
  step?: number;
  /** Blocks: whether it holds at the frame on show, after it broke at `step`. */
  holdsNow?: boolean;
}

export class SdInvariants extends LitElement {
  static properties = {
    items: { attribute: false },
    noun: {},
    seekable: { type: Boolean },
  };
  declare items: readonly CheckItem[];
  declare noun: string;
  declare seekable: boolean;

  constructor() {
    super();
    this.items = [];
    this.noun = 'step';
    this.seekable = false;
  }

  static styles = css`
    :host { display: block; }
    ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 0.2rem; }
    li { display: flex; gap: 0.45rem; align-items: baseline; overflow-wrap: anywhere; }
    .mark { flex: none; width: 1.2em; text-align: center; font-weight: 700; border-radius: 4px; }
    .holds .mark { color: var(--good); background: var(--good-bg); }
    .broken .mark { color: var(--bad); background: var(--bad-bg); }
    .broken .name { color: var(--bad); font-weight: 600; }
    .why { display: block; color: var(--muted); font-size: 0.9em; }
    button { all: unset; cursor: pointer; color: var(--link); text-decoration: underline; }
    button:focus-visible { outline: 2px solid var(--accent); }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  `;

  render() {
    return html`<ul>${this.items.map((item) => this.row(item))}</ul>`;
  }

  private row(item: CheckItem) {
    if (item.holds) {
      return html`<li class="holds" data-holds="true"><span class="mark" aria-hidden="true">✓</span><span class="visually-hidden">holds: </span><span class="name">${item.name}</span></li>`;
    }
    const where = item.step === undefined ? '' : `${this.noun} ${item.step}`;
    const step = where && this.seekable
      ? html`<button @click=${() => this.seek(item.step!)} title="Show this ${this.noun}">${where}</button>`
      : where;
    return html`<li class="broken" data-holds="false" data-step=${item.step ?? nothing}>
      <span class="mark" aria-hidden="true">✗</span><span class="visually-hidden">broken: </span>
      <span><span class="name">${item.name}</span>
        <span class="why">broken${where ? html` at ${step}` : nothing}${item.detail ? `: ${item.detail}` : ''}${item.holdsNow ? ' (holds again now)' : ''}</span></span>
    </li>`;
  }

  private seek(step: number): void {
    this.dispatchEvent(new CustomEvent('seek', { detail: step, bubbles: true, composed: true }));
  }
}

customElements.define('sd-invariants', SdInvariants);
