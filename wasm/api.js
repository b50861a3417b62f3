// Post-js: makes the module's embind API safe to call from any page or script.
//
// Every class, constructor, method and function registered through wasm/binding.h carries its
// parameters' rules (see wasm/schema.h). This file wraps each raw embind entry so that
//   - arguments are checked against those rules before anything reaches C++: a wrong count or
//     type is a TypeError, a value out of range, too long, not one of the choices or not
//     well-formed Unicode is an Error, each naming the function, the parameter and the rule;
//   - an options object is read once, field by field, into a fresh plain object (a throwing
//     getter or a Proxy is caught here; C++ only ever sees plain values);
//   - a call that C++ rejected (sdlab::wasm::failed) throws an Error with its message after the
//     call has returned and C++ has cleaned up;
//   - a method called on a deleted handle or on something that is not the class names both; so
//     do embind's own handle methods (delete, clone, isDeleted, isAliasOf, deleteLater), wrapped
//     here like the registered ones, and any error embind itself throws from inside a call.
// So bad input never aborts the module, never leaks, and always reads like
// "LruCache: capacity must be an integer in [0, 1000000], got -1".
// (Written without destructuring: Emscripten 3.1.6's minifier mangles it.)
function sdlabInstallChecks() {
  const schema = Module['apiSchema']();
  const types = schema.types;

  function takeError() {
    const pointer = Module['_sdlab_take_error']();
    return pointer ? UTF8ToString(pointer) : null;
  }

  function describe(value) {
    if (value === null) return 'null';
    try {
      if (Array.isArray(value)) return 'array';
    } catch (error) {
      return 'revoked proxy';  // the one value Array.isArray throws on
    }
    return typeof value;
  }

  // value[key] of something the caller sent: a throwing getter or Proxy trap names `label`.
  function read(label, value, key) {
    try {
      return value[key];
    } catch (error) {
      throw new Error(`${label} could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  // At most 40 characters of a value the caller sent, for messages.
  function quote(text) {
    return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  }

  const nonAscii = /[^\0-\x7f]/;

  function utf8Bytes(text) {
    if (!nonAscii.test(text)) return text.length;  // the common case, in native code
    let bytes = text.length;
    for (let i = 0; i < text.length; ++i) {
      const code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff) { bytes += 2; ++i; }  // a pair: 4 bytes for 2 units
      else if (code >= 0x800) bytes += 2;
      else if (code >= 0x80) bytes += 1;
    }
    return bytes;
  }

  function choiceList(choices) {
    const quoted = choices.map((c) => JSON.stringify(c));
    return quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
  }

  const article = (type) => (/^[aeiou]/.test(type) ? 'an' : 'a');
  const jsType = { integer: 'number', number: 'number', text: 'string', choice: 'string', flag: 'boolean', object: 'object', list: 'array' };

  // The value `value` becomes under `rule`, or throws naming `label`.
  function check(label, rule, value) {
    const expected = jsType[rule.kind];
    if (expected === undefined) return value;  // any
    const actual = describe(value);
    if (actual !== expected) throw new TypeError(`${label} must be ${article(expected)} ${expected}, got ${actual}`);
    switch (rule.kind) {
      case 'integer':
        if (!Number.isInteger(value) || value < rule.min || value > rule.max) {
          throw new Error(`${label} must be an integer in [${rule.min}, ${rule.max}], got ${value}`);
        }
        return value;
      case 'number':
        if (!Number.isFinite(value) || value < rule.min || value > rule.max) {
          throw new Error(`${label} must be a finite number in [${rule.min}, ${rule.max}], got ${value}`);
        }
        return value;
      case 'text': {
        if (!value.isWellFormed()) throw new Error(`${label} must be well-formed Unicode: it has a lone surrogate`);
        const bytes = value.length * 3 <= rule.max ? 0 : utf8Bytes(value);
        if (bytes > rule.max) throw new Error(`${label} must be at most ${rule.max} bytes long, got ${bytes}`);
        return value;
      }
      case 'choice':
        if (!rule.choices.includes(value)) throw new Error(`${label} must be ${choiceList(rule.choices)}, got ${quote(value)}`);
        return value;
      case 'list': {
        const length = read(`${label}.length`, value, 'length');
        if (length < rule.min || length > rule.max) {
          throw new Error(`${label} must have ${rule.min} to ${rule.max} items, got ${length}`);
        }
        const items = [];
        for (let i = 0; i < length; ++i) items.push(check(`${label}[${i}]`, rule.item, read(`${label}[${i}]`, value, i)));
        return items;
      }
      case 'object': {
        const plain = {};
        for (const field of types[rule.type].fields) {
          if (!field.rule) continue;
          const item = read(`${label}.${field.name}`, value, field.name);
          if (item === undefined && field.rule.optional) continue;
          plain[field.name] = check(`${label}.${field.name}`, field.rule, item);
        }
        return plain;
      }
      default:
        return value;
    }
  }

  function checkedArguments(name, params, args) {
    if (args.length !== params.length) {
      const list = params.map((p) => p.name).join(', ');
      throw new TypeError(`${name}(${list}) takes ${params.length} argument${params.length === 1 ? '' : 's'}, got ${args.length}`);
    }
    const plain = new Array(params.length);
    for (let i = 0; i < params.length; ++i) {
      const param = params[i];
      try {
        plain[i] = check(param.name, param, args[i]);
      } catch (error) {
        error.message = `${name}: ${error.message}`;
        throw error;
      }
    }
    return plain;
  }

  function finish(name, result) {
    const message = takeError();
    if (message !== null) throw new Error(`${name}: ${message}`);
    return result;
  }

  // raw.apply(self, args), with an error from embind or the runtime (an abort) named after `name`.
  function call(name, raw, self, args) {
    try {
      return raw.apply(self, args);
    } catch (error) {
      if (error instanceof Error && !error.message.startsWith(`${name}: `)) error.message = `${name}: ${error.message}`;
      throw error;
    }
  }

  const builtins = ['clone', 'delete', 'deleteLater', 'isAliasOf', 'isDeleted'];
  const isDeleted = Module[schema.classes[0].name].prototype.isDeleted;  // embind's, on every class

  for (const cls of schema.classes) {
    const Raw = Module[cls.name];
    // A handle embind made (Object.create(prototype) passes instanceof but has no C++ object).
    const isHandle = (value) => {
      if (!(value instanceof Raw)) return false;
      try {
        isDeleted.call(value);
        return true;
      } catch (error) {
        return false;
      }
    };
    // Throws unless `self` is a handle of this class, and (unless `deletedToo`) a live one.
    const checkThis = (name, self, deletedToo) => {
      if (!isHandle(self)) {
        const what = self === undefined || self === globalThis ? 'nothing' : describe(self);
        throw new TypeError(`${name}: called on ${what}, not on a ${cls.name}`);
      }
      if (!deletedToo && isDeleted.call(self)) {
        const what = name.endsWith('.delete') ? 'already deleted' : 'deleted; create a new one';
        throw new Error(`${name}: the object was ${what}`);
      }
    };
    const prototype = Raw.prototype;
    for (const method of cls.methods) {
      const name = `${cls.name}.${method.name}`;
      const raw = prototype[method.name];
      const params = method.params;
      prototype[method.name] = function (...args) {
        checkThis(name, this, false);
        const plain = checkedArguments(name, params, args);
        return finish(name, call(name, raw, this, plain));
      };
    }
    for (const builtin of builtins) {
      const name = `${cls.name}.${builtin}`;
      const raw = prototype[builtin];
      prototype[builtin] = function (...args) {
        checkThis(name, this, builtin === 'isDeleted' || builtin === 'isAliasOf');
        return call(name, raw, this, args);
      };
    }
    const params = cls.constructor.params;
    const Checked = function (...args) {
      if (!new.target) throw new TypeError(`${cls.name}: use new ${cls.name}(…)`);
      const plain = checkedArguments(cls.name, params, args);
      return finish(cls.name, call(cls.name, (...a) => new Raw(...a), undefined, plain));
    };
    Checked.prototype = prototype;
    Module[cls.name] = Checked;
  }

  for (const fn of schema.functions) {
    const raw = Module[fn.name];
    const params = fn.params;
    Module[fn.name] = function (...args) {
      return finish(fn.name, call(fn.name, raw, undefined, checkedArguments(fn.name, params, args)));
    };
  }
}

if (runtimeInitialized) sdlabInstallChecks();
else addOnPostRun(sdlabInstallChecks);
