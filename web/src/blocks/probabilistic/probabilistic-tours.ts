// Tours of the probabilistic blocks for a first-time learner (see lab/tour.ts). What each
// sentence says happened is pinned by tests/web/tours.test.ts against the real calls.
import type { Tour } from '../../lab/tour';

const add = (item: string) => ({ method: 'add', args: [item] });
const contains = (item: string) => ({ method: 'contains', args: [item] });

export const probabilisticTours: readonly Tour[] = [
  {
    id: 'maybe',
    block: 'bloom',
    title: 'Why a bloom filter says “maybe”',
    params: { expectedItems: 5, falsePositiveRate: 0.2 },
    intro: 'A bloom filter keeps no items, only cells. This one is tiny — sized for 5 items at a 20% false-positive rate: 17 cells and 2 hashes — so you can watch every cell.',
    steps: [
      { call: add('alice'), say: 'alice hashes to cells 13 and 1, and both are set. The word alice itself is stored nowhere.' },
      { call: add('bob'), say: 'Both of bob’s hashes land on cell 1, which alice already set: adding bob changes nothing you can see.' },
      { call: add('carol'), say: 'carol sets cells 11 and 5.' },
      { call: add('dave'), say: 'dave hashes to cells 13 and 1 — exactly alice’s. From now on the filter cannot tell dave from alice.' },
      { call: add('erin'), say: 'erin hashes to cells 11 and 2; only 2 is new. 5 of the 17 cells are set now.' },
      { call: contains('alice'), say: 'Both of alice’s cells are set, so the answer is true. All the filter can mean by it is “maybe”: nothing records whose cells these are.' },
      { call: contains('frank'), say: 'frank’s first cell, 6, is clear, and one clear cell is proof: frank was never added. A bloom filter’s “no” is always certain.' },
      { call: contains('uma'), say: 'uma probes cells 5 and 11 — set by carol and erin. Both are set, so the filter says maybe. uma was never added: a false positive.' },
    ],
    summary:
      'A bloom filter answers “definitely not” or “maybe”. It never misses an item it was given, but other items’ cells can make a stranger look present, and the more cells are set the likelier that is (here about 20%). More cells per item lower the rate: the sizing calculator below shows how many for the rate you need.',
  },
];
