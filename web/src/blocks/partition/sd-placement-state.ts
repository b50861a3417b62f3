// <sd-placement-state>: the picture of a key placement (consistent-hash ring, rendezvous, jump).
// For a ring: the circle with every virtual node as a coloured point and the arc it owns, keys as
// small marks at their hash, and a lookup drawn from its trace — (1) the key's hash, (2) the point
// the search landed on, (3) clockwise to the owner, then replicas — up to the page's sub-step, whose
// point is ringed. Rendezvous shows each node's score as the lookup reaches it. For every placement: the nodes
// with their share of keys, the keys coloured by owner, and after a join or leave the keys that
// moved, counted against hash mod N. Keys whose owner changed since the previous step are marked.
import { css, html, nothing, svg } from 'lit';
import type { HashRing, JumpHash, PlacementNode, PlacementSnapshot } from 'sdlab-wasm';
import { diffByKey } from '../../lab/diff';
import { figure, figures } from '../../lab/words';
import '../../ui/sd-table';
import { type Column, formats } from '../../ui/sd-table';
import { StateView } from '../../ui/state-view';

type Point = NonNullable<PlacementSnapshot['points']>[number];

/** Beyond these, the ring draws a note instead of every point or key. */
const drawnPoints = 4000;
const drawnKeys = 2000;
const size = 300;
const centre = size / 2;
const radius = 118;

/** A stable colour per node name, readable on light and dark backgrounds. */
export function nodeColour(name: string): string {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `hsl(${(h * 137.508) % 360} 70% 50%)`;
}

/** Where a ring position in [0, 1) lies, at distance r from the centre; 0 is at the top. */
function at(position: number, r: number): [number, number] {
  const angle = position * 2 * Math.PI - Math.PI / 2;
  return [centre + r * Math.cos(angle), centre + r * Math.sin(angle)];
}

/** The clockwise arc from `from` to `to` (ring positions) at radius r. */
function arc(from: number, to: number, r: number): string {
  const span = (to - from + 1) % 1 || 1;
  if (span >= 1 - 1e-9) return `M ${centre} ${centre - r} a ${r} ${r} 0 1 1 0 ${2 * r} a ${r} ${r} 0 1 1 0 ${-2 * r}`;
  const [x1, y1] = at(from, r);
  const [x2, y2] = at(to, r);
  return `M ${x1} ${y1} A ${r} ${r} 0 ${span > 0.5 ? 1 : 0} 1 ${x2} ${y2}`;
}

export class SdPlacementState extends StateView<PlacementSnapshot, HashRing | JumpHash> {

  static styles = css`
    :host { display: block; }
    .layout { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
    svg { width: min(100%, 21rem); height: auto; flex: 0 0 auto; }
    .track { fill: none; stroke: var(--chip); stroke-width: 12; }
    .owned { fill: none; stroke-width: 12; opacity: 0.45; }
    .point { stroke: var(--panel); stroke-width: 1.5; }
    .key { stroke-width: 2; }
    .key.moved { stroke-width: 4; }
    .label { font: 600 11px var(--sans); fill: var(--fg); text-anchor: middle; dominant-baseline: middle; }
    .hash { stroke: var(--fg); stroke-width: 1.5; stroke-dasharray: 3 3; }
    .walk { fill: none; stroke: var(--fg); stroke-width: 4; stroke-linecap: round; }
    .found { fill: none; stroke: var(--fg); stroke-width: 2; }
    .current { fill: none; stroke: var(--warn); stroke-width: 3; }
    .badge { font: 700 10px var(--sans); fill: var(--bg); text-anchor: middle; dominant-baseline: central; }
    .badge-bg { fill: var(--fg); }
    .side { flex: 1 1 14rem; min-width: 0; }
    sd-table::part(table) { width: 100%; font-size: 0.9em; }
    sd-table::part(added) { background: var(--good-bg); }
    sd-table::part(winner) { font-weight: 700; background: var(--warn-bg); }
    sd-table::part(current) { outline: 2px solid var(--warn); }
    .moves { margin: 0.75rem 0 0; padding: 0.5rem 0.6rem; border-radius: 8px; background: var(--chip); }
    .moves p { margin: 0 0 0.35rem; }
    .bar { height: 0.55rem; border-radius: 3px; margin: 0.15rem 0 0.4rem; }
    .bar.ours { background: var(--accent); }
    .bar.modn { background: var(--bad); }
    .keys { list-style: none; padding: 0; margin: 0.6rem 0 0; display: flex; flex-wrap: wrap; gap: 0.25rem; font: 0.75rem var(--mono); max-height: 10rem; overflow: auto; }
    .keys li { padding: 0 0.3rem; border-radius: 3px; border-left: 4px solid; background: var(--bg); overflow-wrap: anywhere; }
    .keys li.moved { background: var(--warn-bg); color: var(--warn); font-weight: 700; }
    .keys:focus-visible { outline: 3px solid var(--accent); outline-offset: 1px; }
    .muted { color: var(--muted); font-size: 0.85em; }
  `;

  render() {
    const state = this.frame.state;
    const before = this.previous?.state;
    const moved = new Set(diffByKey(before?.keys, state.keys, (a, b) => a.owner === b.owner).changed);
    return html`<div class="layout">
        ${state.points ? this.ring(state, moved) : nothing}
        <div class="side">${this.nodes(state, before)}${this.moves()}</div>
      </div>
      ${this.keys(state, moved)}`;
  }

  private ring(state: PlacementSnapshot, moved: Set<string>) {
    const points = state.points!;
    const drawPoints = points.length <= drawnPoints;
    const keys = state.keys.slice(0, drawnKeys);
    // The outer <svg> in an html template (Lit's rule); the shapes inside are svg fragments.
    return html`<svg viewBox="0 0 ${size} ${size}" role="img" aria-label="the ring: ${points.length} points, ${state.keys.length} keys">
      <circle class="track" cx=${centre} cy=${centre} r=${radius}></circle>
      ${drawPoints
        ? points.map((p, i) => svg`<path class="owned" d=${arc(points[(i + points.length - 1) % points.length].position, p.position, radius)} stroke=${nodeColour(p.node)}></path>`)
        : nothing}
      ${keys.map((k) => {
        const [x1, y1] = at(k.position, radius - 14);
        const [x2, y2] = at(k.position, radius - (moved.has(k.key) ? 30 : 22));
        return svg`<line class="key ${moved.has(k.key) ? 'moved' : ''}" ?data-flash=${moved.has(k.key)} x1=${x1} y1=${y1} x2=${x2} y2=${y2} stroke=${k.owner ? nodeColour(k.owner) : 'currentColor'}><title>${k.key} → ${k.owner ?? 'no owner'}</title></line>`;
      })}
      ${drawPoints
        ? points.map((p) => {
            const [x, y] = at(p.position, radius);
            return svg`<circle class="point" data-flip=${`${p.node}#${p.index}`} cx=${x} cy=${y} r="4" fill=${nodeColour(p.node)}><title>${p.node}#${p.index} at ${p.hash}</title></circle>`;
          })
        : nothing}
      ${drawPoints
        ? points.filter((p) => p.index === 0).map((p) => {
            const [x, y] = at(p.position, radius + 16);
            return svg`<text class="label" x=${x} y=${y}>${p.node}</text>`;
          })
        : nothing}
      ${this.lookup(points)}
    </svg>`;
  }

  /** The lookup in the trace up to the sub-step, drawn: (1) hash, (2) search result, (3) clockwise
   *  walk to the owner; the sub-step's point ringed. */
  private lookup(points: Point[]) {
    const { steps, current } = this.stepsSoFar;
    const hash = steps.find((s) => s.kind === 'hash');
    if (!hash || points.length === 0) return nothing;
    const position = figure(hash, 'position');
    const pointAt = (s: (typeof steps)[number] | undefined) => (s && !Number.isNaN(figure(s, 'point')) ? points[figure(s, 'point')] : undefined);
    const search = pointAt(steps.find((s) => s.kind === 'search'));
    const chosen = steps.filter((s) => s.kind === 'owner' || s.kind === 'replica').map(pointAt).filter((p) => p !== undefined);
    const focus = current?.kind === 'hash' ? position : pointAt(current)?.position;
    const last = chosen.at(-1);
    const [hx, hy] = at(position, radius + 4);
    const badge = (n: number, p: number, r: number) => {
      const [x, y] = at(p, r);
      return svg`<circle class="badge-bg" cx=${x} cy=${y} r="7"></circle><text class="badge" x=${x} y=${y}>${n}</text>`;
    };
    return svg`<g class="lookup">
      <line class="hash" x1=${centre} y1=${centre} x2=${hx} y2=${hy}></line>
      ${last ? svg`<path class="walk" data-draw pathLength="1" d=${arc(position, last.position, radius)}></path>` : nothing}
      ${search ? svg`<circle class="found" cx=${at(search.position, radius)[0]} cy=${at(search.position, radius)[1]} r="8"></circle>` : nothing}
      ${chosen.map((p) => svg`<circle class="found" data-flash cx=${at(p.position, radius)[0]} cy=${at(p.position, radius)[1]} r="6.5"></circle>`)}
      ${focus === undefined ? nothing : svg`<circle class="current" cx=${at(focus, radius)[0]} cy=${at(focus, radius)[1]} r="10" data-substep=${current!.kind}></circle>`}
      ${badge(1, position, radius - 40)}
      ${search ? badge(2, search.position, radius + 28) : nothing}
      ${chosen[0] ? badge(3, chosen[0].position, radius - 62) : nothing}
    </g>`;
  }

  private nodes(state: PlacementSnapshot, before: PlacementSnapshot | undefined) {
    const joined = new Set(diffByKey(before?.nodes.map((n) => ({ key: n.name })), state.nodes.map((n) => ({ key: n.name }))).added);
    const ring = state.vnodes !== undefined;
    // Rendezvous lookups score every node: show the scores so far, the winner in bold.
    const { steps, current } = this.stepsSoFar;
    const scores = new Map(steps.filter((s) => s.kind === 'score').map((s) => [s.subject, figure(s, 'score').toFixed(4)]));
    const winner = figures(steps.find((s) => s.kind === 'owner')).node;
    const focus = current?.kind === 'score' ? current.subject : undefined;
    const columns: Column<PlacementNode>[] = [
      { header: 'node', value: (n) => html`<span .style=${`display: inline-block; width: 0.7rem; height: 0.7rem; border-radius: 50%; margin-right: 0.35rem; background: ${nodeColour(n.name)}`}></span>${n.name}`, align: 'start' },
      { header: 'weight', value: (n) => n.weight },
      ...(ring
        ? [{ header: 'points', value: (n: PlacementNode) => n.points ?? 0 }, { header: 'ring share', value: (n: PlacementNode) => n.share ?? 0, format: formats.percent(1) }]
        : []),
      ...(scores.size ? [{ header: 'score', value: (n: PlacementNode) => scores.get(n.name), align: 'end' as const }] : []),
      { header: 'keys', value: (n) => n.keys, data: () => ({ keys: '' }) },
    ];
    return html`<sd-table caption="nodes" .columns=${columns} .rows=${state.nodes} .rowData=${(n: PlacementNode) => ({ node: n.name })}
      .rowClass=${(n: PlacementNode) => `${before && joined.has(n.name) ? 'added' : ''} ${scores.size && n.name === winner ? 'winner' : ''} ${n.name === focus ? 'current' : ''}`}></sd-table>
    <p class="muted">${state.nodes.length} nodes, ${state.keys.length} keys tracked${ring ? `, ${state.vnodes} virtual nodes per weight` : ''}.
      ${state.points && state.points.length > drawnPoints ? `The ring has ${state.points.length} points: too many to draw each.` : ''}</p>`;
  }

  /** After a join or leave: which keys moved, against what hash mod N would have moved. */
  private moves() {
    const report = this.resultOf('addNode') ?? this.resultOf('removeNode');
    if (!report) return nothing;
    const share = (n: number) => (report.keyCount ? n / report.keyCount : 0);
    return html`<section class="moves" aria-label="keys moved">
      <p><strong data-stat="moved">${report.movedCount}</strong> of ${report.keyCount} keys moved
        (${(share(report.movedCount) * 100).toFixed(0)}%).</p>
      <div class="bar ours" .style=${`width: ${share(report.movedCount) * 100}%`}></div>
      <p>hash mod N would have moved <strong data-stat="modN">${report.modNMoved}</strong> (${(share(report.modNMoved) * 100).toFixed(0)}%).</p>
      <div class="bar modn" .style=${`width: ${share(report.modNMoved) * 100}%`}></div>
      ${report.moved.length
        ? html`<p class="muted">${report.moved.slice(0, 12).map((m) => `${m.key}: ${m.from ?? '—'} → ${m.to ?? '—'}`).join(' · ')}${report.moved.length > 12 ? ' …' : ''}</p>`
        : nothing}
    </section>`;
  }

  private keys(state: PlacementSnapshot, moved: Set<string>) {
    if (state.keys.length === 0) return nothing;
    const shown = state.keys.slice(0, drawnKeys);
    return html`<ul class="keys" aria-label="keys by owner" tabindex="0">${shown.map((k) => html`<li class=${moved.has(k.key) ? 'moved' : ''} .style=${`border-color: ${k.owner ? nodeColour(k.owner) : 'transparent'}`}
        title="owner ${k.owner ?? 'none'}">${k.key} → ${k.owner ?? '—'}</li>`)}</ul>
      ${state.keys.length > shown.length ? html`<p class="muted">the first ${shown.length} of ${state.keys.length} keys</p>` : nothing}`;
  }
}

customElements.define('sd-placement-state', SdPlacementState);
