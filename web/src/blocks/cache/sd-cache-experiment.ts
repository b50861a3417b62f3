// <sd-cache-experiment>: hit ratio against capacity for LRU, LFU and FIFO on one seeded zipf (or
// uniform) workload. Each point is a whole workload run inside WebAssembly in a worker, so the
// page never freezes; progress shows while it runs; uPlot draws the curves and a table gives
// the numbers (sd-line-chart, sd-table). Light DOM, so the page's form styles apply.
import '../../ui/sd-line-chart';
import { LitElement, html, nothing } from 'lit';
import { palette } from '../../ui/sd-line-chart';
import '../../ui/sd-table';
import { type Column, formats } from '../../ui/sd-table';
import { startWorker } from '../../lab/batch';
import type { ExperimentMessage, ExperimentRequest } from './experiment.worker';
import experimentWorkerUrl from './experiment.worker.ts?worker&url';

const policies = ['lru', 'lfu', 'fifo'] as const;

export class SdCacheExperiment extends LitElement {
  static properties = {
    results: { state: true },
    progress: { state: true },
    running: { state: true },
    error: { state: true },
  };
  declare results: Map<number, Partial<Record<string, number>>>;
  declare progress: number;
  declare running: boolean;
  declare error: string;
  private worker?: Worker;
  private started = 0;

  constructor() {
    super();
    this.results = new Map();
    this.progress = 0;
    this.running = false;
    this.error = '';
  }

  createRenderRoot() {
    return this;
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
      <form class="experiment-form" novalidate @submit=${this.submit}>
        <label>operations per point <input name="operations" type="number" value="200000" min="1" max="1000000" /></label>
        <label>distinct keys <input name="universe" type="number" value="10000" min="1" max="1000000" /></label>
        <label>distribution <select name="distribution"><option>zipf</option><option>uniform</option></select></label>
        <label>zipf skew <input name="skew" type="number" value="0.9" step="0.1" min="0" max="5" /></label>
        <label>largest capacity <input name="maxCapacity" type="number" value="2000" min="1" max="1000000" /></label>
        <label>seed <input name="seed" type="number" value="1" min="0" /></label>
        <button type="button" class="primary" ?disabled=${this.running} @click=${this.submit}>${this.running ? 'Running…' : 'Run'}</button>
        ${this.running ? html`<button type="button" @click=${this.cancel}>Cancel</button>` : nothing}
      </form>
      ${showProgress || (this.running && this.progress > 0) ? html`<progress max="1" .value=${this.progress} aria-label="experiment progress"></progress> <span>${Math.round(this.progress * 100)}%</span>` : nothing}
      ${this.error ? html`<p class="problem" role="alert">${this.error}</p>` : nothing}
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

  // A click, not only a submit: a sandboxed frame without allow-forms never fires submit.
  private submit = (event: Event): void => {
    event.preventDefault();
    this.run(this.querySelector('form')!);
  };

  private run(element: HTMLFormElement): void {
    const form = new FormData(element);
    const number = (name: string) => Number(form.get(name));
    const maxCapacity = number('maxCapacity');
    const request: ExperimentRequest = {
      policies: [...policies],
      capacities: capacityPoints(maxCapacity),
      workload: {
        operations: number('operations'),
        universe: number('universe'),
        distribution: form.get('distribution') as 'zipf' | 'uniform',
        skew: number('skew'),
        seed: number('seed'),
      },
    };
    this.cancel();
    this.results = new Map();
    this.error = '';
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
      } else {
        if (data.type === 'error') this.error = data.message;
        this.finish();
      }
    };
    worker.onerror = (event) => {
      this.error = event.message || 'the experiment worker failed';
      this.finish();
    };
    worker.postMessage(request);
    setTimeout(() => this.requestUpdate(), 160);
  }

  private cancel = (): void => {
    this.finish();
  };

  private finish(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.running = false;
  }
}

/** Up to ten capacities spaced evenly on a log scale, ending at `max`. A `max` below 1 is passed
 *  through for the block to reject with its own message. */
export function capacityPoints(max: number): number[] {
  if (!(max >= 1)) return [max];
  return [...new Set(Array.from({ length: 10 }, (_, i) => Math.round(max ** ((i + 1) / 10))))];
}

customElements.define('sd-cache-experiment', SdCacheExperiment);
