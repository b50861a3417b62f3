// <sd-ratelimit-compare>: one seeded traffic stream through all seven limiters, keyed by client,
// each allowed `limit` per window. An event timeline shows every decision per algorithm; a table
// fills in the classic comparison (memory, accuracy, bursts) with measured figures. The whole run
// is one call into WebAssembly. Light DOM (uPlot).
import { html, nothing } from 'lit';
import type { RateLimitComparison, RateLimitComparisonOptions } from 'sdlab-wasm';
import type { Options } from '../../lab/lab-link';
import { LabPage } from '../../ui/lab-page';
import { onEnter } from '../../ui/sd-call-form';
import '../../ui/sd-line-chart';
import { palette } from '../../ui/sd-line-chart';
import { type Field, fieldInputs, readFields } from '../../ui/fields';
import { type Pattern, presets, trafficFields } from './traffic-form';

const names: Record<string, string> = {
  tokenBucket: 'token bucket',
  leakyBucketQueue: 'leaky bucket (queue)',
  leakyBucketMeter: 'leaky bucket (meter)',
  fixedWindow: 'fixed window',
  slidingWindowLog: 'sliding-window log',
  slidingWindowCounter: 'sliding-window counter',
  gcra: 'GCRA',
};

const limitFields: readonly Field[] = [
  { name: 'limit', label: 'limit per window' },
  { name: 'windowMs', label: 'window (ms)' },
];

export class SdRateLimitCompare extends LabPage {
  static properties = { comparison: { state: true } };
  declare comparison: RateLimitComparison | undefined;
  protected readonly path = 'ratelimit/compare';

  constructor() {
    super({ ...presets.boundary, limit: 10 });
  }

  render() {
    return html`<div class="experiment">
      <h1>Traffic lab</h1>
      <p class="lead">The same requests go through every algorithm, each allowed <b>limit</b> per <b>window</b> per client.
        Pick a pattern — the window-boundary attack shows the fixed window admitting twice its limit within one window's length.</p>
      <div class="experiment-form" role="form" aria-label="Presets">
        ${(Object.keys(presets) as Pattern[]).map((p) => html`<button type="button" @click=${() => this.preset(p)}>${p}</button>`)}
      </div>
      <div class="experiment-form" role="form" aria-label="Traffic" @keydown=${onEnter(this.submit)}>
        ${fieldInputs([...trafficFields, ...limitFields], this.values)}
        <button type="button" class="primary" @click=${this.submit}>Run</button>
      </div>
      ${this.alert()}
      ${this.comparison ? this.results(this.comparison) : nothing}
    </div>`;
  }

  private preset(pattern: Pattern): void {
    this.run({ ...presets[pattern], limit: this.values.limit });
  }

  private submit = () => this.run(readFields(this, [...trafficFields, ...limitFields]));

  protected run(values: Options): void {
    try {
      this.comparison = this.sdlab.runRateLimitComparison(values as unknown as RateLimitComparisonOptions);
      this.done(values);
    } catch (error) {
      this.fail(error);
    }
  }

  private results(run: RateLimitComparison) {
    const limit = Number(this.values.limit);
    const exact = run.algorithms.find((a) => a.name === 'slidingWindowLog')!.admitted;
    const times = Array.from(run.timesMs);
    const rows = run.algorithms.map((a) => names[a.name]);
    const series = run.algorithms.flatMap((a, row) => [
      { label: `${names[a.name]} admitted`, colour: palette[0], dots: true, values: times.map((_, i) => (a.allowed[i] ? row : null)) },
      { label: `${names[a.name]} rejected`, colour: '#d33', dots: true, values: times.map((_, i) => (a.allowed[i] ? null : row)) },
    ]);
    return html`
      <p>${times.length} requests from ${new Set(run.clients).size} client(s) over ${(times.at(-1) ?? 0) / 1000} s.</p>
      <table class="results ratelimit"><caption>Measured, not described (exact = sliding-window log)</caption>
        <thead><tr><th>algorithm</th><th>admitted</th><th>rejected</th><th>vs exact</th><th>most admitted in one window (burst)</th><th>memory per client</th></tr></thead>
        <tbody>${run.algorithms.map((a) => html`<tr data-algorithm=${a.name}>
          <th scope="row">${names[a.name]}</th>
          <td data-stat="admitted">${a.admitted}</td><td>${a.rejected}</td>
          <td>${a.admitted === exact ? '=' : `${a.admitted > exact ? '+' : ''}${a.admitted - exact}`}</td>
          <td data-stat="maxInWindow">${a.maxInWindow} (${(a.maxInWindow / limit).toFixed(2)}× limit)</td>
          <td>${a.bytesPerClient.toFixed(0)} B</td></tr>`)}</tbody></table>
      <sd-line-chart class="chart" aria-hidden="true" height="340" x-label="time (ms)" .yNames=${rows} .x=${times} .series=${series}></sd-line-chart>
      <p class="legend-note">Each row is one algorithm; blue dots were admitted, red rejected.</p>`;
  }
}

customElements.define('sd-ratelimit-compare', SdRateLimitCompare);
