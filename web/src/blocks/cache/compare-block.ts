// LRU vs LFU vs FIFO as one block with three actors: every call goes to all three caches, one
// timeline steps them in lockstep, so the same moment shows three different victims and hit
// ratios. The generic page does the rest (log, replay, checkpoints, permalink).
import { html } from 'lit';
import { type BlockDef, type Op, actorsOf } from '../../lab/block';
import { evictionBlocks, lruBlock } from './cache-blocks';
import './sd-cache-compare';

// A sequence where the three disagree: "a" is hot, "c" is used once, "d" and "e" arrive late.
const scanExample: Op[] = ['a', 'b', 'c', 'a', 'a', 'b', 'd', 'a', 'e', 'b', 'a', 'c']
  .flatMap((key) => [{ method: 'get', args: [key] }, { method: 'put', args: [key, key.toUpperCase()] }]);

export const cacheCompareBlock: BlockDef = {
  id: 'compare',
  domain: 'cache',
  title: 'LRU vs LFU vs FIFO',
  summary: 'The same calls go to all three caches. Step through them together and watch where they part ways.',
  params: lruBlock.params,
  methods: lruBlock.methods,
  actors: evictionBlocks.flatMap(actorsOf),
  view: 'sd-cache-compare',
  words: lruBlock.words,
  phrases: lruBlock.phrases,
  explain: html`<p>Each call goes to an LRU, an LFU and a FIFO cache of the same capacity (or to one
      of them, with "call as"). LRU keeps what was used last, LFU what was used most, FIFO what
      arrived last: a scan flushes LRU's hot keys, LFU keeps them, FIFO ignores use altogether.</p>`,
  example: scanExample,
  exampleLabel: 'Load the example sequence',
};
