// <sd-count-min-experiment>: the count-min lab. One seeded zipf stream goes through a sketch with
// plain and with conservative update; each is compared with exact counts: the largest and mean
// overcount against the guarantee ε·N, the share of items within it (at least 1 − δ promised),
// and the sketch's top-K against the true top-K. Computed in WebAssembly in workers. Light DOM.
import { html, nothing } from 'lit';
import type { CountEntry, CountMinExperimentOptions, CountMinExperimentResult } from 'sdlab-wasm';
import { optionFields } from '../../lab/api';
import { type BatchRun, runBatch } from '../../lab/batch';
import type { Options as Values } from '../../lab/lab-link';
import { LabPage } from '../../ui/lab-page';
import { onEnter } from '../../ui/sd-call-form';
import { type Field, fieldInputs, readFields } from '../../ui/fields';
import '../../ui/sd-table';
import { type Column, formats } from '../../ui/sd-table';


const fields: readonly Field[] = optionFields('CountMinExperimentOptions', {
  epsilon: 'ε',
  delta: 'δ',
  updates: 'stream length',
  universe: 'distinct items',
  skew: 'zipf skew',
  topK: 'top K',
  seed: 'seed',
});

const modes = ['plain', 'conservative'] as const;
type Mode = (typeof modes)[number];

export class SdCountMinExperiment extends LabPage {
  static properties = { results: { state: true }, running: { state: true } };
  declare results: Record<Mode, CountMinExperimentResult> | undefined;
  declare running: boolean;
  protected readonly path = 'probabilistic/count-min-experiment';
  private runs: BatchRun<CountMinExperimentResult>[] = [];

  constructor() {
    super({ epsilon: 0.001, delta: 0.01, updates: 1_000_000, universe: 100_000, skew: 1.1, topK: 10, seed: 1 });
    this.running = false;
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const run of this.runs) run.cancel();
  }

  render() {
    return html`<div class="experiment">
      <h1>Count-min: error and heavy hitters</h1>
      <p class="lead">A zipf stream (a few items very frequent, most rare, like hashtags) goes through a sketch of width ⌈e/ε⌉ and
        depth ⌈ln 1/δ⌉, once with plain and once with conservative update, and every estimate is compared with the exact count.</p>
      <div class="experiment-form" role="form" aria-label="Count-min experiment" @keydown=${onEnter(this.submit)}>
        ${fieldInputs(fields, this.values)}
        <button type="button" class="primary" ?disabled=${this.running} @click=${this.submit}>${this.running ? 'Running…' : 'Run'}</button>
      </div>
      ${this.alert()}
      ${this.results ? this.report(this.results) : nothing}
    </div>`;
  }

  private report(results: Record<Mode, CountMinExperimentResult>) {
    const { width, depth, total, bound, distinct } = results.plain;
    const bar = (value: number) => html`<span .style=${`display: inline-block; height: 0.6em; margin-left: 0.4rem; border-radius: 2px; background: var(--accent); width: ${Math.min(1, value / bound) * 8}rem`}></span>`;
    const rows: [string, string, (r: CountMinExperimentResult) => unknown][] = [
      ['maxError', 'largest overcount', (r) => html`${r.maxError.toLocaleString('en')} ${bar(r.maxError)}`],
      ['meanError', 'mean overcount', (r) => html`${r.meanError.toFixed(1)} ${bar(r.meanError)}`],
      ['withinBound', `items within ε·N (promised ≥ ${((1 - (this.values.delta as number)) * 100).toFixed(1)}%)`, (r) => formats.percent(2)(r.withinBound)],
      ['topOverlap', 'top-K items that are truly top-K', (r) => `${r.topOverlap} of ${r.trueTop.length}`],
    ];
    const errorColumns: Column<(typeof rows)[number]>[] = [
      { header: 'measure', value: ([, label]) => label, rowHeader: true },
      ...modes.map((m): Column<(typeof rows)[number]> => ({ header: m, value: ([, , cell]) => cell(results[m]), align: 'end', data: ([id]) => ({ mode: m, stat: id }) })),
    ];
    const topColumns: Column<CountEntry>[] = [
      { header: '#', value: (_, i) => i + 1 },
      { header: 'true', value: (t) => `${t.item} · ${formats.integer(t.count)}` },
      ...modes.map((m): Column<CountEntry> => ({
        header: `${m} sketch`,
        value: (_, i) => (results[m].top[i] ? `${results[m].top[i].item} · ${formats.integer(results[m].top[i].count)}` : '—'),
        data: () => ({ mode: m }),
        cellClass: (_, i) => (results[m].top[i] && !results[m].trueTop.some((x) => x.item === results[m].top[i].item) ? 'wrong' : ''),
      })),
    ];
    return html`<p>${width.toLocaleString('en')} × ${depth} cells for ${distinct.toLocaleString('en')} distinct items;
        N = ${total.toLocaleString('en')}, so the bound ε·N = <strong data-stat="bound">${bound.toFixed(1)}</strong>. Bars are drawn to the bound.</p>
      <sd-table class="results count-min" caption="Overcount against the bound ε·N" .columns=${errorColumns} .rows=${rows}></sd-table>
      <sd-table class="results count-min top" caption="Top ${results.plain.trueTop.length}: exact against the sketches’ estimates"
        .columns=${topColumns} .rows=${results.plain.trueTop}></sd-table>`;
  }

  private submit = () => this.run(readFields(this, fields));

  protected run(values: Values): void {
    if (this.running) return;
    this.running = true;
    this.runs = modes.map((m) => runBatch('countMinExperiment', { ...values, conservative: m === 'conservative' } as unknown as CountMinExperimentOptions));
    Promise.all(this.runs.map((r) => r.result)).then(
      ([plain, conservative]) => {
        this.results = { plain, conservative };
        this.done(values);
      },
      (error: Error) => {
        for (const run of this.runs) run.cancel();
        this.fail(error);
      },
    ).finally(() => (this.running = false));
  }
}

customElements.define('sd-count-min-experiment', SdCountMinExperiment);
