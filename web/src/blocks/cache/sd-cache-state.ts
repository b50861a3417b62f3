// <sd-cache-state>: the picture of a cache's state — its entries in eviction order (LRU/FIFO
// list, LFU frequency buckets), each with what the block reports about it (use count, time left,
// dirty), the statistics, and the backing store where there is one. Entries added or changed by
// the step on show are highlighted; entries that left are listed with the reason the trace gave.
import { css, html, nothing } from 'lit';
import type { CacheEntry, CacheSnapshot, StoreEntry, TraceStep, WriteCacheSnapshot } from 'sdlab-wasm';
import { diffByKey } from '../../lab/diff';
import '../../ui/sd-table';
import { type Column } from '../../ui/sd-table';
import { StateView, statsStyles } from '../../ui/state-view';

/** The snapshot of any cache block: an LRU, LFU, FIFO or TTL cache, or a write cache. */
export type CacheState = CacheSnapshot | WriteCacheSnapshot;

const storeColumns: Column<StoreEntry>[] = [
  { header: 'key', value: (e) => e.key },
  { header: 'value', value: (e) => e.value },
];

const ends: Record<string, [string, string]> = {
  lru: ['head · most recent', 'tail · least recent, next victim'],
  fifo: ['newest', 'oldest · next out'],
};

export class SdCacheState extends StateView<CacheState> {
  static styles = [statsStyles, css`
    :host { display: block; }
    ol { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: stretch; }
    .entry { border: 2px solid var(--line); border-radius: 8px; padding: 0.4rem 0.6rem; min-width: 4.5rem; background: var(--panel); transition: background 0.2s; }
    .entry.empty { border-style: dashed; color: var(--muted); display: grid; place-items: center; }
    .entry .key { font-family: var(--mono); font-weight: 700; overflow-wrap: anywhere; }
    .entry .value { font-family: var(--mono); color: var(--muted); font-size: 0.85em; overflow-wrap: anywhere; }
    .entry .extra { font-size: 0.8em; margin-top: 0.2rem; }
    .entry.added { border-color: var(--good); background: var(--good-bg); }
    .entry.changed { border-color: var(--warn); background: var(--warn-bg); }
    .entry.touched { outline: 3px solid var(--accent); outline-offset: 1px; }
    .entry.dirty .extra { color: var(--warn); font-weight: 600; }
    .ends { display: flex; justify-content: space-between; color: var(--muted); font-size: 0.8em; margin: 0.25rem 0 0; }
    .buckets { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: flex-start; }
    .bucket { border: 1px solid var(--line); border-radius: 8px; padding: 0.5rem; }
    .bucket h3 { margin: 0 0 0.4rem; font-size: 0.85em; color: var(--muted); font-weight: 600; }
    .bucket ol { flex-direction: column; }
    .left { margin-top: 0.75rem; color: var(--bad); }
    .left span { font-family: var(--mono); }
    .store { margin-top: 1rem; }
    .store h3 { margin: 0 0 0.4rem; font-size: 0.9em; }
    .store sd-table::part(table) { font-family: var(--mono); font-size: 0.85em; }
  `];

  render() {
    const state = this.frame.state;
    const before = this.previous?.state;
    const change = diffByKey(before?.entries, state.entries);
    const touched = new Set(this.frame.trace.map((s) => s.subject));
    const entry = (e: CacheEntry) => {
      const classes = ['entry', change.added.has(e.key) ? 'added' : change.changed.has(e.key) ? 'changed' : '', touched.has(e.key) ? 'touched' : '', e.dirty ? 'dirty' : ''].join(' ');
      return html`<li class=${classes} data-key=${e.key}>
        <div class="key">${e.key}</div>
        <div class="value">${e.value}</div>
        ${e.frequency !== undefined ? html`<div class="extra">used ×${e.frequency}</div>` : nothing}
        ${e.remaining !== undefined ? this.timeLeft(e) : nothing}
        ${e.dirty !== undefined ? html`<div class="extra">${e.dirty ? 'dirty · not in store' : 'clean'}</div>` : nothing}
      </li>`;
    };
    const empty = Math.max(0, Math.min(state.capacity, 12) - state.size);
    return html`
      ${this.stats(state)}
      ${'buckets' in state && state.buckets
        ? html`<div class="buckets" aria-label="frequency buckets, lowest first">
            ${state.buckets.map((bucket, i) => html`<section class="bucket" data-frequency=${bucket.frequency}>
              <h3>count ${bucket.frequency}${i === 0 ? ' · next victim at the bottom' : ''}</h3>
              <ol>${bucket.keys.map((k) => entry(state.entries.find((e) => e.key === k)!))}</ol>
            </section>`)}
          </div>`
        : html`<ol aria-label="entries in eviction order">
              ${state.entries.map(entry)}
              ${Array.from({ length: empty }, () => html`<li class="entry empty" aria-hidden="true">free</li>`)}
            </ol>
            ${state.size > 0 && ends[this.blockId] ? html`<p class="ends"><span>← ${ends[this.blockId][0]}</span><span>${ends[this.blockId][1]} →</span></p>` : nothing}`}
      ${change.removed.length
        ? html`<p class="left">Left the cache: ${change.removed.map((k) => html`<span>${k}</span> (${reason(k, this.frame.trace)}) `)}</p>`
        : nothing}
      ${'store' in state ? this.storeTable(state) : nothing}
    `;
  }

  private stats(state: CacheState) {
    const s = state.stats;
    const items: [string, string | number][] = [
      ['size', `${state.size} / ${state.capacity}`],
      ['hits', s.hits],
      ['misses', s.misses],
      ['hit ratio', s.hits + s.misses ? `${(s.hitRatio * 100).toFixed(1)}%` : '—'],
      ['evictions', s.evictions],
    ];
    if ('expirations' in s) items.push(['expired', s.expirations]);
    if (state.now !== undefined) items.push(['time', `${state.now} ms`]);
    if ('store' in state) {
      items.push(['store reads', state.storeReads], ['store writes', state.storeWrites], ['writes lost in crashes', state.lostWrites]);
    }
    return html`<dl class="stats">${items.map(([k, v]) => html`<div><dt>${k}</dt><dd data-stat=${k}>${v}</dd></div>`)}</dl>`;
  }

  private timeLeft(e: CacheEntry) {
    return html`<div class="extra">${e.remaining! > 0 ? `${e.remaining} ms left` : 'expired'}</div>`;
  }

  private storeTable(state: WriteCacheSnapshot) {
    return html`<section class="store" aria-label="backing store">
      <h3>Backing store (${state.store.length} keys)</h3>
      ${state.store.length ? html`<sd-table caption="keys in the store" .columns=${storeColumns} .rows=${state.store}></sd-table>` : html`<p>empty</p>`}
    </section>`;
  }
}

function reason(key: string, trace: readonly TraceStep[]): string {
  const step = trace.find((s) => s.subject === key && s.kind !== 'insert');
  return step ? `${step.kind}: ${step.note}` : 'removed';
}

customElements.define('sd-cache-state', SdCacheState);
