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
  assert.throws(() => cache.get('a'), /deleted object/);
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
