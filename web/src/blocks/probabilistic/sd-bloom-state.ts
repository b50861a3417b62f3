// <sd-bloom-state>: the picture of a bloom filter (plain or counting). The cell array — one square
// per cell up to 4,096 cells, else the snapshot's density slices — with the cells of the item on
// show lit: those the call set or probed (from the trace, up to the page's sub-step, whose cell is
// marked), or positions()' result. Below: the verdict of a lookup, the lit cells one by one, and
// the filter's statistics. Cells that changed since the previous step are marked.
import { css, html, nothing } from 'lit';
import type { BloomSnapshot, TraceStep } from 'sdlab-wasm';
import { figure } from '../../lab/words';
import { StateView, type ViewFrame, statsStyles } from '../../ui/state-view';

/** Up to this many cells, each cell is drawn. */
const drawnCells = 4096;

export class SdBloomState extends StateView<BloomSnapshot> {

  static styles = [statsStyles, css`
    :host { display: block; }
    .cells { display: flex; flex-wrap: wrap; gap: 2px; }
    .cell { width: 10px; height: 10px; border-radius: 2px; background: var(--chip); box-sizing: border-box; }
    .counting .cell { width: 1.15rem; height: 1.15rem; font: 600 0.65rem/1.15rem var(--mono); text-align: center; color: var(--accent-fg); }
    .cell.set { background: var(--accent); }
    .cell.changed { background: var(--good); }
    .cell.lit { outline: 2px solid var(--warn); outline-offset: 1px; position: relative; z-index: 1; }
    .cell.lit:not(.set) { background: var(--bad-bg); outline-color: var(--bad); }
    .cell.current { outline: 3px solid var(--fg); z-index: 2; }
    .strip { position: relative; display: flex; height: 2.5rem; border: 1px solid var(--line); border-radius: 4px; overflow: hidden; }
    .slice { flex: 1; background: var(--accent); }
    .marker { position: absolute; top: 0; bottom: 0; width: 2px; margin-left: -1px; background: var(--warn); }
    .marker.clear { background: var(--bad); }
    .note { color: var(--muted); font-size: 0.85em; margin: 0.3rem 0 0; }
    .verdict { margin: 0.75rem 0 0; padding: 0.4rem 0.6rem; border-radius: 6px; font-weight: 600; overflow-wrap: anywhere; }
    .verdict.maybe { background: var(--warn-bg); color: var(--warn); }
    .verdict.absent { background: var(--good-bg); color: var(--good); }
    .probes { list-style: none; display: flex; flex-wrap: wrap; gap: 0.35rem; padding: 0; margin: 0.6rem 0 0; font-family: var(--mono); font-size: 0.85em; }
    .probes li { padding: 0.1rem 0.4rem; border-radius: 4px; background: var(--chip); }
    .probes li.clear { background: var(--bad-bg); color: var(--bad); }
    .probes li.current { outline: 2px solid var(--fg); }
    .item { font-family: var(--mono); }
  `];

  render() {
    const state = this.frame.state;
    const { steps, current } = this.stepsSoFar;
    const lit = litCells(this.frame, steps);
    const focus = current ? figure(current, 'cell') : Number.NaN;
    const item = this.frame.op?.args[0];
    const verdict = steps.find((s) => s.kind === 'maybe' || s.kind === 'absent');
    return html`
      ${this.stats(state)}
      ${state.cells && state.bits <= drawnCells ? this.grid(state, lit, focus) : this.strip(state, lit)}
      ${verdict ? html`<p class="verdict ${verdict.kind}" role="status">${verdictText(verdict)}</p>` : nothing}
      ${lit.size
        ? html`<p class="note">Cells of <span class="item">${item}</span>:</p>
            <ol class="probes" aria-label="cells of the item">${[...lit].map(([index, set]) => html`<li class="${set === false ? 'clear' : 'set'}${index === focus ? ' current' : ''}" data-index=${index}>${index}${set === undefined ? '' : set ? ': set' : ': clear'}</li>`)}</ol>`
        : nothing}`;
  }

  private stats(state: BloomSnapshot) {
    const items: [string, string | number][] = [
      ['bits m', state.bits.toLocaleString('en')],
      ['hashes k', state.hashes],
      ['items added', state.items],
      ['cells set', `${state.bitsSet} (${(state.fillRatio * 100).toFixed(1)}%)`],
      ['estimated count', Number.isFinite(state.estimatedCount) ? state.estimatedCount.toFixed(1) : '∞'],
      ['false-positive rate now', state.falsePositiveRate.toExponential(2)],
    ];
    if (state.counterBits) items.push(['counter bits', state.counterBits]);
    return html`<dl class="stats">${items.map(([k, v]) => html`<div><dt>${k}</dt><dd data-stat=${k}>${v}</dd></div>`)}</dl>`;
  }

  private grid(state: BloomSnapshot, lit: Map<number, boolean | undefined>, focus: number) {
    const cells = state.cells!;
    const before = this.previous?.state.cells;
    const counting = state.counterBits !== undefined;
    return html`<div class="cells ${counting ? 'counting' : ''}" role="img" aria-label="${state.bits} cells, ${state.bitsSet} set">
      ${cells.map((value, i) => {
        const classes = `cell${value ? ' set' : ''}${before && before.length === cells.length && before[i] !== value ? ' changed' : ''}${lit.has(i) ? ' lit' : ''}${i === focus ? ' current' : ''}`;
        return html`<span class=${classes} data-index=${i} ?data-flash=${lit.has(i)} title="cell ${i}: ${value}">${counting && value ? value : ''}</span>`;
      })}
    </div>`;
  }

  private strip(state: BloomSnapshot, lit: Map<number, boolean | undefined>) {
    const per = Math.ceil(state.bits / state.density.length);
    return html`<div class="strip" role="img" aria-label="${state.bits} cells in ${state.density.length} slices, ${state.bitsSet} set">
        ${state.density.map((d) => html`<span class="slice" .style=${`opacity: ${Math.max(0.04, d)}`}></span>`)}
        ${[...lit].map(([index, set]) => html`<span class="marker ${set === false ? 'clear' : ''}" data-flash .style=${`left: ${(index / state.bits) * 100}%`}></span>`)}
      </div>
      <p class="note">${state.bits.toLocaleString('en')} cells drawn as ${state.density.length} slices of about ${per.toLocaleString('en')}; the darker a slice, the more of it is set. Lines mark the item’s cells.</p>`;
  }
}

/** The cells the call touched, in hash order, with whether each is set after its step: the cell
 *  steps among `steps` (add sets, contains probes, remove decrements), or what positions()
 *  returned (undefined: not known from a density-only snapshot). */
function litCells(frame: ViewFrame<BloomSnapshot>, steps: readonly TraceStep[]): Map<number, boolean | undefined> {
  const cells = frame.state.cells;
  if (frame.op?.method === 'positions') return new Map((frame.result as number[]).map((i) => [i, cells && cells[i] > 0]));
  const isSet = (step: TraceStep) => figure(step, step.kind === 'probe' ? 'value' : 'now') > 0;
  return new Map(steps.filter((s) => !Number.isNaN(figure(s, 'cell')) && s.kind !== 'absent').map((s) => [figure(s, 'cell'), isSet(s)]));
}

function verdictText(step: TraceStep): string {
  return step.kind === 'absent' ? `“${step.subject}” is definitely absent: ${step.note}.` : `“${step.subject}” may be present: ${step.note}.`;
}

customElements.define('sd-bloom-state', SdBloomState);
