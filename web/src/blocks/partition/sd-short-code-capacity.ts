// <sd-short-code-capacity rate="1000">: how many codes each length gives and how many years they
// last at `rate` new links per second — computed by the module (shortCodeCapacity).
import { LitElement, html } from 'lit';
import type { ShortCodeCapacityRow } from 'sdlab-wasm';
import { loadSdlab } from '../../lab/sdlab';
import '../../ui/sd-table';
import { type Column, formats } from '../../ui/sd-table';

const years = (y: number) => (y >= 1e6 ? y.toExponential(1) : y >= 10 ? formats.integer(Math.round(y)) : y.toFixed(2));
const columns: Column<ShortCodeCapacityRow>[] = [
  { header: 'length', value: (r) => r.length },
  { header: 'codes (62^L)', value: (r) => r.codes, format: formats.integer },
  { header: 'years', value: (r) => r.years, format: years },
];

export class SdShortCodeCapacity extends LitElement {
  static properties = { rate: { type: Number }, rows: { state: true } };
  declare rate: number;
  declare rows: ShortCodeCapacityRow[];

  constructor() {
    super();
    this.rate = 1000;
    this.rows = [];
  }

  connectedCallback(): void {
    super.connectedCallback();
    loadSdlab().then((sdlab) => (this.rows = sdlab.shortCodeCapacity(this.rate)));
  }

  render() {
    return html`<sd-table caption="short code capacity at ${formats.integer(this.rate)} new links a second" .columns=${columns} .rows=${this.rows}></sd-table>`;
  }
}

customElements.define('sd-short-code-capacity', SdShortCodeCapacity);
