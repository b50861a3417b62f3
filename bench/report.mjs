// Turns the benchmarks' JSON into one Markdown table of figures and ratios, on stdout.
//   node bench/report.mjs native.json node.json page.json
// native.json: Google Benchmark's --benchmark_out with repetitions (the fastest one is used);
// node.json: bench/node_bench.mjs; page.json: bench/page_load.mjs.
import { readFileSync } from 'node:fs';

const [native, node, page] = process.argv.slice(2).map((file) => JSON.parse(readFileSync(file, 'utf8')));

// Operations per second of the fastest repetition of a 1,000,000 operation benchmark.
const OPERATIONS = 1e6;
const nativeOpsPerSec = (name) => {
  const min = native.benchmarks.find((b) => b.run_name === `${name}/real_time` && b.aggregate_name === 'min');
  return OPERATIONS / (min.real_time / 1000);  // real_time is in ms
};
const nativeHitRatio = (name) => native.benchmarks.find((b) => b.run_name === `${name}/real_time`).hit_ratio;
const fixed = (x, digits = 2) => x.toFixed(digits);
const kb = (bytes) => `${fixed(bytes / 1024, 1)} KB`;

const rows = [
  '| figure | native | WASM | WASM time ÷ native time | goal |',
  '|---|---|---|---|---|',
];
for (const policy of ['lru', 'lfu', 'fifo']) {
  const name = `read_through/${policy}`;
  const n = nativeOpsPerSec(name);
  const w = node.workload[policy];
  const hitRatio = nativeHitRatio(name);
  const same = Math.abs(hitRatio - w.hitRatio) < 1e-9 ? '' : ` (hit ratios differ: ${hitRatio} vs ${w.hitRatio}!)`;
  rows.push(`| read-through ${policy.toUpperCase()}, whole workload, Mops/s${same} | ${fixed(n / 1e6)} | ` +
    `${fixed(w.opsPerSec / 1e6)} | ${fixed(n / w.opsPerSec)} | ≤ 1.5 |`);
}
rows.push(`| key stream alone (Zipf draws), Mops/s | ${fixed(nativeOpsPerSec('key_stream') / 1e6)} | | | |`);

const { wasm, lruCache } = node.calls;
rows.push('', '| per call from JS: LRU put, then get, string keys | sdlab LruCache (WASM) | npm lru-cache | sdlab time ÷ lru-cache time |', '|---|---|---|---|');
rows.push(`| ns per call (hits: ${wasm.hits} vs ${lruCache.hits}) | ${fixed(wasm.nsPerOp, 0)} | ${fixed(lruCache.nsPerOp, 0)} | ` +
  `${fixed(wasm.nsPerOp / lruCache.nsPerOp)} |`);

rows.push('', '| page (dist/, vite preview, headless Chromium) | figure | goal |', '|---|---|---|');
if (page.skipped) rows.push(`| cold load to interactive | skipped: ${page.skipped} | ≤ 1000 ms |`);
else rows.push(`| cold load to interactive, median of ${page.runsMs.length} | ${fixed(page.loadMs, 0)} ms | ≤ 1000 ms |`);
if (page.sizes) {
  const { wasm: w, js } = page.sizes;
  rows.push(`| .wasm, raw / gzipped | ${kb(w.raw)} / ${kb(w.gzip)} | |`);
  rows.push(`| .js (all chunks), raw / gzipped | ${kb(js.raw)} / ${kb(js.gzip)} | |`);
  rows.push(`| .wasm + .js gzipped | ${kb(w.gzip + js.gzip)} | ≤ 300 KB |`);
}

const { num_cpus: cpus, mhz_per_cpu: mhz, load_avg: load } = native.context;
console.log(`# sdlab benchmarks, ${native.context.date}

Command: \`scripts/bench.sh\`. Machine: ${cpus} CPUs at ${mhz} MHz, load average ${load.map((x) => fixed(x)).join(' ')} at the start;
node ${process.version}. Workload: universe 100,000, Zipf skew 1.0, capacity 10,000, 1,000,000 reads, seed 1;
native and WASM both time one whole run_read_through call (key stream included); throughput and
per-call figures are the fastest of 5 runs, page load the median. Ratios come from the same run.

${rows.join('\n')}`);
