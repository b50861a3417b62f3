// <sd-cache-stampede>: cache-aside under a crowd. Many simulated readers hit hot keys around their
// expiry; the same seeded crowd runs under each protection (none, single-flight, probabilistic
// early expiry, TTL jitter) and the page shows store loads over time, the counts side by side and
// each protection against single-flight's promise, "at most one store load per key at a time",
// with the reader that first broke it. Run plays every reader; Step lets one more reader arrive
// (StampedeRun, one handle per protection, freed when the page leaves or starts over).
// Light DOM (uPlot). Runs are small enough to compute on the main thread.
import { html, nothing } from 'lit';
import type { StampedeOptions, StampedeResult, StampedeRun, StampedeRunSnapshot } from 'sdlab-wasm';
import type { Options } from '../../lab/lab-link';
import { type Field, fieldInputs, readFields } from '../../ui/fields';
import { LabPage } from '../../ui/lab-page';
import { onEnter } from '../../ui/sd-call-form';
import '../../ui/sd-invariants';
import '../../ui/sd-line-chart';
import { palette } from '../../ui/sd-line-chart';
import '../../ui/sd-table';
import type { Column } from '../../ui/sd-table';

type Protection = StampedeOptions['protection'];
const protections: Protection[] = ['none', 'single-flight', 'early-expiry', 'jitter'];

const fields: readonly Field[] = [
  { name: 'readers', label: 'readers' },
  { name: 'windowMs', label: 'over (ms)' },
  { name: 'arrivals', label: 'arrivals', choices: ['poisson', 'uniform'] },
  { name: 'keys', label: 'hot keys' },
  { name: 'ttlMs', label: 'TTL (ms)' },
  { name: 'loadLatencyMs', label: 'store load (ms)' },
  { name: 'beta', label: 'early-expiry β' },
  { name: 'jitter', label: 'TTL jitter (0–0.99)' },
  { name: 'seed', label: 'seed' },
];

export class SdCacheStampede extends LabPage {
  static properties = { results: { state: true } };
  declare results: Map<Protection, StampedeRunSnapshot> | undefined;
  protected readonly path = 'cache/stampede';
  private runs = new Map<Protection, StampedeRun>();

  constructor() {
    super({ readers: 5000, windowMs: 1000, arrivals: 'poisson', keys: 1, ttlMs: 300, loadLatencyMs: 40, beta: 1, jitter: 0.3, seed: 1 });
  }

  render() {
    const results = this.results;
    const first = results?.values().next().value;
    const timeline = first?.result.timeline;
    const times = timeline ? timeline.loads.map((_, i) => i * timeline.bucketMs) : [];
    return html`<div class="experiment">
      <h1>Cache stampede</h1>
      <p class="lead">Readers use cache-aside: on a miss they load the value from a slow store and cache it for a TTL.
        When a hot key expires under load, every reader that misses before the reload lands goes to the store at once.
        The same seeded crowd runs four times, once per protection.</p>
      <div class="experiment-form" role="form" aria-label="Crowd" @keydown=${onEnter(this.submit)}>
        ${fieldInputs(fields, this.values)}
        <button type="button" class="primary" @click=${this.submit}>Run</button>
        <button type="button" @click=${this.step} title="Let the next reader arrive">Step</button>
      </div>
      ${this.alert()}
      ${first && !first.finished
        ? html`<p class="progress" role="status">Reader ${first.arrived} of ${first.readers} has arrived, at ${first.nowMs} ms.</p>`
        : nothing}
      ${results
        ? html`<sd-table class="results" caption="What each protection cost the store" .columns=${columns(results)} .rows=${protections}
            .rowData=${(p: Protection) => ({ protection: p })}></sd-table>
          <h2 class="diagram-title">Invariants, checked at every reader</h2>
          <div class="invariant-grid">${protections.map((p) => html`<section data-protection=${p}><h3>${p}</h3>
            <sd-invariants noun="reader" .items=${results.get(p)!.result.invariants}></sd-invariants></section>`)}</div>
          <sd-line-chart class="chart" aria-hidden="true" x-label="time (ms)" y-label="store loads started"
            .x=${times} .series=${protections.map((p, i) => ({ label: p, colour: palette[i], values: results.get(p)!.result.timeline.loads }))}></sd-line-chart>`
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

  private submit = () => this.run(readFields(this, fields));

  /** One more reader under every protection; a finished run starts over with the form's options. */
  private step = () => {
    const first = this.runs.values().next().value;
    if (!first || first.snapshot().finished) this.start(readFields(this, fields), 1);
    else this.advance(1);
  };

  protected run(values: Options): void {
    this.start(values, Number(values.readers));
  }

  /** Fresh runs of `values`, played `readers` readers in. */
  private start(values: Options, readers: number): void {
    try {
      const options = { ...values, bucketMs: Math.max(1, Number(values.windowMs) / 100) } as unknown as StampedeOptions;
      const runs = new Map(protections.map((protection) => [protection, new this.sdlab.StampedeRun({ ...options, protection })]));
      this.dispose();
      this.runs = runs;
      this.advance(readers);
      this.done(values);
    } catch (error) {
      this.fail(error);
    }
  }

  private advance(readers: number): void {
    this.runs.forEach((run) => run.step(readers));
    this.results = new Map([...this.runs].map(([protection, run]) => [protection, run.snapshot()]));
  }

  protected dispose(): void {
    this.runs.forEach((run) => run.delete());
    this.runs.clear();
  }
}

/** A protection per row; the columns the tests read carry data-stat. */
function columns(results: Map<Protection, StampedeRunSnapshot>): Column<Protection>[] {
  const stat = (header: string, pick: (r: StampedeResult) => number, name?: string): Column<Protection> =>
    ({ header, value: (p) => pick(results.get(p)!.result), data: name ? () => ({ stat: name }) : undefined });
  return [
    { header: 'protection', value: (p) => p, rowHeader: true },
    stat('store loads', (r) => r.storeLoads, 'storeLoads'),
    stat('most loads at once', (r) => r.maxConcurrentLoads, 'maxConcurrentLoads'),
    stat('readers who missed', (r) => r.misses),
    stat('readers who waited', (r) => r.waiters),
    stat('early refreshes', (r) => r.earlyRefreshes),
  ];
}

customElements.define('sd-cache-stampede', SdCacheStampede);
