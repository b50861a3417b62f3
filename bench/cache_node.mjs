// WebAssembly benchmarks under node, printed as JSON on stdout.
//   node bench/cache_node.mjs build/wasm-bench/wasm/sdlab_node.js
//
// workload: one runCacheWorkload call per policy — the same call, stream generation included,
//   that bench/cache_bench.cpp times natively (see there).
// Every figure is the fastest of 5 runs after a warm-up (bench/timing.mjs).
// calls: a per-call LRU from JS, the module's handles against npm lru-cache on the same calls:
//   strings: LruCache, 16-character keys and 8-character values;
//   integers: LruCacheInt, the same keys as integers (values too).
// Capacity 1,000; 200,000 keys drawn from 2,000 by a seeded xorshift32; every key put, then every
// key got back (about half hit). The hit counts must agree (both are LRU): both did the same work.
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

const CAPACITY = 1_000;
const draws = [];
for (let i = 0, x = 1; i < 200_000; ++i) {
  x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
  draws.push((x >>> 0) % (2 * CAPACITY));
}
const hex = (n, digits) => n.toString(16).padStart(digits, '0');
const workloads = {
  strings: { keys: draws.map((n) => `key:${hex(n, 12)}`), values: draws.map((n) => `val:${hex(n, 4)}`) },
  integers: { keys: draws, values: draws.map((n) => n * 7) },
};

// Puts then gets every key on a fresh cache; returns the hits.
function putThenGet(cache, { keys, values }) {
  for (let i = 0; i < keys.length; ++i) cache.set(keys[i], values[i]);
  let hits = 0;
  for (const key of keys) if (cache.get(key) !== undefined) ++hits;
  return hits;
}

function timeCalls(makeCache, workload) {
  let hits = 0;
  const seconds = fastestSeconds(() => {
    const cache = makeCache();
    hits = putThenGet(cache, workload);
    cache.dispose?.();
  });
  return { nsPerOp: (seconds * 1e9) / (2 * workload.keys.length), hits };
}

const sdlabCache = (Class) => () => {
  const handle = new Class(CAPACITY);
  return { set: (k, v) => handle.put(k, v), get: (k) => handle.get(k), dispose: () => handle.delete() };
};
const calls = {};
for (const [name, Class] of [['strings', sdlab.LruCache], ['integers', sdlab.LruCacheInt]]) {
  calls[name] = {
    wasm: timeCalls(sdlabCache(Class), workloads[name]),
    lruCache: timeCalls(() => new LRUCache({ max: CAPACITY }), workloads[name]),
  };
}

console.log(JSON.stringify({ workload, calls }, null, 2));
