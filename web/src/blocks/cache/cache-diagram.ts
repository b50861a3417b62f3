// The picture of a list-ordered cache (LRU, FIFO, TTL, write caches) as what it is: a hash map
// whose slots point at the nodes of a doubly linked list, head ⇄ … ⇄ tail. Drawn in SVG at its
// natural size (326 px wide, so it fits a phone, a narrower box scrolls it; 196 px for the list
// alone, as in a column of the side-by-side comparison): the map's keys in a column (sorted: a
// map keeps no order of its own) with an arrow from each to its node; the nodes from head to
// tail, each [prev · key, value · next] with its pointers drawn as arrows and ∅ at the ends; head
// and tail labelled with what they mean for the policy. The map's arrows are keyed by key
// (data-morph) and the nodes and links by key (data-flip), so a step animates: a node slides to
// its new place, its arrow follows, a new link fades in. Long keys and values are cut with an
// ellipsis (the whole entry is in the node's tooltip and its data-key).
// Complexity: O(n log n) for n entries (the sort); the page draws it up to `drawnNodes` entries.
import { type TemplateResult, html, nothing, svg } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { CacheEntry } from 'sdlab-wasm';
import { clip } from '../../lab/block';

/** Above this many entries the page shows the compact list instead. */
export const drawnNodes = 16;

const slotWidth = 84;
const slotHeight = 26;
/** Where the list starts when the map is drawn to its left. */
const listX = 130;
const nodeWidth = 190;
const cellWidth = 22;
const linkGap = 26;
const top = 58;

/** What the head and the tail mean for a policy. */
export interface Ends {
  head: string;
  tail: string;
}

/** What one node shows, besides its key and value. */
export interface NodeLook {
  /** Space-separated classes of the node (added, changed, touched, dirty…). */
  classes: string;
  /** A third line: use count, time left, dirty; empty for none. */
  extra: string;
}

/** The map and the list; `withMap` false draws the list alone (a narrow column beside others). */
export function cacheDiagram(entries: readonly CacheEntry[], ends: Ends, look: (e: CacheEntry) => NodeLook, withMap = true): TemplateResult {
  const nodeX = withMap ? listX : 0;
  const width = nodeX + nodeWidth + 6; // with 3 px either side for a highlighted node's border
  const looks = entries.map(look);
  const nodeHeight = looks.some((l) => l.extra) ? 54 : 40;
  const pitch = nodeHeight + linkGap;
  const nodeY = (i: number) => top + i * pitch;
  const last = Math.max(entries.length - 1, 0);
  const tailY = nodeY(last) + (entries.length ? nodeHeight : 0) + 14;
  const height = tailY + 22;
  const slots = entries.map((e, i) => ({ key: e.key, node: i })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const links = entries.slice(1).map((e, i) => [entries[i].key, e.key, i] as const);
  const mid = nodeHeight / 2;
  // prev points up, so its dot sits high in its cell; next points down, so its dot sits low.
  const prevDot = 13;
  const nextDot = nodeHeight - 13;

  const node = (e: CacheEntry, i: number) => svg`<g data-flip=${`n${e.key}`}>
    <g class="entry ${looks[i].classes}" data-key=${e.key} transform="translate(${nodeX} ${nodeY(i)})">
      <title>${e.key} = ${e.value}</title>
      <rect class="body" width=${nodeWidth} height=${nodeHeight} rx="7"></rect>
      <line class="wall" x1=${cellWidth} y1="0" x2=${cellWidth} y2=${nodeHeight}></line>
      <line class="wall" x1=${nodeWidth - cellWidth} y1="0" x2=${nodeWidth - cellWidth} y2=${nodeHeight}></line>
      <text class="pointer-name" x=${cellWidth / 2} y=${nodeHeight - 5}>prev</text>
      <text class="pointer-name" x=${nodeWidth - cellWidth / 2} y="10">next</text>
      ${pointer(cellWidth / 2, prevDot, i === 0)}
      ${pointer(nodeWidth - cellWidth / 2, nextDot, i === entries.length - 1)}
      <text class="key" x=${cellWidth + 8} y="17">${clip(e.key, 17)}</text>
      <text class="value" x=${cellWidth + 8} y="32">${clip(e.value, 19)}</text>
      ${looks[i].extra ? svg`<text class="extra" x=${cellWidth + 8} y="47">${looks[i].extra}</text>` : nothing}
    </g></g>`;

  const slot = ({ key, node: i }: { key: string; node: number }, j: number) => {
    const y = nodeY(j) + (nodeHeight - slotHeight) / 2;
    const from = [slotWidth - 13, y + slotHeight / 2];
    const to = [nodeX - 2, nodeY(i) + mid];
    return svg`<g data-flip=${`m${key}`}><g transform="translate(0 ${y})">
        <rect class="slot" x="6" width=${slotWidth - 12} height=${slotHeight} rx="4"></rect>
        <text class="slot-key" x="12" y="17">${clip(key, 8)}</text>
        <circle class="dot" cx=${slotWidth - 13} cy=${slotHeight / 2} r="2.5"></circle>
      </g></g>
      <path class="arrow map" data-morph=${key} marker-end="url(#head)"
        d="M ${from[0]} ${from[1]} C ${from[0] + 30} ${from[1]}, ${to[0] - 30} ${to[1]}, ${to[0]} ${to[1]}"></path>`;
  };

  /** next from node i down to i + 1 on the right; prev from i + 1 up to i on the left. */
  const link = ([from, to, i]: readonly [string, string, number]) => {
    const next = nodeX + nodeWidth - cellWidth / 2;
    const prev = nodeX + cellWidth / 2;
    return svg`<g data-flip=${`l${JSON.stringify([from, to])}`}>
      <path class="arrow" marker-end="url(#head)" d="M ${next} ${nodeY(i) + nextDot} V ${nodeY(i + 1) - 2}"></path>
      <path class="arrow" marker-end="url(#head)" d="M ${prev} ${nodeY(i + 1) + prevDot} V ${nodeY(i) + nodeHeight + 2}"></path>
    </g>`;
  };

  const end = (name: string, meaning: string, y: number, toward: number | undefined) => svg`<g class="end">
      <rect class="end-box" x=${nodeX} y=${y} width="36" height="16" rx="3"></rect>
      <text class="end-name" x=${nodeX + 18} y=${y + 12}>${name}</text>
      ${toward === undefined
        ? svg`<text class="null" x=${nodeX + 44} y=${y + 12}>→ ∅</text>`
        : svg`<path class="arrow" marker-end="url(#head)" d="M ${nodeX + 18} ${toward > y ? y + 16 : y} V ${toward}"></path>
            <text class="meaning" x=${nodeX + 44} y=${y + 12}>${meaning}</text>`}
    </g>`;

  const order = entries.map((e) => e.key).join(', ');
  return html`<svg class="diagram" width=${width} height=${height} viewBox="-3 0 ${width} ${height}" role="img"
      aria-label=${entries.length ? `A hash map of ${entries.length} keys pointing into a doubly linked list, head to tail: ${order}` : 'An empty hash map and an empty list'}>
    <defs><marker id="head" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
      <path class="arrowhead" d="M 0 0 L 8 4 L 0 8 z"></path></marker></defs>
    ${withMap
      ? svg`<text class="column" x="0" y="12">hash map</text>
        <rect class="map" x="0" y=${top - 8} width=${slotWidth} height=${Math.max(entries.length * pitch - linkGap, 0) + 16} rx="6"></rect>
        ${entries.length ? nothing : svg`<text class="null" x="8" y=${top + 4}>empty</text>`}
        ${repeat(slots, (s) => s.key, slot)}`
      : nothing}
    <text class="column" x=${nodeX} y="12">doubly linked list</text>
    ${end('head', ends.head, 24, entries.length ? top - 2 : undefined)}
    ${repeat(links, ([from, to]) => JSON.stringify([from, to]), link)}
    ${repeat(entries, (e) => e.key, node)}
    ${end('tail', ends.tail, entries.length ? tailY : 46, entries.length ? nodeY(last) + nodeHeight + 2 : undefined)}
  </svg>`;
}

/** A pointer's cell: a dot where its arrow starts, or ∅ at the end of the list. */
function pointer(x: number, y: number, isNull: boolean) {
  return isNull
    ? svg`<text class="null pointer" x=${x} y=${y + 4}>∅</text>`
    : svg`<circle class="dot" cx=${x} cy=${y} r="2.5"></circle>`;
}
