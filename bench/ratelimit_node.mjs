// Rate limiting in WebAssembly under node, printed as JSON on stdout; also writes the traffic to
// `traffic-file` for bench/ratelimit.py.
//   node bench/ratelimit_node.mjs build/wasm-bench/wasm/sdlab_node.js traffic-file
//
// comparison: one runRateLimitComparison call — traffic generation, all seven algorithms keyed by
//   client, and the results copied out as typed arrays — the call bench/ratelimit_bench.cpp times
//   natively as `comparison` (see there), fastest of 5 after a warm-up (bench/timing.mjs).
// algorithms: per algorithm, runRateLimitComparison of that algorithm alone (decisions per second,
//   the call bench/ratelimit_bench.cpp times natively as alone/<name>), and the admitted requests
//   and bytesPerClient of the full run (WASM has 32-bit pointers, so its limiters are smaller).
// kernel: runKeyedLimiter on that traffic (its timesMs and clients, passed as typed arrays) with
//   the token bucket alone: the decisions only, in one call — what bench/ratelimit.py times in
//   CPython and bench/ratelimit_bench.cpp natively as keyed/tokenBucket.
// traffic-file: the same stream as float64 times (ms), then uint32 clients, little-endian.
import { writeFileSync } from 'node:fs';
import { fastestSeconds, loadSdlab } from './timing.mjs';

const sdlab = await loadSdlab(process.argv[2]);
const OPTIONS = {
  pattern: 'poisson', durationMs: 10_000, ratePerSec: 100_000, clients: 10_000, seed: 1, cost: 1,
  limit: 10, windowMs: 1_000, burst: 10, periodMs: 1_000, abuserRatePerSec: 100,
};

const seconds = fastestSeconds(() => sdlab.runRateLimitComparison(OPTIONS));
const run = sdlab.runRateLimitComparison(OPTIONS);
const requests = run.timesMs.length;
const algorithms = Object.fromEntries(run.algorithms.map(({ name, admitted, bytesPerClient }) => {
  const alone = fastestSeconds(() => sdlab.runRateLimitComparison({ ...OPTIONS, algorithms: [name] }));
  return [name, { admitted, bytesPerClient, decisionsPerSec: requests / alone }];
}));
const keyed = { algorithm: 'tokenBucket', limit: OPTIONS.limit, windowMs: OPTIONS.windowMs, timesMs: run.timesMs, clients: run.clients };
const kernel = { decisionsPerSec: requests / fastestSeconds(() => sdlab.runKeyedLimiter(keyed)), ...sdlab.runKeyedLimiter(keyed) };
writeFileSync(process.argv[3], Buffer.concat([new Uint8Array(run.timesMs.buffer), new Uint8Array(run.clients.buffer)]));

console.log(JSON.stringify({
  options: OPTIONS, requests, comparison: { decisionsPerSec: (7 * requests) / seconds }, algorithms, kernel,
}, null, 2));
