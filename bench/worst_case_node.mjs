// The most work a link can ask of a page, per block, under node (not a test: figures to choose
// ranges by). Prints JSON on stdout.
//   node --expose-gc bench/worst_case_node.mjs build/wasm/wasm/sdlab_node.js [ClassName…]
//
// For every class in the module's schema: construct it with every numeric parameter at its
// maximum (BloomFilter-like options objects: both ways of sizing them, at their maxima), turn
// tracing on, then, method by method in schema order, make the calls a link could: the same
// method again and again (up to the log's 2,000 calls) with arguments at their maxima and texts
// of the longest accepted length, each distinct. Each call is timed as the page pays for it: the
// call, its trace, its invariants (checked after every call) and the snapshot the page keeps as a
// frame (kept here too, to count memory).
// A sequence stops early once it has cost 5 s or kept 1 GB. Reported per class and method:
// the worst single call (ms), the calls made, their total (s) and the frames' memory (MB).
// Then every module function (the labs' batch calls) once at its maxima.
import { fastestSeconds, loadSdlab } from './timing.mjs';

const MAX_CALLS = 2000;     // web/src/lab/lab.ts MAX_OPS
const STOP_SECONDS = 5;
const STOP_BYTES = 1 << 30;
const SKIP = new Set(['trace', 'setTracing', 'snapshot', 'invariants']);

const sdlab = await loadSdlab(process.argv[2]);
const only = new Set(process.argv.slice(3));
const schema = sdlab.apiSchema();

/** The largest value `rule` accepts (the i-th distinct one for texts). */
function largest(rule, i) {
  switch (rule.kind) {
    case 'integer':
    case 'number':
      return rule.max;
    case 'text':
      return `${i}:`.padEnd(rule.max, 'x');
    case 'flag':
      return true;
    case 'choice':
      return rule.choices[0];
    case 'object':
      return largestObject(rule.type, i)[0];
    default:
      throw new Error(`no largest value for ${rule.kind}`);
  }
}

/** Every way to fill an options object at its maxima: all fields, or (for "either a or b"
 *  shapes) each pair of optional fields alone. */
function largestObject(type, i) {
  const fields = schema.types[type].fields;
  const full = Object.fromEntries(fields.filter((f) => !f.rule.optional || f.rule.kind === 'flag').map((f) => [f.name, largest(f.rule, i)]));
  const optional = fields.filter((f) => f.rule.optional && f.rule.kind !== 'flag');
  const shapes = [];
  for (let k = 0; k + 1 < optional.length; k += 2) {
    shapes.push({ ...full, [optional[k].name]: largest(optional[k].rule, i), [optional[k + 1].name]: largest(optional[k + 1].rule, i) });
  }
  return shapes.length ? shapes : [full];
}

/** The constructor argument lists to try: one per choice value and per options shape. */
function constructions(params) {
  let lists = [[]];
  for (const p of params) {
    const values = p.kind === 'choice' ? p.choices : p.kind === 'object' ? largestObject(p.type, 0) : [largest(p, 0)];
    lists = lists.flatMap((list) => values.map((v) => [...list, v]));
  }
  return lists;
}

const retained = () => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
};

/** Calls `method` on `handle` up to MAX_CALLS times as the page would; the figures. */
function sequence(handle, method) {
  const frames = [];
  const base = retained();
  let worst = 0;
  let total = 0;
  let calls = 0;
  let errors = 0;
  let error;
  while (calls < MAX_CALLS && total < STOP_SECONDS * 1000) {
    const args = method.params.map((p) => largest(p, calls));
    const start = performance.now();
    try {
      handle[method.name](...args);
      frames.push({ trace: handle.trace?.(), invariants: handle.invariants?.(), state: handle.snapshot() });
    } catch (e) {
      ++errors;
      error = e.message.slice(0, 120);
    }
    const ms = performance.now() - start;
    worst = Math.max(worst, ms);
    total += ms;
    ++calls;
    if (calls % 50 === 0 && retained() - base > STOP_BYTES) break;
  }
  const mb = (retained() - base) / 2 ** 20;
  frames.length = 0;
  return { worstMs: +worst.toFixed(2), calls, totalS: +(total / 1000).toFixed(2), framesMB: +mb.toFixed(1), errors, ...(error && { error }) };
}

const classes = {};
for (const cls of schema.classes) {
  if (only.size && !only.has(cls.name)) continue;
  for (const args of constructions(cls.constructor.params)) {
    const label = `${cls.name}(${JSON.stringify(args).slice(1, -1).slice(0, 80)})`;
    let handle;
    try {
      handle = new sdlab[cls.name](...args);
    } catch (e) {
      classes[label] = { error: e.message.slice(0, 160) };
      continue;
    }
    handle.setTracing?.(true);
    const result = { snapshotMs: +(fastestSeconds(() => handle.snapshot()) * 1000).toFixed(2) };
    if (handle.invariants) result.invariantsMs = +(fastestSeconds(() => handle.invariants()) * 1000).toFixed(2);
    for (const method of cls.methods) {
      if (!SKIP.has(method.name)) result[method.name] = sequence(handle, method);
    }
    handle.delete();
    classes[label] = result;
    console.error(label, JSON.stringify(result));
  }
}

// Traffic at every field's maximum is refused ("at most about 2,000,000 requests"): the largest
// accepted is ~2,000,000 requests from 100,000 clients.
const traffic = { pattern: 'poisson', durationMs: 2000, ratePerSec: 999_000, burst: 1, periodMs: 1, windowMs: 1000,
  clients: 100_000, abuserRatePerSec: 1, cost: 1, seed: 1, limit: 1000 };
const largestCalls = {
  generateTraffic: [[traffic]],
  runRateLimitComparison: [[traffic]],
  simulateDistributedLimit: ['local-split', 'atomic', 'racy'].map((placement) => [{ ...traffic, placement, routing: 'random',
    failMode: 'open', servers: 1000, latencyMs: 1, outageStartMs: 0, outageEndMs: 1000 }]),
};

const functions = {};
for (const fn of only.size ? [] : schema.functions) {
  for (const args of largestCalls[fn.name] ?? constructions(fn.params)) {
    const label = `${fn.name}(${JSON.stringify(args).slice(1, -1).slice(0, 120)})`;
    const start = performance.now();
    try {
      sdlab[fn.name](...args);
      functions[label] = { ms: +(performance.now() - start).toFixed(1) };
    } catch (e) {
      functions[label] = { error: e.message.slice(0, 160) };
    }
    console.error(label, JSON.stringify(functions[label]));
  }
}

console.log(JSON.stringify({ classes, functions }, null, 1));
