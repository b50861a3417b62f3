// The JS-facing contract of the message queue: redelivery exactly at the visibility deadline and
// not 1 µs before, the dead-letter queue exactly at maxReceives, the dedup window's edge, traced
// steps with their figures, clear errors that change nothing, a module that survives bad input.
const test = require('node:test');
const assert = require('node:assert/strict');
const createSdlab = require(process.env.SDLAB_NODE_MODULE);

const load = createSdlab();

const ids = (messages) => messages.map((m) => m.id);

test('an unacked message is redelivered exactly at its deadline, not 1 µs before, with a fresh receipt', async () => {
  const sdlab = await load;
  const q = new sdlab.MessageQueue({ visibilityTimeoutMs: 1000 });
  assert.deepEqual(q.send('a', 'body', ''), { duplicate: false });
  const first = q.receive();
  assert.deepEqual(first, { id: 'a', body: 'body', group: '', receipt: 'r0.1', receives: 1, visibleAtMs: 1000 });
  q.advance(999.999);
  assert.equal(q.receive(), undefined, '1 µs before the deadline it is still in flight');
  assert.deepEqual(ids(q.snapshot().inFlight), ['a']);
  q.advance(0.001);
  assert.equal(q.now(), 1000);
  assert.deepEqual(ids(q.snapshot().visible), ['a']);
  const second = q.receive();
  assert.deepEqual([second.receipt, second.receives, second.visibleAtMs], ['r0.2', 2, 2000]);
  assert.throws(() => q.ack('r0.1'), { message: 'MessageQueue.ack: receipt handle "r0.1" has expired: message a was received again as r0.2' });
  q.ack('r0.2');
  const snap = q.snapshot();
  assert.deepEqual([snap.visible, snap.inFlight, snap.deadLetters], [[], [], []]);
  assert.deepEqual(snap.stats, { sent: 1, duplicates: 0, deliveries: 2, redeliveries: 1, acks: 1, deadLettered: 0 });
  q.delete();
});

test('an ack 1 µs before the deadline succeeds; at the deadline it is too late', async () => {
  const sdlab = await load;
  const q = new sdlab.MessageQueue({ visibilityTimeoutMs: 1000 });
  q.send('a', '', '');
  q.send('b', '', '');
  q.receive();
  q.receive();
  q.advance(999.999);
  q.ack('r0.1');
  q.advance(0.001);
  assert.throws(() => q.ack('r1.1'), { message: 'MessageQueue.ack: receipt handle "r1.1" has expired: message b is visible again since 1000000 µs' });
  assert.deepEqual(ids(q.snapshot().visible), ['b']);
  q.delete();
});

test('a message moves to the dead-letter queue exactly when met after maxReceives receives', async () => {
  const sdlab = await load;
  const q = new sdlab.MessageQueue({ visibilityTimeoutMs: 10, maxReceives: 3 });
  q.setTracing(true);
  q.send('poison', '', '');
  for (let receive = 1; receive <= 3; ++receive) {
    assert.equal(q.receive().receives, receive, `receive ${receive} is a delivery`);
    q.nack(`r0.${receive}`);
  }
  assert.deepEqual(ids(q.snapshot().visible), ['poison'], 'after 3 receives it waits, visible');
  assert.deepEqual(q.snapshot().deadLetters, []);
  assert.equal(q.receive(), undefined, 'the 4th receive moves it instead of delivering it');
  assert.deepEqual(q.trace().map((s) => s.kind), ['dead-letter', 'empty']);
  const figures = Object.fromEntries(q.trace()[0].data.map((d) => [d.name, d.number]));
  assert.deepEqual(figures, { receives: 3, maxReceives: 3 });
  const snap = q.snapshot();
  assert.deepEqual(ids(snap.deadLetters), ['poison']);
  assert.equal(snap.deadLetters[0].receives, 3);
  assert.equal(snap.stats.deadLettered, 1);
  assert.throws(() => q.ack('r0.3'), { message: 'MessageQueue.ack: unknown receipt handle "r0.3": no message in the queue holds it (acked, dead-lettered or never issued)' });
  q.delete();
});

test('maxReceives 1: the second receive dead-letters; 1000, the most, is accepted', async () => {
  const sdlab = await load;
  const q = new sdlab.MessageQueue({ visibilityTimeoutMs: 0.001, maxReceives: 1 });
  q.send('a', '', '');
  q.receive();
  q.advance(0.001);
  assert.equal(q.receive(), undefined);
  assert.deepEqual(ids(q.snapshot().deadLetters), ['a']);
  q.delete();
  new sdlab.MessageQueue({ maxReceives: 1000 }).delete();
});

test('the dedup window drops a resend until exactly its end, counting from the first send', async () => {
  const sdlab = await load;
  const q = new sdlab.MessageQueue({ dedupWindowMs: 100 });
  q.setTracing(true);
  q.send('a', 'first', '');
  q.advance(50);
  assert.deepEqual(q.send('a', 'second', ''), { duplicate: true });
  assert.deepEqual(q.trace().map((s) => [s.kind, s.data[0].name, s.data[0].number]), [['duplicate', 'rememberedUntilMs', 100]]);
  q.advance(49.999);
  assert.deepEqual(q.send('a', 'third', ''), { duplicate: true }, '1 µs before the end: still a duplicate (not extended by the resend)');
  assert.deepEqual(q.snapshot().dedup, [{ id: 'a', untilMs: 100 }]);
  q.advance(0.001);
  assert.deepEqual(q.snapshot().dedup, [], 'at the end the id is forgotten');
  assert.deepEqual(q.send('a', 'fourth', ''), { duplicate: false });
  const snap = q.snapshot();
  assert.deepEqual(snap.visible.map((m) => [m.sequence, m.body]), [[0, 'first'], [1, 'fourth']]);
  assert.equal(snap.stats.duplicates, 2);
  q.delete();
  const off = new sdlab.MessageQueue({ dedupWindowMs: 0 });
  off.send('a', '', '');
  assert.deepEqual(off.send('a', '', ''), { duplicate: false }, 'a zero window keeps every send');
  off.delete();
});

test('a group delivers one message at a time, in order; the trace says who it waits for', async () => {
  const sdlab = await load;
  const q = new sdlab.MessageQueue({});
  q.setTracing(true);
  q.send('a', '', 'g');
  q.send('b', '', 'g');
  q.send('c', '', '');
  assert.equal(q.receive().id, 'a');
  assert.equal(q.receive().id, 'c');
  assert.deepEqual(q.trace().map((s) => [s.kind, s.subject]), [['wait', 'b'], ['deliver', 'c']]);
  assert.deepEqual(q.trace()[0].data, [{ name: 'group', text: 'g' }, { name: 'blockedBy', text: 'a' }]);
  q.ack('r0.1');
  assert.equal(q.receive().id, 'b');
  assert.ok(q.invariants().every((i) => i.holds));
  q.delete();
});

test('bad input is a clear error that changes nothing, and the module keeps working', async () => {
  const sdlab = await load;
  const q = new sdlab.MessageQueue({ visibilityTimeoutMs: 1000, capacity: 2 });
  q.send('a', '', '');
  q.receive();
  q.send('b', '', '');
  const before = q.snapshot();
  const rejects = [
    [() => q.send('', '', ''), 'MessageQueue.send: id must not be empty'],
    [() => q.send('x'.repeat(129), '', ''), 'MessageQueue.send: id must be at most 128 bytes long, got 129'],
    [() => q.send('c', 'x'.repeat(262145), ''), 'MessageQueue.send: body must be at most 262144 bytes long, got 262145'],
    [() => q.send('c', '', 'g'.repeat(129)), 'MessageQueue.send: group must be at most 128 bytes long, got 129'],
    [() => q.send('c', '', ''), 'MessageQueue.send: the queue is full: capacity 2 messages (visible, in flight and dead letters)'],
    [() => q.ack('nonsense'), 'MessageQueue.ack: unknown receipt handle "nonsense": no message in the queue holds it (acked, dead-lettered or never issued)'],
    [() => q.ack('r9.1'), 'MessageQueue.ack: unknown receipt handle "r9.1": no message in the queue holds it (acked, dead-lettered or never issued)'],
    [() => q.ack('r'.repeat(65)), 'MessageQueue.ack: receipt must be at most 64 bytes long, got 65'],
    [() => q.nack('r1.1'), 'MessageQueue.nack: unknown receipt handle "r1.1": no message in the queue holds it (acked, dead-lettered or never issued)'],
    [() => q.changeVisibility('r0.1', -1), 'MessageQueue.changeVisibility: timeoutMs must be a finite number in [0, 43200000], got -1'],
    [() => q.changeVisibility('r0.1', 43200000.001), 'MessageQueue.changeVisibility: timeoutMs must be a finite number in [0, 43200000], got 43200000.001'],
    [() => q.advance(-1), 'MessageQueue.advance: ms must be a finite number in [0, 86400000], got -1'],
    [() => q.advance(Number.NaN), 'MessageQueue.advance: ms must be a finite number in [0, 86400000], got NaN'],
    [() => q.send('c', ''), 'MessageQueue.send(id, body, group) takes 3 arguments, got 2'],
  ];
  for (const [call, message] of rejects) assert.throws(call, { message });
  assert.deepEqual(q.snapshot(), before);
  q.changeVisibility('r0.1', 43200000);
  assert.equal(q.snapshot().inFlight[0].visibleAtMs, 43200000, '12 h, the most, is accepted');
  q.ack('r0.1');
  q.delete();
});

test('options are checked at both ends of their ranges', async () => {
  const sdlab = await load;
  const rejects = [
    [{ visibilityTimeoutMs: 0 }, 'MessageQueue: options.visibilityTimeoutMs must be a finite number in [0.001, 43200000], got 0'],
    [{ visibilityTimeoutMs: 43200000.001 }, 'MessageQueue: options.visibilityTimeoutMs must be a finite number in [0.001, 43200000], got 43200000.001'],
    [{ maxReceives: 0 }, 'MessageQueue: options.maxReceives must be an integer in [1, 1000], got 0'],
    [{ maxReceives: 1001 }, 'MessageQueue: options.maxReceives must be an integer in [1, 1000], got 1001'],
    [{ dedupWindowMs: -0.001 }, 'MessageQueue: options.dedupWindowMs must be a finite number in [0, 43200000], got -0.001'],
    [{ capacity: 0 }, 'MessageQueue: options.capacity must be an integer in [1, 100000], got 0'],
    [{ capacity: 100001 }, 'MessageQueue: options.capacity must be an integer in [1, 100000], got 100001'],
  ];
  for (const [options, message] of rejects) assert.throws(() => new sdlab.MessageQueue(options), { message });
  for (const options of [{ visibilityTimeoutMs: 0.001, maxReceives: 1, dedupWindowMs: 0, capacity: 1 },
    { visibilityTimeoutMs: 43200000, maxReceives: 1000, dedupWindowMs: 43200000, capacity: 100000 }]) {
    const q = new sdlab.MessageQueue(options);
    const snap = q.snapshot();
    assert.deepEqual([snap.visibilityTimeoutMs, snap.maxReceives, snap.dedupWindowMs, snap.capacity],
      [options.visibilityTimeoutMs, options.maxReceives, options.dedupWindowMs, options.capacity]);
    q.delete();
  }
  const defaults = new sdlab.MessageQueue({}).snapshot();
  assert.deepEqual([defaults.visibilityTimeoutMs, defaults.maxReceives, defaults.dedupWindowMs, defaults.capacity], [30000, 3, 300000, 10000]);
});

test('rejected queue calls do not grow the heap', async () => {
  const sdlab = await load;
  const q = new sdlab.MessageQueue({ capacity: 1 });
  q.send('a', '', '');
  const rejectAll = () => {
    for (let i = 0; i < 5000; ++i) {
      assert.throws(() => q.send(`b${i}`, '', ''));
      assert.throws(() => q.ack(`r${i}.1`));
      assert.throws(() => q.nack('x'));
    }
  };
  rejectAll();
  const before = sdlab.heapBytesInUse();
  rejectAll();
  assert.equal(sdlab.heapBytesInUse(), before);
  assert.equal(q.receive().id, 'a', 'the queue still works');
  q.delete();
});
