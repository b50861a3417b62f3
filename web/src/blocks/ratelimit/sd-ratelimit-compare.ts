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
import '../../ui/sd-table';
import type { Column } from '../../ui/sd-table';
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

type Algorithm = RateLimitComparison['algorithms'][number];

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
    const columns: Column<Algorithm>[] = [
      { header: 'algorithm', value: (a) => names[a.name], rowHeader: true },
      { header: 'admitted', value: (a) => a.admitted, data: () => ({ stat: 'admitted' }) },
      { header: 'rejected', value: (a) => a.rejected },
      { header: 'vs exact', value: (a) => (a.admitted === exact ? '=' : `${a.admitted > exact ? '+' : ''}${a.admitted - exact}`), align: 'end' },
      { header: 'most admitted in one window (burst)', value: (a) => `${a.maxInWindow} (${(a.maxInWindow / limit).toFixed(2)}× limit)`, align: 'end', data: () => ({ stat: 'maxInWindow' }) },
      { header: 'memory per client', value: (a) => `${a.bytesPerClient.toFixed(0)} B`, align: 'end' },
    ];
    const times = Array.from(run.timesMs);
    const rows = run.algorithms.map((a) => names[a.name]);
    const series = run.algorithms.flatMap((a, row) => [
      { label: `${names[a.name]} admitted`, colour: palette[0], dots: true, values: times.map((_, i) => (a.allowed[i] ? row : null)) },
      { label: `${names[a.name]} rejected`, colour: '#d33', dots: true, values: times.map((_, i) => (a.allowed[i] ? null : row)) },
    ]);
    return html`
      <p>${times.length} requests from ${new Set(run.clients).size} client(s) over ${(times.at(-1) ?? 0) / 1000} s.</p>
      <sd-table class="results" caption="Measured, not described (exact = sliding-window log)" .columns=${columns}
        .rows=${run.algorithms} .rowData=${(a: Algorithm) => ({ algorithm: a.name })}></sd-table>
      <sd-line-chart class="chart" aria-hidden="true" height="340" x-label="time (ms)" .yNames=${rows} .x=${times} .series=${series}></sd-line-chart>
      <p class="legend-note">Each row is one algorithm; blue dots were admitted, red rejected.</p>`;
  }
}

customElements.define('sd-ratelimit-compare', SdRateLimitCompare);
