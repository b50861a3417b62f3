// Post-js, after api.js: a fast path for LruCache and LruCacheInt put and get, the calls a
// program makes per operation.
//
// The checked embind path costs ~290 ns per put+get (api.js's generic checks, then embind's
// std::string and val conversions). Here a call whose arguments obviously pass the registered
// rules goes straight to a C entry point (sdlab_lru_put and friends in cache_bindings.cpp):
//   - strings are written as UTF-8 into one static scratch buffer (an ASCII loop; TextEncoder
//     for the rest), so the byte-length rule falls out of the encoding, and C++ looks the key up
//     as a view, allocating nothing; results are decoded from the cache's own bytes;
//   - integers pass as doubles after the same range check as the rule.
// Anything else — a wrong count or type, too long, a lone surrogate, a deleted handle, a call on
// something that is not the class, tracing on, or a put near the module's memory budget — takes
// the checked method, which throws api.js's error or records the trace exactly as before. So names, results, errors and traces
// are unchanged; only the time differs.
// (Written without destructuring: Emscripten 3.1.6's minifier mangles it.)
function sdlabInstallFastPaths() {
  const schema = Module['apiSchema']();
  const paramsOf = (name, method) =>
    schema.classes.find((cls) => cls.name === name).methods.find((m) => m.name === method).params;

  const scratch = _sdlab_fast_scratch();
  const resultAt = scratch >> 2;  // HEAPU32 index of the result's address
  const bytesAt = scratch + 4;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  // Writes `text` as UTF-8 at `at`; its byte count, or -1 when it is not well-formed or longer
  // than `max` bytes (UTF-8 never has fewer bytes than UTF-16 has units).
  function encode(text, at, max) {
    const length = text.length;
    if (length > max) return -1;
    const heap = HEAPU8;
    for (let i = 0; i < length; ++i) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) return encodeWide(text, at, max);
      heap[at + i] = code;
    }
    return length;
  }

  function encodeWide(text, at, max) {
    if (!text.isWellFormed()) return -1;
    const done = encoder.encodeInto(text, HEAPU8.subarray(at, at + max));
    return done.read === text.length ? done.written : -1;
  }

  function decode(at, bytes) {
    const heap = HEAPU8;
    if (bytes > 32) return decoder.decode(heap.subarray(at, at + bytes));
    let text = '';
    for (let i = 0; i < bytes; ++i) {
      const byte = heap[at + i];
      if (byte >= 0x80) return decoder.decode(heap.subarray(at, at + bytes));
      text += String.fromCharCode(byte);
    }
    return text;
  }

  const MISS = -1;  // kFastMiss, kFastTraced (take the checked method) in cache_bindings.cpp
  const TRACED = -2;

  const LruCache = Module['LruCache'];
  const keyRule = paramsOf('LruCache', 'put')[0];
  const valueRule = paramsOf('LruCache', 'put')[1];
  const checkedPut = LruCache.prototype.put;
  const checkedGet = LruCache.prototype.get;
  LruCache.prototype.put = function put(key, value) {
    if (arguments.length === 2 && typeof key === 'string' && typeof value === 'string' &&
        this instanceof LruCache && this.$$ !== undefined && this.$$.ptr) {
      const keyBytes = encode(key, bytesAt, keyRule.max);
      const valueBytes = keyBytes < 0 ? -1 : encode(value, bytesAt + keyBytes, valueRule.max);
      if (valueBytes >= 0) {
        const evicted = _sdlab_lru_put(this.$$.ptr, keyBytes, valueBytes);
        if (evicted === MISS) return undefined;
        if (evicted !== TRACED) return decode(HEAPU32[resultAt], evicted);
      }
    }
    return checkedPut.apply(this, arguments);
  };
  LruCache.prototype.get = function get(key) {
    if (arguments.length === 1 && typeof key === 'string' && this instanceof LruCache && this.$$ !== undefined && this.$$.ptr) {
      const keyBytes = encode(key, bytesAt, keyRule.max);
      if (keyBytes >= 0) {
        const value = _sdlab_lru_get(this.$$.ptr, keyBytes);
        if (value === MISS) return undefined;
        if (value !== TRACED) return decode(HEAPU32[resultAt], value);
      }
    }
    return checkedGet.apply(this, arguments);
  };

  const LruCacheInt = Module['LruCacheInt'];
  const intKeyRule = paramsOf('LruCacheInt', 'put')[0];
  const intValueRule = paramsOf('LruCacheInt', 'put')[1];
  const fits = (x, rule) => Number.isInteger(x) && x >= rule.min && x <= rule.max;
  const checkedIntPut = LruCacheInt.prototype.put;
  const checkedIntGet = LruCacheInt.prototype.get;
  // NaN: nothing evicted or not cached; Infinity: take the checked method.
  LruCacheInt.prototype.put = function put(key, value) {
    if (arguments.length === 2 && fits(key, intKeyRule) && fits(value, intValueRule) &&
        this instanceof LruCacheInt && this.$$ !== undefined && this.$$.ptr) {
      const evicted = _sdlab_lru_int_put(this.$$.ptr, key, value);
      if (evicted !== Infinity) return evicted === evicted ? evicted : undefined;
    }
    return checkedIntPut.apply(this, arguments);
  };
  LruCacheInt.prototype.get = function get(key) {
    if (arguments.length === 1 && fits(key, intKeyRule) && this instanceof LruCacheInt && this.$$ !== undefined && this.$$.ptr) {
      const value = _sdlab_lru_int_get(this.$$.ptr, key);
      if (value !== Infinity) return value === value ? value : undefined;
    }
    return checkedIntGet.apply(this, arguments);
  };
}

// After api.js's checks, which it wraps: addOnPostRun would run this first (it prepends).
if (runtimeInitialized) sdlabInstallFastPaths();
else __ATPOSTRUN__.push(sdlabInstallFastPaths);
