// The contract every entry of the module keeps, generated from the module's own schema
// (apiSchema(), the data behind web/src/api-schema.json): for every constructor, method and free
// function, and for every parameter (down to each field of an options object and each item of a
// list), a wrong type, a value just past either end of its range, NaN, ±Infinity, a string over
// its byte limit, a 10 MB string, a lone surrogate, a wrong argument count, a missing options
// field and a throwing getter are refused with an Error naming the function, the parameter and
// the rule; the instance's snapshot and trace stay deep-equal; thousands of refusals leave the
// heap exactly where it was; and a value exactly at either end is accepted by the rules.
// Nothing here names a block: a new block is covered by being registered.
//
// Valid "base" arguments come from the rules alone: 1 clamped into a numeric range, "a" for
// text, the first choice, true, the fewest list items, every required field of an options object
// and the fewest optional ones that let the constructor or function run (C++ keeps its defaults
// for the rest).
const test = require('node:test');
const assert = require('node:assert/strict');
const createSdlab = require(process.env.SDLAB_NODE_MODULE);

const load = createSdlab();
const tenMegabytes = 'x'.repeat(10 * 1024 * 1024);
const jsType = { integer: 'number', number: 'number', text: 'string', choice: 'string', flag: 'boolean', object: 'object', list: 'array' };

const typeName = (value) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
const article = (type) => (/^[aeiou]/.test(type) ? 'an' : 'a');
const shown = (text) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** A value every rule of `rule` accepts. */
function base(rule, types) {
  switch (rule.kind) {
    case 'integer':
    case 'number':
      return Math.min(Math.max(1, rule.min), rule.max);
    case 'text': return 'a';
    case 'choice': return rule.choices[0];
    case 'flag': return true;
    case 'list': return Array.from({ length: rule.min }, () => base(rule.item, types));
    case 'object':
      return Object.fromEntries(requiredFields(rule, types).map((f) => [f.name, base(f.rule, types)]));
    default: throw new Error(`no base value for a ${rule.kind} rule`);
  }
}

// Fields whose rule is `any` (packed typed arrays) are checked by C++ alone: there is no rule to derive
// a value or a refusal from, and C++'s own refusals are pinned by the domain's tests.
const ruledFields = (rule, types) => types[rule.type].fields.filter((f) => f.rule && f.rule.kind !== 'any');
const requiredFields = (rule, types) => ruledFields(rule, types).filter((f) => !f.rule.optional);

/** The refusal a value of the wrong JS type gets. */
function wrongType(label, rule, value) {
  const expected = jsType[rule.kind];
  return { value, name: 'TypeError', message: `${label} must be ${article(expected)} ${expected}, got ${typeName(value)}` };
}

/** The refusals of one value the caller should never have sent, under `rule`. */
function refusal(label, rule, value) {
  if (typeName(value) !== jsType[rule.kind]) return wrongType(label, rule, value);
  const error = (message) => ({ value, name: 'Error', message: `${label} ${message}` });
  if (rule.kind === 'integer') return error(`must be an integer in [${rule.min}, ${rule.max}], got ${value}`);
  if (rule.kind === 'number') return error(`must be a finite number in [${rule.min}, ${rule.max}], got ${value}`);
  if (rule.kind === 'choice') return error(`must be ${rule.choices.map((c) => JSON.stringify(c)).join(', ').replace(/, ([^,]*)$/, ' or $1')}, got ${shown(value)}`);
  if (rule.kind === 'text') {
    if (!value.isWellFormed()) return error('must be well-formed Unicode: it has a lone surrogate');
    return error(`must be at most ${rule.max} bytes long, got ${Buffer.byteLength(value)}`);
  }
  throw new Error(`${label}: ${typeName(value)} is not a refusal under a ${rule.kind} rule`);
}

/** A getter-bearing copy of `object` whose `field` throws `thrown` when read. */
function throwingGetter(object, field, thrown) {
  const copy = { ...object };
  Object.defineProperty(copy, field, { enumerable: true, get() { throw thrown; } });
  return copy;
}

function revokedProxy() {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** Every refusal for a parameter labelled `label` with rule `rule`: [{what, value, name, message}]. */
function refusals(label, rule, types, valid = base(rule, types)) {
  const hostile = [NaN, Infinity, -Infinity, '\uD800', 'a\uDFFF', tenMegabytes, null, undefined];
  const cases = hostile.map((value) => ({ what: describeValue(value), ...refusal(label, rule, value) }));
  const add = (what, value) => cases.push({ what, ...refusal(label, rule, value) });
  switch (rule.kind) {
    case 'integer':
    case 'number': {
      const step = rule.kind === 'integer' ? 1 : Math.max(Math.abs(rule.min) * 1e-6, 1e-12);
      add('just below min', rule.min - step);
      add('just above max', rule.max + Math.max(rule.kind === 'integer' ? 1 : Math.abs(rule.max) * 1e-6, 1e-12));
      // Halfway between two integers in the middle of the range, where a double still has halves.
      if (rule.kind === 'integer') add('a fraction', Math.trunc((rule.min + rule.max) / 2) + 0.5);
      add('a numeric string', '1');
      break;
    }
    case 'text':
      add('one byte over', 'a'.repeat(rule.max + 1));
      add('a number', 1);
      break;
    case 'choice':
      add('not a choice', `${rule.choices[0]}!`);
      add('a number', 0);
      break;
    case 'flag':
      add('a number', 1);
      break;
    case 'list': {
      const item = base(rule.item, types);
      cases.push({ what: 'too many items', value: Array(rule.max + 1).fill(item), name: 'Error', message: `${label} must have ${rule.min} to ${rule.max} items, got ${rule.max + 1}` });
      if (rule.min > 0) cases.push({ what: 'too few items', value: [], name: 'Error', message: `${label} must have ${rule.min} to ${rule.max} items, got 0` });
      const items = [...base(rule, types), item];
      const slot = items.length - 1;
      for (const bad of refusals(`${label}[${slot}]`, rule.item, types)) {
        if (items.length <= rule.max) cases.push({ ...bad, what: `item ${bad.what}`, value: items.with(slot, bad.value) });
      }
      add('an object', {});
      break;
    }
    case 'object': {
      for (const field of ruledFields(rule, types)) {
        const at = `${label}.${field.name}`;
        for (const bad of refusals(at, field.rule, types)) {
          if (bad.value !== undefined || !field.rule.optional) cases.push({ ...bad, what: `${field.name}: ${bad.what}`, value: { ...valid, [field.name]: bad.value } });
        }
        if (!field.rule.optional) {
          const { [field.name]: _left, ...missing } = valid;
          cases.push({ what: `${field.name} missing`, ...wrongType(at, field.rule, undefined), value: missing });
        }
        for (const thrown of [new Error('boom'), 'boom']) {
          cases.push({ what: `${field.name} getter throws`, value: throwingGetter(valid, field.name, thrown), name: 'Error', message: `${at} could not be read: boom` });
        }
      }
      add('an array', []);
      cases.push({ what: 'a revoked proxy', value: revokedProxy(), name: 'TypeError', message: `${label} must be an object, got revoked proxy` });
      break;
    }
    default: throw new Error(`${label}: no refusals for a ${rule.kind} rule`);
  }
  return cases;
}

function describeValue(value) {
  if (typeof value !== 'string') return String(value);
  if (value === tenMegabytes) return 'a 10 MB string';
  return `string ${JSON.stringify(value)}`;
}

/** Base arguments for `params` that `accept` takes: the rules' base values, with the fewest
 *  optional options fields that make it work (a bloom filter needs either its size or its
 *  expected items and rate); the plain base values when nothing does. */
function validArgs(params, types, accept) {
  const plain = params.map((p) => base(p, types));
  const optional = params.flatMap((p, i) => (p.kind === 'object' ? ruledFields(p, types).filter((f) => f.rule.optional).map((f) => [i, f]) : []));
  const masks = Array.from({ length: 2 ** optional.length }, (_, mask) => mask);
  const fieldsIn = (mask) => optional.filter((_, bit) => mask & (1 << bit));
  masks.sort((a, b) => fieldsIn(a).length - fieldsIn(b).length || a - b);
  for (const mask of masks) {
    const args = plain.map((value) => (typeof value === 'object' && !Array.isArray(value) ? { ...value } : value));
    for (const [i, field] of fieldsIn(mask)) args[i][field.name] = base(field.rule, types);
    try {
      accept(args);
      return args;
    } catch {
      // the next combination
    }
  }
  return plain;
}

/** Every entry of the API as {name, params, valid (arguments), invoke(args), state()};
 *  `close()` deletes the instances the methods are called on. */
function entriesOf(sdlab) {
  const { classes, functions, types } = sdlab.apiSchema();
  const args = (params) => params.map((p) => base(p, types));
  const instances = [];
  const entries = [];
  for (const cls of classes) {
    const Class = sdlab[cls.name];
    const ctorParams = cls.constructor.params;
    const construct = (a) => new Class(...a).delete();
    const valid = validArgs(ctorParams, types, construct);
    entries.push({ name: cls.name, params: ctorParams, valid, invoke: construct, state: () => null });
    const block = new Class(...valid);
    instances.push(block);
    const traced = typeof block.setTracing === 'function';
    if (traced) block.setTracing(true);
    for (const method of cls.methods) {
      try {
        const result = block[method.name](...args(method.params));  // a populated state and trace to keep
        if (typeof result?.delete === 'function') result.delete();  // a handle it made (copy())
      } catch (error) {
        assert.ok(error.message.startsWith(`${cls.name}.${method.name}: `), `${cls.name}.${method.name} base call: ${error.message}`);
      }
    }
    const state = () => ({ snapshot: block.snapshot(), trace: traced ? block.trace() : null });
    for (const method of cls.methods) {
      entries.push({ name: `${cls.name}.${method.name}`, params: method.params, valid: args(method.params), invoke: (a) => block[method.name](...a), state, fresh: () => new Class(...valid), method: method.name });
    }
  }
  for (const fn of functions) {
    const invoke = (a) => sdlab[fn.name](...a);
    entries.push({ name: fn.name, params: fn.params, valid: validArgs(fn.params, types, invoke), invoke, state: () => null });
  }
  return { entries, types, close: () => instances.forEach((b) => b.delete()) };
}

/** Makes every refused call of the API once, asserting each; returns how many were made. */
function refuseEverything(sdlab) {
  const { entries, types, close } = entriesOf(sdlab);
  let refused = 0;
  const refuse = (entry, call, name, message) => {
    const before = entry.state();
    assert.throws(() => entry.invoke(call), (error) => {
      assert.ok(error instanceof Error, `${entry.name}: threw ${typeof error} ${error}`);
      assert.equal(error.name, name, `${entry.name}: ${error.message}`);
      assert.equal(error.message, message);
      return true;
    }, `${entry.name} accepted what it must refuse with: ${message}`);
    assert.deepEqual(entry.state(), before, `${message}: the state changed`);
    ++refused;
  };
  for (const entry of entries) {
    const { valid } = entry;
    const signature = `${entry.name}(${entry.params.map((p) => p.name).join(', ')})`;
    const plural = entry.params.length === 1 ? '' : 's';
    for (const count of [...new Set([0, entry.params.length - 1, entry.params.length + 1])].filter((n) => n >= 0 && n !== entry.params.length)) {
      const call = Array.from({ length: count }, (_, i) => valid[i] ?? 1);
      refuse(entry, call, 'TypeError', `${signature} takes ${entry.params.length} argument${plural}, got ${count}`);
    }
    for (const [i, param] of entry.params.entries()) {
      for (const bad of refusals(param.name, param, types, valid[i])) {
        refuse(entry, valid.with(i, bad.value), bad.name, `${entry.name}: ${bad.message}`);
      }
    }
  }
  close();
  return refused;
}

test('every parameter of every entry refuses bad values by name and rule, changes nothing, and leaks nothing', async (t) => {
  const sdlab = await load;
  const warmUp = refuseEverything(sdlab);  // lets the allocator and handle tables reach their steady size
  const before = sdlab.heapBytesInUse();
  const refused = refuseEverything(sdlab);
  assert.equal(sdlab.heapBytesInUse(), before, `heap after ${refused} refused calls`);
  assert.ok(warmUp > 1000, `${warmUp} refusals per round`);
  t.diagnostic(`${warmUp} refused calls per round, ${refused + warmUp} in all`);
  const alive = new sdlab.LruCache(1);
  alive.put('a', '1');
  assert.equal(alive.get('a'), '1');
  alive.delete();
});

/** The values at the ends of a rule, each one the rule must accept, as [what, value, the rule
 *  refusing it would have said] (`valid`: a base value of the rule). */
function ends(label, rule, types, valid = base(rule, types)) {
  const said = {
    integer: `must be an integer in [${rule.min}, ${rule.max}]`,
    number: `must be a finite number in [${rule.min}, ${rule.max}]`,
    text: `must be at most ${rule.max} bytes long`,
    choice: `must be ${JSON.stringify(rule.choices?.[0])}`,
    flag: 'must be a boolean',
    list: `must have ${rule.min} to ${rule.max} items`,
  }[rule.kind];
  const at = (cases) => cases.map(([what, value]) => [what, value, `${label} ${said}`]);
  switch (rule.kind) {
    case 'integer':
    case 'number':
      return at([['min', rule.min], ['max', rule.max]]);
    case 'text': {
      const emoji = '😀'.repeat(Math.floor(rule.max / 4)) + 'a'.repeat(rule.max % 4);
      return at([['empty', ''], ['max bytes', 'a'.repeat(rule.max)], ['max bytes of 4-byte characters', emoji]]);
    }
    case 'choice': return at(rule.choices.map((c) => [JSON.stringify(c), c]));
    case 'flag': return at([['true', true], ['false', false]]);
    case 'list': {
      const item = base(rule.item, types);
      return at([['fewest items', Array(rule.min).fill(item)], ['most items', Array(rule.max).fill(item)]]);
    }
    case 'object':
      return ruledFields(rule, types).flatMap((f) => ends(`${label}.${f.name}`, f.rule, types).map(([what, value, refusal]) => [`${f.name} ${what}`, { ...valid, [f.name]: value }, refusal]));
    default: throw new Error(`no ends for a ${rule.kind} rule`);
  }
}

test('every parameter accepts exactly the ends of its rule', async (t) => {
  const sdlab = await load;
  const { entries, types, close } = entriesOf(sdlab);
  let accepted = 0;
  const refusedByCpp = [];
  for (const entry of entries) {
    for (const [i, param] of entry.params.entries()) {
      for (const [what, value, refusal] of ends(param.name, param, types, entry.valid[i])) {
        const block = entry.fresh?.();
        const call = entry.valid.with(i, value);
        try {
          if (block) block[entry.method](...call);
          else entry.invoke(call);
          ++accepted;
        } catch (error) {
          // The rules let it through; C++ may still refuse what the combination means
          // (a jump hash's weight other than 1, a node that does not exist) in its own words.
          assert.ok(error instanceof Error && error.name === 'Error', `${entry.name} ${param.name} ${what}: ${error}`);
          assert.ok(error.message.startsWith(`${entry.name}: `), error.message);
          assert.ok(!error.message.startsWith(`${entry.name}: ${refusal}`), `${error.message}: ${param.name} ${what} is refused by its rule`);
          refusedByCpp.push(`${error.message} (${param.name} ${what})`);
        } finally {
          block?.delete();
        }
      }
    }
  }
  close();
  t.diagnostic(`${accepted} calls at the ends accepted; ${refusedByCpp.length} refused by C++ for what they mean:`);
  for (const refusal of refusedByCpp) t.diagnostic(refusal.length > 160 ? `${refusal.slice(0, 159)}…` : refusal);
  assert.ok(accepted > 5 * refusedByCpp.length, `${accepted} accepted, ${refusedByCpp.length} refused`);
});

test('a method called on something that is not its live instance names the method', async () => {
  const sdlab = await load;
  const { entries, types, close } = entriesOf(sdlab);
  close();
  for (const cls of sdlab.apiSchema().classes) {
    const { valid } = entries.find((e) => e.name === cls.name);
    const block = new sdlab[cls.name](...valid);
    const { prototype } = sdlab[cls.name];
    block.delete();
    for (const method of cls.methods) {
      const name = `${cls.name}.${method.name}`;
      const call = method.params.map((p) => base(p, types));
      const fn = prototype[method.name];
      assert.throws(() => fn(...call), { name: 'TypeError', message: `${name}: called on nothing, not on a ${cls.name}` });
      assert.throws(() => fn.call({}, ...call), { name: 'TypeError', message: `${name}: called on object, not on a ${cls.name}` });
      assert.throws(() => fn.call(Object.create(prototype), ...call), { name: 'TypeError', message: `${name}: called on object, not on a ${cls.name}` });
      assert.throws(() => block[method.name](...call), { name: 'Error', message: `${name}: the object was deleted; create a new one` });
    }
    // embind's own handle methods name themselves the same way.
    for (const builtin of ['clone', 'delete', 'deleteLater', 'isAliasOf', 'isDeleted']) {
      const name = `${cls.name}.${builtin}`;
      const fn = prototype[builtin];
      assert.throws(() => fn(), { name: 'TypeError', message: `${name}: called on nothing, not on a ${cls.name}` });
      assert.throws(() => fn.call({}), { name: 'TypeError', message: `${name}: called on object, not on a ${cls.name}` });
      assert.throws(() => fn.call(Object.create(prototype)), { name: 'TypeError', message: `${name}: called on object, not on a ${cls.name}` });
    }
    assert.throws(() => block.delete(), { name: 'Error', message: `${cls.name}.delete: the object was already deleted` });
    assert.throws(() => block.clone(), { name: 'Error', message: `${cls.name}.clone: the object was deleted; create a new one` });
    assert.throws(() => block.deleteLater(), { name: 'Error', message: `${cls.name}.deleteLater: the object was deleted; create a new one` });
    assert.equal(block.isDeleted(), true);
    assert.throws(() => sdlab[cls.name](...valid), { name: 'TypeError', message: `${cls.name}: use new ${cls.name}(…)` });
  }
});
