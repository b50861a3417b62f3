// JS bindings for core/cache: LruCache, LfuCache, FifoCache and runCacheWorkload.
//
// Lifetimes: every cache is a handle owned by JS — call delete() when done (embind in 3.1.6 never
// collects raw-pointer handles). runCacheWorkload returns a plain object and needs no delete().
#include <string>

#include "binding.h"
#include "cache/cache_workload.h"

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

Status check_key(const std::string& key) { return check_length("key", key, cache::kMaxKeyBytes); }

// One handle type for every eviction policy: a cache of strings and the trace of its last call.
template <class Cache>
class CacheHandle {
 public:
  static CacheHandle* create(double capacity) {
    if (failed(check_integer("capacity", capacity, 0, cache::kMaxCapacity))) return nullptr;
    return new CacheHandle(static_cast<std::size_t>(capacity));
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
    if (begin(first_error(check_key(key), check_length("value", value, cache::kMaxValueBytes)))) {
      return val::undefined();
    }
    auto evicted = cache_.put(key, value);
    return evicted ? val(evicted->first) : val::undefined();
  }

  bool remove(const std::string& key) { return !begin(check_key(key)) && cache_.erase(key); }

  void clear() {
    begin(Status::ok());
    cache_.clear();
  }

  double size() const { return static_cast<double>(cache_.size()); }
  double capacity() const { return static_cast<double>(cache_.capacity()); }
  val stats() const { return stats_to_js(cache_.stats()); }
  val trace() const { return to_js(trace_); }

  // {capacity, size, stats, entries: [{key, value}] from head to tail}; LFU entries also carry
  // their frequency, and LFU adds buckets: [{frequency, keys}] from the lowest frequency up.
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
    } else {
      cache_.for_each([&](const std::string& key, const std::string& value) {
        entries.call<void>("push", entry_to_js(key, value));
      });
    }
    result.set("entries", entries);
    return result;
  }

 private:
  explicit CacheHandle(std::size_t capacity) : cache_(capacity) { cache_.set_trace(&trace_); }

  // Starts a call: clears the last trace; true (and the error recorded) if `status` failed.
  bool begin(const Status& status) {
    trace_.clear();
    return failed(status);
  }

  Cache cache_;
  sim::Trace trace_;
};

template <class Cache>
void bind_cache(const char* name) {
  using H = CacheHandle<Cache>;
  Class<H>(name)
      .constructor(&H::create, {"capacity"})
      .method("get", &H::get, {"key"})
      .method("peek", &H::peek, {"key"})
      .method("contains", &H::contains, {"key"})
      .method("put", &H::put, {"key", "value"})
      .method("remove", &H::remove, {"key"})
      .method("clear", &H::clear)
      .method("size", &H::size)
      .method("capacity", &H::capacity)
      .method("stats", &H::stats)
      .method("trace", &H::trace)
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
  if (failed(first_error(
          std::move(types),
          cache::parse_policy(policy_name, policy)
              ? Status::ok()
              : Status::invalid("policy must be \"lru\", \"lfu\" or \"fifo\", got \"" +
                                policy_name + "\""),
          check_integer("capacity", capacity, 0, cache::kMaxCapacity),
          check_integer("operations", operations, 0, cache::kMaxWorkloadOperations),
          distribution == "zipf" || distribution == "uniform"
              ? Status::ok()
              : Status::invalid("distribution must be \"zipf\" or \"uniform\", got \"" +
                                distribution + "\""),
          sim::check_key_stream(universe, skew), check_integer("seed", seed, 0, 4294967295.0)))) {
    return val::undefined();
  }
  const sim::KeyStreamSpec spec{
      distribution == "zipf" ? sim::Distribution::kZipf : sim::Distribution::kUniform,
      static_cast<std::uint64_t>(universe), skew, static_cast<std::uint64_t>(seed)};
  return stats_to_js(cache::run_read_through(policy, static_cast<std::size_t>(capacity), spec,
                                             static_cast<std::uint64_t>(operations)));
}

}  // namespace
}  // namespace sdlab::wasm

EMSCRIPTEN_BINDINGS(sdlab_cache) {
  using namespace sdlab;
  wasm::bind_cache<cache::LruCache<std::string, std::string>>("LruCache");
  wasm::bind_cache<cache::LfuCache<std::string, std::string>>("LfuCache");
  wasm::bind_cache<cache::FifoCache<std::string, std::string>>("FifoCache");
  wasm::function("runCacheWorkload", &wasm::run_cache_workload, {"options"});
}
