// JS bindings for core/cache: LruCache, LfuCache, FifoCache, TtlCache, WriteCache,
// runCacheWorkload and simulateStampede.
//
// Lifetimes: every cache is a handle owned by JS — call delete() when done (embind in 3.1.6 never
// collects raw-pointer handles). runCacheWorkload and simulateStampede return plain objects and
// need no delete(). A TtlCache or WriteCache owns its simulated clock (and a WriteCache its store).
#include <string>
#include <type_traits>

#include "binding.h"
#include "cache/cache_workload.h"
#include "cache/stampede.h"
#include "cache/ttl_cache.h"
#include "cache/write_cache.h"

namespace sdlab::wasm {
namespace {

using emscripten::val;

val stats_to_js(const cache::CacheStats& stats) {
  val result = val::object();
  result.set("hits", static_cast<double>(stats.hits));
  result.set("misses", static_cast<double>(stats.misses));
  result.set("evictions", static_cast<double>(stats.evictions));
  result.set("hitRatio", stats.hit_ratio());
  return result;
}

val entry_to_js(const std::string& key, const std::string& value) {
  val entry = val::object();
  entry.set("key", key);
  entry.set("value", value);
  return entry;
}

val stats_to_js(const cache::TtlStats& stats) {
  val result = stats_to_js(static_cast<const cache::CacheStats&>(stats));
  result.set("expirations", static_cast<double>(stats.expirations));
  return result;
}

Status check_key(const std::string& key) { return check_length("key", key, cache::kMaxKeyBytes); }

Status check_entry(const std::string& key, const std::string& value) {
  return first_error(check_key(key), check_length("value", value, cache::kMaxValueBytes));
}

// `name` was one of `choices` when `parsed`; otherwise an error quoting what it was.
Status check_choice(bool parsed, const char* name, const char* choices, const std::string& got) {
  if (parsed) return Status::ok();
  return Status::invalid(std::string(name) + " must be " + choices + ", got \"" + got + "\"");
}

// The key evicted to make room, or undefined.
template <class Evicted>
val evicted_key(const Evicted& evicted) {
  return evicted ? val(evicted->first) : val::undefined();
}

val now_to_js(const sim::Clock& clock) { return val(sim::to_millis(clock.now())); }

// One handle type for every cache of strings (LRU, LFU, FIFO and TTL over LRU): the cache and the
// trace of its last call. A TTL cache also owns the clock it reads, which advance() moves.
template <class Cache>
class CacheHandle : public Traced {
 public:
  static constexpr bool kTimed = requires(Cache & cache) { cache.sweep(); };

  static CacheHandle* create(double capacity) requires(!kTimed) {
    if (failed(check_capacity(capacity))) return nullptr;
    return new CacheHandle(static_cast<std::size_t>(capacity));
  }

  static CacheHandle* create_timed(double capacity, double default_ttl_ms) requires kTimed {
    if (failed(first_error(check_capacity(capacity),
                           cache::check_ttl_ms("defaultTtlMs", default_ttl_ms)))) {
      return nullptr;
    }
    return new CacheHandle(static_cast<std::size_t>(capacity), sim::from_millis(default_ttl_ms));
  }

  val get(const std::string& key) {
    if (begin(check_key(key))) return val::undefined();
    const std::string* value = cache_.get(key);
    return value ? val(*value) : val::undefined();
  }

  val peek(const std::string& key) {
    if (begin(check_key(key))) return val::undefined();
    const std::string* value = cache_.peek(key);
    return value ? val(*value) : val::undefined();
  }

  bool contains(const std::string& key) { return !begin(check_key(key)) && cache_.contains(key); }

  // The key evicted to make room, or undefined.
  val put(const std::string& key, const std::string& value) {
    if (begin(check_entry(key, value))) return val::undefined();
    return evicted_key(cache_.put(key, value));
  }

  val put_with_ttl(const std::string& key, const std::string& value,
                   double ttl_ms) requires kTimed {
    if (begin(first_error(check_entry(key, value), cache::check_ttl_ms("ttlMs", ttl_ms)))) {
      return val::undefined();
    }
    return evicted_key(cache_.put(key, value, sim::from_millis(ttl_ms)));
  }

  void advance(double ms) requires kTimed {
    if (!begin(cache::check_ttl_ms("ms", ms))) clock_.advance(sim::from_millis(ms));
  }

  val now() const requires kTimed { return now_to_js(clock_); }

  double sweep() requires kTimed {
    begin();
    return static_cast<double>(cache_.sweep());
  }

  bool remove(const std::string& key) { return !begin(check_key(key)) && cache_.erase(key); }

  void clear() {
    begin();
    cache_.clear();
  }

  double size() const { return static_cast<double>(cache_.size()); }
  double capacity() const { return static_cast<double>(cache_.capacity()); }
  val stats() const { return stats_to_js(cache_.stats()); }

  // {capacity, size, stats, entries: [{key, value}] from head to tail}; LFU entries also carry
  // their frequency, and LFU adds buckets: [{frequency, keys}] from the lowest frequency up. TTL
  // adds now, and entries carry expiresAt and remaining (ms; remaining 0: expired, not yet
  // removed).
  val snapshot() const {
    val result = val::object();
    result.set("capacity", capacity());
    result.set("size", size());
    result.set("stats", stats());
    val entries = val::array();
    if constexpr (requires { cache_.frequency(std::string()); }) {
      val buckets = val::array();
      cache_.for_each_bucket([&](std::uint64_t frequency, const auto& bucket_entries) {
        val keys = val::array();
        for (const auto& entry : bucket_entries) {
          keys.call<void>("push", entry.key);
          val item = entry_to_js(entry.key, entry.value);
          item.set("frequency", static_cast<double>(frequency));
          entries.call<void>("push", item);
        }
        val bucket = val::object();
        bucket.set("frequency", static_cast<double>(frequency));
        bucket.set("keys", keys);
        buckets.call<void>("push", bucket);
      });
      result.set("buckets", buckets);
    } else if constexpr (kTimed) {
      result.set("now", now());
      cache_.for_each([&](const std::string& key, const std::string& value, sim::Micros expires) {
        val item = entry_to_js(key, value);
        item.set("expiresAt", sim::to_millis(expires));
        item.set("remaining", sim::to_millis(std::max<sim::Micros>(0, expires - clock_.now())));
        entries.call<void>("push", item);
      });
    } else {
      cache_.for_each([&](const std::string& key, const std::string& value) {
        entries.call<void>("push", entry_to_js(key, value));
      });
    }
    result.set("entries", entries);
    return result;
  }

 private:
  struct NoClock {};

  static Status check_capacity(double capacity) {
    return check_integer("capacity", capacity, 0, cache::kMaxCapacity);
  }

  explicit CacheHandle(std::size_t capacity) requires(!kTimed) : cache_(capacity) {
    cache_.set_trace(&trace_);
  }

  CacheHandle(std::size_t capacity, sim::Micros default_ttl) requires kTimed
      : cache_(capacity, clock_, default_ttl) {
    cache_.set_trace(&trace_);
  }

  [[no_unique_address]] std::conditional_t<kTimed, sim::Clock, NoClock> clock_;
  Cache cache_;
};

template <class Cache>
void bind_cache(const char* name) {
  using H = CacheHandle<Cache>;
  Class<H> bound(name);
  if constexpr (H::kTimed) {
    bound.constructor(&H::create_timed, {"capacity", "defaultTtlMs"})
        .method("putWithTtl", &H::put_with_ttl, {"key", "value", "ttlMs"})
        .method("advance", &H::advance, {"ms"})
        .method("now", &H::now)
        .method("sweep", &H::sweep);
  } else {
    bound.constructor(&H::create, {"capacity"});
  }
  bound.method("get", &H::get, {"key"})
      .method("peek", &H::peek, {"key"})
      .method("contains", &H::contains, {"key"})
      .method("put", &H::put, {"key", "value"})
      .method("remove", &H::remove, {"key"})
      .method("clear", &H::clear)
      .method("size", &H::size)
      .method("capacity", &H::capacity)
      .method("stats", &H::stats)
      .traced()
      .method("snapshot", &H::snapshot);
}

// options: {policy: "lru"|"lfu"|"fifo", capacity, operations, universe, distribution:
// "zipf"|"uniform", skew, seed} → {hits, misses, evictions, hitRatio}.
val run_cache_workload(val options) {
  Status types = Status::ok();
  const std::string policy_name = string_field(options, "policy", types);
  const double capacity = number_field(options, "capacity", types);
  const double operations = number_field(options, "operations", types);
  const std::string distribution = string_field(options, "distribution", types);
  const double universe = number_field(options, "universe", types);
  const double skew = number_field(options, "skew", types);
  const double seed = number_field(options, "seed", types);
  cache::Policy policy = cache::Policy::kLru;
  if (failed(first_error(std::move(types),
                         check_choice(cache::parse_policy(policy_name, policy), "policy",
                                      "\"lru\", \"lfu\" or \"fifo\"", policy_name),
                         check_integer("capacity", capacity, 0, cache::kMaxCapacity),
                         check_integer("operations", operations, 0, cache::kMaxWorkloadOperations),
                         check_choice(distribution == "zipf" || distribution == "uniform",
                                      "distribution", "\"zipf\" or \"uniform\"", distribution),
                         sim::check_key_stream(universe, skew),
                         check_integer("seed", seed, 0, 4294967295.0)))) {
    return val::undefined();
  }
  const sim::KeyStreamSpec spec{
      distribution == "zipf" ? sim::Distribution::kZipf : sim::Distribution::kUniform,
      static_cast<std::uint64_t>(universe), skew, static_cast<std::uint64_t>(seed)};
  return stats_to_js(cache::run_read_through(policy, static_cast<std::size_t>(capacity), spec,
                                             static_cast<std::uint64_t>(operations)));
}

// A WriteCache of strings with its own clock and slow store, and the trace of its last call.
class WriteCacheHandle : public Traced {
 public:
  static WriteCacheHandle* create(const std::string& mode, double capacity,
                                  double store_latency_ms) {
    cache::WriteMode parsed = cache::WriteMode::kThrough;
    if (failed(first_error(
            check_choice(cache::parse_write_mode(mode, parsed), "mode", "\"through\" or \"back\"",
                         mode),
            check_integer("capacity", capacity, 1, cache::kMaxCapacity),
            check_number("storeLatencyMs", store_latency_ms, 0, cache::kMaxStoreLatencyMs)))) {
      return nullptr;
    }
    return new WriteCacheHandle(parsed, static_cast<std::size_t>(capacity),
                                sim::from_millis(store_latency_ms));
  }

  val get(const std::string& key) {
    if (begin(check_key(key))) return val::undefined();
    auto value = cache_.get(key);
    return value ? val(*value) : val::undefined();
  }

  void put(const std::string& key, const std::string& value) {
    if (!begin(check_entry(key, value))) cache_.put(key, value);
  }

  bool remove(const std::string& key) {
    return !begin(check_key(key)) && cache_.erase(key);
  }

  double flush() {
    begin();
    return static_cast<double>(cache_.flush());
  }

  // The keys whose acknowledged writes the crash lost.
  val crash() {
    begin();
    val keys = val::array();
    for (const std::string& key : cache_.crash()) keys.call<void>("push", key);
    return keys;
  }

  // {hits, misses, evictions, hitRatio, writeBacks, lostWrites}
  val stats() const {
    val result = stats_to_js(cache_.stats());
    result.set("writeBacks", static_cast<double>(cache_.write_backs()));
    result.set("lostWrites", static_cast<double>(cache_.lost_writes()));
    return result;
  }

  // {mode, capacity, size, now, stats, entries: [{key, value, dirty}] head to tail,
  //  store: [{key, value}] sorted by key, storeReads, storeWrites, lostWrites}
  val snapshot() const {
    val result = val::object();
    result.set("mode", cache_.mode() == cache::WriteMode::kBack ? "back" : "through");
    result.set("capacity", static_cast<double>(cache_.capacity()));
    result.set("size", static_cast<double>(cache_.size()));
    result.set("now", now_to_js(clock_));
    result.set("stats", stats());
    val entries = val::array();
    cache_.for_each([&](const std::string& key, const std::string& value, bool dirty) {
      val item = entry_to_js(key, value);
      item.set("dirty", dirty);
      entries.call<void>("push", item);
    });
    result.set("entries", entries);
    val stored = val::array();
    for (const auto& [key, value] : store_.data())
      stored.call<void>("push", entry_to_js(key, value));
    result.set("store", stored);
    result.set("storeReads", static_cast<double>(store_.reads()));
    result.set("storeWrites", static_cast<double>(store_.writes()));
    result.set("lostWrites", static_cast<double>(cache_.lost_writes()));
    return result;
  }

 private:
  WriteCacheHandle(cache::WriteMode mode, std::size_t capacity, sim::Micros store_latency)
      : store_(clock_, store_latency), cache_(mode, capacity, store_) {
    cache_.set_trace(&trace_);
  }

  sim::Clock clock_;
  cache::SlowStore<std::string, std::string> store_;
  cache::WriteCache<std::string, std::string> cache_;
};

val counts_to_js(const std::vector<std::uint64_t>& counts) {
  val result = val::array();
  for (std::uint64_t count : counts) result.call<void>("push", static_cast<double>(count));
  return result;
}

// options: {protection: "none"|"single-flight"|"early-expiry"|"jitter", arrivals:
// "uniform"|"poisson", readers, windowMs, keys, ttlMs, loadLatencyMs, beta, jitter, bucketMs,
// seed} → {hits, misses, waiters, storeLoads, earlyRefreshes, expiries, maxConcurrentLoads,
// timeline: {bucketMs, loads: [], misses: []}}.
val simulate_stampede(val options) {
  Status types = Status::ok();
  const std::string protection = string_field(options, "protection", types);
  const std::string arrivals = string_field(options, "arrivals", types);
  cache::StampedeSpec spec;
  spec.readers = number_field(options, "readers", types);
  spec.window_ms = number_field(options, "windowMs", types);
  spec.keys = number_field(options, "keys", types);
  spec.ttl_ms = number_field(options, "ttlMs", types);
  spec.load_latency_ms = number_field(options, "loadLatencyMs", types);
  spec.beta = number_field(options, "beta", types);
  spec.jitter = number_field(options, "jitter", types);
  spec.bucket_ms = number_field(options, "bucketMs", types);
  spec.seed = number_field(options, "seed", types);
  if (failed(first_error(
          std::move(types),
          check_choice(cache::parse_protection(protection, spec.protection), "protection",
                       "\"none\", \"single-flight\", \"early-expiry\" or \"jitter\"", protection),
          check_choice(cache::parse_arrivals(arrivals, spec.arrivals), "arrivals",
                       "\"uniform\" or \"poisson\"", arrivals),
          cache::check_stampede(spec)))) {
    return val::undefined();
  }
  const cache::StampedeResult r = cache::simulate_stampede(spec);
  val result = val::object();
  result.set("hits", static_cast<double>(r.hits));
  result.set("misses", static_cast<double>(r.misses));
  result.set("waiters", static_cast<double>(r.waiters));
  result.set("storeLoads", static_cast<double>(r.store_loads));
  result.set("earlyRefreshes", static_cast<double>(r.early_refreshes));
  result.set("expiries", static_cast<double>(r.expiries));
  result.set("maxConcurrentLoads", static_cast<double>(r.max_concurrent_loads));
  val timeline = val::object();
  timeline.set("bucketMs", spec.bucket_ms);
  timeline.set("loads", counts_to_js(r.loads_per_bucket));
  timeline.set("misses", counts_to_js(r.misses_per_bucket));
  result.set("timeline", timeline);
  return result;
}

}  // namespace
}  // namespace sdlab::wasm

EMSCRIPTEN_BINDINGS(sdlab_cache) {
  using namespace sdlab;
  wasm::bind_cache<cache::LruCache<std::string, std::string>>("LruCache");
  wasm::bind_cache<cache::LfuCache<std::string, std::string>>("LfuCache");
  wasm::bind_cache<cache::FifoCache<std::string, std::string>>("FifoCache");
  wasm::bind_cache<cache::TtlCache<std::string, std::string>>("TtlCache");
  using WriteHandle = wasm::WriteCacheHandle;
  wasm::Class<WriteHandle>("WriteCache")
      .constructor(&WriteHandle::create, {"mode", "capacity", "storeLatencyMs"})
      .method("get", &WriteHandle::get, {"key"})
      .method("put", &WriteHandle::put, {"key", "value"})
      .method("remove", &WriteHandle::remove, {"key"})
      .method("flush", &WriteHandle::flush)
      .method("crash", &WriteHandle::crash)
      .method("stats", &WriteHandle::stats)
      .traced()
      .method("snapshot", &WriteHandle::snapshot);
  wasm::function("runCacheWorkload", &wasm::run_cache_workload, {"options"});
  wasm::function("simulateStampede", &wasm::simulate_stampede, {"options"});
}
