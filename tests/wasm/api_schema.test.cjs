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

// Just past an end of a numeric rule.
function beyond(rule, end) {
  const step = rule.kind === 'integer' ? 1 : Math.max(Math.abs(rule[end]) * 1e-6, 1e-12);
  return end === 'min' ? rule.min - step : rule.max + step;
}

test('every constructor takes each numeric parameter at both ends of its range and refuses just past them', async () => {
  const sdlab = await createSdlab();
  const { classes } = sdlab.apiSchema();
  const positional = classes.filter((c) => c.constructor.params.every((p) => ['integer', 'number', 'choice'].includes(p.kind)));
  assert.ok(positional.length >= 15, `${positional.length} classes`);
  let ends = 0;
  for (const cls of positional) {
    const params = cls.constructor.params;
    const base = params.map((p) => (p.kind === 'choice' ? p.choices[0] : p.min));
    for (const [i, param] of params.entries()) {
      if (param.kind === 'choice') continue;
      for (const end of ['min', 'max']) {
        const args = base.with(i, param[end]);
        let block;
        try {
          block = new sdlab[cls.name](...args);
        } catch (error) {
          // A rule that spans parameters (GCRA's period / count) may refuse a combination of ends.
          assert.ok(error instanceof Error && error.message.startsWith(`${cls.name}: `), `${cls.name}(${args}): ${error}`);
          continue;
        }
        assert.equal(typeof block.snapshot(), 'object', `${cls.name}(${args})`);
        block.delete();
        ++ends;
        const past = beyond(param, end);
        assert.throws(() => new sdlab[cls.name](...base.with(i, past)), {
          name: 'Error',
          message: new RegExp(`^${cls.name}: ${param.name} must be an? (integer|finite number) in \\[`),
        }, `${cls.name}(${param.name} = ${past})`);
      }
    }
  }
  assert.ok(ends >= 30, `${ends} ends constructed`);
  const alive = new sdlab.LruCache(1);
  alive.put('a', '1');
  assert.equal(alive.get('a'), '1');
  alive.delete();
});

test('a text rule counts UTF-8 bytes exactly as C++ stores them, at its limit', async () => {
  const sdlab = await createSdlab();
  const cache = new sdlab.LruCache(4);
  const atLimit = ['€'.repeat(341) + 'a', '😀'.repeat(256)];  // 3 bytes × 341 + 1, 4 bytes × 256: 1024
  for (const key of atLimit) cache.put(key, 'v');
  assert.deepEqual(cache.snapshot().entries.map((e) => e.key).reverse(), atLimit);
  for (const [key, bytes] of [['€'.repeat(342), 1026], ['😀'.repeat(256) + 'a', 1025]]) {
    assert.throws(() => cache.put(key, 'v'), { message: `LruCache.put: key must be at most 1024 bytes long, got ${bytes}` });
  }
  assert.equal(cache.size(), 2);
  cache.delete();
});
