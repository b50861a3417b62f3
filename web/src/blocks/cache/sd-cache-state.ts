// <sd-cache-state>: the picture of a cache's state — its entries in eviction order, each with what
// the block reports about it (use count, time left, dirty), the statistics, and the backing store
// where there is one. A list-ordered cache (LRU, FIFO, TTL, write caches) is drawn as its hash map
// and doubly linked list (cache-diagram.ts) up to 16 entries, as a compact list beyond; an LFU as
// its frequency buckets. Entries added or changed by the step on show are highlighted and slide to
// their new place; entries that left are listed with the reason the trace gave. A TTL entry past
// its expiry but not yet removed (lazy expiry) is dimmed and labelled expired: it still takes a
// slot, but no get will return it.
import { css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { CacheEntry, CacheSnapshot, StoreEntry, TraceStep, WriteCacheSnapshot } from 'sdlab-wasm';
import { diffByKey } from '../../lab/diff';
import '../../ui/sd-table';
import { type Column } from '../../ui/sd-table';
import { StateView, statsStyles } from '../../ui/state-view';
import { type Ends, cacheDiagram, drawnNodes } from './cache-diagram';

/** The snapshot of any cache block: an LRU, LFU, FIFO or TTL cache, or a write cache. */
export type CacheState = CacheSnapshot | WriteCacheSnapshot;

const storeColumns: Column<StoreEntry>[] = [
  { header: 'key', value: (e) => e.key },
  { header: 'value', value: (e) => e.value },
];

/** What the list's ends mean: FIFO's by insertion, every other list cache's by recency. */
const recency: Ends = { head: 'most recent', tail: 'least recent · next victim' };
const insertion: Ends = { head: 'newest', tail: 'oldest · next out' };

export class SdCacheState extends StateView<CacheState> {
  static properties = { ...StateView.properties, listOnly: { type: Boolean, attribute: 'list-only' } };
  /** Draws a list cache's linked list without its hash map (a narrow column). */
  declare listOnly: boolean;

  static styles = [statsStyles, css`
    :host { display: block; }
    ol { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: stretch; }
    li.entry { border: 2px solid var(--line); border-radius: 8px; padding: 0.4rem 0.6rem; min-width: 4.5rem; background: var(--panel); }
    li.entry .key { font-family: var(--mono); font-weight: 700; overflow-wrap: anywhere; }
    li.entry .value { font-family: var(--mono); color: var(--muted); font-size: 0.85em; overflow-wrap: anywhere; }
    li.entry .extra { font-size: 0.8em; margin-top: 0.2rem; }
    li.entry.added { border-color: var(--good); background: var(--good-bg); }
    li.entry.changed { border-color: var(--warn); background: var(--warn-bg); }
    li.entry.touched { outline: 3px solid var(--accent); outline-offset: 1px; }
    li.entry.dirty .extra { color: var(--warn); font-weight: 600; }
    li.entry.expired { border-style: dashed; background: transparent; color: var(--muted); }
    li.entry.expired .key { text-decoration: line-through; }
    li.entry.expired .extra { color: var(--bad); font-weight: 600; }
    .ends { display: flex; justify-content: space-between; color: var(--muted); font-size: 0.8em; margin: 0.25rem 0 0; }
    .buckets { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: flex-start; }
    .bucket { border: 1px solid var(--line); border-radius: 8px; padding: 0.5rem; }
    .bucket h3 { margin: 0 0 0.4rem; font-size: 0.85em; color: var(--muted); font-weight: 600; }
    .bucket ol { flex-direction: column; }
    .scroll { overflow-x: auto; }
    .diagram { display: block; font-family: var(--sans); }
    .diagram text { fill: var(--fg); font-size: 11px; }
    .diagram .column, .diagram .meaning, .diagram .null, .diagram .pointer-name { fill: var(--muted); }
    .diagram .column { font-weight: 600; font-size: 11.5px; }
    .diagram .pointer-name { font-size: 7.5px; text-anchor: middle; }
    .diagram .pointer { text-anchor: middle; font-size: 12px; }
    .diagram .body, .diagram .slot { fill: var(--panel); stroke: var(--line); stroke-width: 2; }
    .diagram .slot { stroke-width: 1.5; }
    .diagram .map { fill: var(--chip); stroke: var(--line); stroke-width: 1; }
    .diagram .wall { stroke: var(--line); stroke-width: 1.5; }
    .diagram .key, .diagram .slot-key { font-family: var(--mono); font-weight: 700; font-size: 12px; }
    .diagram .slot-key { font-size: 11px; }
    .diagram .value { font-family: var(--mono); fill: var(--muted); }
    .diagram .dot { fill: var(--fg); }
    .diagram .arrow { fill: none; stroke: var(--muted); stroke-width: 1.4; }
    .diagram .arrow.map { stroke: var(--accent); stroke-opacity: 0.75; }
    .diagram .arrowhead { fill: var(--muted); }
    .diagram .end-box { fill: var(--fg); }
    .diagram .end-name { fill: var(--bg); font-weight: 700; text-anchor: middle; }
    .diagram .entry.added .body { stroke: var(--good); fill: var(--good-bg); }
    .diagram .entry.changed .body { stroke: var(--warn); fill: var(--warn-bg); }
    .diagram .entry.touched .body { stroke: var(--accent); stroke-width: 3; }
    .diagram .entry.dirty .extra { fill: var(--warn); font-weight: 600; }
    .diagram .entry.expired .body { stroke-dasharray: 4 3; fill: transparent; }
    .diagram .entry.expired .key { text-decoration: line-through; fill: var(--muted); }
    .diagram .entry.expired .extra { fill: var(--bad); font-weight: 600; }
    .left { margin-top: 0.75rem; color: var(--bad); }
    .left span { font-family: var(--mono); }
    .store { margin-top: 1rem; }
    .store h3 { margin: 0 0 0.4rem; font-size: 0.9em; }
    .store sd-table::part(table) { font-family: var(--mono); font-size: 0.85em; }
  `];

  render() {
    const state = this.frame.state;
    const change = diffByKey(this.previous?.state.entries, state.entries);
    const touched = new Set(this.frame.trace.map((s) => s.subject));
    const classes = (e: CacheEntry) =>
      [change.added.has(e.key) ? 'added' : change.changed.has(e.key) ? 'changed' : '', touched.has(e.key) ? 'touched' : '', e.dirty ? 'dirty' : '', e.expired ? 'expired' : ''].join(' ');
    return html`
      ${this.stats(state)}
      ${'buckets' in state && state.buckets ? this.buckets(state, classes) : this.list(state, classes)}
      ${change.removed.length
        ? html`<p class="left">Left the cache: ${change.removed.map((k) => html`<span>${k}</span> (${reason(k, this.frame.trace)}) `)}</p>`
        : nothing}
      ${'store' in state ? this.storeTable(state) : nothing}
    `;
  }

  /** LFU: a column per use count, lowest first; an entry slides to its next bucket on a hit. */
  private buckets(state: CacheSnapshot, classes: (e: CacheEntry) => string) {
    const byKey = new Map(state.entries.map((e) => [e.key, e]));
    return html`<div class="buckets" aria-label="frequency buckets, lowest first">
      ${repeat(state.buckets!, (b) => b.frequency, (bucket, i) => html`<section class="bucket" data-frequency=${bucket.frequency}>
        <h3>count ${bucket.frequency}${i === 0 ? ' · next victim at the bottom' : ''}</h3>
        <ol>${repeat(bucket.keys, (k) => k, (k) => entry(byKey.get(k)!, classes))}</ol>
      </section>`)}
    </div>`;
  }

  /** A list cache: its map and linked list, or beyond `drawnNodes` entries the list alone. */
  private list(state: CacheState, classes: (e: CacheEntry) => string) {
    const ends = this.blockId === 'fifo' ? insertion : recency;
    if (state.entries.length <= drawnNodes) {
      const look = (e: CacheEntry) => ({ classes: classes(e), extra: extra(e) });
      // Focusable: at phone width the diagram may scroll sideways, and a keyboard must reach it.
      return html`<div class="scroll" tabindex="0">${cacheDiagram(state.entries, ends, look, !this.listOnly)}</div>`;
    }
    return html`<ol aria-label="entries in eviction order">${repeat(state.entries, (e) => e.key, (e) => entry(e, classes))}</ol>
      <p class="ends"><span>← head · ${ends.head}</span><span>tail · ${ends.tail} →</span></p>
      <p class="ends">Over ${drawnNodes} entries the list is shown alone, without its hash map and pointers.</p>`;
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
    if ('expirations' in s && state.now !== undefined) items.push(['expired', s.expirations]); // a TTL cache
    if (state.now !== undefined) items.push(['time', `${state.now} ms`]);
    if ('store' in state) {
      items.push(['store reads', state.storeReads], ['store writes', state.storeWrites], ['writes lost in crashes', state.lostWrites]);
    }
    return html`<dl class="stats">${items.map(([k, v]) => html`<div><dt>${k}</dt><dd data-stat=${k}>${v}</dd></div>`)}</dl>`;
  }

  private storeTable(state: WriteCacheSnapshot) {
    return html`<section class="store" aria-label="backing store">
      <h3>Backing store (${state.store.length} keys)</h3>
      ${state.store.length ? html`<sd-table caption="keys in the store" .columns=${storeColumns} .rows=${state.store}></sd-table>` : html`<p>empty</p>`}
    </section>`;
  }
}

/** An entry as a box, in the compact list or a frequency bucket. */
function entry(e: CacheEntry, classes: (e: CacheEntry) => string) {
  const more = extra(e);
  return html`<li class="entry ${classes(e)}" data-key=${e.key} data-flip=${e.key}>
    <div class="key">${e.key}</div>
    <div class="value">${e.value}</div>
    ${more ? html`<div class="extra">${more}</div>` : nothing}
  </li>`;
}

/** What the block reports about an entry besides its value: use count, time left, dirty. */
function extra(e: CacheEntry): string {
  if (e.frequency !== undefined) return `used ×${e.frequency}`;
  if (e.remaining !== undefined) return e.expired ? 'expired · not yet removed' : `${e.remaining} ms left`;
  if (e.dirty !== undefined) return e.dirty ? 'dirty · not in store' : 'clean';
  return '';
}

function reason(key: string, trace: readonly TraceStep[]): string {
  const step = trace.find((s) => s.subject === key && s.kind !== 'insert');
  return step ? `${step.kind}: ${step.note}` : 'removed';
}

customElements.define('sd-cache-state', SdCacheState);
