// The probabilistic blocks as the page sees them. The algorithms are the C++ in core/probabilistic
// (Kirsch–Mitzenmacher double hashing over XXH3; count-min with conservative update and top-K).
import { html } from 'lit';
import { construct, methodsOf, paramsOf } from '../../lab/api';
import type { BlockDef } from '../../lab/block';
import { bloomPhrases, bloomWords, countMinPhrases, countMinWords } from './probabilistic-words';
import './sd-bloom-sizing';
import './sd-bloom-state';
import './sd-count-min-state';

// The constructors take an options object; its fields are the page's parameters (paramsOf
// flattens it, construct gathers it back).
const bloomShape = { expectedItems: 100, falsePositiveRate: 0.01 };

const bloomExample = [
  ...['alice', 'bob', 'carol'].map((name) => ({ method: 'add', args: [name] })),
  { method: 'contains', args: ['alice'] },
  { method: 'contains', args: ['dave'] },
];

const sizing = html`<p>Sized for <em>n</em> items at false-positive rate <em>p</em>:
    m = ⌈−n·ln p / (ln 2)²⌉ bits and k = round(m/n · ln 2) hashes. Try it:</p>
  <sd-bloom-sizing></sd-bloom-sizing>`;

export const bloomBlock: BlockDef = {
  id: 'bloom',
  domain: 'probabilistic',
  title: 'Bloom filter',
  summary: 'A bit array and k hashes: “definitely not” or “maybe”, in a few bits per item.',
  params: paramsOf('BloomFilter', bloomShape),
  methods: methodsOf('BloomFilter', { add: ['alice'], contains: ['alice'], positions: ['alice'], clear: [] }),
  create: (sdlab, p) => construct(sdlab, 'BloomFilter', p),
  view: 'sd-bloom-state',
  words: bloomWords,
  phrases: bloomPhrases,
  explain: html`<p>An add sets k cells chosen by hashing the item; a lookup probes the same k cells
      and stops at the first clear one: the item was never added. If all k are set the answer is
      “maybe” — they may have been set by other items, a false positive. Nothing is ever missed.
      The k indexes come from two halves of one 128-bit XXH3 hash, h₁ + i·h₂
      (Kirsch–Mitzenmacher), as LevelDB and Guava do. O(k) per call, no items stored.</p>
    ${sizing}
    <p><strong>Trade-off:</strong> memory against the false-positive rate; a plain filter cannot
      remove (see the counting variant) and fills up if you add more than it was sized for.</p>`,
  example: bloomExample,
};

export const countingBloomBlock: BlockDef = {
  id: 'counting-bloom',
  domain: 'probabilistic',
  title: 'Counting bloom filter',
  summary: 'Counters instead of bits, so an item can be removed again.',
  params: paramsOf('CountingBloomFilter', { ...bloomShape, counterBits: 4 }),
  methods: methodsOf('CountingBloomFilter', { add: ['alice'], contains: ['alice'], remove: ['alice'], positions: ['alice'], clear: [] }),
  create: (sdlab, p) => construct(sdlab, 'CountingBloomFilter', p),
  view: 'sd-bloom-state',
  words: bloomWords,
  phrases: bloomPhrases,
  explain: html`<p>Each cell is a small counter: add increments the item’s k counters, remove
      decrements them, and a lookup asks whether all k are non-zero. Removing an item whose
      counter is already 0 is refused. A saturated counter stays at its maximum (it may be
      shared), at the price of never reaching 0 again.</p>
    ${sizing}
    <p><strong>Trade-off:</strong> 4 or 8 times the memory of a plain filter for deletion; removing
      something that was never added (a false positive) corrupts other items’ counters.</p>`,
  example: [...bloomExample.slice(0, 3), { method: 'remove', args: ['bob'] }, { method: 'contains', args: ['bob'] }],
};

export const countMinBlock: BlockDef = {
  id: 'count-min',
  domain: 'probabilistic',
  title: 'Count-min sketch',
  summary: 'Counts in a d×w table: never under, over by at most ε·N with probability 1−δ; top-K on top.',
  params: paramsOf('CountMinSketch', { epsilon: 0.1, delta: 0.05, conservative: false, topK: 5 }),
  methods: methodsOf('CountMinSketch', { update: ['#sdlab', 1], query: ['#sdlab'], clear: [] }),
  create: (sdlab, p) => construct(sdlab, 'CountMinSketch', p),
  view: 'sd-count-min-state',
  words: countMinWords,
  phrases: countMinPhrases,
  explain: html`<p>Each of d rows hashes the item to one of w columns and adds the count there.
      Other items land in the same cells, so every cell overcounts; the query takes the minimum
      over the rows, the least polluted. With w = ⌈e/ε⌉ and d = ⌈ln 1/δ⌉ the estimate exceeds
      the truth by more than ε·N (N = total of all counts) with probability at most δ.
      <em>Conservative update</em> raises only the cells below the new estimate, which cuts the
      overcount. A bounded set of candidates ordered by estimate gives the top-K heavy hitters
      (trending hashtags) in O(K) memory.</p>
    <p><strong>Trade-off:</strong> O(w·d) memory whatever the number of distinct items, against
      answers that are upper bounds.</p>`,
  example: [
    ...[['#wasm', 5], ['#cpp', 3], ['#lit', 1], ['#wasm', 2], ['#rust', 3], ['#cpp', 1]].map((args) => ({ method: 'update', args })),
    { method: 'query', args: ['#go'] },
  ],
};

export const probabilisticBlocks: readonly BlockDef[] = [bloomBlock, countingBloomBlock, countMinBlock];
