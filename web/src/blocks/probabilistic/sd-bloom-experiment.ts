// <sd-bloom-experiment>: the bloom filter lab. A filter sized for n items at rate p is filled far
// past n, and at evenly spaced fill levels the module tests items never added: the measured
// false-positive rate is plotted against the theoretical (1 − e^(−k·items/m))^k. Up to 1,000,000
// items, computed in WebAssembly in a worker. Then the seeds' username check: the store lookups a
// filter saves, and the false positives it still pays for. And the sizing calculator.
// Light DOM (a LabPage).
import { html, nothing } from 'lit';
import type { BloomExperimentOptions, BloomExperimentResult, BloomPoint, UsernameCheckOptions, UsernameCheckResult } from 'sdlab-wasm';
import { optionFields } from '../../lab/api';
import { type BatchRun, runBatch } from '../../lab/batch';
import type { Options as Values } from '../../lab/lab-link';
import { LabPage } from '../../ui/lab-page';
import { onEnter } from '../../ui/sd-call-form';
import { type Field, fieldInputs, readFields } from '../../ui/fields';
import '../../ui/sd-line-chart';
import '../../ui/sd-table';
import { type Column, formats } from '../../ui/sd-table';
import { palette } from '../../ui/sd-line-chart';
import './sd-bloom-sizing';


const experimentFields: readonly Field[] = optionFields('BloomExperimentOptions', {
  expectedItems: 'sized for n items',
  falsePositiveRate: 'target rate p',
  maxItems: 'fill up to (≤ 1,000,000)',
  points: 'measurements',
  probes: 'probes per point',
  seed: 'seed',
});
const experimentDefaults: Values = { expectedItems: 100_000, falsePositiveRate: 0.01, maxItems: 200_000, points: 20, probes: 20_000, seed: 1 };

/** Named apart from the experiment's fields (both live in one permalink). */
const usernameFields: readonly Field[] = [
  { name: 'existing', label: 'taken names' },
  { name: 'filterRate', label: 'filter rate p' },
  { name: 'queries', label: 'sign-up checks' },
  { name: 'takenShare', label: 'share asking for a taken name' },
  { name: 'storeLatencyMs', label: 'store lookup (ms)' },
  { name: 'usernameSeed', label: 'seed' },
];
const usernameDefaults: Values = { existing: 100_000, filterRate: 0.01, queries: 100_000, takenShare: 0.3, storeLatencyMs: 5, usernameSeed: 1 };

export class SdBloomExperiment extends LabPage {
  static properties = {
    result: { state: true },
    usernames: { state: true },
    running: { state: true },
    usernameError: { state: true },
  };
  declare result: BloomExperimentResult | undefined;
  declare usernames: UsernameCheckResult | undefined;
  declare running: boolean;
  declare usernameError: string;
  protected readonly path = 'probabilistic/bloom-experiment';
  /** The options of the curve on show. */
  private sizedFor: Values = {};
  private runs: BatchRun<unknown>[] = [];

  constructor() {
    super({ ...experimentDefaults, ...usernameDefaults });
    this.running = false;
    this.usernameError = '';
  }

  /** Both experiments: the page's two forms each run one. */
  protected run(values: Values): void {
    this.runCurve(values);
    this.checkUsernames(values);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const run of this.runs) run.cancel();
  }

  render() {
    return html`<div class="experiment">
      <h1>Bloom filter: false positives</h1>
      <p class="lead">A filter is sized for <em>n</em> items at rate <em>p</em>, then filled well past <em>n</em>. At each fill level
        it is asked about items that were never added: the share it wrongly calls “maybe” is the measured false-positive rate.
        Every run is one call into WebAssembly, in a worker.</p>
      ${this.form('False-positive experiment', experimentFields, this.runCurve, this.running)}
      ${this.alert()}
      ${this.result ? this.curve(this.result) : nothing}
      <h2>Username check</h2>
      <p class="lead">The seeds’ sign-up flow: ask the filter first; only a “maybe” costs a store lookup. A “maybe” for a free
        name is a false positive — a wasted lookup, never a wrong answer.</p>
      ${this.form('Username check', usernameFields, this.checkUsernames)}
      ${this.usernameError ? html`<p class="problem" role="alert">${this.usernameError}</p>` : nothing}
      ${this.usernames ? this.usernameTable(this.usernames) : nothing}
      <h2>Sizing calculator</h2>
      <sd-bloom-sizing></sd-bloom-sizing>
    </div>`;
  }

  private form(label: string, fields: readonly Field[], run: (values: Values) => void, busy = false) {
    const submit = () => run({ ...this.values, ...readFields(this.querySelector(`[aria-label="${label}"]`)!, fields) });
    return html`<div class="experiment-form" role="form" aria-label=${label} @keydown=${onEnter(submit)}>
      ${fieldInputs(fields, this.values)}
      <button type="button" class="primary" ?disabled=${busy} @click=${submit}>${busy ? 'Running…' : 'Run'}</button>
    </div>`;
  }

  private curve(result: BloomExperimentResult) {
    const items = result.points.map((p) => p.items);
    const atTarget = result.points.find((p) => p.items >= (this.sizedFor.expectedItems as number));
    return html`<p>The filter: ${result.bits.toLocaleString('en')} bits, ${result.hashes} hashes.
        ${atTarget
          ? html`At ${atTarget.items.toLocaleString('en')} items: measured <strong data-at-target="measured">${atTarget.measured.toExponential(2)}</strong>,
              theory <strong data-at-target="theoretical">${atTarget.theoretical.toExponential(2)}</strong>.`
          : nothing}</p>
      <sd-line-chart class="chart" aria-hidden="true" x-label="items added" y-label="false-positive rate"
        .x=${items} .series=${[
          { label: 'measured', colour: palette[0], values: result.points.map((p) => p.measured) },
          { label: 'theory (1 − e^(−kn/m))^k', colour: palette[1], values: result.points.map((p) => p.theoretical) },
          { label: `target p = ${this.sizedFor.falsePositiveRate}`, colour: palette[2], values: items.map(() => this.sizedFor.falsePositiveRate as number) },
        ]}></sd-line-chart>
      <sd-table class="results" caption="False-positive rate as the filter fills" .columns=${this.curveColumns(result)} .rows=${result.points}
        .highlight=${(p: BloomPoint) => p === atTarget}></sd-table>`;
  }

  private curveColumns(result: BloomExperimentResult): Column<BloomPoint>[] {
    return [
      { header: 'items', value: (p) => p.items, format: formats.integer },
      { header: 'cells set', value: (p) => p.bitsSet / result.bits, format: formats.percent(1) },
      { header: 'measured', value: (p) => p.measured, format: formats.exponential(2), data: () => ({ measured: '' }) },
      { header: 'theory', value: (p) => p.theoretical, format: formats.exponential(2) },
    ];
  }

  private usernameTable(r: UsernameCheckResult) {
    const rows: [string, string, number | string][] = [
      ['queries', 'sign-up checks', r.queries],
      ['taken', 'asked for a taken name', r.taken],
      ['lookupsSaved', 'filter said “absent”: no store lookup', r.lookupsSaved],
      ['storeLookups', 'filter said “maybe”: store lookup', r.storeLookups],
      ['falsePositives', 'of those, the name was free (false positive)', r.falsePositives],
      ['storeMs', 'store time with the filter / without', `${formats.integer(r.storeMsWithFilter)} ms / ${formats.integer(r.storeMsWithoutFilter)} ms`],
    ];
    const columns: Column<(typeof rows)[number]>[] = [
      { header: 'measure', value: ([, label]) => label, rowHeader: true },
      { header: 'value', value: ([, , value]) => value, format: formats.integer, align: 'end', data: ([id]) => ({ stat: id }) },
    ];
    return html`<sd-table class="results" caption="A filter of ${formats.integer(r.bits)} bits, ${r.hashes} hashes, in front of the store"
      .columns=${columns} .rows=${rows}></sd-table>`;
  }

  private runCurve = (values: Values): void => {
    if (this.running) return;
    this.running = true;
    const options = pick(values, experimentDefaults) as unknown as BloomExperimentOptions;
    this.track(runBatch('bloomExperiment', options), (result) => {
      this.sizedFor = values;
      this.result = result;
      this.done(values);
    }, (message) => this.fail(new Error(message))).finally(() => (this.running = false));
  };

  private checkUsernames = (values: Values): void => {
    const options: UsernameCheckOptions = {
      existing: values.existing as number,
      falsePositiveRate: values.filterRate as number,
      queries: values.queries as number,
      takenShare: values.takenShare as number,
      storeLatencyMs: values.storeLatencyMs as number,
      seed: values.usernameSeed as number,
    };
    this.track(runBatch('usernameCheck', options), (result) => {
      this.usernames = result;
      this.usernameError = '';
      this.keep(values);
    }, (message) => (this.usernameError = message));
  };

  /** Keeps the run cancellable while the page is open and reports its outcome. */
  private track<T>(run: BatchRun<T>, done: (result: T) => void, failed: (message: string) => void): Promise<void> {
    this.runs.push(run);
    return run.result.then(done, (error: Error) => failed(error.message)).finally(() => (this.runs = this.runs.filter((r) => r !== run)));
  }
}

/** The entries of `values` named in `shape`. */
function pick(values: Values, shape: Values): Values {
  return Object.fromEntries(Object.keys(shape).map((name) => [name, values[name]]));
}

customElements.define('sd-bloom-experiment', SdBloomExperiment);
