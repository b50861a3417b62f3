// <sd-bloom-sizing>: the sizing calculator. Expected items n and target false-positive rate p in;
// bits m, hashes k, bytes and bits per item out, from the module's bloomSizing (the same formula
// that sizes the filters). Recomputes as the person types; a bad value shows the module's error.
import { LitElement, css, html, nothing } from 'lit';
import type { BloomSizing } from 'sdlab-wasm';
import { loadSdlab } from '../../lab/sdlab';

export class SdBloomSizing extends LitElement {
  static properties = {
    items: { type: Number },
    rate: { type: Number },
    sizing: { state: true },
    error: { state: true },
  };
  declare items: number;
  declare rate: number;
  declare sizing: BloomSizing | undefined;
  declare error: string;

  constructor() {
    super();
    this.items = 1_000_000;
    this.rate = 0.01;
    this.error = '';
  }

  static styles = css`
    :host { display: block; }
    .inputs { display: flex; flex-wrap: wrap; gap: 0.5rem; }
    label { display: flex; flex-direction: column; font-size: 0.8em; color: var(--muted); }
    input { font: inherit; font-size: 1rem; width: 8rem; padding: 0.3rem 0.5rem; border-radius: 6px; border: 1px solid var(--line); background: var(--bg); color: var(--fg); font-family: var(--mono); }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 0.75rem; margin: 0.5rem 0 0; font-variant-numeric: tabular-nums; }
    dt { color: var(--muted); }
    dd { margin: 0; font-weight: 600; }
    .error { color: var(--bad); background: var(--bad-bg); border-radius: 6px; padding: 0.3rem 0.5rem; margin: 0.5rem 0 0; }
  `;

  async willUpdate(changed: Map<string, unknown>) {
    if (!changed.has('items') && !changed.has('rate')) return;
    const sdlab = await loadSdlab();
    try {
      this.sizing = sdlab.bloomSizing(this.items, this.rate);
      this.error = '';
    } catch (error) {
      this.sizing = undefined;
      this.error = (error as Error).message;
    }
  }

  render() {
    const s = this.sizing;
    const read = (e: Event) => (e.target as HTMLInputElement).valueAsNumber;
    return html`<div class="inputs" role="group" aria-label="Bloom filter sizing">
        <label>expected items n<input name="n" type="number" step="1" .value=${String(this.items)} @input=${(e: Event) => (this.items = read(e))} /></label>
        <label>false-positive rate p<input name="p" type="number" step="any" .value=${String(this.rate)} @input=${(e: Event) => (this.rate = read(e))} /></label>
      </div>
      ${this.error
        ? html`<p class="error" role="alert">${this.error}</p>`
        : s
          ? html`<dl aria-label="sizing">
              <dt>bits m</dt><dd data-sizing="bits">${s.bits.toLocaleString('en')}</dd>
              <dt>hashes k</dt><dd data-sizing="hashes">${s.hashes}</dd>
              <dt>memory</dt><dd data-sizing="bytes">${formatBytes(s.bytes)}</dd>
              <dt>bits per item</dt><dd>${s.bitsPerItem.toFixed(2)}</dd>
            </dl>`
          : nothing}`;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(2)} MiB`;
}

customElements.define('sd-bloom-sizing', SdBloomSizing);
