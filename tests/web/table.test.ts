// @vitest-environment happy-dom
// <sd-table>: real table markup (caption, scoped headers), numbers formatted and aligned right,
// the highlighted row, row and cell classes doubling as part names, data attributes (and their
// removal when a later render no longer gives them).
import { describe, expect, it } from 'vitest';
import { type Column, SdTable, cellContent, formats } from '../../web/src/ui/sd-table';

interface Row {
  name: string;
  share: number;
  count: number;
}

const columns: Column<Row>[] = [
  { header: 'name', value: (r) => r.name, rowHeader: true },
  { header: 'share', value: (r) => r.share, format: formats.percent(1), data: (r) => ({ stat: `share-${r.name}` }) },
  { header: 'count', value: (r) => r.count, format: formats.integer, cellClass: (r) => (r.count > 1000 ? 'big' : '') },
];
const rows: Row[] = [
  { name: 'a', share: 0.125, count: 12 },
  { name: 'b', share: 1, count: 1_234_567 },
];

async function drawn(setup: (table: SdTable<Row>) => void) {
  const table = document.createElement('sd-table') as SdTable<Row>;
  table.caption = 'Counts';
  table.columns = columns;
  table.rows = rows;
  setup(table);
  document.body.append(table);
  await table.updateComplete;
  return table.shadowRoot!;
}

describe('formats', () => {
  it('shows numbers at both ends of what they are for', () => {
    expect(formats.integer(0)).toBe('0');
    expect(formats.integer(1_000_000)).toBe('1,000,000');
    expect(formats.percent(1)(0)).toBe('0.0%');
    expect(formats.percent(1)(1)).toBe('100.0%');
    expect(formats.fixed(3)(1 / 3)).toBe('0.333');
    expect(formats.exponential(2)(0.00996)).toBe('9.96e-3');
  });

  it('leaves text as it is and shows nothing for a missing value', () => {
    expect(cellContent({ header: 'x', value: () => '…', format: formats.integer }, {}, 0)).toBe('…');
    expect(cellContent({ header: 'x', value: () => undefined }, {}, 0)).toBe('');
  });
});

describe('<sd-table>', () => {
  it('draws a captioned table with scoped headers and formatted, right-aligned numbers', async () => {
    const root = await drawn(() => {});
    expect(root.querySelector('caption')!.textContent).toBe('Counts');
    expect([...root.querySelectorAll('thead th')].map((th) => [th.textContent, th.getAttribute('scope')])).toEqual([
      ['name', 'col'], ['share', 'col'], ['count', 'col'],
    ]);
    const second = root.querySelectorAll('tbody tr')[1];
    expect(second.querySelector('th')!.getAttribute('scope')).toBe('row');
    expect([...second.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['100.0%', '1,234,567']);
    expect(second.querySelector('td')!.classList.contains('end')).toBe(true);
    expect(second.querySelector('th')!.classList.contains('start')).toBe(true);
  });

  it('marks the highlighted row and names rows and cells for styling and tests', async () => {
    const root = await drawn((table) => {
      table.highlight = (r) => r.name === 'b';
      table.rowClass = (r) => (r.name === 'a' ? 'added' : '');
      table.rowData = (r) => ({ name: r.name });
    });
    const [a, b] = root.querySelectorAll('tbody tr');
    expect(b.classList.contains('highlight')).toBe(true);
    expect(a.classList.contains('highlight')).toBe(false);
    expect(a.getAttribute('part')).toBe('row added');
    expect(b.getAttribute('data-name')).toBe('b');
    expect(root.querySelector('[data-stat="share-a"]')!.textContent).toBe('12.5%');
    const big = b.querySelectorAll('td')[1];
    expect(big.classList.contains('big')).toBe(true);
    expect(big.getAttribute('part')).toBe('cell big');
  });

  it('removes a data attribute that a later render no longer gives', async () => {
    let lit = 'a';
    const flashing = (table: SdTable<Row>) => [...table.shadowRoot!.querySelectorAll('[data-flash]')].map((cell) => cell.textContent);
    const table = document.createElement('sd-table') as SdTable<Row>;
    table.columns = [{ header: 'name', value: (r) => r.name, data: (r): Record<string, string> => (r.name === lit ? { flash: '', name: r.name } : { name: r.name }) }];
    table.rows = rows;
    document.body.append(table);
    await table.updateComplete;
    expect(flashing(table)).toEqual(['a']);
    lit = 'b';
    table.rows = [...rows];
    await table.updateComplete;
    expect(flashing(table)).toEqual(['b']);
    expect(table.shadowRoot!.querySelectorAll('[data-name]').length).toBe(2);
  });
});
