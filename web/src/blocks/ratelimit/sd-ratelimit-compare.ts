// <sd-ratelimit-compare>: one seeded traffic stream through all seven limiters, keyed by client,
// each allowed `limit` per window. An event timeline shows every decision per algorithm; a table
// fills in the classic comparison (memory, accuracy, bursts) with measured figures, and each
// algorithm is held to "admits at most limit per client within any window", with the request
// that first broke it. Run plays the whole stream in one call into WebAssembly; Step sends one
// more request through every limiter (a RateLimitComparisonRun, freed when the page leaves or
// starts over). Light DOM (uPlot).
import { html, nothing } from 'lit';
import type { RateLimitComparisonOptions, RateLimitComparisonRun, RateLimitComparisonRunSnapshot, Traffic } from 'sdlab-wasm';
import type { Options } from '../../lab/lab-link';
import { LabPage } from '../../ui/lab-page';
import { onEnter } from '../../ui/sd-call-form';
import '../../ui/sd-invariants';
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

type Algorithm = RateLimitComparisonRunSnapshot['algorithms'][number];
/** A run as far as it has got, with its whole traffic. */
type Comparison = RateLimitComparisonRunSnapshot & { traffic: Traffic };

export class SdRateLimitCompare extends LabPage {
  static properties = { comparison: { state: true } };
  declare comparison: Comparison | undefined;
  protected readonly path = 'ratelimit/compare';
  private running?: RateLimitComparisonRun;

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
        <button type="button" @click=${this.step} title="Send the next request through every limiter">Step</button>
      </div>
      ${this.alert()}
      ${this.comparison ? this.results(this.comparison) : nothing}
    </div>`;
  }

  private preset(pattern: Pattern): void {
    this.run({ ...presets[pattern], limit: this.values.limit });
  }

  private submit = () => this.run(readFields(this, [...trafficFields, ...limitFields]));

  /** One more request; a finished run starts over with the form's options. */
  private step = () => {
    if (!this.comparison || this.comparison.finished) this.start(readFields(this, [...trafficFields, ...limitFields]), 1);
    else this.advance(1);
  };

  protected run(values: Options): void {
    this.start(values, Infinity);
  }

  /** A fresh run of `values`, played `requests` requests in. */
  private start(values: Options, requests: number): void {
    try {
      const run = new this.sdlab.RateLimitComparisonRun(values as unknown as RateLimitComparisonOptions);
      const traffic = run.traffic();
      this.dispose();
      this.running = run;
      this.advance(Math.min(requests, traffic.timesMs.length), traffic);
      this.done(values);
    } catch (error) {
      this.fail(error);
    }
  }

  private advance(requests: number, traffic = this.comparison!.traffic): void {
    if (requests > 0) this.running!.step(requests);
    this.comparison = { ...this.running!.snapshot(), traffic };
  }

  protected dispose(): void {
    this.running?.delete();
    this.running = undefined;
  }

  private results(run: Comparison) {
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
    const times = Array.from(run.traffic.timesMs);
    const rows = run.algorithms.map((a) => names[a.name]);
    const decided = (i: number) => i < run.decided;
    const series = run.algorithms.flatMap((a, row) => [
      { label: `${names[a.name]} admitted`, colour: palette[0], dots: true, values: times.map((_, i) => (decided(i) && a.allowed[i] ? row : null)) },
      { label: `${names[a.name]} rejected`, colour: '#d33', dots: true, values: times.map((_, i) => (decided(i) && !a.allowed[i] ? row : null)) },
    ]);
    return html`
      <p>${times.length} requests from ${new Set(run.traffic.clients).size} client(s) over ${(times.at(-1) ?? 0) / 1000} s.</p>
      ${run.finished ? nothing : html`<p class="progress" role="status">Request ${run.decided} of ${run.requests} decided${run.decided ? `, at ${times[run.decided - 1]} ms` : ''}.</p>`}
      <sd-table class="results" caption="Measured, not described (exact = sliding-window log)" .columns=${columns}
        .rows=${run.algorithms} .rowData=${(a: Algorithm) => ({ algorithm: a.name })}></sd-table>
      <h2 class="diagram-title">Invariants, checked at every request</h2>
      <div class="invariant-grid">${run.algorithms.map((a) => html`<section data-algorithm=${a.name}><h3>${names[a.name]}</h3>
        <sd-invariants noun="request" .items=${a.invariants}></sd-invariants></section>`)}</div>
      <sd-line-chart class="chart" aria-hidden="true" height="340" x-label="time (ms)" .yNames=${rows} .x=${times} .series=${series}></sd-line-chart>
      <p class="legend-note">Each row is one algorithm; blue dots were admitted, red rejected.</p>`;
  }
}

customElements.define('sd-ratelimit-compare', SdRateLimitCompare);
