// <sd-swimlane>: any simulator run (core/sim/simulator.h's history) as a swimlane — one lane per
// actor, one row per step with time flowing down, each message an arrow from the sender's lane at
// the step that sent it to the receiver's at the step it arrived (or was dropped), timers along
// their lane, crashes, restarts, down spans and partitions marked, the step on show lit. Below it,
// the step's why and notes and what is true of every actor then. It knows no block: a page gives it
// the steps and draws its own state of the step beside it (swimlane.ts holds the logic).
// Properties: `steps` (SwimStep[]), `cursor` (the step on show).
// Events: `seek` with detail = the step asked for — from a click on an event, a key on the
// swimlane (↑ ↓ PageUp PageDown), "caused by step k", or the sd-timeline inside (whose keys
// ← → Home End Space the page wires, see keys.ts). Under prefers-reduced-motion nothing moves.
import { LitElement, css, html, nothing, svg } from 'lit';
import './sd-timeline';
import type { SdTimeline } from './sd-timeline';
import { type Layout, type Link, type SwimStep, actorsAt, downSpans, keyStep, layout, linkState, markState } from './swimlane';

const glyphs: Record<string, string> = { crash: '✕', restart: '↻', drop: '✕', partition: '⫽', heal: '═' };

/** "12.5 ms" from µs. */
export function formatTime(us: number): string {
  return `${us / 1000} ms`;
}

/** A step in a sentence for its accessible name: "Step 12 at 4 ms: consumer-1 deliver message m0 from broker". */
export function describeStep(step: SwimStep): string {
  const what = [step.kind, step.message.type, step.message.key].filter(Boolean).join(' ');
  const from = step.from && (step.kind === 'deliver' || step.kind === 'drop') ? ` from ${step.from}` : step.from ? ` ${step.from}` : '';
  return `Step ${step.index} at ${formatTime(step.time)}: ${step.actor} ${what}${from}`;
}

export class SdSwimlane extends LitElement {
  static properties = {
    steps: { attribute: false },
    cursor: { type: Number },
  };
  declare steps: readonly SwimStep[];
  declare cursor: number;
  private drawn?: { steps: readonly SwimStep[]; layout: Layout };
  /** Whether the last move came from a key on the swimlane (the focus then follows the cursor). */
  private keyed = false;

  constructor() {
    super();
    this.steps = [];
    this.cursor = 0;
  }

  static styles = css`
    :host { display: block; }
    .lane-head { overflow: hidden; margin-top: 0.5rem; background: var(--panel); border: 1px solid var(--line); border-bottom: none; border-radius: 8px 8px 0 0; }
    .lanes { overflow: auto; max-height: 30rem; border: 1px solid var(--line); border-top: none; border-radius: 0 0 8px 8px; background: var(--panel); }
    .lanes:focus-visible, .event:focus-visible { outline: 3px solid var(--accent); outline-offset: 1px; }
    svg { display: block; font: 11px var(--sans, sans-serif); color: var(--fg); }
    .lane-name { font-weight: 600; fill: currentColor; }
    .lane-line { stroke: var(--line); stroke-width: 2; }
    .down { stroke: var(--bad); stroke-width: 4; stroke-dasharray: 3 4; opacity: 0.7; }
    .time { fill: var(--muted); font-variant-numeric: tabular-nums; }
    .row-lit { fill: var(--chip); }
    .link { fill: none; stroke: var(--muted); stroke-width: 1.4; }
    .link.deliver.arrived { stroke: var(--accent); }
    .link.drop { stroke: var(--bad); stroke-dasharray: 5 3; }
    .link.timer { stroke-dasharray: 2 3; }
    .link.in-flight { stroke: var(--warn); stroke-width: 2.2; stroke-dasharray: 6 4; animation: flow 0.8s linear infinite; }
    .link.future { opacity: 0.18; }
    .link.lit { stroke-width: 3; }
    .cut { stroke-width: 2.5; fill: none; }
    .cut.partition { stroke: var(--bad); }
    .cut.heal { stroke: var(--good); stroke-dasharray: 4 3; }
    .event { cursor: pointer; }
    .event circle { fill: var(--panel); stroke: currentColor; stroke-width: 1.5; }
    .event.deliver circle { fill: var(--accent); stroke: var(--accent); }
    .event.timer circle { fill: var(--panel); stroke: var(--muted); }
    .event.crash circle, .event.drop circle { fill: var(--bad); stroke: var(--bad); }
    .event.restart circle, .event.start circle { stroke: var(--good); }
    .event .glyph { fill: var(--accent-fg, #fff); font-weight: 700; }
    .event.restart .glyph, .event.partition .glyph, .event.heal .glyph { fill: currentColor; }
    .event .tag { fill: currentColor; }
    .event.future { opacity: 0.35; }
    .event.current circle { stroke: var(--fg); stroke-width: 3; }
    .event.current .tag { font-weight: 700; }
    .legend { color: var(--muted); font-size: 0.85em; margin: 0.3rem 0 0; }
    .detail { margin-top: 0.6rem; padding: 0.5rem 0.7rem; border: 1px solid var(--line); border-radius: 8px; background: var(--panel); }
    .detail h3 { margin: 0 0 0.3rem; font-size: 1rem; }
    .detail p { margin: 0.2rem 0; }
    .detail ul { margin: 0.2rem 0; padding-left: 1.2rem; }
    .detail button { font: inherit; padding: 0.1rem 0.45rem; border-radius: 6px; border: 1px solid var(--line); background: var(--bg); color: var(--link, var(--fg)); cursor: pointer; }
    table { border-collapse: collapse; margin-top: 0.5rem; font-variant-numeric: tabular-nums; }
    th, td { text-align: left; padding: 0.15rem 0.6rem 0.15rem 0; border-bottom: 1px solid var(--line); }
    td.down { color: var(--bad); font-weight: 600; }
    @keyframes flow { to { stroke-dashoffset: -20; } }
    @media (prefers-reduced-motion: reduce) { .link.in-flight { animation: none; } }
  `;

  /** The timeline inside, for the page's keys. */
  get timeline(): SdTimeline | null {
    return this.renderRoot?.querySelector('sd-timeline') ?? null;
  }

  private get layout(): Layout {
    if (this.drawn?.steps !== this.steps) this.drawn = { steps: this.steps, layout: layout(this.steps) };
    return this.drawn.layout;
  }

  render() {
    if (!this.steps.length) return html`<p>No steps to show.</p>`;
    const l = this.layout;
    const cursor = Math.max(0, Math.min(this.steps.length - 1, this.cursor));
    return html`
      <sd-timeline .length=${this.steps.length} .cursor=${cursor}></sd-timeline>
      <div class="lane-head" aria-hidden="true">
        <svg width=${l.width} height="26">${l.lanes.map((name, lane) => svg`<text class="lane-name"
          x=${l.geometry.left + (lane + 0.5) * l.geometry.laneWidth} y="18" text-anchor="middle">${name}</text>`)}</svg>
      </div>
      <div class="lanes" tabindex="0" role="region" aria-label="Swimlane: one lane per actor, time flows down" @keydown=${this.onKey} @scroll=${this.onScroll}>
        ${this.picture(l, cursor)}
      </div>
      <p class="legend">Each row is a step; click one or use ↑ ↓. Solid arrow: a message that arrived; amber dashes: on its
        way at the step on show; red dashes: dropped (its receiver was down); dotted curve: a timer; red dashed lane: the actor
        is down; zigzag: a partition (red) or its heal (green). Faint: after the step on show.</p>
      ${this.detail(this.steps[cursor])}
      ${this.actors(l, cursor)}`;
  }

  private picture(l: Layout, cursor: number) {
    const g = l.geometry;
    const x = (lane: number) => g.left + lane * g.laneWidth + g.laneWidth / 2;
    const y = (row: number) => g.top + row * g.rowHeight + g.rowHeight / 2;
    const bottom = l.height;
    return html`<svg width=${l.width} height=${bottom + 4} viewBox="0 0 ${l.width} ${bottom + 4}" role="group" aria-label="Steps of the run">
      <rect class="row-lit" x="0" y=${g.top + cursor * g.rowHeight} width=${l.width} height=${g.rowHeight}></rect>
      ${l.lanes.map((_, lane) => svg`<line class="lane-line" x1=${x(lane)} y1=${g.top} x2=${x(lane)} y2=${bottom}></line>`)}
      ${downSpans(l).map((s) => svg`<line class="down" x1=${x(s.lane)} y1=${y(s.from)} x2=${x(s.lane)} y2=${y(s.to)}></line>`)}
      ${this.steps.map((s) => svg`<text class="time" x="4" y=${y(s.index) + 4}>${formatTime(s.time)}</text>`)}
      ${l.links.map((link) => this.link(link, cursor, x, y))}
      ${l.cuts.map((c) => {
        const [a, b] = [x(c.lanes[0]), x(c.lanes[1])].sort((p, q) => p - q);
        const row = y(c.index);
        return svg`<path class="cut ${c.kind}" d="M ${a} ${row} L ${(a + b) / 2 - 4} ${row} l 4 -6 l 4 12 l 4 -6 L ${b} ${row}"></path>`;
      })}
      ${l.marks.map((m) => {
        const step = this.steps[m.index];
        return svg`<g class="event ${m.kind} ${markState(m, cursor)}" role="button" tabindex=${m.index === cursor ? 0 : -1} data-step=${m.index}
            aria-label=${describeStep(step)} aria-current=${m.index === cursor ? 'step' : 'false'} @click=${() => this.seek(m.index)}>
          <circle cx=${m.x} cy=${m.y} r="6"></circle>
          ${glyphs[m.kind] ? svg`<text class="glyph" x=${m.x} y=${m.y + 3.5} text-anchor="middle" font-size="9">${glyphs[m.kind]}</text>` : nothing}
          <text class="tag" x=${m.x + 10} y=${m.y + 4}>${m.label}</text>
        </g>`;
      })}
    </svg>`;
  }

  private link(link: Link, cursor: number, x: (lane: number) => number, y: (row: number) => number) {
    const [x1, y1, x2, y2] = [x(link.fromLane), y(link.from), x(link.toLane), y(link.to)];
    const d = link.kind === 'timer' ? `M ${x1} ${y1} C ${x1 - 28} ${y1}, ${x2 - 28} ${y2}, ${x2 - 7} ${y2}` : `M ${x1} ${y1} L ${x2 + (x2 > x1 ? -7 : 7)} ${y2}`;
    const lit = link.to === cursor || link.from === cursor ? 'lit' : '';
    return svg`<path class="link ${link.kind} ${linkState(link, cursor)} ${lit}" d=${d}></path>`;
  }

  private detail(step: SwimStep) {
    const cause = step.cause >= 0 ? this.steps[step.cause] : undefined;
    return html`<section class="detail" aria-label="Step on show" aria-live="polite">
      <h3>${describeStep(step)}</h3>
      <p class="why"><strong>Why:</strong> ${step.why || '—'}</p>
      ${cause ? html`<p>Caused by <button type="button" @click=${() => this.seek(cause.index)}>step ${cause.index}</button> (${cause.actor}, ${cause.kind} at ${formatTime(cause.time)})</p>` : nothing}
      ${step.notes.length
        ? html`<ul class="notes" aria-label="notes">${step.notes.map((n) => html`<li>${n}</li>`)}</ul>`
        : html`<p class="notes">No notes.</p>`}
    </section>`;
  }

  private actors(l: Layout, cursor: number) {
    return html`<table aria-label="Actors as of the step on show">
      <thead><tr><th scope="col">actor</th><th scope="col">state</th><th scope="col">messages on the way to it</th><th scope="col">cut off from</th><th scope="col">last step</th></tr></thead>
      <tbody>${actorsAt(this.steps, l, cursor).map((a) => html`<tr data-actor=${a.name}>
        <th scope="row">${a.name}</th><td class=${a.status === 'down' ? 'down' : ''}>${a.status}</td><td>${a.incoming}</td>
        <td>${a.cutFrom.join(', ') || '—'}</td><td>${a.lastStep < 0 ? '—' : a.lastStep}</td></tr>`)}</tbody>
    </table>`;
  }

  /** The lane names stay above their lanes as the swimlane scrolls sideways. */
  private onScroll = (event: Event) => {
    const head = this.renderRoot.querySelector<HTMLElement>('.lane-head');
    if (head) head.scrollLeft = (event.target as HTMLElement).scrollLeft;
  };

  private onKey = (event: KeyboardEvent) => {
    const to = keyStep(event.key, this.cursor, this.steps.length);
    if (to === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    this.keyed = true;
    this.seek(to);
  };

  private seek(index: number): void {
    this.dispatchEvent(new CustomEvent('seek', { detail: index, bubbles: true, composed: true }));
  }

  protected updated(): void {
    const box = this.renderRoot.querySelector<HTMLElement>('.lanes');
    const event = this.renderRoot.querySelector<SVGGElement>('.event.current');
    if (!box || !event) return;
    const g = this.layout.geometry;
    const top = g.top + this.cursor * g.rowHeight;
    const behavior: ScrollBehavior = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
    if (top - g.top < box.scrollTop || top + g.rowHeight > box.scrollTop + box.clientHeight) {
      box.scrollTo({ top: Math.max(0, top - box.clientHeight / 2), behavior });
    }
    if (this.keyed) event.focus({ preventScroll: true });
    this.keyed = false;
  }
}

customElements.define('sd-swimlane', SdSwimlane);
