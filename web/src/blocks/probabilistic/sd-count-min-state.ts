// <sd-count-min-state>: the picture of a count-min sketch. The d×w table with the item's cell in
// each row lit and the minimum (the estimate) picked; the item's d cells listed with their values;
// the top-K candidates with what joined or changed; the error bound ε·N. Cells and counts that
// changed since the previous step are marked. A table too big to draw (w·d > 65,536) shows only
// the item's cells.
import { css, html, nothing } from 'lit';
import type { CountMinSnapshot } from 'sdlab-wasm';
import { diffByKey } from '../../lab/diff';
import '../../ui/sd-table';
import { type Column } from '../../ui/sd-table';
import { StateView, statsStyles } from '../../ui/state-view';

export class SdCountMinState extends StateView<CountMinSnapshot> {

  static styles = [statsStyles, css`
    :host { display: block; }
    .grid::part(table) { font: 0.8rem var(--mono); }
    .grid::part(column-header), .grid::part(row-header) { font-weight: 400; padding: 0 0.3rem; white-space: nowrap; }
    .grid::part(cell) { min-width: 1.6rem; height: 1.6rem; text-align: center; padding: 0 0.15rem; }
    .grid::part(zero) { color: var(--muted); opacity: 0.5; }
    .grid::part(changed) { background: var(--good-bg); color: var(--good); font-weight: 700; }
    .grid::part(lit) { outline: 2px solid var(--warn); outline-offset: -2px; background: var(--warn-bg); color: var(--warn); font-weight: 700; opacity: 1; }
    .grid::part(min) { outline-color: var(--accent); background: var(--accent); color: var(--accent-fg); }
    h3 { margin: 0.9rem 0 0.35rem; font-size: 0.9em; }
    .picked { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 0.35rem; font-family: var(--mono); font-size: 0.85em; }
    .picked li { padding: 0.1rem 0.45rem; border-radius: 4px; background: var(--warn-bg); color: var(--warn); }
    .picked li.min { background: var(--accent); color: var(--accent-fg); font-weight: 700; }
    .top { margin: 0; padding-left: 1.6rem; font-family: var(--mono); }
    .top li { padding: 0.1rem 0.3rem; border-radius: 4px; overflow-wrap: anywhere; }
    .top li.added { background: var(--good-bg); }
    .top li.changed { background: var(--warn-bg); }
    .muted { color: var(--muted); }
  `];

  render() {
    const state = this.frame.state;
    const reads = this.frame.trace.filter((s) => s.kind === 'read');
    const min = this.frame.trace.find((s) => s.kind === 'min')?.subject;
    const lit = new Set(this.frame.trace.filter((s) => s.kind === 'cell' || s.kind === 'read').map((s) => s.subject));
    const item = this.frame.op?.args[0];
    return html`
      ${this.stats(state)}
      ${state.rows ? this.table(state, lit, min) : html`<p class="muted">The table has ${state.depth} × ${state.width.toLocaleString('en')} cells, too many to draw; the item’s cells are listed below.</p>`}
      ${reads.length
        ? html`<h3>Cells of “${item}” · the estimate is the smallest</h3>
            <ol class="picked" aria-label="cells of the item">${reads.map((s) => {
              const [row, column] = s.subject.split(',');
              return html`<li class=${s.subject === min ? 'min' : ''}>row ${row}, column ${column}: ${s.note}</li>`;
            })}</ol>`
        : nothing}
      ${state.topK ? this.top(state) : nothing}`;
  }

  private stats(state: CountMinSnapshot) {
    const items: [string, string | number][] = [
      ['width w', state.width],
      ['depth d', state.depth],
      ['ε', state.epsilon.toPrecision(3)],
      ['δ', state.delta.toPrecision(3)],
      ['total N', state.total],
      ['bound ε·N', state.bound.toFixed(1)],
      ['update', state.conservative ? 'conservative' : 'plain'],
    ];
    return html`<dl class="stats">${items.map(([k, v]) => html`<div><dt>${k}</dt><dd data-stat=${k}>${v}</dd></div>`)}</dl>`;
  }

  /** The d×w table: a row per hash row, the item's cells lit, the estimate's cell picked. */
  private table(state: CountMinSnapshot, lit: Set<string>, min: string | undefined) {
    const before = this.previous?.state.rows;
    const rows = state.rows!;
    const cellClass = (r: number, c: number) => {
      const at = `${r},${c}`;
      const changed = before?.[r]?.length === rows[r].length && before[r][c] !== rows[r][c];
      return [rows[r][c] ? '' : 'zero', changed ? 'changed' : '', lit.has(at) ? 'lit' : '', at === min ? 'min' : ''].join(' ');
    };
    const columns: Column<number[]>[] = [
      { header: 'row', value: (_, r) => `row ${r}`, rowHeader: true },
      ...rows[0].map((_, c): Column<number[]> => ({
        header: String(c), value: (row) => row[c], align: 'end', cellClass: (_, r) => cellClass(r, c),
        data: (_, r): Record<string, string> => (lit.has(`${r},${c}`) ? { cell: `${r},${c}`, flash: '' } : { cell: `${r},${c}` }),
      })),
    ];
    return html`<sd-table class="grid" data-motion caption="the ${state.depth} × ${state.width} table" .columns=${columns} .rows=${rows}></sd-table>`;
  }

  private top(state: CountMinSnapshot) {
    const keyed = (entries: CountMinSnapshot['top']) => entries.map((e) => ({ key: e.item, count: e.count }));
    const change = diffByKey(keyed(this.previous?.state.top ?? []), keyed(state.top));
    return html`<h3>Top ${state.topK} heavy hitters (by estimate)</h3>
      ${state.top.length
        ? html`<ol class="top" aria-label="top-K">${state.top.map((e) => html`<li class=${change.added.has(e.item) ? 'added' : change.changed.has(e.item) ? 'changed' : ''}><span data-item>${e.item}</span> · ${e.count}</li>`)}</ol>`
        : html`<p class="muted">empty</p>`}`;
  }
}

customElements.define('sd-count-min-state', SdCountMinState);
