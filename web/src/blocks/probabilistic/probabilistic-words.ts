// What a bloom filter or count-min call did, in words, from the cells core/probabilistic reported:
// how many of an item's cells an add newly set, where a lookup stopped, what an estimate read.
import type { BloomSnapshot, CountMinSnapshot, TraceStep } from 'sdlab-wasm';
import type { Phrases, Said, Words } from '../../lab/block';
import { byMethod, figure, figures, listed, plural, quoted, stepOf } from '../../lab/words';

const item = (said: Said) => quoted(String(said.op.args[0]));
const cellsOf = (trace: readonly TraceStep[], kind: string) => trace.filter((s) => s.kind === kind);
const numbers = (cells: readonly TraceStep[]) => listed(cells.map((s) => String(figure(s, 'cell'))), 8);
const subject = (s: TraceStep) => quoted(s.subject);
/** "hash 2 → cell 417". */
const probe = (s: TraceStep) => `hash ${figure(s, 'hash')} → cell ${figure(s, 'cell')}`;

/** A cell's change: a bit (0 or 1) or a counter of a counting filter, which may be saturated. */
function change(was: number, now: number): string {
  if (was === now) return now === 1 ? 'already set' : `stays at its maximum, ${now}`;
  return was === 0 && now === 1 ? 'was clear, now set' : `${was} → ${now}`;
}

/** Every step a bloom or counting bloom filter reports, in words. */
export const bloomPhrases: Phrases = {
  add: (s) => `add ${subject(s)}: set its ${plural(figure(s, 'hashes'), 'cell')}`,
  set: (s) => `${probe(s)}: ${change(figure(s, 'was'), figure(s, 'now'))}`,
  lookup: (s) => `look up ${subject(s)}: probe its ${plural(figure(s, 'hashes'), 'cell')} until one is clear`,
  probe: (s) => `${probe(s)}: ${figure(s, 'value') === 0 ? 'clear' : figure(s, 'value') === 1 ? 'set' : `counter ${figure(s, 'value')}`}`,
  absent: (s) => `cell ${figure(s, 'cell')} is clear, so ${subject(s)} was never added`,
  maybe: (s) => `all ${figure(s, 'hashes')} cells are set: ${subject(s)} was added, or it is a false positive`,
  remove: (s) => `remove ${subject(s)}: take one from each of its ${plural(figure(s, 'hashes'), 'counter')}`,
  reject: (s) => `counter ${figure(s, 'cell')} is 0, so ${subject(s)} was never added: nothing removed`,
  decrement: (s) => `${probe(s)}: ${figure(s, 'was') === figure(s, 'now') ? `stuck at its maximum, ${figure(s, 'now')}` : `${figure(s, 'was')} → ${figure(s, 'now')}`}`,
};

/** "row 1, column 17". */
const cell = (s: TraceStep) => `row ${figure(s, 'row')}, column ${figure(s, 'column')}`;

/** Every step a count-min sketch reports, in words. */
export const countMinPhrases: Phrases = {
  update: (s) => `count ${subject(s)} ${plural(figure(s, 'count'), 'time')} in each of its ${plural(figure(s, 'rows'), 'row')}`,
  cell: (s) => `${cell(s)}: ${figure(s, 'was') === figure(s, 'now') ? `already ${figure(s, 'now')}, left as is` : `${figure(s, 'was')} → ${figure(s, 'now')}`}`,
  estimate: (s) => `estimate ${subject(s)}: read its cell in each of ${plural(figure(s, 'rows'), 'row')}`,
  read: (s) => `${cell(s)} holds ${figure(s, 'value')}`,
  min: (s) => `the smallest, ${figure(s, 'estimate')} in row ${figure(s, 'row')}, is the estimate`,
  'top-enter': (s) => `${subject(s)} joins the top-K with an estimate of ${figure(s, 'estimate')}`,
  'top-replace': (s) => `${subject(s)} (estimate ${figure(s, 'estimate')}) pushes ${quoted(String(figures(s).evicted))} out of the top-K`,
};

export const bloomWords: Words = byMethod({
  add: (said) => {
    const set = cellsOf(said.trace, 'set');
    const fresh = set.filter((s) => figure(s, 'was') === 0).length;
    return `added ${item(said)}: its ${plural(set.length, 'cell')} (${numbers(set)}), ${fresh} of them newly set`;
  },
  contains: (said) => {
    const verdict = stepOf(said.trace, 'maybe', 'absent');
    const k = figure(verdict, 'hashes');
    if (said.result) return `maybe: all ${k} cells of ${item(said)} are set — it was added, or it is a false positive`;
    return `definitely not: cell ${figure(verdict, 'cell')} of ${item(said)} is clear (probe ${figure(verdict, 'probed')} of ${k}), so it was never added`;
  },
  remove: (said) => {
    const counters = cellsOf(said.trace, 'decrement');
    const stuck = counters.filter((s) => figure(s, 'was') === figure(s, 'now')).length;
    return `removed ${item(said)}: its ${plural(counters.length, 'counter')} (${numbers(counters)}) went down by one${stuck ? `, except ${stuck} stuck at their maximum` : ''}`;
  },
  positions: (said) => `${item(said)} hashes to cells ${listed((said.result as number[]).map(String), 8)}`,
  clear: (said) => `cleared: ${plural((said.before as BloomSnapshot).bitsSet, 'set cell')} and ${plural((said.before as BloomSnapshot).items, 'item')} forgotten`,
});

export const countMinWords: Words = byMethod({
  update: (said) => {
    const cells = cellsOf(said.trace, 'cell');
    const raised = cells.filter((s) => figure(s, 'now') !== figure(s, 'was')).length;
    const top = stepOf(said.trace, 'top-enter', 'top-replace');
    const topWords = !top ? '' : top.kind === 'top-enter' ? '; it joins the top-K' : `; it pushes ${quoted(String(figures(top).evicted))} out of the top-K`;
    return `counted ${item(said)} ${plural(said.op.args[1] as number, 'time')}: ${raised} of ${plural(cells.length, 'cell')} raised, its estimate is now ${said.result}${topWords}`;
  },
  query: (said) => `${item(said)} is estimated at ${said.result}: the smallest of its ${plural(cellsOf(said.trace, 'read').length, 'cell')}`,
  clear: (said) => `cleared: a total of ${(said.before as CountMinSnapshot).total} forgotten`,
});
