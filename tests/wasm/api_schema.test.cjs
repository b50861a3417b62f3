// The API schema the bindings register is the one source of truth: the generated declarations
// and the page's method lists must match the built module, and every entry must be documented
// and every parameter ruled.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const createSdlab = require(process.env.SDLAB_NODE_MODULE);

const root = path.resolve(__dirname, '../..');

test('wasm/sdlab.d.ts and web/src/api-schema.json are generated from this module', () => {
  const run = spawnSync(process.execPath, [`${root}/scripts/generate-api.mjs`, process.env.SDLAB_NODE_MODULE, '--check'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
});

test('every class, method, function and parameter is documented and ruled', async () => {
  const schema = (await createSdlab()).apiSchema();
  const entries = [
    ...schema.classes.flatMap((c) => [[c.name, c], ...c.methods.map((m) => [`${c.name}.${m.name}`, m])]),
    ...schema.functions.map((f) => [f.name, f]),
  ];
  assert.ok(entries.length > 50, `${entries.length} entries`);
  for (const [name, entry] of entries) {
    assert.ok(entry.doc, `${name} has a doc`);
    for (const param of entry.params ?? entry.constructor.params) {
      assert.notEqual(param.kind, 'any', `${name}: ${param.name} has a rule`);
    }
  }
});

test('a getter that throws, or answers differently on a second read, cannot reach C++', async () => {
  const sdlab = await createSdlab();
  const options = { policy: 'lru', capacity: 10, operations: 100, universe: 100, distribution: 'zipf', skew: 1, seed: 1 };
  const hostile = { ...options, get seed() { throw new Error('boom'); } };
  for (let i = 0; i < 20000; ++i) {
    assert.throws(() => sdlab.runCacheWorkload(hostile), { message: 'runCacheWorkload: options.seed could not be read: boom' });
  }
  let reads = 0;
  const fickle = { ...options, get capacity() { return ++reads === 1 ? 10 : 'ten'; } };
  assert.deepEqual(sdlab.runCacheWorkload(fickle), sdlab.runCacheWorkload(options));
  assert.equal(reads, 1, 'each field is read once');
});

test('strings that are not well-formed Unicode are refused, not mangled', async () => {
  const sdlab = await createSdlab();
  const cache = new sdlab.LruCache(2);
  assert.throws(() => cache.put('\uD800', 'v'), { message: 'LruCache.put: key must be well-formed Unicode: it has a lone surrogate' });
  assert.equal(cache.size(), 0);
  cache.put('😀', 'v');
  assert.equal(cache.get('😀'), 'v');
  cache.delete();
});

test('a method called on the wrong object names the function', async () => {
  const sdlab = await createSdlab();
  const cache = new sdlab.LruCache(2);
  const { get } = cache;
  assert.throws(() => get('a'), { name: 'TypeError', message: 'LruCache.get: called on nothing, not on a LruCache' });
  assert.throws(() => get.call({}, 'a'), { message: 'LruCache.get: called on object, not on a LruCache' });
  assert.throws(() => sdlab.LruCache(2), { message: 'LruCache: use new LruCache(…)' });
  cache.delete();
});
