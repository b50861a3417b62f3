// <sd-cache-experiment>: hit ratio against capacity for LRU, LFU and FIFO on one seeded zipf (or
// uniform) workload. Each point is a whole workload run inside WebAssembly in a worker, so the
// page never freezes; progress shows while it runs; uPlot draws the curves and a table gives
// the numbers (sd-line-chart, sd-table). Its options are in the permalink (a LabPage): a reload
// runs them again. Light DOM, so the page's form styles apply.
import { html, nothing } from 'lit';
import { optionFields } from '../../lab/api';
import { startWorker } from '../../lab/batch';
import type { Options } from '../../lab/lab-link';
import { type Field, fieldInputs, readFields } from '../../ui/fields';
import { LabPage } from '../../ui/lab-page';
import { onEnter } from '../../ui/sd-call-form';
import '../../ui/sd-line-chart';
import { palette } from '../../ui/sd-line-chart';
import '../../ui/sd-table';
import { type Column, formats } from '../../ui/sd-table';
import type { ExperimentMessage, ExperimentRequest } from './experiment.worker';
import experimentWorkerUrl from './experiment.worker.ts?worker&url';

const policies = ['lru', 'lfu', 'fifo'] as const;

const fields: readonly Field[] = [
  { name: 'maxCapacity', label: 'largest capacity' },
  ...optionFields('WorkloadOptions', { operations: 'operations per point', universe: 'distinct keys', distribution: 'distribution', skew: 'zipf skew', seed: 'seed' }),
];

export class SdCacheExperiment extends LabPage {
  static properties = {
    results: { state: true },
    progress: { state: true },
    running: { state: true },
  };
  declare results: Map<number, Partial<Record<string, number>>>;
  declare progress: number;
  declare running: boolean;
  protected readonly path = 'cache/experiment';
  private worker?: Worker;
  private started = 0;

  constructor() {
    super({ maxCapacity: 2000, operations: 200_000, universe: 10_000, distribution: 'zipf', skew: 0.9, seed: 1 });
    this.results = new Map();
    this.progress = 0;
    this.running = false;
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.worker?.terminate();
  }

  render() {
    const capacities = [...this.results.keys()].sort((a, b) => a - b);
    const showProgress = this.running && performance.now() - this.started > 150;
    return html`<div class="experiment">
      <h1>Hit ratio vs capacity</h1>
      <p class="lead">Every point replays the same seeded stream of reads (get; on a miss, put) through a cache of that capacity, entirely inside WebAssembly, in a worker.</p>
      <div class="experiment-form" role="form" aria-label="Workload" @keydown=${onEnter(this.submit)}>
        ${fieldInputs(fields, this.values)}
        <button type="button" class="primary" ?disabled=${this.running} @click=${this.submit}>${this.running ? 'Running…' : 'Run'}</button>
        ${this.running ? html`<button type="button" @click=${this.finish}>Cancel</button>` : nothing}
      </div>
      ${showProgress || (this.running && this.progress > 0) ? html`<progress max="1" .value=${this.progress} aria-label="experiment progress"></progress> <span>${Math.round(this.progress * 100)}%</span>` : nothing}
      ${this.alert()}
      <sd-line-chart class="chart" aria-hidden="true" x-log percent x-label="capacity (entries, log scale)" y-label="hit ratio"
        .x=${capacities} .series=${policies.map((p, i) => ({ label: p.toUpperCase(), colour: palette[i], values: capacities.map((c) => this.results.get(c)?.[p] ?? null) }))}></sd-line-chart>
      ${capacities.length
        ? html`<sd-table class="results" caption="Hit ratio by capacity" .columns=${this.columns()} .rows=${capacities}></sd-table>`
        : nothing}
    </div>`;
  }

  /** A capacity per row, a policy per column; a point still running shows "…". */
  private columns(): Column<number>[] {
    return [
      { header: 'capacity', value: (c) => c, format: formats.integer },
      ...policies.map((p): Column<number> => ({
        header: p.toUpperCase(),
        value: (c) => this.results.get(c)?.[p] ?? '…',
        format: formats.percent(1),
        align: 'end',
        data: () => ({ policy: p }),
      })),
    ];
  }

  private submit = () => this.run(readFields(this, fields));

  protected run(values: Options): void {
    const { maxCapacity, ...workload } = values;
    const request: ExperimentRequest = {
      policies: [...policies],
      capacities: capacityPoints(Number(maxCapacity)),
      workload: workload as unknown as ExperimentRequest['workload'],
    };
    this.finish();
    this.results = new Map();
    this.progress = 0;
    this.running = true;
    this.started = performance.now();
    const worker = startWorker(experimentWorkerUrl);
    this.worker = worker;
    worker.onmessage = (message: MessageEvent<ExperimentMessage>) => {
      const data = message.data;
      if (data.type === 'point') {
        const row = { ...this.results.get(data.capacity), [data.policy]: data.hitRatio };
        this.results = new Map(this.results).set(data.capacity, row);
        this.progress = data.done / data.total;
        return;
      }
      if (data.type === 'error') this.fail(new Error(data.message));
      else this.done(values);
      this.finish();
    };
    worker.onerror = (event) => {
      this.fail(new Error(event.message || 'the experiment worker failed'));
      this.finish();
    };
    worker.postMessage(request);
    setTimeout(() => this.requestUpdate(), 160);
  }

  private finish = (): void => {
    this.worker?.terminate();
    this.worker = undefined;
    this.running = false;
  };
}

/** Up to ten capacities spaced evenly on a log scale, ending at `max`. A `max` below 1 is passed
 *  through for the block to reject with its own message. */
export function capacityPoints(max: number): number[] {
  if (!(max >= 1)) return [max];
  return [...new Set(Array.from({ length: 10 }, (_, i) => Math.round(max ** ((i + 1) / 10))))];
}

customElements.define('sd-cache-experiment', SdCacheExperiment);
