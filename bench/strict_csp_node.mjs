// What the strict-CSP flavour (embind without `new Function`, -sDYNAMIC_EXECUTION=0) costs per
// call, against the normal flavour, in the same process on the same calls. Prints JSON.
//   node bench/strict_csp_node.mjs build/wasm/wasm/sdlab_node.js build/wasm/wasm/sdlab_strict_node.js
// Each figure is the fastest of 5 runs of 100,000 calls (bench/timing.mjs); the two flavours run
// alternately, call kind by call kind, so both see the same load on the machine.
import { fastestSeconds, loadSdlab } from './timing.mjs';

const CALLS = 100_000;
const [normal, strict] = await Promise.all([loadSdlab(process.argv[2]), loadSdlab(process.argv[3])]);

// Each kind: make(sdlab) → {call(i), dispose()}: one method with typical arguments.
const kinds = {
  'TokenBucket.request(1) (a number in, an object out)': (sdlab) => {
    const bucket = new sdlab.TokenBucket(1e6, 1e6);
    return { call: () => bucket.request(1), dispose: () => bucket.delete() };
  },
  'LruCache.put(key, value) (two short strings in)': (sdlab) => {
    const cache = new sdlab.LruCache(1000);
    return { call: (i) => cache.put(`k${i % 2000}`, 'v'), dispose: () => cache.delete() };
  },
  'LruCache.get(key) (a short string in and out)': (sdlab) => {
    const cache = new sdlab.LruCache(1000);
    cache.put('k', 'v');
    return { call: () => cache.get('k'), dispose: () => cache.delete() };
  },
  'LruCache.snapshot() (10 entries, a described struct out)': (sdlab) => {
    const cache = new sdlab.LruCache(10);
    for (let i = 0; i < 10; ++i) cache.put(`k${i}`, 'v');
    return { call: () => cache.snapshot(), dispose: () => cache.delete() };
  },
};

const nsPerCall = (sdlab, make) => {
  const subject = make(sdlab);
  const seconds = fastestSeconds(() => {
    for (let i = 0; i < CALLS; ++i) subject.call(i);
  });
  subject.dispose();
  return (seconds * 1e9) / CALLS;
};

const results = {};
for (const [kind, make] of Object.entries(kinds)) {
  const normalNs = nsPerCall(normal, make);
  const strictNs = nsPerCall(strict, make);
  results[kind] = { normalNs: +normalNs.toFixed(1), strictNs: +strictNs.toFixed(1), strictOverNormal: +(strictNs / normalNs).toFixed(2) };
}
console.log(JSON.stringify(results, null, 2));
