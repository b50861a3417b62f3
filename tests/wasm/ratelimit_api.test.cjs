// The JS-facing contract of the rate-limiting bindings: the decision shape, snapshots, errors that
// name the problem and change nothing, the batch entry points, and a stable heap.
const test = require('node:test');
const assert = require('node:assert/strict');
const createSdlab = require(process.env.SDLAB_NODE_MODULE);

const load = createSdlab();

const traffic = {
  pattern: 'boundary', durationMs: 10000, ratePerSec: 10, burst: 10, periodMs: 1000,
  windowMs: 1000, clients: 1, abuserRatePerSec: 100, cost: 1, seed: 1,
};

const limiters = [
  ['TokenBucket', [0.5, 5]],
  ['LeakyBucketQueue', [5, 0.5]],
  ['LeakyBucketMeter', [5, 0.5]],
  ['FixedWindow', [5, 10000]],
  ['SlidingWindowLog', [5, 10000]],
  ['SlidingWindowCounter', [5, 10000]],
  ['Gcra', [4, 5, 10000]],
];

test('every limiter admits 5 of 5 per 10 s, then says when to retry', async () => {
  const sdlab = await load;
  for (const [name, args] of limiters) {
    const limiter = new sdlab[name](...args);
    limiter.setTracing(true);
    limiter.advance(1000);
    for (let i = 0; i < 5; ++i) assert.equal(limiter.request(1).allowed, true, name);
    const d = limiter.request(1);
    assert.equal(d.allowed, false, name);
    assert.equal(d.remaining, 0, name);
    assert.ok(d.retryAfterMs > 0, name);
    assert.deepEqual(limiter.trace().map((step) => step.kind), ['reject'], name);
    limiter.advance(d.retryAfterMs);
    assert.deepEqual(limiter.trace(), [], `${name}: advance reports nothing`);
    assert.equal(limiter.request(1).allowed, true, name);
    assert.equal(limiter.request(6).retryAfterMs, -1, `${name}: cost above the capacity never fits`);
    assert.equal(limiter.snapshot().nowMs, 1000 + d.retryAfterMs, name);
    assert.ok(limiter.bytes() >= 32, name);
    limiter.delete();
  }
});

test('FixedWindow explains its decision and shows its window', async () => {
  const sdlab = await load;
  const window = new sdlab.FixedWindow(5, 10000);
  window.setTracing(true);
  window.advance(12000);
  assert.deepEqual(window.request(5), { allowed: true, remaining: 0, retryAfterMs: 0, resetAfterMs: 8000 });
  window.advance(6800);
  assert.deepEqual(window.request(1), { allowed: false, remaining: 0, retryAfterMs: 1200, resetAfterMs: 1200 });
  const [step] = window.trace();
  assert.deepEqual({ ...step, line: 0 }, {
    kind: 'reject', subject: '18.800 s', note: 'window 10.000 s–20.000 s holds 5 of 5: rejected, retry in 1.200 s',
    data: [
      { name: 'atMs', number: 18800 }, { name: 'cost', number: 1 }, { name: 'count', number: 5 }, { name: 'limit', number: 5 },
      { name: 'windowStartMs', number: 10000 }, { name: 'remaining', number: 0 }, { name: 'retryAfterMs', number: 1200 },
      { name: 'resetAfterMs', number: 1200 },
    ],
    depth: 0, parent: -1, file: 'core/ratelimit/limiter.h', line: 0,
  });
  assert.ok(step.line > 0);
  assert.deepEqual(window.snapshot(), { limit: 5, windowMs: 10000, windowStartMs: 10000, count: 5, nowMs: 18800, bytes: window.bytes() });
  window.delete();
});

test('snapshots show each algorithm\'s state', async () => {
  const sdlab = await load;
  const bucket = new sdlab.TokenBucket(4, 10);
  bucket.request(10);
  bucket.advance(625);
  const tokens = bucket.snapshot();
  assert.equal(tokens.tokens, 2.5);
  assert.equal(tokens.tokensAtLastRefill, 0);
  assert.equal(tokens.lastRefillMs, 0);
  bucket.delete();

  const queue = new sdlab.LeakyBucketQueue(3, 2);
  assert.equal(queue.request(1).waitMs, 500);
  queue.request(1);
  assert.equal(queue.request(1).waitMs, 1500);
  queue.advance(500);
  assert.deepEqual(queue.snapshot().queue, [{ departsAtMs: 1000, cost: 1 }, { departsAtMs: 1500, cost: 1 }]);
  queue.delete();

  const log = new sdlab.SlidingWindowLog(2, 1000);
  log.advance(100);
  log.request(1);
  log.advance(300);
  log.request(1);
  assert.deepEqual(log.snapshot().log, [{ atMs: 100, cost: 1 }, { atMs: 400, cost: 1 }]);
  log.delete();

  const counter = new sdlab.SlidingWindowCounter(100, 60000);
  counter.request(80);
  counter.advance(90000);
  counter.request(40);
  const c = counter.snapshot();
  assert.deepEqual([c.previous, c.current, c.weight, c.estimate], [80, 40, 0.5, 80]);
  counter.delete();

  const gcra = new sdlab.Gcra(15, 30, 60000);  // CL.THROTTLE user123 15 30 60 1
  assert.deepEqual(gcra.request(1), { allowed: true, remaining: 15, retryAfterMs: 0, resetAfterMs: 2000 });
  const g = gcra.snapshot();
  assert.deepEqual([g.limit, g.emissionIntervalMs, g.toleranceMs, g.tatMs], [16, 2000, 32000, 2000]);
  assert.deepEqual(gcra.request(0), { allowed: true, remaining: 15, retryAfterMs: 0, resetAfterMs: 2000 });
  gcra.delete();
});

test('a snapshot shows the state as of now and changes nothing', async () => {
  const sdlab = await load;
  const window = new sdlab.FixedWindow(5, 1000);
  window.request(5);
  window.advance(1500);
  assert.deepEqual([window.snapshot().windowStartMs, window.snapshot().count], [1000, 0]);
  window.delete();

  const log = new sdlab.SlidingWindowLog(2, 1000);
  log.request(1);
  log.advance(500);
  log.request(1);
  log.advance(700);
  const l = log.snapshot();
  assert.deepEqual([l.count, l.log], [1, [{ atMs: 500, cost: 1 }]]);
  assert.deepEqual(log.snapshot(), l);
  log.delete();

  const queue = new sdlab.LeakyBucketQueue(3, 2);
  queue.request(1);
  queue.request(1);
  queue.advance(2000);
  const q = queue.snapshot();
  assert.deepEqual([q.queued, q.lastDepartureMs, q.queue], [0, 2000, []]);
  assert.equal(queue.request(3).allowed, true);
  queue.delete();

  const meter = new sdlab.LeakyBucketMeter(5, 1);
  meter.request(4);
  meter.advance(1500);
  assert.equal(meter.snapshot().level, 2.5);
  assert.equal(meter.request(2).remaining, 0.5);
  meter.delete();
});

test('bad parameters throw an Error naming the parameter and the rule', async () => {
  const sdlab = await load;
  const cases = [
    [() => new sdlab.TokenBucket(0, 5), 'TokenBucket: ratePerSec must be a finite number in [0.000001, 1000000000], got 0'],
    [() => new sdlab.TokenBucket(NaN, 5), 'TokenBucket: ratePerSec must be a finite number in [0.000001, 1000000000], got NaN'],
    [() => new sdlab.TokenBucket(1, 0), 'TokenBucket: burst must be an integer in [1, 1000000000], got 0'],
    [() => new sdlab.LeakyBucketQueue(0, 1), 'LeakyBucketQueue: capacity must be an integer in [1, 1000000000], got 0'],
    [() => new sdlab.LeakyBucketMeter(3, -1), 'LeakyBucketMeter: leakPerSec must be a finite number in [0.000001, 1000000000], got -1'],
    [() => new sdlab.FixedWindow(5, 0), 'FixedWindow: windowMs must be a finite number in [0.001, 31536000000], got 0'],
    [() => new sdlab.SlidingWindowLog(1.5, 10), 'SlidingWindowLog: limit must be an integer in [1, 1000000000], got 1.5'],
    [() => new sdlab.SlidingWindowCounter(5, Infinity), 'SlidingWindowCounter: windowMs must be a finite number in [0.001, 31536000000], got Infinity'],
    [() => new sdlab.Gcra(1, 2000, 1), 'Gcra: periodMs / countPerPeriod must be at least 0.001 ms, got 0.0005'],
  ];
  for (const [make, message] of cases) assert.throws(make, { name: 'Error', message });
  assert.throws(() => new sdlab.Gcra(1, 2), { name: 'TypeError', message: 'Gcra(maxBurst, countPerPeriod, periodMs) takes 3 arguments, got 2' });
});

test('a rejected call leaves the limiter unchanged', async () => {
  const sdlab = await load;
  const bucket = new sdlab.TokenBucket(1, 3);
  bucket.request(2);
  bucket.advance(250);
  const before = bucket.snapshot();
  for (const [cost, shown] of [[-1, '-1'], [1.5, '1.5'], [NaN, 'NaN'], [2e9, '2000000000']]) {
    assert.throws(() => bucket.request(cost), { name: 'Error', message: `TokenBucket.request: cost must be an integer in [0, 1000000000], got ${shown}` });
  }
  for (const [ms, shown] of [[-1, '-1'], [NaN, 'NaN'], [Infinity, 'Infinity']]) {
    assert.throws(() => bucket.advance(ms), { name: 'Error', message: `TokenBucket.advance: ms must be a finite number in [0, 3153600000000], got ${shown}` });
  }
  assert.throws(() => bucket.request('1'), { name: 'TypeError', message: 'TokenBucket.request: cost must be a number, got string' });
  assert.deepEqual(bucket.snapshot(), before);
  assert.deepEqual(bucket.trace(), []);
  assert.equal(bucket.request(1).remaining, 0.25);
  bucket.delete();
});

test('advance(retryAfterMs) reaches the first microsecond that admits, for rates and windows that are not whole milliseconds', async () => {
  const sdlab = await load;
  const cases = [
    ['TokenBucket', [1 / 3, 2], 2], ['LeakyBucketMeter', [2, 10 / 13], 2], ['LeakyBucketQueue', [3, 0.7], 2],
    ['FixedWindow', [3, 3000.001], 2], ['SlidingWindowLog', [3, 3000.001], 2], ['SlidingWindowCounter', [7, 3000.001], 4],
    ['Gcra', [2, 7, 3000.001], 2],
  ];
  for (const [name, args, cost] of cases) {
    const limiter = new sdlab[name](...args);
    limiter.advance(1234.567);
    while (limiter.request(cost).allowed) limiter.advance(0.001);
    const { retryAfterMs, resetAfterMs } = limiter.request(cost);
    assert.ok(retryAfterMs > 0 && resetAfterMs >= retryAfterMs, `${name}: ${retryAfterMs}, ${resetAfterMs}`);
    const early = limiter.copy();
    early.advance(retryAfterMs - 0.001);
    assert.equal(early.request(cost).allowed, false, `${name}: 1 µs before ${retryAfterMs} ms`);
    early.advance(0.001);
    assert.equal(early.request(cost).allowed, true, `${name}: at ${retryAfterMs} ms`);
    const reset = limiter.copy();
    reset.advance(resetAfterMs);
    assert.equal(reset.request(Math.trunc(args[0]) + (name === 'Gcra' ? 1 : 0)).allowed, true, `${name}: the full limit at ${resetAfterMs} ms`);
    for (const handle of [limiter, early, reset]) handle.delete();
  }
});

test('a refill or drain longer than a century is refused, and the clock refuses to pass its end', async () => {
  const sdlab = await load;
  // Both used to misbehave: the bucket's request never returned; the queue admitted 2·10^9 into a
  // queue of 10^9.
  assert.throws(() => new sdlab.TokenBucket(0.000001, 10000000), {
    name: 'Error',
    message: 'TokenBucket: burst / ratePerSec, the time a refill from empty takes, must be at most 3153600000 s (100 years), got 10000000000000 s',
  });
  assert.throws(() => new sdlab.LeakyBucketQueue(1e9, 1e-6), { name: 'Error', message: /^LeakyBucketQueue: capacity \/ leakPerSec, the time a full queue takes to drain, must be at most 3153600000 s \(100 years\)/ });
  const slowest = new sdlab.TokenBucket(0.000001, 3153);
  assert.equal(slowest.request(3153).resetAfterMs, 3153e12 / 1000);
  const century = 3153600000000;
  slowest.advance(century);
  slowest.advance(century);
  assert.throws(() => slowest.advance(century), { name: 'Error', message: 'TokenBucket.advance: ms must be a finite number in [0, 2699999254740], got 3153600000000' });
  assert.equal(slowest.now(), 2 * century);
  slowest.advance(2699999254740);
  assert.deepEqual(slowest.request(3153), { allowed: true, remaining: 0, retryAfterMs: 0, resetAfterMs: 3153e9 });
  assert.equal(slowest.request(1).retryAfterMs, 1e9);
  slowest.delete();
});

test('runRateLimitComparison: the boundary attack doubles the fixed window', async () => {
  const sdlab = await load;
  const result = sdlab.runRateLimitComparison({ ...traffic, limit: 10 });
  assert.equal(result.timesMs.length, 100);
  assert.equal(result.timesMs[0], 999.999);
  assert.ok(result.clients instanceof Uint32Array);
  assert.deepEqual(result.algorithms.map((a) => a.name), [
    'tokenBucket', 'leakyBucketQueue', 'leakyBucketMeter', 'fixedWindow', 'slidingWindowLog', 'slidingWindowCounter', 'gcra',
  ]);
  for (const run of result.algorithms) {
    assert.ok(run.allowed instanceof Uint8Array, run.name);
    assert.equal(run.allowed.reduce((sum, a) => sum + a, 0), run.admitted, run.name);
    assert.equal(run.admitted + run.rejected, 100, run.name);
    assert.equal(run.maxInWindow, run.name === 'fixedWindow' ? 20 : 10, run.name);
    assert.ok(run.bytesPerClient > 0, run.name);
  }
  assert.deepEqual(sdlab.runRateLimitComparison({ ...traffic, limit: 10 }), result);
  assert.throws(() => sdlab.runRateLimitComparison({ ...traffic }), { name: 'TypeError', message: 'runRateLimitComparison: options.limit must be a number, got undefined' });

  const only = sdlab.runRateLimitComparison({ ...traffic, limit: 10, algorithms: ['gcra', 'fixedWindow'] });
  assert.deepEqual(only.algorithms.map((a) => a.name), ['gcra', 'fixedWindow']);
  assert.deepEqual(only.algorithms[1].allowed, result.algorithms[3].allowed);
  assert.throws(() => sdlab.runRateLimitComparison({ ...traffic, limit: 10, algorithms: ['gcra', 'leaky'] }),
    { message: 'runRateLimitComparison: options.algorithms[1] must be "tokenBucket", "leakyBucketQueue", "leakyBucketMeter", "fixedWindow", "slidingWindowLog", "slidingWindowCounter" or "gcra", got "leaky"' });
  assert.throws(() => sdlab.runRateLimitComparison({ ...traffic, limit: 10, algorithms: [] }),
    { message: 'runRateLimitComparison: options.algorithms must have 1 to 7 items, got 0' });
  assert.throws(() => sdlab.runRateLimitComparison({ ...traffic, limit: 10, algorithms: 'gcra' }),
    { name: 'TypeError', message: 'runRateLimitComparison: options.algorithms must be an array, got string' });
});

test('generateTraffic is seeded and validates every option by name', async () => {
  const sdlab = await load;
  const poisson = { ...traffic, pattern: 'poisson', ratePerSec: 100, clients: 5 };
  const first = sdlab.generateTraffic(poisson);
  assert.deepEqual(sdlab.generateTraffic(poisson), first);
  assert.notDeepEqual(sdlab.generateTraffic({ ...poisson, seed: 2 }).timesMs, first.timesMs);
  const cases = [
    [{ pattern: 'spiky' }, 'options.pattern must be "steady", "bursty", "poisson", "boundary" or "abuser", got "spiky"'],
    [{ durationMs: 0 }, 'options.durationMs must be a finite number in [0.001, 31536000000], got 0'],
    [{ ratePerSec: -1 }, 'options.ratePerSec must be a finite number in [0.000001, 1000000000], got -1'],
    [{ burst: 0.5 }, 'options.burst must be an integer in [1, 1000000000], got 0.5'],
    [{ pattern: 'abuser', clients: 1 }, 'clients must be an integer in [2, 100000], got 1'],
    [{ seed: -1 }, 'options.seed must be an integer in [0, 4294967295], got -1'],
    [{ pattern: 'steady', ratePerSec: 1e6 }, 'the traffic would have about 10000000 requests, more than 2000000'],
    [{ cost: '1' }, 'options.cost must be a number, got string'],
  ];
  for (const [change, message] of cases) {
    assert.throws(() => sdlab.generateTraffic({ ...traffic, ...change }), { message: `generateTraffic: ${message}` });
  }
});

test('an options object whose getter throws names the function and the field, and the module keeps working', async () => {
  const sdlab = await load;
  const options = { ...traffic };
  Object.defineProperty(options, 'seed', { enumerable: true, get() { throw new Error('no seed today'); } });
  assert.throws(() => sdlab.generateTraffic(options), { name: 'Error', message: 'generateTraffic: options.seed could not be read: no seed today' });
  assert.throws(() => sdlab.runRateLimitComparison(Object.assign(Object.create(options), { limit: 10 })),
    { name: 'Error', message: 'runRateLimitComparison: options.seed could not be read: no seed today' });
  assert.equal(sdlab.generateTraffic(traffic).timesMs.length, 100);
  const bucket = new sdlab.TokenBucket(1, 1);
  assert.equal(bucket.request(1).allowed, true);
  bucket.delete();
});

const distributed = {
  ...traffic, pattern: 'poisson', ratePerSec: 2000, clients: 20, placement: 'atomic', routing: 'round-robin',
  failMode: 'open', servers: 4, limit: 5, latencyMs: 10, outageStartMs: 0, outageEndMs: 0,
};

test('simulateDistributedLimit: atomic is exact, racy and local-full over-admit', async () => {
  const sdlab = await load;
  const atomic = sdlab.simulateDistributedLimit(distributed);
  assert.equal(atomic.overAdmitted, 0);
  assert.equal(atomic.admitted, atomic.exactAdmitted);
  assert.equal(atomic.serverRequests.length, 4);
  const racy = sdlab.simulateDistributedLimit({ ...distributed, placement: 'racy' });
  assert.ok(racy.overAdmitted > 0 && racy.admitted > atomic.admitted, JSON.stringify(racy));
  const full = sdlab.simulateDistributedLimit({ ...distributed, placement: 'local-full' });
  assert.ok(full.admitted > racy.admitted && full.admitted <= 4 * atomic.admitted, JSON.stringify(full));
  assert.equal(full.storeRoundTrips, 0);
  const outage = { ...distributed, outageStartMs: 2000, outageEndMs: 4000 };
  const open = sdlab.simulateDistributedLimit(outage);
  const closed = sdlab.simulateDistributedLimit({ ...outage, failMode: 'closed' });
  assert.ok(open.unchecked > 0 && open.unchecked === closed.unchecked);
  assert.ok(open.admitted > closed.admitted);
  assert.deepEqual(sdlab.simulateDistributedLimit(distributed), atomic);
  const cases = [
    [{ placement: 'redis' }, 'options.placement must be "local-split", "local-full", "atomic" or "racy", got "redis"'],
    [{ routing: 'hash' }, 'options.routing must be "round-robin" or "random", got "hash"'],
    [{ failMode: 'ajar' }, 'options.failMode must be "open" or "closed", got "ajar"'],
    [{ servers: 0 }, 'options.servers must be an integer in [1, 1000], got 0'],
    [{ latencyMs: -1 }, 'options.latencyMs must be a finite number in [0, 31536000000], got -1'],
    [{ outageStartMs: 5, outageEndMs: 1 }, 'outageEndMs must be a finite number in [5, 31536000000], got 1'],
  ];
  for (const [change, message] of cases) {
    assert.throws(() => sdlab.simulateDistributedLimit({ ...distributed, ...change }), { name: 'Error', message: `simulateDistributedLimit: ${message}` });
  }
});

test('rejected calls, limiter churn and batch runs do not grow the heap', async () => {
  const sdlab = await load;
  const churn = () => {
    for (let i = 0; i < 1000; ++i) {
      for (const [name, args] of limiters) {
        const limiter = new sdlab[name](...args);
        limiter.request(2);
        limiter.advance(10);
        limiter.snapshot();
        limiter.trace();
        assert.throws(() => limiter.request(-1));
        limiter.delete();
        assert.throws(() => new sdlab[name](...args.map(() => -1)));
      }
      if (i % 100 === 0) {
        sdlab.runRateLimitComparison({ ...traffic, limit: 10 });
        sdlab.simulateDistributedLimit({ ...distributed, placement: 'racy', ratePerSec: 100 });
        assert.throws(() => sdlab.generateTraffic({ ...traffic, pattern: 'x' }));
      }
    }
  };
  churn();
  const before = sdlab.heapBytesInUse();
  churn();
  assert.equal(sdlab.heapBytesInUse(), before);
});

test('runKeyedLimiter decides as the comparison does, from typed arrays, and checks them', async () => {
  const sdlab = await load;
  const poisson = { ...traffic, pattern: 'poisson', ratePerSec: 2000, clients: 50, durationMs: 5000 };
  const run = sdlab.runRateLimitComparison({ ...poisson, limit: 10 });
  for (const full of run.algorithms) {
    const kernel = sdlab.runKeyedLimiter({ algorithm: full.name, limit: 10, windowMs: 1000, timesMs: run.timesMs, clients: run.clients });
    assert.deepEqual(kernel, { admitted: full.admitted, rejected: full.rejected, clients: full.clients, bytes: full.bytes, bytesPerClient: full.bytesPerClient }, full.name);
  }
  const options = { algorithm: 'tokenBucket', limit: 10, windowMs: 1000, timesMs: new Float64Array([0, 1, 1]), clients: new Uint32Array([0, 99999, 0]) };
  assert.equal(sdlab.runKeyedLimiter(options).admitted, 3);
  const cases = [
    [{ timesMs: [0, 1, 1] }, 'options.timesMs must be a Float64Array, got object'],
    [{ clients: new Int32Array(3) }, 'options.clients must be a Uint32Array, got another typed array'],
    [{ clients: new Uint32Array(2) }, 'options.clients must be as long as options.timesMs, 3, got 2'],
    [{ timesMs: new Float64Array([0, 2, 1]) }, 'options.timesMs[2] must be a number in [2, 31536000000] (times never decrease), got 1'],
    [{ timesMs: new Float64Array([-1, 0, 0]) }, 'options.timesMs[0] must be a number in [0, 31536000000] (times never decrease), got -1'],
    [{ timesMs: new Float64Array([0, NaN, 1]) }, 'options.timesMs[1] must be a number in [0, 31536000000] (times never decrease), got NaN'],
    [{ timesMs: new Float64Array([0, 0, 31536000000.001]) }, 'options.timesMs[2] must be a number in [0, 31536000000] (times never decrease), got 31536000000.001'],
    [{ clients: new Uint32Array([0, 100000, 0]) }, 'options.clients[1] must be below 100000, got 100000'],
    [{ limit: 0 }, 'options.limit must be an integer in [1, 1000000000], got 0'],
  ];
  for (const [change, message] of cases) {
    assert.throws(() => sdlab.runKeyedLimiter({ ...options, ...change }), { message: `runKeyedLimiter: ${message}` });
  }
  assert.equal(sdlab.runKeyedLimiter({ ...options, timesMs: new Float64Array([0, 0, 31536000000]) }).admitted, 3);
  const empty = sdlab.runKeyedLimiter({ ...options, timesMs: new Float64Array(0), clients: new Uint32Array(0) });
  assert.deepEqual([empty.admitted, empty.rejected, empty.clients, empty.bytesPerClient], [0, 0, 0, 0]);
});
