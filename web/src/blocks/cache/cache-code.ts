// The code beside each cache's picture: its C++ file and its methods as pseudocode, each line
// lit by the trace steps named after it (see lab/code.ts).
import { pseudocode, type BlockCode } from '../../lab/code';

const lookup = ['get(key):', ['  if the map has no key: miss', 'miss'], ['  hit: the map gives the node', 'hit']] as const;

const lru = pseudocode(
  ...lookup,
  ['  unlink the node and relink it at the head (most recent)', 'promote'],
  'put(key, value):',
  ['  if cached: replace the value, move the node to the head', 'update'],
  ['  if capacity is 0: store nothing', 'reject'],
  ['  if full: unlink the tail node (least recent), erase its key', 'evict'],
  ['  a new node at the head; map[key] = node', 'insert'],
  ['remove(key): unlink the node, erase map[key]', 'remove'],
);

const fifo = pseudocode(
  ...lookup,
  '  (a hit moves nothing: order is arrival order)',
  'put(key, value):',
  ['  if cached: replace the value in place', 'update'],
  ['  if capacity is 0: store nothing', 'reject'],
  ['  if full: unlink the tail node (first in), erase its key', 'evict'],
  ['  a new node at the head; map[key] = node', 'insert'],
  ['remove(key): unlink the node, erase map[key]', 'remove'],
);

const lfu = pseudocode(
  ...lookup,
  ['  move it from bucket f to bucket f + 1; if bucket f was the minimum and empties, min = f + 1', 'promote'],
  'put(key, value):',
  ['  if cached: replace the value, count a use as get does', 'update'],
  ['  if capacity is 0: store nothing', 'reject'],
  ['  if full: evict the oldest entry of bucket min', 'evict'],
  ['  insert in bucket 1; min = 1', 'insert'],
  ['remove(key): unlink it from its bucket, erase map[key]', 'remove'],
);

const ttl = pseudocode(
  'get(key):',
  ['  if the policy has no key: miss', 'miss'],
  ['  if now ≥ written + ttl: remove it (lazy expiry), miss', 'expire'],
  ['  hit: the policy counts the use', 'hit', 'promote'],
  'put(key, value, ttl):',
  ['  if cached: replace value and deadline', 'update'],
  ['  if full: the policy evicts its victim, expired or not', 'evict'],
  ['  insert with deadline now + ttl', 'insert', 'reject'],
  ['remove(key): erase; an expired entry answers false', 'remove'],
  'sweep(): remove every expired entry (active expiry)',
);

const write = pseudocode(
  'get(key):',
  ['  a hit in the LRU cache returns at once', 'hit', 'promote'],
  ['  miss: read through from the slow store', 'miss', 'load'],
  ['  not in the store either: nothing', 'absent'],
  'put(key, value):',
  ['  write-through: write the store first, then the cache', 'store-write'],
  ['  write-back: write the cache, mark the key dirty', 'dirty'],
  ['  the cache stores it (LRU)', 'insert', 'update', 'evict', 'reject'],
  ['  an evicted dirty entry, or flush(): write it back to the store', 'write-back'],
  ['crash(): the cache empties', 'crash'],
  ['  each dirty entry is a lost acknowledged write', 'lost'],
);

export const cacheCode: Readonly<Record<string, BlockCode>> = {
  lru: { file: 'core/cache/list_cache.h', pseudocode: lru },
  fifo: { file: 'core/cache/list_cache.h', pseudocode: fifo },
  lfu: { file: 'core/cache/lfu_cache.h', pseudocode: lfu },
  ttl: { file: 'core/cache/ttl_cache.h', pseudocode: ttl },
  'write-through': { file: 'core/cache/write_cache.h', pseudocode: write },
  'write-back': { file: 'core/cache/write_cache.h', pseudocode: write },
};
