// The JS-facing contract of the partition bindings: moved keys against mod-N, traced lookups,
// clear errors that change nothing, a stable heap.
const test = require('node:test');
const assert = require('node:assert/strict');
const createSdlab = require(process.env.SDLAB_NODE_MODULE);

const load = createSdlab();

test('a join on the ring moves about K/(N+1) keys, all to the newcomer; mod-N moves most', async () => {
  const sdlab = await load;
  const ring = new sdlab.HashRing(100);
  ring.setKeys(10000);
  for (let n = 0; n < 4; ++n) ring.addNode(`node-${n}`, 1);
  const report = ring.addNode('node-4', 1);
  assert.equal(report.keyCount, 10000);
  assert.equal(report.movedCount, report.moved.length);
  assert.ok(report.movedCount > 1500 && report.movedCount < 2500, `${report.movedCount}`);
  assert.ok(report.moved.every((m) => m.to === 'node-4'));
  assert.ok(report.modNMoved > 7000, `${report.modNMoved}`);
  const leave = ring.removeNode('node-4');
  assert.equal(leave.movedCount, report.movedCount);
  assert.ok(leave.moved.every((m) => m.from === 'node-4'));
  ring.delete();
});

test('a lookup is traced from hash to owner and the snapshot draws the ring', async () => {
  const sdlab = await load;
  const ring = new sdlab.HashRing(4);
  ring.addNode('a', 1);
  ring.addNode('b', 2);
  ring.addKey('user:42');
  const owner = ring.owner('user:42');
  const trace = ring.trace();
  assert.deepEqual(trace.map((s) => s.kind).slice(0, 2), ['hash', 'search']);
  assert.equal(trace.at(-1).kind, 'owner');
  assert.ok(trace.at(-1).subject.startsWith(`${owner}#`));
  const snapshot = ring.snapshot();
  assert.equal(snapshot.points.length, 12);
  assert.equal(snapshot.points[Number(trace[1].subject)].node, owner);
  assert.deepEqual(snapshot.nodes.map((n) => [n.name, n.points]), [['a', 4], ['b', 8]]);
  assert.equal(snapshot.keys[0].owner, owner);
  assert.match(snapshot.points[0].hash, /^0x[0-9a-f]{16}$/);
  assert.deepEqual(ring.replicas('user:42', 3).length, 2);
  ring.delete();
});

test('rejected changes throw clear errors and change nothing', async () => {
  const sdlab = await load;
  const ring = new sdlab.HashRing(8);
  ring.setKeys(100);
  ring.addNode('a', 1);
  const before = ring.snapshot();
  assert.throws(() => ring.addNode('a', 1), { message: 'HashRing.addNode: node "a" is already present' });
  assert.throws(() => ring.addNode('', 1), { message: 'HashRing.addNode: node name must not be empty' });
  assert.throws(() => ring.addNode('b', 0), { message: 'HashRing.addNode: weight must be an integer in [1, 100], got 0' });
  assert.throws(() => ring.removeNode('zz'), { message: 'HashRing.removeNode: no node named "zz"' });
  assert.throws(() => ring.setKeys(1e6), { message: 'HashRing.setKeys: count must be an integer in [0, 100000], got 1000000' });
  assert.deepEqual(ring.snapshot(), before);
  assert.throws(() => new sdlab.HashRing(0), { message: 'HashRing: vnodes must be an integer in [1, 1000], got 0' });
  ring.delete();

  const jump = new sdlab.JumpHash();
  jump.addNode('a', 1);
  jump.addNode('b', 1);
  assert.throws(() => jump.removeNode('a'), { message: 'JumpHash.removeNode: jump hash can only remove the last bucket ("b"), not "a"' });
  assert.throws(() => jump.addNode('c', 3), { message: 'JumpHash.addNode: jump hash has no weights: weight must be 1, got 3' });
  assert.equal(jump.replicas, undefined);
  jump.delete();
});

test('rendezvous and jump hash move only what they must', async () => {
  const sdlab = await load;
  for (const Placement of [sdlab.RendezvousHash, sdlab.JumpHash]) {
    const placement = new Placement();
    placement.setKeys(5000);
    for (let n = 0; n < 4; ++n) placement.addNode(`n${n}`, 1);
    const owned = placement.snapshot().nodes.find((n) => n.name === 'n3').keys;
    const leave = placement.removeNode('n3');
    assert.equal(leave.movedCount, owned);
    const join = placement.addNode('n3', 1);
    assert.equal(join.movedCount, owned);
    assert.ok(join.modNMoved > join.movedCount);
    placement.delete();
  }
});

test('ringLoadSpread shows the spread shrinking as virtual nodes grow', async () => {
  const sdlab = await load;
  const options = { nodes: 10, keys: 50000, maxVnodes: 128, seed: 3 };
  const points = sdlab.ringLoadSpread(options);
  assert.deepEqual(points.map((p) => p.vnodes), [1, 2, 4, 8, 16, 32, 64, 128]);
  assert.ok(points[0].stddevOverMean > 3 * points.at(-1).stddevOverMean);
  assert.deepEqual(sdlab.ringLoadSpread(options), points);
  assert.throws(() => sdlab.ringLoadSpread({ ...options, nodes: 0 }), { message: 'ringLoadSpread: nodes must be an integer in [1, 100], got 0' });
});

test('10,000 rejected calls and 1,000 handles do not grow the heap', async () => {
  const sdlab = await load;
  const ring = new sdlab.HashRing(2);
  ring.addNode('a', 1);
  const rejectAll = () => {
    for (let i = 0; i < 10000; ++i) {
      assert.throws(() => ring.addNode('a', 1));
      assert.throws(() => ring.removeNode(`x${i}`));
    }
  };
  rejectAll();
  const before = sdlab.heapBytesInUse();
  rejectAll();
  assert.equal(sdlab.heapBytesInUse(), before);
  ring.delete();
  const start = sdlab.heapBytesInUse();
  for (let i = 0; i < 1000; ++i) {
    const r = new sdlab.HashRing(4);
    r.addNode('a', 1);
    r.owner('k');
    r.delete();
  }
  assert.equal(sdlab.heapBytesInUse(), start);
});

test('SnowflakeCluster: ids as decimal strings, the 4,097th id of a millisecond waits', async () => {
  const sdlab = await load;
  const cluster = new sdlab.SnowflakeCluster(2);
  cluster.advance(1234.5);
  const first = cluster.next(1);
  assert.deepEqual(first, { id: ((1234n << 22n) | (1n << 12n)).toString(), timeMs: 1234, machine: 1, sequence: 0, waitedMs: 0 });
  assert.deepEqual(cluster.decode(first.id), { timeMs: 1234, machine: 1, sequence: 0 });
  let last;
  for (let i = 1; i < 4096; ++i) last = cluster.next(1);
  assert.equal(last.sequence, 4095);
  const waited = cluster.next(1);
  assert.deepEqual([waited.timeMs, waited.sequence, waited.waitedMs], [1235, 0, 0.5]);
  assert.ok(BigInt(waited.id) > BigInt(last.id));
  assert.deepEqual(cluster.trace().map((s) => s.kind), ['wait', 'id']);
  assert.equal(cluster.trace()[0].subject, 'machine 1');
  assert.equal(cluster.next(0).id, ((1235n << 22n) | 0n).toString());
  assert.deepEqual(cluster.snapshot(), {
    nowMs: 1235,
    machines: [
      { machine: 0, lastTimeMs: 1235, sequence: 0, skewMs: 0 },
      { machine: 1, lastTimeMs: 1235, sequence: 0, skewMs: 0 },
    ],
  });
  const big = cluster.decode('9223372036854775807');
  assert.deepEqual(big, { timeMs: 2199023255551, machine: 1023, sequence: 4095 });
  cluster.delete();
});

test('SnowflakeCluster: a backwards clock and bad arguments are clear errors that change nothing', async () => {
  const sdlab = await load;
  const cluster = new sdlab.SnowflakeCluster(3);
  cluster.advance(10);
  cluster.next(2);
  cluster.setSkew(2, -3);
  const before = cluster.snapshot();
  assert.equal(before.machines[2].skewMs, -3);
  assert.throws(() => cluster.next(2), { message: 'SnowflakeCluster.next: clock moved backwards by 3 ms (last id at 10 ms, now 7 ms): no id generated' });
  assert.deepEqual(cluster.trace().map((s) => s.kind), ['backwards']);
  assert.throws(() => cluster.next(3), { message: 'SnowflakeCluster.next: machine must be an integer in [0, 2], got 3' });
  assert.throws(() => cluster.setSkew(0, 1e7), { message: 'SnowflakeCluster.setSkew: skewMs must be a finite number in [-3600000, 3600000], got 10000000' });
  assert.throws(() => cluster.advance(-1), { message: 'SnowflakeCluster.advance: ms must be a finite number in [0, 2199023255541], got -1' });
  assert.throws(() => cluster.decode('12x'), { message: 'SnowflakeCluster.decode: id must be a decimal string of a 64-bit id below 2^63, got "12x"' });
  assert.throws(() => cluster.decode(12), { message: 'SnowflakeCluster.decode: id must be a string, got number' });
  assert.deepEqual(cluster.snapshot(), before);
  cluster.advance(3);
  assert.equal(cluster.next(2).sequence, 1);
  assert.throws(() => new sdlab.SnowflakeCluster(1025), { message: 'SnowflakeCluster: machines must be an integer in [1, 1024], got 1025' });
  cluster.delete();
});
