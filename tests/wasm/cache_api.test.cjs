// The JS-facing contract of the cache bindings: errors name the problem and change nothing,
// rejected calls and handle churn do not grow the heap, and the module keeps working.
const test = require('node:test');
const assert = require('node:assert/strict');
const createSdlab = require(process.env.SDLAB_NODE_MODULE);

const load = createSdlab();

test('bad capacity throws an Error naming the parameter and the rule', async () => {
  const sdlab = await load;
  for (const [capacity, shown] of [[-1, '-1'], [1.5, '1.5'], [NaN, 'NaN'], [1e12, '1000000000000']]) {
    assert.throws(() => new sdlab.LruCache(capacity), {
      name: 'Error',
      message: `LruCache: capacity must be an integer in [0, 1000000], got ${shown}`,
    });
  }
  assert.throws(() => new sdlab.LfuCache('3'), { name: 'TypeError', message: 'LfuCache: capacity must be a number, got string' });
});

test('a rejected call leaves the cache unchanged', async () => {
  const sdlab = await load;
  const cache = new sdlab.FifoCache(2);
  cache.put('a', '1');
  const before = cache.snapshot();
  assert.throws(() => cache.put('b'), /takes 2 arguments, got 1/);
  assert.throws(() => cache.put(7, 'x'), /key must be a string, got number/);
  assert.throws(() => cache.put('k'.repeat(2000), 'x'), /key must be at most 1024 bytes long, got 2000/);
  assert.deepEqual(cache.snapshot(), before);
  cache.delete();
});

test('10,000 rejected calls do not grow the heap and the cache still works', async () => {
  const sdlab = await load;
  const cache = new sdlab.LruCache(4);
  cache.put('a', '1');
  const rejectAll = () => {
    for (let i = 0; i < 10000; ++i) {
      assert.throws(() => cache.put('k'.repeat(1025), 'v'));
      assert.throws(() => new sdlab.LruCache(-i - 1));
      assert.throws(() => cache.get(i));
    }
  };
  rejectAll();  // warm-up: lets allocator and handle tables reach their steady size
  const before = sdlab.heapBytesInUse();
  rejectAll();
  assert.equal(sdlab.heapBytesInUse(), before);
  assert.equal(cache.get('a'), '1');
  cache.put('b', '2');
  assert.equal(cache.size(), 2);
  cache.delete();
});

test('creating and deleting 10,000 caches returns the heap to its size', async () => {
  const sdlab = await load;
  const before = sdlab.heapBytesInUse();
  for (let i = 0; i < 10000; ++i) {
    const cache = new (i % 3 === 0 ? sdlab.LruCache : i % 3 === 1 ? sdlab.LfuCache : sdlab.FifoCache)(8);
    cache.put(`k${i}`, 'v');
    cache.get(`k${i}`);
    cache.delete();
  }
  assert.equal(sdlab.heapBytesInUse(), before);
});

test('a deleted handle throws a clear error', async () => {
  const sdlab = await load;
  const cache = new sdlab.LruCache(1);
  cache.delete();
  assert.throws(() => cache.get('a'), { message: 'LruCache.get: the object was deleted; create a new one' });
});

test('runCacheWorkload runs a seeded workload reproducibly', async () => {
  const sdlab = await load;
  const options = { policy: 'lru', capacity: 100, operations: 100000, universe: 1000, distribution: 'zipf', skew: 1, seed: 7 };
  const first = sdlab.runCacheWorkload(options);
  assert.deepEqual(sdlab.runCacheWorkload(options), first);
  assert.equal(first.hits + first.misses, 100000);
  assert.ok(first.hitRatio > 0.5 && first.hitRatio < 0.9, `zipf(1) over 1000 keys, 10% cached: ${first.hitRatio}`);
  const lfu = sdlab.runCacheWorkload({ ...options, policy: 'lfu' });
  assert.ok(lfu.hitRatio > first.hitRatio, 'LFU beats LRU on a stationary zipf stream');
  assert.throws(() => sdlab.runCacheWorkload({ ...options, policy: 'arc' }), /policy must be "lru", "lfu" or "fifo", got "arc"/);
  assert.throws(() => sdlab.runCacheWorkload({ ...options, seed: undefined }), /options.seed must be a number, got undefined/);
});

test('TtlCache expires entries on its own clock, lazily and by sweep', async () => {
  const sdlab = await load;
  const cache = new sdlab.TtlCache(3, 100);
  cache.setTracing(true);
  cache.put('a', '1');
  cache.putWithTtl('b', '2', 10);
  cache.advance(10);
  assert.equal(cache.now(), 10);
  assert.deepEqual(cache.snapshot().entries, [
    { key: 'b', value: '2', expiresAt: 10, remaining: 0, expired: true },
    { key: 'a', value: '1', expiresAt: 100, remaining: 90, expired: false },
  ]);
  assert.equal(cache.get('b'), undefined);
  assert.deepEqual(cache.trace().map((step) => step.kind), ['expire', 'miss']);
  assert.equal(cache.get('a'), '1');
  assert.deepEqual(cache.stats(), { hits: 1, misses: 1, evictions: 0, hitRatio: 0.5, expirations: 1 });
  cache.putWithTtl('c', '3', 0);
  assert.equal(cache.contains('c'), false);
  cache.putWithTtl('d', '4', 5);
  cache.advance(90);
  assert.equal(cache.size(), 2);
  assert.equal(cache.sweep(), 2);
  assert.deepEqual(cache.snapshot(), {
    capacity: 3, size: 0, now: 100, entries: [],
    stats: { hits: 1, misses: 1, evictions: 0, hitRatio: 0.5, expirations: 4 },
  });
  cache.delete();
});

test('TtlCache.remove of an expired entry not yet swept answers false, as contains does', async () => {
  const sdlab = await load;
  const cache = new sdlab.TtlCache(3, 100);
  cache.put('a', '1');
  cache.put('b', '2');
  cache.advance(100);
  cache.setTracing(true);
  assert.equal(cache.remove('a'), false);
  assert.deepEqual(cache.trace().map((step) => step.kind), ['expire']);
  assert.equal(cache.contains('b'), false);
  assert.deepEqual(cache.snapshot().entries, []);
  assert.equal(cache.stats().expirations, 2);
  cache.put('c', '3');
  assert.equal(cache.remove('c'), true);
  cache.delete();
});

test('TtlCache rounds a fraction of a millisecond to the nearest microsecond', async () => {
  const sdlab = await load;
  const cache = new sdlab.TtlCache(3, 0.0009);  // 0.9 µs: 1 µs, not 0
  cache.put('a', '1');
  cache.putWithTtl('b', '2', 0.0024);  // 2 µs
  cache.putWithTtl('c', '3', 0.0004);  // 0 µs: expired at once
  assert.deepEqual(cache.snapshot().entries.map((e) => [e.key, e.expiresAt, e.expired]),
    [['c', 0, true], ['b', 0.002, false], ['a', 0.001, false]]);
  cache.advance(0.0006);  // 1 µs
  assert.equal(cache.now(), 0.001);
  assert.equal(cache.contains('a'), false);
  assert.equal(cache.contains('b'), true);
  cache.advance(0.0005);  // 1 µs: a half rounds up
  assert.equal(cache.now(), 0.002);
  assert.equal(cache.contains('b'), false);
  cache.delete();
});

test('TtlCache keeps its clock within a century', async () => {
  const sdlab = await load;
  const cache = new sdlab.TtlCache(1, 31536000000);
  for (let year = 0; year < 99; ++year) cache.advance(31536000000);
  cache.put('a', '1');  // a year's TTL from the 99th year still fits
  cache.advance(31536000000 - 1);
  assert.equal(cache.get('a'), '1');
  assert.throws(() => cache.advance(2), { message: 'TtlCache.advance: ms must be a finite number in [0, 1], got 2' });
  cache.advance(1);
  assert.equal(cache.now(), 3153600000000);
  assert.equal(cache.get('a'), undefined);
  assert.throws(() => cache.advance(0.001), { message: 'TtlCache.advance: ms must be a finite number in [0, 0], got 0.001' });
  cache.delete();
});

test('TtlCache rejects bad TTLs and clock steps by name and changes nothing', async () => {
  const sdlab = await load;
  const range = 'must be a finite number in [0, 31536000000]';
  for (const [value, shown] of [[NaN, 'NaN'], [-1, '-1'], [Infinity, 'Infinity']]) {
    assert.throws(() => new sdlab.TtlCache(2, value), { name: 'Error', message: `TtlCache: defaultTtlMs ${range}, got ${shown}` });
  }
  assert.throws(() => new sdlab.TtlCache(-1, 10), /TtlCache: capacity must be an integer in \[0, 1000000\], got -1/);
  const cache = new sdlab.TtlCache(2, 100);
  cache.put('a', '1');
  cache.advance(7);
  const before = cache.snapshot();
  for (const [value, shown] of [[NaN, 'NaN'], [-5, '-5'], [-Infinity, '-Infinity'], [4e10, '40000000000']]) {
    assert.throws(() => cache.putWithTtl('b', '2', value), { name: 'Error', message: `TtlCache.putWithTtl: ttlMs ${range}, got ${shown}` });
    assert.throws(() => cache.advance(value), { name: 'Error', message: `TtlCache.advance: ms ${range}, got ${shown}` });
  }
  assert.throws(() => cache.putWithTtl('b', '2'), /takes 3 arguments, got 2/);
  assert.throws(() => cache.advance('1'), { name: 'TypeError', message: 'TtlCache.advance: ms must be a number, got string' });
  assert.deepEqual(cache.snapshot(), before);
  cache.delete();
});

test('WriteCache write-back defers store writes and a crash loses the dirty keys', async () => {
  const sdlab = await load;
  const cache = new sdlab.WriteCache('back', 2, 5);
  cache.setTracing(true);
  cache.put('a', '1');
  cache.put('b', '2');
  assert.equal(cache.snapshot().storeWrites, 0);
  cache.put('c', '3');  // evicts dirty "a": written back
  assert.deepEqual(cache.trace().map((step) => step.kind), ['dirty', 'evict', 'insert', 'write-back']);
  assert.deepEqual(cache.crash(), ['c', 'b']);
  assert.deepEqual(cache.snapshot(), {
    mode: 'back', capacity: 2, size: 0, now: 5, entries: [],
    stats: { hits: 0, misses: 0, evictions: 1, hitRatio: 0, writeBacks: 1, lostWrites: 2 },
    store: [{ key: 'a', value: '1' }], storeReads: 0, storeWrites: 1, lostWrites: 2,
  });
  assert.equal(cache.get('a'), '1');  // read through: one store read
  assert.equal(cache.get('b'), undefined);
  cache.put('d', '4');
  assert.equal(cache.flush(), 1);
  assert.equal(cache.remove('a'), true);
  const after = cache.snapshot();
  assert.deepEqual(after.entries, [{ key: 'd', value: '4', dirty: false }]);
  assert.deepEqual(after.store, [{ key: 'd', value: '4' }]);
  assert.equal(after.now, 5 * (after.storeReads + after.storeWrites));
  cache.delete();
});

test('WriteCache write-through writes the store at once and loses nothing', async () => {
  const sdlab = await load;
  const cache = new sdlab.WriteCache('through', 1, 2);
  cache.put('b', '2');
  cache.put('a', '1');
  assert.deepEqual(cache.crash(), []);
  const snapshot = cache.snapshot();
  assert.deepEqual(snapshot.store, [{ key: 'a', value: '1' }, { key: 'b', value: '2' }]);
  assert.equal(snapshot.now, 4);
  assert.equal(snapshot.lostWrites, 0);
  cache.delete();
});

test('WriteCache rejects a bad mode, capacity or latency, and bad keys change nothing', async () => {
  const sdlab = await load;
  assert.throws(() => new sdlab.WriteCache('around', 2, 5), { name: 'Error', message: 'WriteCache: mode must be "through" or "back", got "around"' });
  assert.throws(() => new sdlab.WriteCache('back', 0, 5), { name: 'Error', message: 'WriteCache: capacity must be an integer in [1, 1000000], got 0' });
  assert.throws(() => new sdlab.WriteCache('back', 2, NaN), { name: 'Error', message: 'WriteCache: storeLatencyMs must be a finite number in [0, 60000], got NaN' });
  const cache = new sdlab.WriteCache('back', 2, 5);
  cache.put('a', '1');
  const before = cache.snapshot();
  assert.throws(() => cache.put('k'.repeat(1025), 'v'), /WriteCache.put: key must be at most 1024 bytes long, got 1025/);
  assert.throws(() => cache.get('k'.repeat(1025)), /WriteCache.get: key must be at most 1024 bytes long/);
  assert.throws(() => cache.remove(1), { name: 'TypeError', message: 'WriteCache.remove: key must be a string, got number' });
  assert.deepEqual(cache.snapshot(), before);
  cache.delete();
});

const stampede = {
  protection: 'none', arrivals: 'uniform', readers: 150, windowMs: 150, keys: 1, ttlMs: 100,
  loadLatencyMs: 20, beta: 1, jitter: 0.5, bucketMs: 10, seed: 1,
};

test('simulateStampede: unprotected readers all load, single-flight loads once', async () => {
  const sdlab = await load;
  const none = sdlab.simulateStampede(stampede);
  assert.deepEqual({ ...none, timeline: undefined }, {
    hits: 130, misses: 20, waiters: 0, storeLoads: 20, earlyRefreshes: 0, expiries: 1, maxConcurrentLoads: 20, timeline: undefined,
  });
  assert.equal(none.timeline.bucketMs, 10);
  assert.deepEqual(none.timeline.loads, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 10, 0, 0, 0]);
  const single = sdlab.simulateStampede({ ...stampede, protection: 'single-flight' });
  assert.equal(single.storeLoads, 1);
  assert.equal(single.waiters, 19);
  assert.deepEqual(sdlab.simulateStampede({ ...stampede, protection: 'single-flight' }), single);
});

test('simulateStampede: early expiry and jitter lower the peak of concurrent loads', async () => {
  const sdlab = await load;
  const busy = { ...stampede, arrivals: 'poisson', readers: 20000, windowMs: 1000, keys: 10, seed: 3 };
  const none = sdlab.simulateStampede(busy);
  const early = sdlab.simulateStampede({ ...busy, protection: 'early-expiry' });
  const jitter = sdlab.simulateStampede({ ...busy, protection: 'jitter' });
  assert.ok(early.maxConcurrentLoads < none.maxConcurrentLoads, `${early.maxConcurrentLoads} < ${none.maxConcurrentLoads}`);
  assert.equal(early.misses, 0);
  assert.ok(jitter.maxConcurrentLoads < none.maxConcurrentLoads, `${jitter.maxConcurrentLoads} < ${none.maxConcurrentLoads}`);
});

test('simulateStampede names the bad option', async () => {
  const sdlab = await load;
  const cases = [
    [{ protection: 'lock' }, 'options.protection must be "none", "single-flight", "early-expiry" or "jitter", got "lock"'],
    [{ arrivals: 'bursty' }, 'options.arrivals must be "uniform" or "poisson", got "bursty"'],
    [{ readers: 0 }, 'options.readers must be an integer in [1, 1000000], got 0'],
    [{ ttlMs: NaN }, 'options.ttlMs must be a finite number in [0.001, 3600000], got NaN'],
    [{ loadLatencyMs: -1 }, 'options.loadLatencyMs must be a finite number in [0, 3600000], got -1'],
    [{ jitter: 1 }, 'options.jitter must be a finite number in [0, 0.99], got 1'],
    [{ bucketMs: 0.001 }, 'bucketMs must be a finite number in [0.015, 3600000], got 0.001'],
    [{ seed: undefined }, 'options.seed must be a number, got undefined'],
    [{ keys: '3' }, 'options.keys must be a number, got string'],
  ];
  for (const [change, message] of cases) {
    assert.throws(() => sdlab.simulateStampede({ ...stampede, ...change }), { message: `simulateStampede: ${message}` });
  }
  assert.throws(() => sdlab.simulateStampede(), /takes 1 argument, got 0/);
});

test('creating and deleting TTL and write caches returns the heap to its size', async () => {
  const sdlab = await load;
  const churn = () => {
    for (let i = 0; i < 2000; ++i) {
      const ttl = new sdlab.TtlCache(4, 10);
      ttl.put(`k${i}`, 'v');
      ttl.advance(20);
      ttl.sweep();
      ttl.delete();
      const write = new sdlab.WriteCache(i % 2 ? 'back' : 'through', 2, 1);
      write.put(`k${i}`, 'v');
      write.crash();
      write.delete();
      assert.throws(() => new sdlab.TtlCache(4, -1));
      sdlab.simulateStampede(stampede);
    }
  };
  churn();
  const before = sdlab.heapBytesInUse();
  churn();
  assert.equal(sdlab.heapBytesInUse(), before);
});

// ---- the fast path of LruCache and LruCacheInt put/get (wasm/fast_paths.js) ------------------

// Runs the same calls on a cache with tracing on (the checked, embind path) and one with tracing
// off (the fast path); every result, the statistics and the final snapshot must agree.
function sameOnBothPaths(sdlab, Class, capacity, calls) {
  const traced = new Class(capacity);
  traced.setTracing(true);
  const fast = new Class(capacity);
  for (const [method, ...args] of calls) {
    assert.deepEqual(fast[method](...args), traced[method](...args), `${method}(${JSON.stringify(args).slice(0, 60)})`);
  }
  assert.deepEqual(fast.snapshot(), traced.snapshot());
  assert.deepEqual(fast.trace(), []);
  traced.delete();
  fast.delete();
}

test('LruCache put and get give the same results with and without tracing, for any text', async () => {
  const sdlab = await load;
  const texts = ['', 'a', 'é', '日本語', '😀', 'a\u0000b', 'k'.repeat(1024), 'é'.repeat(512), '😀'.repeat(256),
    'x'.repeat(40), 'mixed ascii then é', 'key:000000000001', 'key:000000000002'];
  const values = [...texts, 'v'.repeat(65536), 'é'.repeat(32768), '😀'.repeat(16384)];
  const calls = [];
  for (let i = 0, x = 7; i < 3000; ++i) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    const key = texts[(x >>> 0) % texts.length];
    calls.push((x >>> 8) % 3 === 0 ? ['get', key] : ['put', key, values[(x >>> 12) % values.length]]);
  }
  sameOnBothPaths(sdlab, sdlab.LruCache, 5, calls);
  sameOnBothPaths(sdlab, sdlab.LruCache, 1, calls.slice(0, 300));
  sameOnBothPaths(sdlab, sdlab.LruCache, 0, calls.slice(0, 50));
});

test('LruCache put and get refuse what the rules refuse, with the same errors, and change nothing', async () => {
  const sdlab = await load;
  const cache = new sdlab.LruCache(2);
  cache.put('a', '1');
  const before = cache.snapshot();
  const cases = [
    [() => cache.put('a'), { name: 'TypeError', message: 'LruCache.put(key, value) takes 2 arguments, got 1' }],
    [() => cache.get('a', 'b'), { name: 'TypeError', message: 'LruCache.get(key) takes 1 argument, got 2' }],
    [() => cache.put(1, 'v'), { name: 'TypeError', message: 'LruCache.put: key must be a string, got number' }],
    [() => cache.put('k', null), { name: 'TypeError', message: 'LruCache.put: value must be a string, got null' }],
    [() => cache.put('k'.repeat(1025), 'v'), { message: 'LruCache.put: key must be at most 1024 bytes long, got 1025' }],
    [() => cache.get(`${'é'.repeat(512)}a`), { message: 'LruCache.get: key must be at most 1024 bytes long, got 1025' }],
    [() => cache.put('k', 'v'.repeat(65537)), { message: 'LruCache.put: value must be at most 65536 bytes long, got 65537' }],
    [() => cache.put('é\uD800', 'v'), { message: 'LruCache.put: key must be well-formed Unicode: it has a lone surrogate' }],
    [() => cache.put('k', '\uDC00é'), { message: 'LruCache.put: value must be well-formed Unicode: it has a lone surrogate' }],
    [() => cache.get('\uD800'), { message: 'LruCache.get: key must be well-formed Unicode: it has a lone surrogate' }],
    [() => sdlab.LruCache.prototype.put.call(new sdlab.LruCacheInt(1), 'a', 'b'),
      { name: 'TypeError', message: 'LruCache.put: called on object, not on a LruCache' }],
    [() => sdlab.LruCache.prototype.get.call(undefined, 'a'), { name: 'TypeError', message: 'LruCache.get: called on nothing, not on a LruCache' }],
  ];
  for (const [call, error] of cases) assert.throws(call, error);
  assert.deepEqual(cache.snapshot(), before);
  cache.delete();
  assert.throws(() => cache.put('a', '1'), { message: 'LruCache.put: the object was deleted; create a new one' });
});

test('LruCache keeps its keys and values exact across memory growth', async () => {
  const sdlab = await load;
  const cache = new sdlab.LruCache(400);
  const value = (i) => `${i}:`.padEnd(65536, String.fromCharCode(97 + (i % 26)));
  for (let i = 0; i < 400; ++i) assert.equal(cache.put(`key-${i}`, value(i)), undefined);  // ~26 MB: the heap grows
  for (let i = 0; i < 400; i += 37) assert.equal(cache.get(`key-${i}`), value(i));
  assert.equal(cache.put('one more', 'v'), 'key-1');  // key-0 was got: key-1 is the least recent
  cache.delete();
});

test('LruCache put and get on a full cache allocate nothing', async () => {
  const sdlab = await load;
  const cache = new sdlab.LruCache(100);
  const round = () => {
    for (let i = 0; i < 10000; ++i) {
      cache.put(`key:${String(i % 250).padStart(12, '0')}`, `val:${i % 10}`);
      cache.get(`key:${String((i * 7) % 250).padStart(12, '0')}`);
    }
  };
  round();
  const before = sdlab.heapBytesInUse();
  round();
  assert.equal(sdlab.heapBytesInUse(), before);
  cache.delete();
});

test('LruCacheInt is LruCache over integers, exact at both ends of the safe range', async () => {
  const sdlab = await load;
  const max = Number.MAX_SAFE_INTEGER;
  const cache = new sdlab.LruCacheInt(2);
  assert.equal(cache.put(-max, max), undefined);
  assert.equal(cache.put(max, -max), undefined);
  assert.equal(cache.get(-max), max);
  assert.equal(cache.put(0, 0), max);  // evicts the least recent key, max
  assert.equal(cache.get(max), undefined);
  assert.equal(cache.get(0), 0);
  assert.deepEqual(cache.snapshot().entries, [{ key: 0, value: 0 }, { key: -max, value: max }]);
  const range = 'must be an integer in [-9007199254740991, 9007199254740991]';
  const before = cache.snapshot();
  for (const [key, shown] of [[max + 1, '9007199254740992'], [-max - 1, '-9007199254740992'], [1.5, '1.5'], [NaN, 'NaN'], [Infinity, 'Infinity']]) {
    assert.throws(() => cache.put(key, 1), { name: 'Error', message: `LruCacheInt.put: key ${range}, got ${shown}` });
    assert.throws(() => cache.put(1, key), { name: 'Error', message: `LruCacheInt.put: value ${range}, got ${shown}` });
    assert.throws(() => cache.get(key), { name: 'Error', message: `LruCacheInt.get: key ${range}, got ${shown}` });
  }
  assert.throws(() => cache.get('1'), { name: 'TypeError', message: 'LruCacheInt.get: key must be a number, got string' });
  assert.throws(() => cache.put(1), { name: 'TypeError', message: 'LruCacheInt.put(key, value) takes 2 arguments, got 1' });
  assert.deepEqual(cache.snapshot(), before);
  cache.delete();
  assert.throws(() => cache.get(1), { message: 'LruCacheInt.get: the object was deleted; create a new one' });
});

test('LruCacheInt gives the same results with and without tracing, and traces like LruCache', async () => {
  const sdlab = await load;
  const calls = [];
  for (let i = 0, x = 3; i < 2000; ++i) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    const key = ((x >>> 0) % 40) - 20;
    calls.push((x >>> 8) % 2 ? ['get', key] : ['put', key, x]);
  }
  sameOnBothPaths(sdlab, sdlab.LruCacheInt, 8, calls);
  sameOnBothPaths(sdlab, sdlab.LruCacheInt, 0, calls.slice(0, 20));
  const cache = new sdlab.LruCacheInt(1);
  cache.setTracing(true);
  cache.put(1, 10);
  cache.put(2, 20);
  assert.deepEqual(cache.trace().map((step) => [step.kind, step.subject]), [['evict', '1'], ['insert', '2']]);
  cache.setTracing(false);
  assert.equal(cache.put(3, 30), 2);
  assert.deepEqual(cache.trace(), []);
  cache.delete();
});

test('caches grow within the module memory budget: past it a put is refused by name, nothing changes, and the module lives on', async () => {
  const sdlab = await load;
  // Filters take all but 32 MiB of the budget; the largest values (a million of them would be
  // 64 GiB) fill the rest.
  const filters = [...Array(3).fill(268435456), 234881024].map((bits) => new sdlab.CountingBloomFilter({ bits, hashes: 1, counterBits: 8 }));
  const value = 'v'.repeat(65536);
  const refusal = /^(LruCache|LfuCache|TtlCache|WriteCache)\.(put|putWithTtl): the put may need [\d.]+ MiB, but the module's memory budget for filters, sketches and caches \(1024 MiB\) has [\d.]+ MiB left: delete\(\) one first$/;
  const fill = (put) => {
    for (let i = 0; ; ++i) {
      try {
        put(`k${i}`);
      } catch (error) {
        assert.match(error.message, refusal);
        return i;
      }
    }
  };
  const lru = new sdlab.LruCache(1000000);
  const held = fill((key) => lru.put(key, value));  // the fast path steps aside to the checked put near the budget
  assert.ok(held > 400 && held < 512, `${held} entries of 64 KiB in 32 MiB`);
  assert.equal(lru.size(), held);
  assert.equal(lru.get('k0'), value);
  assert.throws(() => new sdlab.BloomFilter({ bits: 268435456, hashes: 1 }), /the module's memory budget/);
  assert.equal(lru.put('k0', 'short'), undefined, 'an update that fits is accepted');
  lru.delete();
  // The budget is back: each kind of cache fills it in turn.
  for (const [cache, put] of [
    [new sdlab.LfuCache(1000000), (cache, key) => cache.put(key, value)],
    [new sdlab.TtlCache(1000000, 1000), (cache, key) => cache.putWithTtl(key, value, 5)],
    [new sdlab.WriteCache('through', 1000000, 0), (cache, key) => cache.put(key, value)],
  ]) {
    const count = fill((key) => put(cache, key));
    assert.ok(count > 200 && count < 512, `${count} entries of 64 KiB in 32 MiB`);
    cache.delete();
  }
  filters.forEach((filter) => filter.delete());
  const again = new sdlab.CountingBloomFilter({ bits: 268435456, hashes: 1, counterBits: 8 });
  again.delete();
});
