// The code beside each probabilistic structure's picture: its C++ file and its methods as
// pseudocode, each line lit by the trace steps named after it (see lab/code.ts).
import { pseudocode, type BlockCode } from '../../lab/code';

// Kirsch–Mitzenmacher: the k cells of an item from two hashes.
const probes = '  cells: h1 + i × h2 mod m for i = 0 … k − 1, h1, h2 from XXH3(item)';

const bloom = (mark: string) => [
  ['add(item):', 'add'],
  probes,
  [`  ${mark}`, 'set'],
  ['contains(item):', 'lookup'],
  probes,
  ['  test each cell in turn', 'probe'],
  ['    a clear cell: false, definitely never added', 'absent'],
  ['  all set: true, added or a false positive', 'maybe'],
] as const;

export const probabilisticCode: Readonly<Record<string, BlockCode>> = {
  bloom: { file: 'core/probabilistic/bloom_filter.h', pseudocode: pseudocode(...bloom('set each cell')) },
  'counting-bloom': {
    file: 'core/probabilistic/counting_bloom_filter.h',
    pseudocode: pseudocode(
      ...bloom('increment each counter (a saturated one stays at its maximum)'),
      ['remove(item):', 'remove'],
      ['  any of its counters is 0: refuse, it was never added', 'reject'],
      ['  decrement each counter (a saturated one stays at its maximum)', 'decrement'],
    ),
  },
  'count-min': {
    file: 'core/probabilistic/count_min_sketch.h',
    pseudocode: pseudocode(
      ['update(item, count):', 'update'],
      '  one cell per row: hash_row(item) mod width',
      ['  add count to each (conservative: raise each only up to min + count)', 'cell'],
      ['  the item\'s estimate is the smallest of its cells', 'min'],
      ['  not a top-K candidate and room left: it joins', 'top-enter'],
      ['  its estimate beats the smallest candidate\'s: it replaces it', 'top-replace'],
      'query(item) (and update, for its estimate):',
      ['  read its cell in every row', 'estimate', 'read'],
      '  the smallest is the estimate: never below the truth',
    ),
  },
};
