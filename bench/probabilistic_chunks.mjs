// One long batch call against the same work in chunks, on a freshly compiled module: V8 runs a
// new WebAssembly function on its baseline compiler (Liftoff) and tiers it up to TurboFan in the
// background, but a call already running keeps the code it started with (no on-stack
// replacement). So a single call of 1,048,576 items may run on baseline code throughout, while 16
// calls of 65,536 pick up the optimized code as soon as it is ready.
//
// Shared by bench/probabilistic_node.mjs (node) and bench/probabilistic_chromium.mjs (the browser): both
// pass a module factory and this file's `items` and time `firstCalls` on a fresh instance for each
// split, so the first call of each workload is the one measured — later calls are all optimized.

export const TOTAL = 1 << 20;
export const CHUNK = 1 << 16;

// `count` items "item-<i>" packed for the batch methods (PackedItems): their bytes, encoded in one
// TextEncoder call (a call per item takes seconds in Chromium), and where each ends (the items are
// ASCII: a byte per character).
export function packItems(count, from = 0) {
  const names = Array.from({ length: count }, (_, i) => `item-${from + i}`);
  const ends = new Uint32Array(count);
  let length = 0;
  names.forEach((name, i) => { length += name.length; ends[i] = length; });
  return { bytes: new TextEncoder().encode(names.join('')), ends };
}

// The batch in pieces of `size` items, each a PackedItems of its own.
export function split(items, size) {
  const pieces = [];
  for (let first = 0; first < items.ends.length; first += size) {
    const last = Math.min(first + size, items.ends.length);
    const start = first === 0 ? 0 : items.ends[first - 1];
    const ends = items.ends.slice(first, last).map((end) => end - start);
    pieces.push({ bytes: items.bytes.subarray(start, items.ends[last - 1]), ends });
  }
  return pieces;
}

// Milliseconds of each workload's first run, on the module `sdlab` has just compiled, feeding it
// `pieces` (one or many): bloom addAll, bloom countContained, count-min updateAll.
export function firstCalls(sdlab, pieces) {
  const time = (run) => {
    const start = performance.now();
    run();
    return performance.now() - start;
  };
  const filter = new sdlab.BloomFilter({ expectedItems: TOTAL, falsePositiveRate: 0.01 });
  const sketch = new sdlab.CountMinSketch({ width: 2719, depth: 5 });
  const ms = {
    bloomAdd: time(() => pieces.forEach((p) => filter.addAll(p))),
    bloomContains: time(() => pieces.forEach((p) => filter.countContained(p))),
    countMinUpdate: time(() => pieces.forEach((p) => sketch.updateAll(p))),
  };
  filter.delete();
  sketch.delete();
  return ms;
}

// {single, chunked}: the median of each workload's milliseconds over the runs of each split.
export function medians(runs) {
  const median = (list) => list.sort((a, b) => a - b)[list.length >> 1];
  const result = { items: TOTAL, chunk: CHUNK };
  for (const mode of ['single', 'chunked']) {
    result[mode] = Object.fromEntries(Object.keys(runs[mode][0]).map((k) => [k, median(runs[mode].map((r) => r[k]))]));
  }
  return result;
}
