// Turns the benchmarks' JSON into Markdown tables of figures and ratios, on stdout.
//   node bench/report.mjs results-dir
// results-dir holds, per domain, <domain>-native.json (Google Benchmark's --benchmark_out with
// repetitions: the fastest one is used), <domain>-node.json (bench/<domain>_node.mjs) and, for rate
// limiting and probabilistic, <domain>-python.json (bench/<domain>.py); plus page.json
// (bench/page_load.mjs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const read = (name) => JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
const [cacheNative, cacheNode, page] = ['cache-native', 'cache-node', 'page'].map(read);
const [rateNative, rateNode, ratePython] = ['ratelimit-native', 'ratelimit-node', 'ratelimit-python'].map(read);
const [probNative, probNode, probPython] = ['probabilistic-native', 'probabilistic-node', 'probabilistic-python'].map(read);

// The fastest repetition of a native benchmark, its counters, and its seconds.
const fastest = (native, name) => {
  const min = native.benchmarks.find((b) => b.run_name === `${name}/real_time` && b.aggregate_name === 'min');
  return { ...min, seconds: min.real_time / 1000 };  // real_time is in ms
};
// Operations per second of the fastest repetition: its "operations" counter (the cache
// benchmarks run 1,000,000 reads and have none).
const nativeOpsPerSec = (native, name) => {
  const run = fastest(native, name);
  return (run.operations ?? 1e6) / run.seconds;
};
const fixed = (x, digits = 2) => x.toFixed(digits);
const millions = (x) => fixed(x / 1e6);
const thousands = (x) => fixed(x / 1e3, 0);
const kb = (bytes) => `${fixed(bytes / 1024, 1)} KB`;

// --- caches
const nativeHitRatio = (name) => cacheNative.benchmarks.find((b) => b.run_name === `${name}/real_time`).hit_ratio;
const rows = [
  '## Caches', '',
  '| figure | native | WASM | WASM time ÷ native time | goal |',
  '|---|---|---|---|---|',
];
for (const policy of ['lru', 'lfu', 'fifo']) {
  const name = `read_through/${policy}`;
  const n = nativeOpsPerSec(cacheNative, name);
  const w = cacheNode.workload[policy];
  const hitRatio = nativeHitRatio(name);
  const same = Math.abs(hitRatio - w.hitRatio) < 1e-9 ? '' : ` (hit ratios differ: ${hitRatio} vs ${w.hitRatio}!)`;
  rows.push(`| read-through ${policy.toUpperCase()}, whole workload, Mops/s${same} | ${millions(n)} | ` +
    `${millions(w.opsPerSec)} | ${fixed(n / w.opsPerSec)} | ≤ 1.5 |`);
}
rows.push(`| key stream alone (Zipf draws), Mops/s | ${millions(nativeOpsPerSec(cacheNative, 'key_stream'))} | | | |`);

rows.push('', '| per call from JS: LRU put, then get, capacity 1,000 | sdlab (WASM) | npm lru-cache | sdlab time ÷ lru-cache time | goal |',
  '|---|---|---|---|---|');
for (const [name, figure, goal] of [['strings', 'LruCache, 16-character string keys', '≤ 1.25'], ['integers', 'LruCacheInt, integer keys', '< 1']]) {
  const { wasm, lruCache } = cacheNode.calls[name];
  rows.push(`| ${figure}, ns per call (hits: ${wasm.hits} vs ${lruCache.hits}) | ${fixed(wasm.nsPerOp, 0)} | ` +
    `${fixed(lruCache.nsPerOp, 0)} | ${fixed(wasm.nsPerOp / lruCache.nsPerOp)} | ${goal} |`);
}

// The size sweep: ns per read and bytes per entry at each size; the slowdown from 1,000 entries.
const sweep = (structure, entries, access) => fastest(cacheNative, `lru_size/${structure}/${entries}/${access}`);
const sizes = [1000, 10000, 100000, 1000000];
rows.push('', 'LRU of N 16-character string keys, natively (see bench/cache_bench.cpp): reads of ranks from 2N, uniform ' +
  '(access 0) or log-uniform, close to Zipf 1 (access 1); a miss puts and evicts.', '',
  `| structure, access | ${sizes.map((n) => `ns per read at ${n.toLocaleString('en')}`).join(' | ')} | 1,000,000 ÷ 1,000 | bytes per entry at 1,000,000 | goal |`,
  `|---|${sizes.map(() => '---|').join('')}---|---|---|`);
for (const access of [0, 1]) {
  for (const structure of ['node_based', 'flat', 'flat_views']) {
    const ns = sizes.map((n) => sweep(structure, n, access).ns_per_read);
    rows.push(`| ${structure}, ${access ? 'log-uniform' : 'uniform'} | ${ns.map((x) => fixed(x, 0)).join(' | ')} | ${fixed(ns[3] / ns[0])} | ` +
      `${fixed(sweep(structure, 1000000, access).bytes_per_entry, 0)} | ${structure === 'node_based' ? '' : '≤ 3'} |`);
  }
}
const chase = [65536, 1048576, 16777216, 134217728].map((bytes) => `${kb(bytes)}: ${fixed(fastest(cacheNative, `chase/${bytes}`).ns_per_read, 0)} ns`);
rows.push('', `Memory floor (chase): ${chase.join(', ')}.`);

rows.push('', '| page (dist/, vite preview, headless Chromium) | figure | goal |', '|---|---|---|');
if (page.skipped) rows.push(`| cold load to interactive | skipped: ${page.skipped} | ≤ 1000 ms |`);
else rows.push(`| cold load to interactive, median of ${page.runsMs.length} | ${fixed(page.loadMs, 0)} ms | ≤ 1000 ms |`);
if (page.sizes) {
  const { wasm: w, js } = page.sizes;
  rows.push(`| .wasm, raw / gzipped | ${kb(w.raw)} / ${kb(w.gzip)} | |`);
  rows.push(`| .js (all chunks), raw / gzipped | ${kb(js.raw)} / ${kb(js.gzip)} | |`);
  rows.push(`| .wasm + .js gzipped | ${kb(w.gzip + js.gzip)} | ≤ 300 KB |`);
}

// --- rate limiting
const comparisonNative = nativeOpsPerSec(rateNative, 'comparison');
const comparisonWasm = rateNode.comparison.decisionsPerSec;
rows.push('', '## Rate limiting', '',
  `${rateNode.requests} Poisson requests (100,000/s for 10 s) from 10,000 clients, budget 10 per 1,000 ms window, seed 1.`, '',
  '| figure | native | WASM | WASM time ÷ native time | goal |', '|---|---|---|---|---|',
  `| comparison (runRateLimitComparison): traffic + all seven algorithms, M decisions/s | ${millions(comparisonNative)} | ` +
  `${millions(comparisonWasm)} | ${fixed(comparisonNative / comparisonWasm)} | ≤ 1.5 |`,
  `| traffic generation alone, M requests/s | ${millions(nativeOpsPerSec(rateNative, 'traffic'))} | | | |`,
  '', '| algorithm, keyed by client | M decisions/s alone (traffic + that algorithm), native / WASM | WASM time ÷ native time | native M decisions/s, decisions only | admitted, native / WASM | bytes per client, native / WASM |',
  '|---|---|---|---|---|---|');
for (const [name, w] of Object.entries(rateNode.algorithms)) {
  const run = fastest(rateNative, `keyed/${name}`);
  const alone = nativeOpsPerSec(rateNative, `alone/${name}`);
  const same = run.admitted === w.admitted ? '' : ' (differ!)';
  rows.push(`| ${name} | ${millions(alone)} / ${millions(w.decisionsPerSec)} | ${fixed(alone / w.decisionsPerSec)} | ` +
    `${millions(run.operations / run.seconds)} | ${run.admitted} / ${w.admitted}${same} | ` +
    `${fixed(run.bytes_per_client, 1)} / ${fixed(w.bytesPerClient, 1)} |`);
}
const bucket = fastest(rateNative, 'keyed/tokenBucket');
const bucketNative = bucket.operations / bucket.seconds;
const { kernel: bucketWasm } = rateNode;
rows.push('', `| token bucket keyed by client, same traffic, decisions only | sdlab native | sdlab WASM (runKeyedLimiter, typed arrays in) | CPython ${ratePython.python} (bench/ratelimit.py) | WASM time ÷ native time | Python time ÷ sdlab WASM time |`,
  '|---|---|---|---|---|---|',
  `| M decisions/s (admitted: ${bucket.admitted} / ${bucketWasm.admitted} / ${ratePython.admitted}) | ${millions(bucketNative)} | ` +
  `${millions(bucketWasm.decisionsPerSec)} | ${millions(ratePython.decisionsPerSec)} | ${fixed(bucketNative / bucketWasm.decisionsPerSec)} | ` +
  `${fixed(bucketWasm.decisionsPerSec / ratePython.decisionsPerSec)} |`);
const scale = [10000, 100000].map((clients) => fastest(rateNative, `scaling/tokenBucket/${clients}`));
rows.push('', '| keyed token bucket, native, 998,076 Poisson requests in 10 s | 10,000 clients | 100,000 clients | 100,000 ÷ 10,000 time | goal |', '|---|---|---|---|---|',
  `| M decisions/s (wall clock) | ${scale.map((r) => millions(r.operations / r.seconds)).join(' | ')} | ${fixed(scale[1].seconds / scale[0].seconds)} | ≤ 3 |`,
  `| M decisions/s (CPU time) | ${scale.map((r) => millions(r.operations / (r.cpu_time / 1000))).join(' | ')} | ${fixed(scale[1].cpu_time / scale[0].cpu_time)} | ≤ 3 |`,
  `| bytes per client | ${scale.map((r) => fixed(r.bytes_per_client, 1)).join(' | ')} | | |`);

// --- probabilistic
const { batchSeconds: batch, calls } = probNode;
const fill = fastest(probNative, 'bloom_fill');
const probe = fastest(probNative, 'bloom_probe');
const countMin = fastest(probNative, 'count_min');
// Contains: the probe experiment's extra time over the fill experiment.
const containsNative = probe.probes / (probe.seconds - fill.seconds);
const containsWasm = probe.probes / (batch.bloomProbe - batch.bloomFill);
const batchRow = (figure, n, w) => `| ${figure} | ${millions(n)} | ${millions(w)} | ${fixed(n / w)} | ≤ 1.5 |`;
rows.push('', '## Probabilistic', '',
  '| batch call (see bench/probabilistic_bench.cpp) | native | WASM | WASM time ÷ native time | goal |', '|---|---|---|---|---|',
  batchRow('bloom fill: bloomExperiment, 1,000,000 adds of 8-byte items, M adds/s', fill.operations / fill.seconds, fill.operations / batch.bloomFill),
  batchRow('bloom contains: 10,000,000 probes of absent items (probe − fill experiment), M contains/s', containsNative, containsWasm),
  batchRow('count-min: countMinExperiment 2719 × 5, 1,000,000 updates (draws, names, final queries included), M updates/s',
    countMin.operations / countMin.seconds, countMin.operations / batch.countMin));

const { sdlab, bloomFilters } = calls;
const { kernel } = probNode;
const perOp = [
  ['bloom add', 'bloom_add', 'adds'],
  ['bloom contains (all present)', 'bloom_contains', 'contains'],
  ['count-min update', 'count_min_update', 'updates'],
];
rows.push('', `Per operation: 100,000 items "item-<i>"; bloom m = ${calls.bits}, k = ${calls.hashes} (Python: ${probPython.bits}, ${probPython.hashes}); ` +
  `count-min ${calls.width} × ${calls.depth}. Items found: sdlab ${sdlab.found}, bloom-filters ${bloomFilters.found}, Python ${probPython.found}.`, '',
  `| thousand ops/s | native C++ (no JS) | sdlab from JS (WASM) | npm bloom-filters | CPython ${probPython.python}, blake2b | ` +
  'bloom-filters time ÷ sdlab-from-JS time | Python time ÷ sdlab-from-JS time |', '|---|---|---|---|---|---|---|');
for (const [figure, benchmark, key] of perOp) {
  rows.push(`| ${figure} | ${thousands(nativeOpsPerSec(probNative, benchmark))} | ${thousands(sdlab[key])} | ` +
    `${thousands(bloomFilters[key])} | ${thousands(probPython[key])} | ${fixed(sdlab[key] / bloomFilters[key])} | ` +
    `${fixed(sdlab[key] / probPython[key])} |`);
}
rows.push('', `Kernel only: the same items packed once (PackedItems), then one addAll / countContained / updateAll call (found: ${kernel.found}).`, '',
  `| thousand ops/s | native C++ | sdlab WASM, one batch call | CPython ${probPython.python} | WASM time ÷ native time | Python time ÷ WASM time |`,
  '|---|---|---|---|---|---|');
for (const [figure, benchmark, key] of perOp) {
  const native = nativeOpsPerSec(probNative, benchmark);
  rows.push(`| ${figure} | ${thousands(native)} | ${thousands(kernel[key])} | ${thousands(probPython[key])} | ` +
    `${fixed(native / kernel[key])} | ${fixed(kernel[key] / probPython[key])} |`);
}

// The first call on a fresh module: one call of all items against chunks (node, and Chromium when
// bench/probabilistic_chromium.mjs ran).
const firstCallRow = (where, run) => ['bloomAdd', 'bloomContains', 'countMinUpdate'].map((k) =>
  `| ${where}: ${k} | ${fixed(run.single[k], 1)} | ${fixed(run.chunked[k], 1)} | ${fixed(run.single[k] / run.chunked[k])} |`);
const chromium = (() => { try { return read('probabilistic-chromium'); } catch { return null; } })();
const { firstCallMs } = probNode;
rows.push('', `First call on a freshly compiled module, ${firstCallMs.items} items "item-<i>": one call against ` +
  `${firstCallMs.items / firstCallMs.chunk} calls of ${firstCallMs.chunk} (median of 5 fresh starts each).`, '',
  '| where: workload | one call, ms | chunked, ms | one call ÷ chunked |', '|---|---|---|---|',
  ...firstCallRow(`node ${process.version}`, firstCallMs),
  ...(chromium ? firstCallRow(`Chromium ${chromium.browser}`, chromium) : ['| Chromium | not run (bench/probabilistic_chromium.mjs) | | |']));

const { num_cpus: cpus, mhz_per_cpu: mhz, load_avg: load } = cacheNative.context;
const busy = load[0] > cpus ? `\n\n**The load average exceeded the ${cpus} CPUs: other work shared them, so figures and ratios are unreliable.**` : '';
console.log(`# sdlab benchmarks, ${cacheNative.context.date}

Command: \`scripts/bench.sh\`. Machine: ${cpus} CPUs at ${mhz} MHz, load average ${load.map((x) => fixed(x)).join(' ')} at the start;
node ${process.version}. Native and WASM time the same batch call (see each benchmark's header);
throughput and per-call figures are the fastest of 5 runs, page load the median. Ratios come from
the same run. Cache workload: universe 100,000, Zipf skew 1.0, capacity 10,000, 1,000,000 reads,
seed 1 (key stream included).${busy}

${rows.join('\n')}`);
