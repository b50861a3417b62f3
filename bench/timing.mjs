// What every node benchmark shares: loading the module and timing a run.
import { createRequire } from 'node:module';
import path from 'node:path';

// The CommonJS module (build/wasm-bench/wasm/sdlab_node.js), instantiated.
export async function loadSdlab(file) {
  return createRequire(import.meta.url)(path.resolve(file))();
}

const RUNS = 5;

// Seconds of the fastest of 5 calls of `run`, after one warm-up call: the figure least disturbed
// by other work on the machine, as on the native side.
export function fastestSeconds(run) {
  run();
  let fastest = Infinity;
  for (let i = 0; i < RUNS; ++i) {
    const start = performance.now();
    run();
    fastest = Math.min(fastest, (performance.now() - start) / 1000);
  }
  return fastest;
}
