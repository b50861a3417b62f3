// <sd-ratelimit-distributed>: N app servers limiting one client population, four ways at once —
// local limiters with limit/N each or the full limit each, or one shared store over a network
// with latency, updated atomically or by a racy read-then-write — and what a store outage does
// under fail-open or fail-closed. Every run is one seeded simulation in WebAssembly, which checks
// two invariants at every request — "admitted never exceeds the limit", "a request is rejected only
// when its window is full" — and names the request that first broke each (racy breaks the first).
import { html, nothing, svg } from 'lit';
import type { DistributedLimitOptions, DistributedLimitResult } from 'sdlab-wasm';
import type { Options } from '../../lab/lab-link';
import { LabPage } from '../../ui/lab-page';
import { onEnter } from '../../ui/sd-call-form';
import '../../ui/sd-invariants';
import { type Field, fieldInputs, readFields } from '../../ui/fields';
import '../../ui/sd-table';
import type { Column } from '../../ui/sd-table';
import { presets, trafficFields } from './traffic-form';

type Placement = DistributedLimitOptions['placement'];
const placements: { id: Placement; title: string }[] = [
  { id: 'local-split', title: 'local, limit/N each' },
  { id: 'local-full', title: 'local, full limit each' },
  { id: 'atomic', title: 'shared store, atomic' },
  { id: 'racy', title: 'shared store, racy read-then-write' },
];

const clusterFields: readonly Field[] = [
  { name: 'servers', label: 'servers' },
  { name: 'limit', label: 'limit per client per window' },
  { name: 'windowMs', label: 'window (ms)' },
  { name: 'latencyMs', label: 'store round trip (ms)' },
  { name: 'routing', label: 'routing', choices: ['round-robin', 'random'] },
  { name: 'outageStartMs', label: 'store outage from (ms)' },
  { name: 'outageEndMs', label: 'outage until (ms)' },
  { name: 'failMode', label: 'when the store is down', choices: ['open', 'closed'] },
];

export class SdRateLimitDistributed extends LabPage {
  static properties = { results: { state: true } };
  declare results: Map<Placement, DistributedLimitResult> | undefined;
  protected readonly path = 'ratelimit/distributed';

  constructor() {
    super({
      ...presets.poisson, durationMs: 10000, ratePerSec: 200, clients: 5,
      servers: 4, limit: 20, latencyMs: 5, routing: 'round-robin', outageStartMs: 0, outageEndMs: 0, failMode: 'open',
    });
  }

  render() {
    return html`<div class="experiment">
      <h1>Distributed limits</h1>
      <p class="lead">Requests are spread over several app servers. Each server can count on its own, or all can share one
        counter in a store across the network. Sharing is exact only if the check and the update are one atomic step.</p>
      <div class="experiment-form" role="form" aria-label="Cluster" @keydown=${onEnter(this.submit)}>
        ${fieldInputs([...trafficFields, ...clusterFields], this.values)}
        <button type="button" class="primary" @click=${this.submit}>Run</button>
      </div>
      ${this.alert()}
      ${this.results ? this.table(this.results) : nothing}
      ${this.results ? this.checklists(this.results) : nothing}
      ${this.results ? this.diagram(this.results.get('racy')!) : nothing}
    </div>`;
  }

  private submit = () => this.run(readFields(this, [...trafficFields, ...clusterFields]));

  protected run(values: Options): void {
    try {
      this.results = new Map(placements.map(({ id }) => [id, this.sdlab.simulateDistributedLimit({ ...values, placement: id } as unknown as DistributedLimitOptions)]));
      this.done(values);
    } catch (error) {
      this.fail(error);
    }
  }

  private table(results: Map<Placement, DistributedLimitResult>) {
    type Row = (typeof placements)[number];
    const of = (row: Row) => results.get(row.id)!;
    const columns: Column<Row>[] = [
      { header: 'placement', value: (row) => row.title, rowHeader: true },
      { header: 'admitted', value: (row) => of(row).admitted, data: () => ({ stat: 'admitted' }) },
      { header: 'exact', value: (row) => of(row).exactAdmitted },
      { header: 'over-admitted', value: (row) => of(row).overAdmitted, data: () => ({ stat: 'overAdmitted' }), cellClass: (row) => (of(row).overAdmitted ? 'bad' : '') },
      { header: 'store round trips', value: (row) => of(row).storeRoundTrips },
      { header: 'decided without the store', value: (row) => of(row).unchecked },
    ];
    return html`<sd-table class="results" caption="Admitted against one exact limiter on the same traffic" .columns=${columns} .rows=${placements}
      .rowData=${(row: Row) => ({ placement: row.id })}></sd-table>`;
  }

  private checklists(results: Map<Placement, DistributedLimitResult>) {
    return html`<h2 class="diagram-title">Invariants, checked at every request</h2>
      <div class="invariant-grid">${placements.map(({ id, title }) => html`<section data-placement=${id}><h3>${title}</h3>
        <sd-invariants noun="request" .items=${results.get(id)!.invariants}></sd-invariants></section>`)}</div>`;
  }

  /** The servers, the store and the network between them, with each server's admitted count (racy). */
  private diagram(r: DistributedLimitResult) {
    const n = r.serverAdmitted.length;
    const width = 600;
    const gap = width / n;
    return html`<h2 class="diagram-title">Servers and the shared store (racy placement)</h2>
      <svg class="cluster" viewBox="0 0 ${width} 190" role="img" aria-label="servers and shared store">
        ${r.serverAdmitted.map((admitted, i) => {
          const x = i * gap + gap / 2;
          return svg`<line x1=${x} y1="60" x2=${width / 2} y2="140" class="link"></line>
            <rect x=${x - 45} y="10" width="90" height="50" rx="6" class="server"></rect>
            <text x=${x} y="31" text-anchor="middle">server ${i + 1}</text>
            <text x=${x} y="49" text-anchor="middle" class="count">${admitted} / ${r.serverRequests[i]}</text>`;
        })}
        <rect x=${width / 2 - 70} y="140" width="140" height="44" rx="6" class="store"></rect>
        <text x=${width / 2} y="160" text-anchor="middle">shared store</text>
        <text x=${width / 2} y="177" text-anchor="middle" class="count">${this.values.latencyMs} ms away</text>
      </svg>
      <p class="legend-note">Each server shows requests admitted / received. Two servers that read the counter within one round trip both see room and both admit: that is the over-admission.</p>`;
  }
}

customElements.define('sd-ratelimit-distributed', SdRateLimitDistributed);
