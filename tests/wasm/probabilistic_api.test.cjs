// The JS-facing contract of the probabilistic bindings: option objects checked field by field,
// errors that change nothing, a stable heap, and batch experiments that reproduce for a seed.
const test = require('node:test');
const assert = require('node:assert/strict');
const createSdlab = require(process.env.SDLAB_NODE_MODULE);

const load = createSdlab();

test('BloomFilter is sized from (n, p) or (m, k), and options are checked field by field', async () => {
  const sdlab = await load;
  assert.deepEqual(sdlab.bloomSizing(1000000, 0.01), { bits: 9585059, hashes: 7, bytes: 1198133, bitsPerItem: 9.585059 });
  const filter = new sdlab.BloomFilter({ expectedItems: 1000, falsePositiveRate: 0.01 });
  assert.equal(filter.stats().bits, 9586);
  assert.equal(filter.stats().hashes, 7);
  filter.delete();
  assert.throws(() => new sdlab.BloomFilter({ bits: 0, hashes: 3 }), { name: 'Error', message: 'BloomFilter: options.bits must be an integer in [1, 268435456], got 0' });
  assert.throws(() => new sdlab.BloomFilter({ bits: 64 }), { message: 'BloomFilter: options.hashes must be a number, got undefined' });
  assert.throws(() => new sdlab.BloomFilter({ expectedItems: 10, falsePositiveRate: 1 }), { message: 'BloomFilter: options.falsePositiveRate must be a finite number in [1e-9, 0.5], got 1' });
  assert.throws(() => new sdlab.BloomFilter({}), { message: 'BloomFilter: options.expectedItems must be a number, got undefined' });
  assert.throws(() => new sdlab.BloomFilter([]), { name: 'TypeError', message: 'BloomFilter: options must be an object, got array' });
  assert.throws(() => new sdlab.CountingBloomFilter({ bits: 64, hashes: 2, counterBits: 16 }), { message: 'CountingBloomFilter: options.counterBits must be an integer in [4, 8], got 16' });
  assert.throws(() => new sdlab.CountingBloomFilter({ bits: 64, hashes: 2, counterBits: 5 }), { message: 'CountingBloomFilter: counterBits must be 4 or 8, got 5' });
  assert.throws(() => new sdlab.BloomFilter({ expectedItems: 1e7, falsePositiveRate: 1e-9 }), { message: 'BloomFilter: expectedItems and falsePositiveRate need 431327627 bits, more than the limit of 268435456' });
});

test('BloomFilter contains() traces its probes and the snapshot shows the bits', async () => {
  const sdlab = await load;
  const filter = new sdlab.BloomFilter({ bits: 128, hashes: 3 });
  filter.add('alice');
  assert.deepEqual(filter.trace(), []);
  filter.setTracing(true);
  const positions = filter.positions('alice');
  assert.equal(positions.length, 3);
  assert.equal(filter.contains('alice'), true);
  assert.deepEqual(filter.trace().map((s) => s.kind), ['lookup', 'probe', 'probe', 'probe', 'maybe']);
  assert.deepEqual(filter.trace().slice(1, 4).map((s) => Number(s.subject)), positions);
  assert.deepEqual(filter.trace().slice(1, 4).map((s) => s.data[0]), positions.map((cell) => ({ name: 'cell', number: cell })));
  assert.equal(filter.trace()[1].file, 'core/probabilistic/bloom_filter.h');
  const snapshot = filter.snapshot();
  assert.equal(snapshot.cells.length, 128);
  assert.equal(snapshot.cells.reduce((a, b) => a + b, 0), snapshot.bitsSet);
  for (const p of positions) assert.equal(snapshot.cells[p], 1);
  assert.equal(snapshot.density.length, 128);
  assert.deepEqual(filter.cells(positions[0], 1), [1]);
  assert.throws(() => filter.cells(100, 29), { message: 'BloomFilter.cells: offset + length must be at most 128, got 129' });
  filter.delete();
});

test('a rejected call leaves a filter or sketch unchanged', async () => {
  const sdlab = await load;
  const counting = new sdlab.CountingBloomFilter({ bits: 256, hashes: 4, counterBits: 4 });
  counting.add('a');
  const before = counting.snapshot();
  assert.throws(() => counting.remove('never-added'), /CountingBloomFilter.remove: item "never-added" was never added \(counter \d+ is 0\): nothing removed/);
  assert.throws(() => counting.add('k'.repeat(1025)), { message: 'CountingBloomFilter.add: item must be at most 1024 bytes long, got 1025' });
  assert.deepEqual(counting.snapshot(), before);
  counting.remove('a');
  assert.equal(counting.contains('a'), false);
  counting.delete();

  const sketch = new sdlab.CountMinSketch({ width: 16, depth: 3, topK: 2 });
  sketch.update('#a', 2);
  const snapshot = sketch.snapshot();
  for (const count of [0, -1, 1.5, 2e9, NaN]) assert.throws(() => sketch.update('#a', count), /CountMinSketch.update: count must be an integer in \[1, 1000000000\]/);
  assert.deepEqual(sketch.snapshot(), snapshot);
  sketch.delete();
});

test('CountMinSketch never undercounts, traces its cells and keeps the top-K', async () => {
  const sdlab = await load;
  const sketch = new sdlab.CountMinSketch({ epsilon: 0.01, delta: 0.01, conservative: true, topK: 2 });
  sketch.setTracing(true);
  assert.deepEqual(sketch.stats().width, 272);
  assert.deepEqual(sketch.stats().depth, 5);
  const stream = ['#python', '#python', '#js', '#python', '#go', '#js', '#rust'];
  for (const tag of stream) sketch.update(tag, 1);
  assert.ok(sketch.query('#python') >= 3);
  const columns = sketch.columns('#js');
  sketch.query('#js');
  const trace = sketch.trace();
  assert.deepEqual(trace.map((s) => s.kind), ['estimate', 'read', 'read', 'read', 'read', 'read', 'min']);
  assert.deepEqual(trace.slice(1, 6).map((s) => s.subject), columns.map((c, row) => `${row},${c}`));
  assert.deepEqual(sketch.topK().map((e) => e.item), ['#python', '#js']);
  const snapshot = sketch.snapshot();
  assert.equal(snapshot.rows.length, 5);
  assert.equal(snapshot.rows[0].length, 272);
  assert.equal(snapshot.rows[0].reduce((a, b) => a + b, 0) <= stream.length, true);
  assert.throws(() => new sdlab.CountMinSketch({ width: 10, depth: 2, conservative: 'yes' }), { name: 'TypeError', message: 'CountMinSketch: options.conservative must be a boolean, got string' });
  assert.throws(() => new sdlab.CountMinSketch({ epsilon: 0.01 }), { message: 'CountMinSketch: options.delta must be a number, got undefined' });
  sketch.delete();
});

test('batch experiments reproduce for a seed and stay within their bounds', async () => {
  const sdlab = await load;
  const bloom = { expectedItems: 100000, falsePositiveRate: 0.01, maxItems: 100000, points: 2, probes: 50000, seed: 4 };
  const run = sdlab.bloomExperiment(bloom);
  assert.deepEqual(sdlab.bloomExperiment(bloom), run);
  const last = run.points[1];
  assert.equal(last.items, 100000);
  assert.ok(last.measured > last.theoretical / 1.5 && last.measured < last.theoretical * 1.5, JSON.stringify(last));
  assert.throws(() => sdlab.bloomExperiment({ ...bloom, maxItems: 2e6 }), { message: 'bloomExperiment: options.maxItems must be an integer in [1, 1000000], got 2000000' });

  const cms = { epsilon: 0.001, delta: 0.01, updates: 50000, universe: 5000, skew: 1.1, topK: 5, seed: 2 };
  const result = sdlab.countMinExperiment(cms);
  assert.deepEqual(sdlab.countMinExperiment(cms), result);
  assert.ok(result.withinBound >= 0.99);
  assert.equal(result.topOverlap, 5);
  assert.throws(() => sdlab.countMinExperiment({ ...cms, skew: -1 }), { message: 'countMinExperiment: options.skew must be a finite number in [0, 5], got -1' });

  const check = sdlab.usernameCheck({ existing: 1000, falsePositiveRate: 0.01, queries: 5000, takenShare: 0.5, storeLatencyMs: 2, seed: 1 });
  assert.equal(check.lookupsSaved + check.storeLookups, 5000);
  assert.equal(check.storeLookups, check.taken + check.falsePositives);
});

test('10,000 rejected calls do not grow the heap', async () => {
  const sdlab = await load;
  const filter = new sdlab.CountingBloomFilter({ bits: 64, hashes: 2 });
  const sketch = new sdlab.CountMinSketch({ width: 8, depth: 2 });
  const rejectAll = () => {
    for (let i = 0; i < 10000; ++i) {
      assert.throws(() => filter.remove(`x${i}`));
      assert.throws(() => sketch.update('a', -i));
      assert.throws(() => new sdlab.BloomFilter({ bits: -i, hashes: 1 }));
    }
  };
  rejectAll();
  const before = sdlab.heapBytesInUse();
  rejectAll();
  assert.equal(sdlab.heapBytesInUse(), before);
  filter.delete();
  sketch.delete();
  const start = sdlab.heapBytesInUse();
  for (let i = 0; i < 1000; ++i) new sdlab.BloomFilter({ bits: 1024, hashes: 3 }).delete();
  assert.equal(sdlab.heapBytesInUse(), start);
});

test('an options object is read once: a throwing getter is named, and the module keeps working', async () => {
  const sdlab = await load;
  const hostile = { bits: 64, get hashes() { throw new Error('no hashes today'); } };
  assert.throws(() => new sdlab.BloomFilter(hostile), { name: 'Error', message: 'BloomFilter: options.hashes could not be read: no hashes today' });
  const experiment = { expectedItems: 100, falsePositiveRate: 0.01, maxItems: 100, points: 1, probes: 10, get seed() { throw new RangeError('gone'); } };
  assert.throws(() => sdlab.bloomExperiment(experiment), { name: 'Error', message: 'bloomExperiment: options.seed could not be read: gone' });
  let reads = 0;
  const counted = { get width() { reads += 1; return 8; }, depth: 2 };
  const sketch = new sdlab.CountMinSketch(counted);
  assert.equal(reads, 1);
  assert.equal(sketch.update('a', 2), 2);
  sketch.delete();
  const filter = new sdlab.BloomFilter({ bits: 64, hashes: 2 });
  filter.add('a');
  assert.equal(filter.contains('a'), true);
  filter.delete();
});

test('a shape needs both fields of its pair, named when one is missing', async () => {
  const sdlab = await load;
  assert.throws(() => new sdlab.CountMinSketch({ width: 8 }), { message: 'CountMinSketch: options.depth must be a number, got undefined' });
  assert.throws(() => new sdlab.CountMinSketch({}), { message: 'CountMinSketch: options.epsilon must be a number, got undefined' });
  assert.throws(() => new sdlab.CountMinSketch({ width: 1000000, depth: 32 }), { message: 'CountMinSketch: width × depth must be at most 4194304 cells, got 32000000' });
  assert.throws(() => new sdlab.BloomFilter({ expectedItems: 10 }), { message: 'BloomFilter: options.falsePositiveRate must be a number, got undefined' });
  assert.throws(() => sdlab.countMinExperiment({ width: 8, updates: 10, universe: 10, skew: 1, topK: 1, seed: 1 }), { message: 'countMinExperiment: options.depth must be a number, got undefined' });
  assert.throws(() => sdlab.bloomSizing(0, 0.01), { name: 'Error', message: 'bloomSizing: expectedItems must be an integer in [1, 10000000], got 0' });
  const sketch = new sdlab.CountMinSketch({ width: 100, depth: 3 });
  assert.throws(() => sketch.cells(0, 30000), { message: 'CountMinSketch.cells: offset + length must be at most 100, got 30000' });
  sketch.delete();
  const wide = new sdlab.CountMinSketch({ width: 100000, depth: 3 });
  assert.throws(() => wide.cells(0, 30000), { message: 'CountMinSketch.cells: length × depth must be at most 65536, got 90000' });
  assert.equal(wide.cells(5, 2).length, 3);
  wide.delete();
});

// Items packed as PackedItems: their UTF-8 bytes back to back, and where each ends.
function pack(items) {
  const parts = items.map((item) => new TextEncoder().encode(item));
  const ends = new Uint32Array(parts.length);
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  parts.reduce((at, part, i) => { bytes.set(part, at); ends[i] = at + part.length; return ends[i]; }, 0);
  return { bytes, ends };
}

test('kernel batches do exactly what the per-item calls do, untraced', async () => {
  const sdlab = await load;
  const items = ['alice', 'bob', '😀', '', 'é'.repeat(512), 'k'.repeat(1024), 'alice'];
  for (const Filter of [sdlab.BloomFilter, sdlab.CountingBloomFilter]) {
    const batch = new Filter({ bits: 4096, hashes: 5 });
    const single = new Filter({ bits: 4096, hashes: 5 });
    batch.setTracing(true);
    assert.equal(batch.addAll(pack(items)), items.length);
    assert.deepEqual(batch.trace(), []);
    for (const item of items) single.add(item);
    assert.deepEqual(batch.snapshot(), single.snapshot());
    const probes = [...items, 'carol', 'dave', 'k'.repeat(1023)];
    assert.equal(batch.countContained(pack(probes)), probes.filter((p) => single.contains(p)).length);
    assert.equal(batch.addAll(pack([])), 0);
    batch.add('erin');  // tracing is back on for single calls
    assert.deepEqual(batch.trace().map((s) => s.kind), ['add', 'set', 'set', 'set', 'set', 'set']);
    batch.delete();
    single.delete();
  }
  const batch = new sdlab.CountMinSketch({ width: 64, depth: 4, topK: 3 });
  const single = new sdlab.CountMinSketch({ width: 64, depth: 4, topK: 3 });
  assert.equal(batch.updateAll(pack(items)), items.length);
  for (const item of items) single.update(item, 1);
  assert.deepEqual(batch.snapshot(), single.snapshot());
  batch.delete();
  single.delete();
});

test('a kernel batch with a bad array says which and changes nothing', async () => {
  const sdlab = await load;
  const filter = new sdlab.BloomFilter({ bits: 256, hashes: 3 });
  filter.add('a');
  const before = filter.snapshot();
  const good = pack(['a', 'bc']);
  const cases = [
    [{ ...good, bytes: [97, 98, 99] }, 'items.bytes must be a Uint8Array, got object'],
    [{ ...good, bytes: new Uint16Array(3) }, 'items.bytes must be a Uint8Array, got another typed array'],
    [{ ends: good.ends }, 'items.bytes must be a Uint8Array, got undefined'],
    [{ ...good, ends: null }, 'items.ends must be a Uint32Array, got null'],
    [{ ...good, ends: new Uint32Array([2, 1]) }, 'items.ends must not decrease: ends[1] is 1, after 2'],
    [{ ...good, ends: new Uint32Array([1, 2]) }, 'items.ends must end at bytes.length, 3, got 2'],
    [{ ...good, ends: new Uint32Array([1, 4]) }, 'items.ends must end at bytes.length, 3, got 4'],
    [pack(['a', 'k'.repeat(1025)]), 'items: item 1 is 1025 bytes long, more than 1024'],
  ];
  for (const [items, message] of cases) {
    assert.throws(() => filter.addAll(items), { message: `BloomFilter.addAll: ${message}` });
    assert.throws(() => filter.countContained(items), { message: `BloomFilter.countContained: ${message}` });
  }
  assert.deepEqual(filter.snapshot(), before);
  assert.throws(() => filter.addAll(good.bytes), { message: 'BloomFilter.addAll: items.bytes must be a Uint8Array, got undefined' });
  assert.throws(() => filter.addAll('ab'), { name: 'TypeError', message: 'BloomFilter.addAll: items must be an object, got string' });
  filter.delete();
  const sketch = new sdlab.CountMinSketch({ width: 16, depth: 2 });
  assert.throws(() => sketch.updateAll({ ...good, ends: new Uint32Array([2]) }), { message: 'CountMinSketch.updateAll: items.ends must end at bytes.length, 3, got 2' });
  assert.equal(sketch.stats().total, 0);
  assert.equal(sketch.updateAll(good), 2);
  sketch.delete();
});

test('filters and sketches share a memory budget: past it a clear error, and the module lives on', async () => {
  const sdlab = await load;
  const big = { bits: 268435456, hashes: 1, counterBits: 8 };  // 256 MiB of counters
  const budget = "the module's memory budget for filters, sketches and caches (1024 MiB)";
  const filters = [];
  let refusal;
  while (!refusal && filters.length < 8) {  // eight of them would be the whole 2 GiB heap
    try {
      filters.push(new sdlab.CountingBloomFilter(big));
    } catch (error) {
      refusal = error;
    }
  }
  assert.equal(filters.length, 4);
  assert.equal(refusal.message, `CountingBloomFilter: its cells need 256 MiB, but ${budget} has 0 MiB left: delete() one first`);
  assert.throws(() => new sdlab.CountMinSketch({ width: 1000000, depth: 4 }),
    { message: `CountMinSketch: its cells need 30.5 MiB, but ${budget} has 0 MiB left: delete() one first` });
  filters.pop().delete();
  filters[0].add('kept');
  const copy = filters[0].copy();  // takes the freed share
  assert.equal(copy.contains('kept'), true);
  assert.throws(() => filters[0].copy(), { message: `CountingBloomFilter.copy: its cells need 256 MiB, but ${budget} has 0 MiB left: delete() one first` });
  copy.delete();
  filters.forEach((filter) => filter.delete());
  const heap = sdlab.heapBytesInUse();
  const again = Array.from({ length: 4 }, () => new sdlab.CountingBloomFilter(big));  // the whole budget is back
  again[3].add('x');
  assert.equal(again[3].contains('x'), true);
  again.forEach((filter) => filter.delete());
  assert.equal(sdlab.heapBytesInUse(), heap);
});
