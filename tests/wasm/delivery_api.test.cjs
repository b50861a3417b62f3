// The JS-facing contract of runAtLeastOnce (the at-least-once delivery lab): the outcome's shape,
// a crash between side effect and ack duplicating the plain consumer's effect and not the
// idempotent one's, the state as of any step, the same history for the same seed, bad options
// refused with a message naming the field, and a module that survives them with a stable heap.
const test = require('node:test');
const assert = require('node:assert/strict');
const createSdlab = require(process.env.SDLAB_NODE_MODULE);

const load = createSdlab();

// One message, one consumer, a fixed 1 ms link: the consumer gets m0 at 2 ms, applies it, would
// ack at 4 ms, but crashes at 3 ms (back at 3.5 ms); m0 is visible again at 11 ms.
const crashBeforeAck = {
  messages: 1, consumers: 1, visibilityTimeout: 10000, minLatency: 1000, maxLatency: 1000,
  workTime: 2000, pollInterval: 5000, horizon: 100000, crashes: [{ consumer: 0, at: 3000, downFor: 500 }],
};

test('a crash between side effect and ack duplicates the plain consumer\'s effect, not the idempotent one\'s', async () => {
  const sdlab = await load;
  const plain = sdlab.runAtLeastOnce(crashBeforeAck);
  assert.deepEqual(plain.effects, [{ id: 'm0', count: 2 }]);
  assert.deepEqual(plain.consumerEffects, [[{ id: 'm0', count: 2 }]]);
  assert.deepEqual(plain.duplicates, ['m0']);
  assert.deepEqual(plain.receives, [{ id: 'm0', count: 2 }]);
  assert.deepEqual(plain.acked, ['m0']);
  assert.equal(plain.truncated, false);
  assert.equal(plain.queue.nowMs, 100, "the queue in ms, as the queue block shows it");
  assert.deepEqual([plain.queue.visible, plain.queue.inFlight, plain.queue.deadLetters], [[], [], []]);
  assert.equal(plain.queue.stats.redeliveries, 1);
  assert.deepEqual(plain.invariants.map((i) => i.holds), [true, false]);
  const duplicate = plain.invariants[1];
  assert.equal(duplicate.detail, 'm0 applied 2 times');
  assert.deepEqual(plain.history[duplicate.step].notes, ['side effect of m0: applied 2 times']);
  assert.equal(plain.history[duplicate.step].time, 12500);

  const idempotent = sdlab.runAtLeastOnce({ ...crashBeforeAck, idempotent: true });
  assert.deepEqual(idempotent.effects, [{ id: 'm0', count: 1 }]);
  assert.deepEqual(idempotent.duplicates, []);
  assert.deepEqual(idempotent.receives, [{ id: 'm0', count: 2 }], 'delivered twice all the same');
  assert.deepEqual(idempotent.invariants.map((i) => [i.holds, i.step]), [[true, undefined], [true, undefined]]);
  assert.ok(idempotent.history.some((s) => s.notes.includes('m0 is in the dedup table: already applied, skipped')));
});

test('the history is every step with its cause: a delivery points at the step that sent it', async () => {
  const sdlab = await load;
  const { history } = sdlab.runAtLeastOnce(crashBeforeAck);
  assert.deepEqual(history.slice(0, 3).map((s) => [s.index, s.time, s.kind, s.actor, s.cause]),
    [[0, 0, 'start', 'broker', -1], [1, 0, 'start', 'producer', -1], [2, 0, 'start', 'consumer-1', -1]]);
  history.forEach((s, i) => assert.equal(s.index, i));
  const delivery = history.find((s) => s.kind === 'deliver' && s.message.type === 'message');
  assert.deepEqual([delivery.actor, delivery.from, delivery.message.key, delivery.time], ['consumer-1', 'broker', 'm0', 2000]);
  assert.ok(delivery.cause >= 0 && delivery.cause < delivery.index);
  assert.equal(history[delivery.cause].actor, 'broker');
  assert.deepEqual(history.filter((s) => s.kind === 'crash' || s.kind === 'restart').map((s) => [s.kind, s.time]),
    [['crash', 3000], ['restart', 3500]]);
  assert.equal(typeof delivery.why, 'string');
  assert.ok(delivery.why.length > 0);
});

test('maxSteps gives the state as of a step: the first k steps and the queue then', async () => {
  const sdlab = await load;
  const full = sdlab.runAtLeastOnce(crashBeforeAck);
  const first = full.history.findIndex((s) => s.notes.includes('side effect of m0'));
  const before = sdlab.runAtLeastOnce({ ...crashBeforeAck, maxSteps: first });
  assert.deepEqual(before.effects, []);
  assert.equal(before.truncated, true);
  assert.deepEqual(before.history, full.history.slice(0, first));
  const at = sdlab.runAtLeastOnce({ ...crashBeforeAck, maxSteps: first + 1, withHistory: false });
  assert.deepEqual(at.effects, [{ id: 'm0', count: 1 }]);
  assert.deepEqual(at.history, [], 'withHistory: false leaves it out');
  assert.deepEqual(at.queue.inFlight.map((m) => m.id), ['m0']);
  assert.equal(at.queue.nowMs, full.history[first].time / 1000);
  assert.equal(at.invariants[0].holds, false, 'm0 is on its way: not yet acked');
  assert.match(at.invariants[0].detail, /^m0 is neither acked nor dead-lettered/);
  assert.equal(sdlab.runAtLeastOnce({ ...crashBeforeAck, maxSteps: 1 }).history.length, 1);
  assert.deepEqual(sdlab.runAtLeastOnce({ ...crashBeforeAck, maxSteps: 1000000 }), full);
});

test('the same seed gives the same history; another seed another', async () => {
  const sdlab = await load;
  const chaotic = {
    seed: 7, messages: 12, consumers: 3, visibilityTimeout: 20000, maxReceives: 4, minLatency: 500,
    maxLatency: 3000, loss: 0.1, duplicate: 0.1, reorder: true, workTime: 4000, horizon: 400000,
    crashes: [{ consumer: 1, at: 9000, downFor: 20000 }, { consumer: 2, at: 30000, downFor: 0 }],
  };
  const a = sdlab.runAtLeastOnce(chaotic);
  assert.deepEqual(sdlab.runAtLeastOnce(chaotic), a);
  assert.ok(a.history.some((s) => s.kind === 'drop') || a.history.length > 100);
  const b = sdlab.runAtLeastOnce({ ...chaotic, seed: 8 });
  assert.notDeepEqual(b.history.map((s) => s.time), a.history.map((s) => s.time));
});

test('the defaults run: every field may be left out', async () => {
  const sdlab = await load;
  const run = sdlab.runAtLeastOnce({});
  assert.equal(run.effects.length, 10);
  assert.equal(run.consumerEffects.length, 1);
  assert.deepEqual(run.invariants.map((i) => i.holds), [true, true]);
});

test('bad options are refused with a message naming the field, and the module survives with its heap', async () => {
  const sdlab = await load;
  const cases = [
    [{ messages: 0 }, 'options.messages must be an integer in [1, 1000], got 0'],
    [{ messages: 1001 }, 'options.messages must be an integer in [1, 1000], got 1001'],
    [{ consumers: 17 }, 'options.consumers must be an integer in [1, 16], got 17'],
    [{ visibilityTimeout: 0 }, 'options.visibilityTimeout must be an integer in [1, 43200000000], got 0'],
    [{ maxReceives: 0 }, 'options.maxReceives must be an integer in [1, 1000], got 0'],
    [{ loss: 1.5 }, 'options.loss must be a finite number in [0, 1], got 1.5'],
    [{ duplicate: -0.1 }, 'options.duplicate must be a finite number in [0, 1], got -0.1'],
    [{ pollInterval: 0 }, 'options.pollInterval must be an integer in [1, 3600000000], got 0'],
    [{ horizon: 3600000001 }, 'options.horizon must be an integer in [1, 3600000000], got 3600000001'],
    [{ maxSteps: 0 }, 'options.maxSteps must be an integer in [1, 1000000], got 0'],
    [{ idempotent: 'yes' }, 'options.idempotent must be a boolean, got string'],
    [{ crashes: [{ consumer: 0, at: -1, downFor: 0 }] }, 'options.crashes[0].at must be an integer in [0, 3600000000], got -1'],
    // Rules across fields are the core's: its message names them.
    [{ minLatency: 2000, maxLatency: 1000 }, 'minLatency must be at most maxLatency, got 2000 > 1000'],
    [{ consumers: 2, crashes: [{ consumer: 2, at: 0, downFor: 0 }] }, 'crash consumer must be an integer in [0, 1], got 2'],
    [{ horizon: 1000, crashes: [{ consumer: 0, at: 1001, downFor: 0 }] }, 'crash at must be an integer in [0, 1000], got 1001'],
  ];
  const good = sdlab.runAtLeastOnce(crashBeforeAck);
  const round = () => {
    for (const [change, message] of cases) {
      const name = message.startsWith('options.idempotent') ? 'TypeError' : 'Error';
      assert.throws(() => sdlab.runAtLeastOnce({ ...crashBeforeAck, ...change }), { name, message: `runAtLeastOnce: ${message}` });
    }
    assert.deepEqual(sdlab.runAtLeastOnce(crashBeforeAck), good, 'the module still runs, the same');
  };
  round();  // the first refusal keeps its message buffer: measure from the second
  const heap = sdlab.heapBytesInUse();
  for (let i = 0; i < 5; ++i) round();
  assert.equal(sdlab.heapBytesInUse(), heap, 'refusals and runs leave the heap where it was');
  // At the ends of the ranges: accepted.
  assert.equal(sdlab.runAtLeastOnce({ ...crashBeforeAck, loss: 1, horizon: 1, crashes: [] }).effects.length, 0);
  assert.equal(sdlab.runAtLeastOnce({ ...crashBeforeAck, workTime: 0, crashes: [{ consumer: 0, at: 100000, downFor: 100000 }] }).effects.length, 1);
});
