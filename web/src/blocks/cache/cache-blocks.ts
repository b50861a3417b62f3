// The cache blocks as the page sees them: parameters, API methods and explanations.
// The algorithms themselves are the C++ in core/cache; this file only describes them.
import { html } from 'lit';
import type { SdlabModule } from 'sdlab-wasm';
import { methodsOf, paramsOf } from '../../lab/api';
import type { BlockDef, Op } from '../../lab/block';
import { cachePhrases, cacheWords } from './cache-words';
import './sd-cache-state';

const evictingCacheMethods = { put: ['a', '1'], get: ['a'], peek: ['a'], contains: ['a'], remove: ['a'], clear: [] };

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
  api: 'LruCache' | 'LfuCache' | 'FifoCache',
  explain: BlockDef['explain'],
): BlockDef {
  return {
    id,
    domain: 'cache',
    title,
    summary,
    params: paramsOf(api, { capacity: 3 }),
    methods: methodsOf(api, evictingCacheMethods),
    create: (sdlab: SdlabModule, params) => new sdlab[api](params.capacity as number),
    view: 'sd-cache-state',
    explain,
    words: cacheWords,
    phrases: cachePhrases,
    example,
  };
}

export const lruBlock = policyBlock(
  'lru',
  'LRU cache',
  'Evicts the least recently used key.',
  'LruCache',
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
  'LfuCache',
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
  'FifoCache',
  html`<p>A queue in insertion order with a hash map for lookups. Reads never reorder, so a get is
      a pure lookup; an update keeps the key's place. A put into a full cache evicts the oldest
      insertion. O(1).</p>
    <p><strong>Good at</strong> simplicity and read concurrency (reads change nothing).
      <strong>Weak at</strong> popularity: a hot key is evicted as soon as it is the oldest.</p>`,
);

export const ttlBlock: BlockDef = {
  id: 'ttl',
  domain: 'cache',
  title: 'TTL cache',
  summary: 'Entries expire after a time-to-live on a simulated clock; LRU evicts when full.',
  params: paramsOf('TtlCache', { capacity: 3, defaultTtlMs: 1000 }),
  methods: methodsOf('TtlCache', {
    put: ['session', 'alice'], putWithTtl: ['otp', '4711', 500], get: ['otp'], advance: [300], sweep: [],
    peek: ['otp'], remove: ['otp'], clear: [],
  }),
  create: (sdlab, params) => new sdlab.TtlCache(params.capacity as number, params.defaultTtlMs as number),
  view: 'sd-cache-state',
  words: cacheWords,
  phrases: cachePhrases,
  explain: html`<p>Each entry carries an expiry time on a simulated clock that only moves when you
      call <code>advance</code>. Expiry is lazy — a <code>get</code> of an expired entry removes it
      and reports a miss — plus an explicit <code>sweep</code> that removes every expired entry,
      as Redis combines lazy expiry with a periodic sweep. When the cache is full, LRU evicts.</p>
    <p><strong>Trade-off:</strong> a short TTL keeps data fresh but costs misses; a long one serves
      stale data for longer. Lazy expiry alone leaves dead entries in memory until touched.</p>`,
  example: [
    { method: 'put', args: ['session', 'alice'] },
    { method: 'putWithTtl', args: ['otp', '4711', 200] },
    { method: 'advance', args: [300] },
    { method: 'get', args: ['otp'] },
    { method: 'get', args: ['session'] },
    { method: 'advance', args: [800] },
    { method: 'sweep', args: [] },
  ],
};

function writeBlock(mode: 'through' | 'back'): BlockDef {
  const back = mode === 'back';
  return {
    id: `write-${mode}`,
    domain: 'cache',
    title: `Write-${mode} cache`,
    summary: back
      ? 'Writes land in the cache and reach the slow store later: fast, but a crash loses them.'
      : 'Every write goes to the cache and the slow store at once: slower, nothing to lose.',
    params: paramsOf('WriteCache', { capacity: 3, storeLatencyMs: 50 }),
    methods: methodsOf('WriteCache', { put: ['a', '1'], get: ['a'], flush: [], crash: [], remove: ['a'] }),
    create: (sdlab, params) => new sdlab.WriteCache(mode, params.capacity as number, params.storeLatencyMs as number),
    view: 'sd-cache-state',
    words: cacheWords,
    phrases: cachePhrases,
    explain: back
      ? html`<p>A put only marks the cached entry <em>dirty</em>. Dirty entries reach the store when
          they are evicted or on <code>flush</code>, so a burst of writes to one key costs one store
          write. Until then the store is behind — and a <code>crash</code> loses every dirty entry,
          although each put was acknowledged.</p>
          <p><strong>Trade-off:</strong> write latency and store load against durability.</p>`
      : html`<p>A put writes the cache and the store before it returns, so the store is always
          current and a <code>crash</code> of the cache loses nothing. Each write pays the store's
          latency (see the simulated clock).</p>
          <p><strong>Trade-off:</strong> durability and consistency against write latency.</p>`,
    example: [
      { method: 'put', args: ['a', '1'] },
      { method: 'put', args: ['b', '2'] },
      { method: 'put', args: ['a', '3'] },
      { method: 'crash', args: [] },
      { method: 'get', args: ['a'] },
    ],
  };
}

export const writeThroughBlock = writeBlock('through');
export const writeBackBlock = writeBlock('back');

/** The three eviction policies, which share one API: compared side by side. */
export const evictionBlocks: readonly BlockDef[] = [lruBlock, lfuBlock, fifoBlock];

export const cacheBlocks: readonly BlockDef[] = [...evictionBlocks, ttlBlock, writeThroughBlock, writeBackBlock];
