// Post-js: makes the module's embind API safe to call from any page or script.
//
// For every class, constructor, method and function that the bindings registered through
// wasm/binding.h, this wraps the raw embind entry so that
//   - a wrong argument count or type throws a TypeError naming the function, the parameter and
//     the type it needs, before anything reaches C++;
//   - a call that C++ rejected (see sdlab::wasm::failed) throws an Error carrying its message,
//     after the call has returned and C++ has cleaned up;
// so bad input never aborts the module, never leaks, and always reads like
// "LruCache: capacity must be an integer in [0, 1000000], got -1".
// (Written without destructuring: Emscripten 3.1.6's minifier mangles it.)
function sdlabInstallChecks() {
  const signatures = Module['apiSignatures']();

  function takeError() {
    const pointer = Module['_sdlab_take_error']();
    return pointer ? UTF8ToString(pointer) : null;
  }

  function describe(value) {
    if (value === null) return 'null';
    if (Array.isArray(value)) return 'array';
    return typeof value;
  }

  function checkArguments(name, signature, args) {
    const params = signature.params;
    const types = signature.types;
    if (args.length !== params.length) {
      const list = params.join(', ');
      throw new TypeError(`${name}(${list}) takes ${params.length} argument${params.length === 1 ? '' : 's'}, got ${args.length}`);
    }
    for (let i = 0; i < params.length; ++i) {
      const type = types[i];
      const actual = describe(args[i]);
      if (actual !== type) {
        throw new TypeError(`${name}: ${params[i]} must be ${type === 'object' ? 'an' : 'a'} ${type}, got ${actual}`);
      }
    }
  }

  function checked(name, signature, call) {
    return function (...args) {
      checkArguments(name, signature, args);
      const result = call(this, args);
      const message = takeError();
      if (message !== null) throw new Error(`${name}: ${message}`);
      return result;
    };
  }

  for (const name of Object.keys(signatures)) {
    const signature = signatures[name];
    const dot = name.indexOf('.');
    if (dot >= 0) {
      const prototype = Module[name.slice(0, dot)].prototype;
      const method = prototype[name.slice(dot + 1)];
      prototype[name.slice(dot + 1)] = checked(name, signature, function (self, args) {
        if (self.isDeleted()) throw new Error(`${name}: the object was deleted; create a new one`);
        return method.apply(self, args);
      });
    } else if (Module[name].prototype && Module[name].prototype.delete) {
      const Raw = Module[name];
      const Checked = checked(name, signature, (self, args) => new Raw(...args));
      Checked.prototype = Raw.prototype;
      Module[name] = Checked;
    } else {
      const raw = Module[name];
      Module[name] = checked(name, signature, (self, args) => raw(...args));
    }
  }
}

if (runtimeInitialized) sdlabInstallChecks();
else addOnPostRun(sdlabInstallChecks);
