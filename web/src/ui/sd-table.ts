// <sd-table>: a table of rows under typed columns, in its own shadow root: a real <table> with a
// <caption>, <th scope="col"> headers and, for a column that names its row, <th scope="row">.
// Numbers align right in tabular figures and are shown by the column's format; a row may be
// highlighted; cells and rows may carry data-* attributes (for tests and styling hooks). Wide
// tables scroll sideways inside a focusable region rather than widening the page; the caption
// stays in view. The table takes the width it is given (its region is a size container).
//   table.caption = '…'; table.columns = [{header, value, format?, align?, rowHeader?, data?, cellClass?}];
//   table.rows = [...]; table.highlight = (row) => boolean; table.rowClass = (row) => 'added';
//   table.rowData = (row) => ({policy: 'lru'})
import { LitElement, css, html, nothing } from 'lit';
import { Directive, type ElementPart, type PartInfo, PartType, directive } from 'lit/directive.js';

export interface Column<R> {
  header: string;
  /** The cell's value: a number is formatted and aligned right; a string or a Lit template is
   *  shown as it is. */
  value: (row: R, index: number) => unknown;
  /** How a number is shown (see `formats`); the default is the number as it is. */
  format?: (value: number) => string;
  /** The default: 'end' for numbers, 'start' for the rest. */
  align?: 'start' | 'end';
  /** This column names its row: its cells are <th scope="row">. */
  rowHeader?: boolean;
  /** data-* attributes of the cell, without the data- prefix: {stat: 'max'} is data-stat="max". */
  data?: (row: R, index: number) => Record<string, string>;
  /** Names for the cell, space-separated: its classes and its part names, so the page styles
   *  it as sd-table::part(name) (every cell is also part "cell", or "row-header"). */
  cellClass?: (row: R, index: number) => string;
}

/** Ways to show a number. */
export const formats = {
  /** 1,234,567 */
  integer: (x: number) => x.toLocaleString('en'),
  /** 12.3% of a fraction in [0, 1] */
  percent: (digits = 1) => (x: number) => `${(x * 100).toFixed(digits)}%`,
  /** 0.123 */
  fixed: (digits: number) => (x: number) => x.toFixed(digits),
  /** 1.23e-2 */
  exponential: (digits: number) => (x: number) => x.toExponential(digits),
};

/** Sets data-* attributes from a record on the element it is bound to, and removes those it set
 *  before that the record no longer has. */
class DataAttributes extends Directive {
  private names: string[] = [];
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('dataAttributes belongs on an element');
  }
  render(_data: Record<string, string> | undefined) {
    return nothing;
  }
  update(part: ElementPart, [data]: [Record<string, string> | undefined]) {
    const entries = Object.entries(data ?? {});
    for (const name of this.names) if (!data || !(name in data)) part.element.removeAttribute(`data-${name}`);
    for (const [name, value] of entries) part.element.setAttribute(`data-${name}`, value);
    this.names = entries.map(([name]) => name);
    return nothing;
  }
}
const dataAttributes = directive(DataAttributes);

export class SdTable<R = unknown> extends LitElement {
  static properties = {
    caption: {},
    columns: { attribute: false },
    rows: { attribute: false },
    highlight: { attribute: false },
    rowClass: { attribute: false },
    rowData: { attribute: false },
  };
  declare caption: string;
  declare columns: readonly Column<R>[];
  declare rows: readonly R[];
  /** Rows to stand out (the one on show, the one at a target). */
  declare highlight: ((row: R, index: number) => boolean) | undefined;
  /** Names for each row, space-separated: its classes and part names (every row is part "row"). */
  declare rowClass: ((row: R, index: number) => string) | undefined;
  /** data-* attributes of each row. */
  declare rowData: ((row: R, index: number) => Record<string, string>) | undefined;

  static styles = css`
    :host { display: block; max-width: 100%; }
    .scroll { overflow-x: auto; container-type: inline-size; }
    .scroll:focus-visible { outline: 3px solid var(--accent); outline-offset: 1px; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
    /* A caption wraps within the visible width and stays put while a wide table scrolls. */
    caption { text-align: left; font-weight: 600; margin-bottom: 0.3rem; color: var(--fg); max-width: 100cqi; position: sticky; left: 0; }
    th, td { border: 1px solid var(--line); padding: 0.2rem 0.6rem; text-align: left; }
    thead th { color: var(--muted); font-weight: 600; background: var(--chip); }
    th[scope='row'] { font-weight: 600; }
    .end { text-align: right; }
    tr.highlight > * { background: var(--warn-bg); }
  `;

  constructor() {
    super();
    this.caption = '';
    this.columns = [];
    this.rows = [];
  }

  render() {
    return html`<div class="scroll" tabindex="0" role="region" aria-label=${this.caption || 'table'}><table part="table">
      ${this.caption ? html`<caption>${this.caption}</caption>` : nothing}
      <thead><tr>${this.columns.map((c) => html`<th scope="col" part="column-header" class=${alignOf(c, this.rows[0], 0)}>${c.header}</th>`)}</tr></thead>
      <tbody>${this.rows.map((row, i) => {
        const names = `${this.highlight?.(row, i) ? 'highlight' : ''} ${this.rowClass?.(row, i) ?? ''}`.trim();
        return html`<tr class=${names} part="row ${names}" ${dataAttributes(this.rowData?.(row, i))}>
        ${this.columns.map((c) => cell(c, row, i))}</tr>`;
      })}</tbody>
    </table></div>`;
  }
}

function alignOf<R>(column: Column<R>, row: R | undefined, index: number): string {
  if (column.align) return column.align;
  return row !== undefined && typeof column.value(row, index) === 'number' ? 'end' : 'start';
}

/** What a cell shows: a number by its column's format, anything else as it is. */
export function cellContent<R>(column: Column<R>, row: R, index: number): unknown {
  const value = column.value(row, index);
  if (typeof value === 'number') return column.format ? column.format(value) : String(value);
  return value ?? '';
}

function cell<R>(column: Column<R>, row: R, index: number) {
  const names = column.cellClass?.(row, index) ?? '';
  const classes = `${alignOf(column, row, index)} ${names}`;
  const data = dataAttributes(column.data?.(row, index));
  return column.rowHeader
    ? html`<th scope="row" class=${classes} part="row-header ${names}" ${data}>${cellContent(column, row, index)}</th>`
    : html`<td class=${classes} part="cell ${names}" ${data}>${cellContent(column, row, index)}</td>`;
}

customElements.define('sd-table', SdTable);

declare global {
  interface HTMLElementTagNameMap {
    'sd-table': SdTable;
  }
}
