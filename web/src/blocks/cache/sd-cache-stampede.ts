// <sd-cache-stampede>: cache-aside under a crowd. Many simulated readers hit hot keys around their
// expiry; the same seeded crowd runs under each protection (none, single-flight, probabilistic
// early expiry, TTL jitter) and the page shows store loads over time and the counts side by side.
// Light DOM (uPlot). Runs are small enough to compute on the main thread.
import { LitElement, html, nothing } from 'lit';
import type { SdlabModule, StampedeOptions } from 'sdlab-wasm';
import { readLabLink, writeLabLink } from '../../lab/lab-link';
import '../../ui/sd-line-chart';
import { palette } from '../../ui/sd-line-chart';

type Protection = StampedeOptions['protection'];
const protections: Protection[] = ['none', 'single-flight', 'early-expiry', 'jitter'];
type Result = ReturnType<SdlabModule['simulateStampede']>;

const fields: { name: keyof StampedeOptions; label: string; value: number | string; choices?: string[] }[] = [
  { name: 'readers', label: 'readers', value: 5000 },
  { name: 'windowMs', label: 'over (ms)', value: 1000 },
  { name: 'arrivals', label: 'arrivals', value: 'poisson', choices: ['poisson', 'uniform'] },
  { name: 'keys', label: 'hot keys', value: 1 },
  { name: 'ttlMs', label: 'TTL (ms)', value: 300 },
  { name: 'loadLatencyMs', label: 'store load (ms)', value: 40 },
  { name: 'beta', label: 'early-expiry β', value: 1 },
  { name: 'jitter', label: 'TTL jitter (0–0.99)', value: 0.3 },
  { name: 'seed', label: 'seed', value: 1 },
];

export class SdCacheStampede extends LitElement {
  static properties = {
    sdlab: { attribute: false },
    state: { attribute: false },
    values: { state: true },
    results: { state: true },
    error: { state: true },
  };
  declare sdlab: SdlabModule;
  /** The permalink's state, if the page was opened from one. */
  declare state: string | undefined;
  declare values: Record<string, number | string>;
  declare results: Map<Protection, Result> | undefined;
  declare error: string;

  constructor() {
    super();
    this.error = '';
    this.values = Object.fromEntries(fields.map((f) => [f.name, f.value]));
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback(): void {
    super.connectedCallback();
    const defaults = Object.fromEntries(fields.map((f) => [f.name, f.value]));
    try {
      this.run(readLabLink(this.state, defaults));
    } catch (error) {
      this.run(defaults);
      this.error = `This link could not be opened: ${(error as Error).message}`;
    }
  }

  render() {
    const results = this.results;
    const first = results?.values().next().value;
    const times = first ? first.timeline.loads.map((_, i) => i * first.timeline.bucketMs) : [];
    return html`<div class="experiment">
      <h1>Cache stampede</h1>
      <p class="lead">Readers use cache-aside: on a miss they load the value from a slow store and cache it for a TTL.
        When a hot key expires under load, every reader that misses before the reload lands goes to the store at once.
        The same seeded crowd runs four times, once per protection.</p>
      <form class="experiment-form" novalidate @submit=${this.submit}>
        ${fields.map((f) => html`<label>${f.label}${f.choices
          ? html`<select name=${f.name}>${f.choices.map((c) => html`<option ?selected=${c === this.values[f.name]}>${c}</option>`)}</select>`
          : html`<input name=${f.name} type="number" step="any" .value=${String(this.values[f.name])} />`}</label>`)}
        <button type="submit">Run</button>
      </form>
      ${this.error ? html`<p class="problem" role="alert">${this.error}</p>` : nothing}
      ${results
        ? html`<table class="results stampede"><caption>What each protection cost the store</caption>
            <thead><tr><th>protection</th><th>store loads</th><th>most loads at once</th><th>readers who missed</th><th>readers who waited</th><th>early refreshes</th></tr></thead>
            <tbody>${protections.map((p) => {
              const r = results.get(p)!;
              return html`<tr data-protection=${p}><th scope="row">${p}</th><td data-stat="storeLoads">${r.storeLoads}</td><td data-stat="maxConcurrentLoads">${r.maxConcurrentLoads}</td>
                <td>${r.misses}</td><td>${r.waiters}</td><td>${r.earlyRefreshes}</td></tr>`;
            })}</tbody></table>
          <sd-line-chart class="chart" aria-hidden="true" x-label="time (ms)" y-label="store loads started"
            .x=${times} .series=${protections.map((p, i) => ({ label: p, colour: palette[i], values: results.get(p)!.timeline.loads }))}></sd-line-chart>`
        : nothing}
      <div class="explain">
        <p><strong>none</strong>: every reader that misses loads — a thundering herd on the store.
          <strong>single-flight</strong>: the first miss loads; the others wait for that one load (one per expiry).
          <strong>early-expiry</strong> (XFetch): a reader may refresh before expiry, with a probability that grows as expiry nears
          (β sets the eagerness), so the key rarely expires at all; readers decide independently, so several may refresh.
          <strong>jitter</strong>: each write's TTL is scaled by 1 ± jitter, so keys written together expire apart — it helps with many hot keys, not with one.</p>
      </div>
    </div>`;
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    this.run(Object.fromEntries(fields.map((f) => [f.name, f.choices ? String(form.get(f.name)) : Number(form.get(f.name))])));
  }

  private run(values: Record<string, number | string>): void {
    try {
      const options = { ...values, bucketMs: Math.max(1, Number(values.windowMs) / 100) } as unknown as StampedeOptions;
      this.results = new Map(protections.map((protection) => [protection, this.sdlab.simulateStampede({ ...options, protection })]));
      this.values = values;
      this.error = '';
      writeLabLink('cache/stampede', values);
    } catch (error) {
      this.error = (error as Error).message;
    }
  }
}

customElements.define('sd-cache-stampede', SdCacheStampede);
