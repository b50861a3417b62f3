// Sharding as the page sees it: keys spread by hash, by range or by region, and what adding a
// shard moves. The strategies are the C++ in core/partition/sharding.h.
import { html } from 'lit';
import { methodsOf, paramsOf } from '../../lab/api';
import type { BlockDef, Op } from '../../lab/block';
import { shardingPhrases, shardingWords } from './partition-words';
import './sd-sharding-state';

const orders: Op[] = Array.from({ length: 12 }, (_, i) => ({ method: 'put', args: [`order-${String(i + 1).padStart(6, '0')}`, 'eu-west'] }));

export const shardingBlock: BlockDef = {
  id: 'sharding',
  domain: 'partition',
  title: 'Sharding',
  summary: 'Keys spread by hash, by range or by region — and what adding a shard costs.',
  params: paramsOf('Sharding', { strategy: 'range', shards: 4 }),
  methods: methodsOf('Sharding', { put: ['user-42', 'eu-west'], get: ['user-42'], addShard: [], splitShard: [3] }),
  create: (sdlab, p) => new sdlab.Sharding(p.strategy as 'hash', p.shards as number),
  view: 'sd-sharding-state',
  words: shardingWords,
  phrases: shardingPhrases,
  explain: html`<p><strong>hash</strong> mod N spreads keys evenly, but adding a shard moves about
      N/(N+1) of them (consistent hashing fixes that). <strong>range</strong> keeps keys in order —
      range scans stay on one shard — but sequential keys (timestamps, order numbers) all land on
      the one range that holds their prefix: a hotspot. Numbers land on the first range (digits
      sort before letters), <code>order-…</code> on the one holding “o”. Splitting it moves only
      half of one shard, and every new key then lands on the upper half: the hotspot moves.
      <strong>geo</strong> keeps a region's data near its users; adding a shard moves one region.</p>
    <p>Load the example: twelve sequential order ids on range sharding, then a split.</p>`,
  example: [...orders, { method: 'splitShard', args: [3] }],
};
