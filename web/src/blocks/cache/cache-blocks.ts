// The cache blocks as the page sees them: parameters, API methods and explanations.
// The algorithms themselves are the C++ in core/cache; this file only describes them.
import { html } from 'lit';
import type { CacheConstructor, SdlabModule } from 'sdlab-wasm';
import type { BlockDef, FieldSpec, MethodSpec, Op } from '../../lab/block';
import './sd-cache-state';

const key: FieldSpec = { name: 'key', type: 'string', default: 'a' };
const value: FieldSpec = { name: 'value', type: 'string', default: '1' };
const capacity: FieldSpec = { name: 'capacity', type: 'number', default: 3, min: 0, max: 1_000_000, hint: '0 stores nothing' };

export const evictingCacheMethods: readonly MethodSpec[] = [
  { name: 'put', args: [key, value], help: 'Insert or update; may evict. Returns the evicted key.' },
  { name: 'get', args: [key], help: 'Look up; counts a hit or a miss.' },
  { name: 'peek', args: [key], help: 'Look up without counting or reordering.' },
  { name: 'contains', args: [key], help: 'Is the key cached?' },
  { name: 'remove', args: [key], help: 'Delete a key.' },
  { name: 'clear', args: [], help: 'Delete everything (statistics stay).' },
];

const example: Op[] = [
  { method: 'put', args: ['a', '1'] },
  { method: 'put', args: ['b', '2'] },
  { method: 'put', args: ['c', '3'] },
  { method: 'get', args: ['a'] },
  { method: 'put', args: ['d', '4'] },
];

function policyBlock(
  id: 'lru' | 'lfu' | 'fifo',
  title: string,
  summary: string,
  pick: (sdlab: SdlabModule) => CacheConstructor,
  explain: BlockDef['explain'],
): BlockDef {
  return {
    id,
    domain: 'cache',
    title,
    summary,
    params: [capacity],
    methods: evictingCacheMethods,
    create: (sdlab, params) => new (pick(sdlab))(params.capacity as number),
    view: 'sd-cache-state',
    explain,
    example,
  };
}

export const lruBlock = policyBlock(
  'lru',
  'LRU cache',
  'Evicts the least recently used key.',
  (s) => s.LruCache,
  html`<p>A hash map finds the entry; a doubly linked list keeps entries from most recently used
      (head) to least (tail). A hit or an update moves the entry to the head; a put into a full
      cache evicts the tail. Every operation is O(1).</p>
    <p><strong>Good at</strong> temporal locality: what was used lately is used again.
      <strong>Weak at</strong> scans: one pass over cold keys flushes the hot ones.</p>`,
);

export const lfuBlock = policyBlock(
  'lfu',
  'LFU cache',
  'Evicts the least frequently used key; ties go to the least recent.',
  (s) => s.LfuCache,
  html`<p>Entries sit in buckets by use count, lowest first; inside a bucket the most recent is
      first. A hit moves the entry to the next bucket (count + 1). A put into a full cache evicts
      the least recent entry of the lowest bucket. All O(1) (Shah, Mitra &amp; Matani).</p>
    <p><strong>Good at</strong> stable popularity: hot keys survive scans.
      <strong>Weak at</strong> change: a key that was hot once keeps its count after it cools, and
      a new key starts at 1, first in line for eviction.</p>`,
);

export const fifoBlock = policyBlock(
  'fifo',
  'FIFO cache',
  'Evicts the key inserted longest ago.',
  (s) => s.FifoCache,
  html`<p>A queue in insertion order with a hash map for lookups. Reads never reorder, so a get is
      a pure lookup; an update keeps the key's place. A put into a full cache evicts the oldest
      insertion. O(1).</p>
    <p><strong>Good at</strong> simplicity and read concurrency (reads change nothing).
      <strong>Weak at</strong> popularity: a hot key is evicted as soon as it is the oldest.</p>`,
);

export const cacheBlocks: readonly BlockDef[] = [lruBlock, lfuBlock, fifoBlock];
