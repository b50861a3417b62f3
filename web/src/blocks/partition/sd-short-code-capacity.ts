// <sd-short-code-capacity rate="1000">: how many codes each length gives and how many years they
// last at `rate` new links per second — computed by the module (shortCodeCapacity).
import { LitElement, css, html } from 'lit';
import type { SdlabModule } from 'sdlab-wasm';
import { loadSdlab } from '../../lab/sdlab';

type Rows = ReturnType<SdlabModule['shortCodeCapacity']>;

export class SdShortCodeCapacity extends LitElement {
  static properties = { rate: { type: Number }, rows: { state: true } };
  declare rate: number;
  declare rows: Rows;

  constructor() {
    super();
    this.rate = 1000;
    this.rows = [];
  }

  static styles = css`
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
    td, th { border: 1px solid var(--line); padding: 0.15rem 0.5rem; text-align: right; }
  `;

  connectedCallback(): void {
    super.connectedCallback();
    loadSdlab().then((sdlab) => (this.rows = sdlab.shortCodeCapacity(this.rate)));
  }

  render() {
    const years = (y: number) => (y >= 1e6 ? y.toExponential(1) : y >= 10 ? Math.round(y).toLocaleString('en') : y.toFixed(2));
    return html`<table aria-label="short code capacity">
      <thead><tr><th>length</th><th>codes (62^L)</th><th>years</th></tr></thead>
      <tbody>${this.rows.map((r) => html`<tr><td>${r.length}</td><td>${r.codes.toLocaleString('en')}</td><td>${years(r.years)}</td></tr>`)}</tbody>
    </table>`;
  }
}

customElements.define('sd-short-code-capacity', SdShortCodeCapacity);
