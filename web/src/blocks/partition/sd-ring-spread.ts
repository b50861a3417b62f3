// <sd-ring-spread>: the load-spread lab. N nodes on a ring with 1, 2, 4, … virtual nodes each,
// the same keys placed every time: the busiest node's load over the mean, the idlest's, and the
// standard deviation over the mean, against virtual nodes. One ringLoadSpread call into
// WebAssembly, in a worker. Light DOM (a LabPage).
import { html, nothing } from 'lit';
import type { LoadSpreadOptions, LoadSpreadPoint } from 'sdlab-wasm';
import { optionFields } from '../../lab/api';
import { type BatchRun, runBatch } from '../../lab/batch';
import type { Options } from '../../lab/lab-link';
import { LabPage } from '../../ui/lab-page';
import { onEnter } from '../../ui/sd-call-form';
import '../../ui/sd-line-chart';
import { palette } from '../../ui/sd-line-chart';
import { type Field, fieldInputs, readFields } from '../../ui/fields';
import '../../ui/sd-table';
import { type Column, formats } from '../../ui/sd-table';

const columns: Column<LoadSpreadPoint>[] = [
  { header: 'vnodes', value: (p) => p.vnodes },
  { header: 'busiest / mean', value: (p) => p.maxOverMean, format: formats.fixed(3), data: () => ({ stat: 'max' }) },
  { header: 'idlest / mean', value: (p) => p.minOverMean, format: formats.fixed(3) },
  { header: 'stddev / mean', value: (p) => p.stddevOverMean, format: formats.fixed(3), data: () => ({ stat: 'stddev' }) },
];

const fields: readonly Field[] = optionFields('LoadSpreadOptions', {
  nodes: 'nodes',
  keys: 'keys',
  maxVnodes: 'up to virtual nodes',
  seed: 'seed',
});

export class SdRingSpread extends LabPage {
  static properties = { points: { state: true }, running: { state: true } };
  declare points: LoadSpreadPoint[] | undefined;
  declare running: boolean;
  protected readonly path = 'partition/load-spread';
  private current?: BatchRun<LoadSpreadPoint[]>;

  constructor() {
    super({ nodes: 10, keys: 100_000, maxVnodes: 1000, seed: 1 });
    this.running = false;
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.current?.cancel();
  }

  render() {
    const points = this.points ?? [];
    const series = (label: string, colour: string, pick: (p: LoadSpreadPoint) => number) => ({ label, colour, values: points.map(pick) });
    return html`<div class="experiment">
      <h1>Ring load spread</h1>
      <p class="lead">With one point per node the arcs of a ring are very uneven, and so is the load. Each node’s virtual nodes cut
        its share into many small arcs, and the shares even out — about 1/√(vnodes) spread.</p>
      <div class="experiment-form" role="form" aria-label="Load spread" @keydown=${onEnter(this.submit)}>
        ${fieldInputs(fields, this.values)}
        <button type="button" class="primary" ?disabled=${this.running} @click=${this.submit}>${this.running ? 'Running…' : 'Run'}</button>
      </div>
      ${this.alert()}
      ${points.length
        ? html`<sd-line-chart class="chart" aria-hidden="true" x-log x-label="virtual nodes per node (log scale)" y-label="load / mean load"
              .x=${points.map((p) => p.vnodes)} .series=${[
                series('busiest / mean', palette[1], (p) => p.maxOverMean),
                series('idlest / mean', palette[2], (p) => p.minOverMean),
                series('stddev / mean', palette[0], (p) => p.stddevOverMean),
              ]}></sd-line-chart>
            <sd-table class="results" caption="Load of ${this.values.nodes} nodes by virtual nodes" .columns=${columns} .rows=${points}
              .rowData=${(p: LoadSpreadPoint) => ({ vnodes: String(p.vnodes) })}></sd-table>`
        : nothing}
    </div>`;
  }

  private submit = () => this.run(readFields(this, fields));

  protected run(values: Options): void {
    if (this.running) return;
    this.running = true;
    this.current = runBatch('ringLoadSpread', values as unknown as LoadSpreadOptions);
    this.current.result.then(
      (points) => {
        this.points = points;
        this.done(values);
      },
      (error: Error) => this.fail(error),
    ).finally(() => (this.running = false));
  }
}

customElements.define('sd-ring-spread', SdRingSpread);
