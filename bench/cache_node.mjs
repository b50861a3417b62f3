// WebAssembly benchmarks under node, printed as JSON on stdout.
//   node bench/cache_node.mjs build/wasm-bench/wasm/sdlab_node.js
//
// workload: one runCacheWorkload call per policy — the same call, stream generation included,
//   that bench/cache_bench.cpp times natively (see there).
// Every figure is the fastest of 5 runs after a warm-up (bench/timing.mjs).
// calls: a per-call LRU from JS with short string keys — the module's LruCache handle against
//   npm lru-cache, on the same key sequence: every key put, then every key got back. The hit
//   counts must agree (both are LRU), which shows that both did the same work.
import { LRUCache } from 'lru-cache';
import { fastestSeconds, loadSdlab } from './timing.mjs';

const sdlab = await loadSdlab(process.argv[2]);
const WORKLOAD = { capacity: 10_000, operations: 1_000_000, distribution: 'zipf', universe: 100_000, skew: 1.0, seed: 1 };

const workload = {};
for (const policy of ['lru', 'lfu', 'fifo']) {
  const options = { ...WORKLOAD, policy };
  const seconds = fastestSeconds(() => sdlab.runCacheWorkload(options));
  workload[policy] = { opsPerSec: WORKLOAD.operations / seconds, hitRatio: sdlab.runCacheWorkload(options).hitRatio };
}

// 200,000 keys "k0".."k19999" from a seeded xorshift32: about half the gets hit a 10,000 entry LRU.
const CAPACITY = 10_000;
const keys = [];
for (let i = 0, x = 1; i < 200_000; ++i) {
  x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
  keys.push(`k${(x >>> 0) % 20_000}`);
}

// Puts then gets every key on a fresh cache; returns the hits.
function putThenGet(cache) {
  for (const key of keys) cache.set(key, 'v');
  let hits = 0;
  for (const key of keys) if (cache.get(key) !== undefined) ++hits;
  return hits;
}

function timeCalls(makeCache) {
  let hits = 0;
  const seconds = fastestSeconds(() => {
    const cache = makeCache();
    hits = putThenGet(cache);
    cache.dispose?.();
  });
  return { nsPerOp: (seconds * 1e9) / (2 * keys.length), hits };
}

const calls = {
  wasm: timeCalls(() => {
    const handle = new sdlab.LruCache(CAPACITY);
    return { set: (k, v) => handle.put(k, v), get: (k) => handle.get(k), dispose: () => handle.delete() };
  }),
  lruCache: timeCalls(() => new LRUCache({ max: CAPACITY })),
};

console.log(JSON.stringify({ workload, calls }, null, 2));
