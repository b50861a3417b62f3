// The JS-facing contract of the partition bindings: moved keys against mod-N, traced lookups,
// clear errors that change nothing, a stable heap.
const test = require('node:test');
const assert = require('node:assert/strict');
const createSdlab = require(process.env.SDLAB_NODE_MODULE);

const load = createSdlab();

test('a join on the ring moves about K/(N+1) keys, all to the newcomer; mod-N moves most', async () => {
  const sdlab = await load;
  const ring = new sdlab.HashRing(100);
  ring.setKeys(2000);  // the most a page tracks
  for (let n = 0; n < 4; ++n) ring.addNode(`node-${n}`, 1);
  const report = ring.addNode('node-4', 1);
  assert.equal(report.keyCount, 2000);
  assert.equal(report.movedCount, report.moved.length);
  assert.ok(report.movedCount > 300 && report.movedCount < 500, `${report.movedCount}`);
  assert.ok(report.moved.every((m) => m.to === 'node-4'));
  assert.ok(report.modNMoved > 1400, `${report.modNMoved}`);
  const leave = ring.removeNode('node-4');
  assert.equal(leave.movedCount, report.movedCount);
  assert.ok(leave.moved.every((m) => m.from === 'node-4'));
  ring.delete();
});

test('a lookup is traced from hash to owner and the snapshot draws the ring', async () => {
  const sdlab = await load;
  const ring = new sdlab.HashRing(4);
  ring.setTracing(true);
  ring.addNode('a', 1);
  ring.addNode('b', 2);
  ring.addKey('user:42');
  const owner = ring.owner('user:42');
  const trace = ring.trace();
  assert.deepEqual(trace.map((s) => s.kind).slice(0, 3), ['lookup', 'hash', 'search']);
  assert.deepEqual(trace.map((s) => [s.depth, s.parent]), trace.map((_, i) => (i === 0 ? [0, -1] : [1, 0])), 'nested under the lookup');
  assert.equal(trace.at(-1).kind, 'owner');
  assert.ok(trace.at(-1).subject.startsWith(`${owner}#`));
  const figure = (step, name) => step.data.find((d) => d.name === name);
  assert.deepEqual(figure(trace.at(-1), 'node'), { name: 'node', text: owner });
  assert.match(figure(trace[1], 'hash').text, /^0x[0-9a-f]{16}$/);
  const snapshot = ring.snapshot();
  assert.equal(snapshot.points.length, 12);
  assert.equal(snapshot.points[figure(trace[2], 'point').number].node, owner);
  assert.equal(snapshot.points[figure(trace.at(-1), 'point').number].node, owner);
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
  assert.throws(() => ring.setKeys(1e6), { message: 'HashRing.setKeys: count must be an integer in [0, 2000], got 1000000' });
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
    placement.setKeys(2000);
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
  assert.throws(() => sdlab.ringLoadSpread({ ...options, nodes: 0 }), { message: 'ringLoadSpread: options.nodes must be an integer in [1, 100], got 0' });
  assert.throws(() => sdlab.ringLoadSpread({ ...options, seed: undefined }), { name: 'TypeError', message: 'ringLoadSpread: options.seed must be a number, got undefined' });
});

test('ringLoadSpread: an options getter that throws is an Error naming the field; the module keeps working', async () => {
  const sdlab = await load;
  const options = { nodes: 4, maxVnodes: 8, seed: 1, get keys() { throw new Error('boom'); } };
  assert.throws(() => sdlab.ringLoadSpread(options), { name: 'Error', message: 'ringLoadSpread: options.keys could not be read: boom' });
  const points = sdlab.ringLoadSpread({ nodes: 4, keys: 1000, maxVnodes: 8, seed: 1 });
  assert.deepEqual(points.map((p) => p.vnodes), [1, 2, 4, 8]);
  const ring = new sdlab.HashRing(2);
  ring.addNode('a', 1);
  assert.equal(ring.owner('k'), 'a');
  assert.deepEqual(ring.trace(), []);
  ring.delete();
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
  cluster.setTracing(true);
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
  cluster.setTracing(true);
  cluster.advance(10);
  cluster.next(2);
  cluster.setSkew(2, -3);
  const before = cluster.snapshot();
  assert.equal(before.machines[2].skewMs, -3);
  assert.throws(() => cluster.next(2), { message: 'SnowflakeCluster.next: clock moved backwards by 3 ms (last id at 10 ms, now 7 ms): no id generated' });
  assert.deepEqual(cluster.trace().map((s) => s.kind), ['backwards']);
  assert.throws(() => cluster.next(3), { message: 'SnowflakeCluster.next: machine must be an integer in [0, 2], got 3' });
  assert.throws(() => cluster.setSkew(0, 1e7), { message: 'SnowflakeCluster.setSkew: skewMs must be a finite number in [-3600000, 3600000], got 10000000' });
  assert.throws(() => cluster.advance(-1), { message: 'SnowflakeCluster.advance: ms must be a finite number in [0, 2199023255551], got -1' });
  assert.throws(() => cluster.advance(2199023255545), { message: 'SnowflakeCluster.advance: ms must be a finite number in [0, 2199023255541], got 2199023255545' });
  assert.throws(() => cluster.decode('12x'), { message: 'SnowflakeCluster.decode: id must be a decimal string of a 64-bit id below 2^63, got "12x"' });
  assert.throws(() => cluster.decode(12), { message: 'SnowflakeCluster.decode: id must be a string, got number' });
  assert.deepEqual(cluster.snapshot(), before);
  cluster.advance(3);
  assert.equal(cluster.next(2).sequence, 1);
  assert.throws(() => new sdlab.SnowflakeCluster(1025), { message: 'SnowflakeCluster: machines must be an integer in [1, 1024], got 1025' });
  cluster.delete();
});

test('SnowflakeCluster: the 4,097th id of the last millisecond is refused; the clock stays, other machines go on', async () => {
  const sdlab = await load;
  const cluster = new sdlab.SnowflakeCluster(2);
  cluster.advance(2199023255551);
  let last;
  for (let i = 0; i < 4096; ++i) last = cluster.next(0);
  assert.equal(last.id, '9223372036850585599');  // time, machine 0, sequence 4095: the sign bit clear
  const before = cluster.snapshot();
  assert.throws(() => cluster.next(0), {
    message: 'SnowflakeCluster.next: 4096 ids in 2199023255551 ms; waiting for the next millisecond would take ' +
      'the clock past the 41-bit range (2199023255551 ms): no id generated',
  });
  assert.deepEqual(cluster.snapshot(), before);
  assert.deepEqual(cluster.next(1), { id: '9223372036850585600', timeMs: 2199023255551, machine: 1, sequence: 0, waitedMs: 0 });
  cluster.delete();
});

test('UrlShortener: counter codes, clicks, expiry on the simulated clock, missing codes', async () => {
  const sdlab = await load;
  const s = new sdlab.UrlShortener('counter', 4);
  s.setTracing(true);
  assert.equal(s.shorten('https://example.com/a'), '0000');
  assert.equal(s.shortenWithTtl('https://example.com/b', 1000), '0001');
  assert.equal(s.shortenWithAlias('http://example.com/c', 'my-link'), 'my-link');
  assert.deepEqual(s.resolve('0001'), { url: 'https://example.com/b', clicks: 1 });
  assert.deepEqual(s.trace().map((t) => t.kind), ['decode', 'hit']);
  s.advance(1000);
  assert.deepEqual(s.resolve('0001'), { url: 'https://example.com/b', expired: true, expiresAtMs: 1000 });
  assert.deepEqual(s.resolve('zzzz'), { missing: true });
  assert.deepEqual(s.resolve('my-link'), { url: 'http://example.com/c', clicks: 1 });
  assert.deepEqual(s.snapshot(), {
    mode: 'counter', codeLength: 4, nowMs: 1000, counter: 2, collisions: 0,
    entries: [
      { code: '0000', url: 'https://example.com/a', clicks: 0, alias: false, expired: false },
      { code: '0001', url: 'https://example.com/b', clicks: 1, alias: false, expired: true, expiresAtMs: 1000 },
      { code: 'my-link', url: 'http://example.com/c', clicks: 1, alias: true, expired: false },
    ],
  });
  s.delete();
});

test('UrlShortener: hash codes trace collisions; snowflake codes come from servers in turn', async () => {
  const sdlab = await load;
  const hash = new sdlab.UrlShortener('hash', 4);
  hash.setTracing(true);
  let traced = 0;
  for (let i = 0; i < 20000; ++i) {
    hash.shorten(`https://example.com/${i}`);
    traced += hash.trace().filter((t) => t.kind === 'collision').length;
  }
  const { collisions, entries } = hash.snapshot();
  assert.equal(entries.length, 20000);
  assert.equal(traced, collisions);
  assert.ok(collisions > 3 && collisions < 40, `${collisions}`);
  const code = hash.shorten('https://example.com/7');
  assert.equal(hash.trace().at(-1).kind, 'existing');
  assert.equal(hash.resolve(code).url, 'https://example.com/7');
  hash.delete();

  const flake = new sdlab.UrlShortener('snowflake', 6);
  flake.setTracing(true);
  const codes = new Set();
  for (let i = 0; i < 8; ++i) {
    codes.add(flake.shorten('https://example.com/'));
    assert.equal(flake.trace()[0].kind, 'id');
    assert.equal(flake.trace()[0].subject, `machine ${i % 4}`);
  }
  assert.equal(codes.size, 8);
  flake.delete();
});

test('UrlShortener: bad input is a clear error that changes nothing', async () => {
  const sdlab = await load;
  const s = new sdlab.UrlShortener('counter', 6);
  s.shortenWithAlias('https://example.com', 'taken');
  const before = s.snapshot();
  const rejects = [
    [() => s.shorten(''), 'UrlShortener.shorten: url must not be empty'],
    [() => s.shorten('ftp://example.com'), 'UrlShortener.shorten: url must start with http:// or https://, got "ftp://example.com"'],
    [() => s.shorten(`https://${'a'.repeat(2041)}`), 'UrlShortener.shorten: url must be at most 2048 bytes long, got 2049'],
    [() => s.shortenWithAlias('https://x.example', 'api'), 'UrlShortener.shortenWithAlias: alias must be 4 to 32 characters long, got 3'],
    [() => s.shortenWithAlias('https://x.example', 'admin'), 'UrlShortener.shortenWithAlias: alias "admin" is reserved'],
    [() => s.shortenWithAlias('https://x.example', 'a/b/c'), 'UrlShortener.shortenWithAlias: alias may contain only A-Z, a-z, 0-9, "_" and "-", got "a/b/c"'],
    [() => s.shortenWithAlias('https://x.example', 'taken'), 'UrlShortener.shortenWithAlias: alias "taken" is already taken'],
    [() => s.shortenWithTtl('https://x.example', 0), 'UrlShortener.shortenWithTtl: ttlMs must be a finite number in [1, 315360000000], got 0'],
    [() => s.resolve('x'.repeat(65)), 'UrlShortener.resolve: code must be at most 64 bytes long, got 65'],
    [() => s.advance(-5), 'UrlShortener.advance: ms must be a finite number in [0, 2199023255551], got -5'],
    [() => new sdlab.UrlShortener('random', 6), 'UrlShortener: mode must be "counter", "hash" or "snowflake", got "random"'],
    [() => new sdlab.UrlShortener('hash', 3), 'UrlShortener: codeLength must be an integer in [4, 8], got 3'],
    [() => sdlab.shortCodeCapacity(0), 'shortCodeCapacity: ratePerSec must be a finite number in [0.001, 1000000000], got 0'],
  ];
  for (const [call, message] of rejects) assert.throws(call, { message });
  assert.deepEqual(s.snapshot(), before);
  s.delete();
});

test('shortCodeCapacity: 62^L codes for lengths 4–8 and the years until exhausted', async () => {
  const sdlab = await load;
  const rows = sdlab.shortCodeCapacity(1000);
  assert.deepEqual(rows.map((r) => [r.length, r.codes]), [
    [4, 14776336], [5, 916132832], [6, 56800235584], [7, 3521614606208], [8, 218340105584896],
  ]);
  assert.ok(Math.abs(rows[3].years - 3521614606208 / 1000 / (365.25 * 86400)) < 1e-6);
});

test('rejected shortener and Snowflake calls do not grow the heap', async () => {
  const sdlab = await load;
  const s = new sdlab.UrlShortener('hash', 5);
  const cluster = new sdlab.SnowflakeCluster(1);
  s.shortenWithAlias('https://example.com', 'taken');
  const rejectAll = () => {
    for (let i = 0; i < 5000; ++i) {
      assert.throws(() => s.shortenWithAlias('https://example.com', 'taken'));
      assert.throws(() => s.shorten(`ftp://${i}`));
      assert.throws(() => cluster.decode(`x${i}`));
    }
  };
  rejectAll();
  const before = sdlab.heapBytesInUse();
  rejectAll();
  assert.equal(sdlab.heapBytesInUse(), before);
  s.delete();
  cluster.delete();
});

const orderKey = (i) => `order-${String(i).padStart(6, '0')}`;

test('Sharding: hash mod N moves most keys on a fifth shard', async () => {
  const sdlab = await load;
  const sharding = new sdlab.Sharding('hash', 4);
  sharding.setTracing(true);
  for (let i = 0; i < 4000; ++i) sharding.put(`user:${i}`, '');
  assert.deepEqual(sharding.trace().map((s) => s.kind), ['hash', 'store']);
  const counts = sharding.snapshot().shards.map((s) => s.count);
  assert.ok(counts.every((c) => c > 850 && c < 1150), `${counts}`);
  const report = sharding.addShard();
  assert.equal(report.keyCount, 4000);
  assert.equal(report.movedCount, report.moved.length);
  assert.ok(report.movedCount > 3000, `${report.movedCount}`);
  const move = report.moved[0];
  assert.equal(sharding.get(move.key), move.to);
  assert.equal(sharding.snapshot().shards.length, 5);
  sharding.delete();
});

test('Sharding: "order-…" keys pile onto the range holding "o", the last; a split moves only its upper half', async () => {
  const sdlab = await load;
  const sharding = new sdlab.Sharding('range', 4);
  sharding.setTracing(true);
  for (let i = 0; i < 1000; ++i) assert.equal(sharding.put(orderKey(i), ''), 3);
  let shards = sharding.snapshot().shards;
  assert.deepEqual(shards.map((s) => s.count), [0, 0, 0, 1000]);
  assert.deepEqual(shards.map((s) => s.range), [{ from: '', to: 'F' }, { from: 'F', to: 'V' }, { from: 'V', to: 'k' }, { from: 'k' }]);
  const split = sharding.splitShard(3);
  assert.equal(split.movedCount, 500);
  assert.ok(split.moved.every((m) => m.from === 3 && m.to === 4));
  assert.equal(sharding.trace()[0].kind, 'split');
  shards = sharding.snapshot().shards;
  assert.deepEqual(shards[4].range, { from: 'order-000500' });
  assert.equal(shards[4].keys[0], 'order-000500');
  assert.equal(sharding.put(orderKey(1000), ''), 4);
  assert.equal(sharding.get('nope'), undefined);
  assert.equal(sharding.addShard().moved[0].from, 4);
  sharding.delete();
});

test('Sharding: geo routes by region; a new shard takes one region', async () => {
  const sdlab = await load;
  const sharding = new sdlab.Sharding('geo', 2);
  assert.deepEqual(sharding.snapshot().shards.map((s) => s.regions), [
    ['us-east', 'eu-west', 'ap-south', 'sa-east'],
    ['us-west', 'eu-central', 'ap-northeast', 'af-south'],
  ]);
  for (let i = 0; i < 30; ++i) sharding.put(`u${i}`, i % 3 ? 'eu-west' : 'us-east');
  const report = sharding.addShard();
  assert.equal(report.movedCount, 20);
  assert.ok(report.moved.every((m) => m.from === 0 && m.to === 2));
  assert.deepEqual(sharding.snapshot().shards[2].regions, ['eu-west']);
  sharding.delete();
});

test('Sharding: rejected calls are clear errors that change nothing', async () => {
  const sdlab = await load;
  const range = new sdlab.Sharding('range', 2);
  range.put('zz', '');
  const before = range.snapshot();
  assert.throws(() => range.splitShard(1), { message: 'Sharding.splitShard: shard 1 holds 1 keys: a split needs at least 2' });
  assert.throws(() => range.splitShard(5), { message: 'Sharding.splitShard: index must be an integer in [0, 1], got 5' });
  assert.throws(() => range.addShard(), { message: 'Sharding.addShard: shard 1 holds 1 keys: a split needs at least 2' });
  assert.throws(() => range.put('', ''), { message: 'Sharding.put: key must not be empty' });
  assert.deepEqual(range.snapshot(), before);
  range.delete();
  const geo = new sdlab.Sharding('geo', 8);
  assert.throws(() => geo.put('k', 'mars'), { message: 'Sharding.put: region must be "us-east", "us-west", "eu-west", "eu-central", "ap-south", "ap-northeast", "sa-east" or "af-south", got "mars"' });
  assert.throws(() => geo.addShard(), { message: 'Sharding.addShard: every shard serves at most one region: none to hand a new shard' });
  assert.throws(() => geo.splitShard(0), { message: 'Sharding.splitShard: only range sharding splits a shard' });
  assert.equal(geo.snapshot().keyCount, 0);
  geo.delete();
  assert.throws(() => new sdlab.Sharding('list', 2), { message: 'Sharding: strategy must be "hash", "range" or "geo", got "list"' });
  assert.throws(() => new sdlab.Sharding('hash', 0), { message: 'Sharding: shards must be an integer in [1, 32], got 0' });
});
