// Bloom filter and count-min sketch in WebAssembly under node, and npm bloom-filters in the same
// process, printed as JSON on stdout.
//   node bench/probabilistic_node.mjs build/wasm-bench/wasm/sdlab_node.js
//
// batch: one bloomExperiment or countMinExperiment call with the options that
//   bench/probabilistic_bench.cpp runs natively as bloom_fill, bloom_probe and count_min (see
//   there for what each call does).
// calls: one call from JS per operation on 100,000 items "item-<i>" (the native per-operation
//   benchmarks' and bench/probabilistic.py's items) — the module's BloomFilter and CountMinSketch
//   handles against bloom-filters' BloomFilter(m, k) and CountMinSketch(w, d) with the same m, k,
//   w, d: a fresh filter with every item added, then every item looked up (found must be 100,000
//   on both: no false negatives), and a fresh sketch with every item updated by 1.
// kernel: the same items and shapes through the kernel-only batch methods — BloomFilter.addAll and
//   countContained, CountMinSketch.updateAll — each one call on the items packed beforehand
//   (PackedItems): the block itself, as bench/probabilistic.py times its own loop.
// Every figure above is the fastest of 5 runs after a warm-up (bench/timing.mjs).
// firstCallMs: each kernel workload's first run on 1,048,576 items in a freshly started node (a
//   child process per run, so the module is compiled anew), as one call (`single`) or as 16 calls
//   of 65,536 (`chunked`); the median of 5 processes each, alternating (see
//   bench/probabilistic_chunks.mjs for why the first call differs).
//   node bench/probabilistic_node.mjs <module> --first-call single|chunked   runs one such child.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import bloomFilters from 'bloom-filters';  // CommonJS: no named exports
import { CHUNK, TOTAL, firstCalls, medians, packItems, split } from './probabilistic_chunks.mjs';
import { fastestSeconds, loadSdlab } from './timing.mjs';

const { BloomFilter, CountMinSketch } = bloomFilters;

const sdlab = await loadSdlab(process.argv[2]);
const firstCall = process.argv.indexOf('--first-call');
if (firstCall > 0) {
  const items = packItems(TOTAL);
  const pieces = process.argv[firstCall + 1] === 'single' ? [items] : split(items, CHUNK);
  console.log(JSON.stringify(firstCalls(sdlab, pieces)));
  process.exit(0);
}

const BLOOM = { expectedItems: 1_000_000, falsePositiveRate: 0.01, maxItems: 1_000_000, seed: 1 };
const SKETCH = { width: 2719, depth: 5 };
const batch = {
  bloomFill: fastestSeconds(() => sdlab.bloomExperiment({ ...BLOOM, points: 1, probes: 1 })),
  bloomProbe: fastestSeconds(() => sdlab.bloomExperiment({ ...BLOOM, points: 100, probes: 100_000 })),
  countMin: fastestSeconds(() => sdlab.countMinExperiment({ ...SKETCH, updates: 1_000_000, universe: 100_000, skew: 1.1, topK: 0, seed: 1 })),
};

const items = Array.from({ length: 100_000 }, (_, i) => `item-${i}`);
const { bits, hashes } = sdlab.bloomSizing(items.length, 0.01);
const perSec = (seconds) => items.length / seconds;

// adds/s and contains/s on a filter from `make`, with the items found.
function timeFilter(make, add, has, dispose) {
  const adds = perSec(fastestSeconds(() => {
    const filter = make();
    for (const item of items) add(filter, item);
    dispose(filter);
  }));
  const filter = make();
  for (const item of items) add(filter, item);
  let found = 0;
  const contains = perSec(fastestSeconds(() => {
    found = 0;
    for (const item of items) if (has(filter, item)) ++found;
  }));
  dispose(filter);
  return { adds, contains, found };
}

function timeSketch(make, dispose) {
  return perSec(fastestSeconds(() => {
    const sketch = make();
    for (const item of items) sketch.update(item, 1);
    dispose(sketch);
  }));
}

const calls = {
  bits, hashes, ...SKETCH,
  sdlab: {
    ...timeFilter(() => new sdlab.BloomFilter({ bits, hashes }), (f, x) => f.add(x), (f, x) => f.contains(x), (f) => f.delete()),
    updates: timeSketch(() => new sdlab.CountMinSketch(SKETCH), (s) => s.delete()),
  },
  bloomFilters: {
    ...timeFilter(() => new BloomFilter(bits, hashes), (f, x) => f.add(x), (f, x) => f.has(x), () => {}),
    updates: timeSketch(() => new CountMinSketch(SKETCH.width, SKETCH.depth), () => {}),
  },
};

const packed = packItems(items.length);
const kernel = {
  adds: perSec(fastestSeconds(() => {
    const filter = new sdlab.BloomFilter({ bits, hashes });
    filter.addAll(packed);
    filter.delete();
  })),
  ...(() => {
    const filter = new sdlab.BloomFilter({ bits, hashes });
    filter.addAll(packed);
    let found = 0;
    const contains = perSec(fastestSeconds(() => { found = filter.countContained(packed); }));
    filter.delete();
    return { contains, found };
  })(),
  updates: perSec(fastestSeconds(() => {
    const sketch = new sdlab.CountMinSketch(SKETCH);
    sketch.updateAll(packed);
    sketch.delete();
  })),
};

// The median of each workload's first-call milliseconds over 5 fresh processes per split.
function firstCallMs() {
  const runs = { single: [], chunked: [] };
  for (let i = 0; i < 5; ++i) {
    for (const mode of ['single', 'chunked']) {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), process.argv[2], '--first-call', mode]);
      runs[mode].push(JSON.parse(out));
    }
  }
  return medians(runs);
}

console.log(JSON.stringify({ batchSeconds: batch, calls, kernel, firstCallMs: firstCallMs() }, null, 2));
