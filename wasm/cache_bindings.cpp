// JS bindings for core/cache: LruCache, LruCacheInt, LfuCache, FifoCache, TtlCache, WriteCache,
// runCacheWorkload, simulateStampede and StampedeRun; and the C entry points of the LRU caches' fast path
// (wasm/fast_paths.js), which put and get without embind while tracing is off.
//
// Lifetimes: every cache, and every StampedeRun (simulateStampede stepped a reader at a time), is a
// handle owned by JS — call delete() when done (embind in 3.1.6 never collects raw-pointer
// handles). runCacheWorkload and simulateStampede return plain objects and need no delete(). A
// TtlCache or WriteCache owns its simulated clock (and a WriteCache its store).
#include <emscripten/emscripten.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>

#include "binding.h"
#include "cache/cache_workload.h"
#include "cache/stampede.h"
#include "cache/ttl_cache.h"
#include "cache/write_cache.h"

namespace sdlab::wasm {

// ---- the shapes that cross -------------------------------------------------------------------

struct CacheEntry {
  std::string key;
  std::string value;
  std::optional<std::uint64_t> frequency;  // LFU
  std::optional<double> expires_at;        // TTL, ms
  std::optional<double> remaining;         // TTL, ms
  std::optional<bool> expired;             // TTL
  std::optional<bool> dirty;               // write-back
};

struct LfuBucket {
  std::uint64_t frequency;
  std::vector<std::string> keys;
};

struct CacheSnapshot {
  std::size_t capacity = 0;
  std::size_t size = 0;
  cache::TtlStats stats;
  std::vector<CacheEntry> entries;
  std::optional<std::vector<LfuBucket>> buckets;
  std::optional<double> now;
};

struct IntCacheEntry {
  std::int64_t key;
  std::int64_t value;
};

struct IntCacheSnapshot {
  std::size_t capacity = 0;
  std::size_t size = 0;
  cache::TtlStats stats;
  std::vector<IntCacheEntry> entries;
};

struct WriteCacheStats : cache::CacheStats {
  std::uint64_t write_backs = 0;
  std::uint64_t lost_writes = 0;
};

struct StoreEntry {
  std::string key;
  std::string value;
};

struct WriteCacheSnapshot {
  std::string mode;
  std::size_t capacity = 0;
  std::size_t size = 0;
  double now = 0;
  WriteCacheStats stats;
  std::vector<CacheEntry> entries;
  std::vector<StoreEntry> store;
  std::uint64_t store_reads = 0;
  std::uint64_t store_writes = 0;
  std::uint64_t lost_writes = 0;
};

struct WorkloadOptions {
  cache::Policy policy = cache::Policy::kLru;
  double capacity = 0;
  double operations = 0;
  double universe = 1;
  sim::Distribution distribution = sim::Distribution::kZipf;
  double skew = 1;
  double seed = 0;
};

struct StampedeTimeline {
  double bucket_ms;
  std::vector<std::uint64_t> loads;
  std::vector<std::uint64_t> misses;
};

struct StampedeReport : cache::StampedeResult {
  StampedeTimeline timeline;
};

// A stampede simulation stepped a reader at a time, as far as it has got.
struct StampedeRunSnapshot {
  std::uint64_t readers = 0;
  std::uint64_t arrived = 0;
  double now_ms = 0;
  bool finished = false;
  StampedeReport result;
};

template <>
struct Describe<cache::CacheStats> {
  static constexpr const char* name = "CacheStats";
  static constexpr const char* doc = "Hit, miss and eviction counts.";
  static auto fields() {
    using S = cache::CacheStats;
    return std::tuple{field("hits", &S::hits), field("misses", &S::misses),
                      field("evictions", &S::evictions),
                      field("hitRatio", &S::hit_ratio, "hits / (hits + misses); 0 before any lookup")};
  }
};

template <>
struct Describe<cache::TtlStats> {
  static constexpr const char* name = "TtlCacheStats";
  static constexpr const char* doc = "Cache counts; expirations is 0 for caches without a TTL.";
  static auto fields() {
    using S = cache::TtlStats;
    return std::tuple_cat(
        Describe<cache::CacheStats>::fields(),
        std::tuple{field("expirations", &S::expirations,
                         "expired entries removed, lazily by get/peek/contains/remove or by sweep()")});
  }
};

template <>
struct Describe<CacheEntry> {
  static constexpr const char* name = "CacheEntry";
  static constexpr const char* doc = "One cached entry.";
  static auto fields() {
    using S = CacheEntry;
    return std::tuple{field("key", &S::key), field("value", &S::value),
                      field("frequency", &S::frequency, "LFU: the entry's use count"),
                      field("expiresAt", &S::expires_at, "TTL: simulated time of expiry, ms"),
                      field("remaining", &S::remaining, "TTL: ms left to live; 0: expired, not yet removed"),
                      field("expired", &S::expired,
                            "TTL: past its expiry, not yet removed (a get never returns it)"),
                      field("dirty", &S::dirty, "write cache: written here, not yet in the store")};
  }
};

template <>
struct Describe<LfuBucket> {
  static constexpr const char* name = "LfuBucket";
  static constexpr const char* doc = "The keys used `frequency` times, most recent first.";
  static auto fields() {
    return std::tuple{field("frequency", &LfuBucket::frequency), field("keys", &LfuBucket::keys)};
  }
};

template <>
struct Describe<CacheSnapshot> {
  static constexpr const char* name = "CacheSnapshot";
  static constexpr const char* doc = "The state of an LRU, LFU, FIFO or TTL cache.";
  static auto fields() {
    using S = CacheSnapshot;
    return std::tuple{
        field("capacity", &S::capacity), field("size", &S::size, "counts expired entries not yet removed"),
        field("stats", &S::stats),
        field("entries", &S::entries, "from the head (kept longest) to the tail (the next victim)"),
        field("buckets", &S::buckets, "LFU: buckets from the lowest frequency up"),
        field("now", &S::now, "TTL: the cache's simulated time, ms")};
  }
};

template <>
struct Describe<IntCacheEntry> {
  static constexpr const char* name = "IntCacheEntry";
  static constexpr const char* doc = "One cached entry of integers.";
  static auto fields() { return std::tuple{field("key", &IntCacheEntry::key), field("value", &IntCacheEntry::value)}; }
};

template <>
struct Describe<IntCacheSnapshot> {
  static constexpr const char* name = "IntCacheSnapshot";
  static constexpr const char* doc = "The state of an LRU cache of integers.";
  static auto fields() {
    using S = IntCacheSnapshot;
    return std::tuple{field("capacity", &S::capacity), field("size", &S::size), field("stats", &S::stats),
                      field("entries", &S::entries, "from the head (most recent) to the tail (the next victim)")};
  }
};

template <>
struct Describe<StoreEntry> {
  static constexpr const char* name = "StoreEntry";
  static constexpr const char* doc = "A key and value in the slow store.";
  static auto fields() { return std::tuple{field("key", &StoreEntry::key), field("value", &StoreEntry::value)}; }
};

template <>
struct Describe<WriteCacheStats> {
  static constexpr const char* name = "WriteCacheStats";
  static constexpr const char* doc = "Cache counts plus the writes that reached the store and those a crash lost.";
  static auto fields() {
    using S = WriteCacheStats;
    return std::tuple_cat(Describe<cache::CacheStats>::fields(),
                          std::tuple{field("writeBacks", &S::write_backs), field("lostWrites", &S::lost_writes)});
  }
};

template <>
struct Describe<WriteCacheSnapshot> {
  static constexpr const char* name = "WriteCacheSnapshot";
  static constexpr const char* doc = "A write-through or write-back cache and its slow store.";
  static auto fields() {
    using S = WriteCacheSnapshot;
    return std::tuple{field("mode", &S::mode, "\"through\" or \"back\""), field("capacity", &S::capacity),
                      field("size", &S::size), field("now", &S::now, "simulated time, ms"),
                      field("stats", &S::stats),
                      field("entries", &S::entries, "head (most recent) to tail; dirty: not yet in the store"),
                      field("store", &S::store, "sorted by key"), field("storeReads", &S::store_reads),
                      field("storeWrites", &S::store_writes),
                      field("lostWrites", &S::lost_writes, "acknowledged writes lost in crashes")};
  }
};

template <>
struct Describe<WorkloadOptions> {
  static constexpr const char* name = "WorkloadOptions";
  static constexpr const char* doc = "A read-through workload: get; on a miss, put.";
  static auto fields() {
    using S = WorkloadOptions;
    return std::tuple{
        field("policy", &S::policy,
              choice<cache::Policy>({{"lru", cache::Policy::kLru}, {"lfu", cache::Policy::kLfu},
                                     {"fifo", cache::Policy::kFifo}})),
        field("capacity", &S::capacity, integer(0, cache::kMaxCapacity)),
        field("operations", &S::operations, integer(0, cache::kMaxWorkloadOperations), "reads to play"),
        field("universe", &S::universe, integer(1, sim::KeyStreamSpec::kMaxUniverse), "distinct keys"),
        field("distribution", &S::distribution,
              choice<sim::Distribution>({{"zipf", sim::Distribution::kZipf},
                                         {"uniform", sim::Distribution::kUniform}})),
        field("skew", &S::skew, number(0, sim::KeyStreamSpec::kMaxSkew), "zipf exponent"),
        field("seed", &S::seed, integer(0, 4294967295.0), "the same seed gives the same stream")};
  }
};

template <>
struct Describe<cache::StampedeSpec> {
  static constexpr const char* name = "StampedeOptions";
  static constexpr const char* doc = "A crowd of readers around expiry (see core/cache/stampede.h).";
  static auto fields() {
    using S = cache::StampedeSpec;
    using P = cache::Protection;
    const double max_ms = S::kMaxWindowMs;
    return std::tuple{
        field("protection", &S::protection,
              choice<P>({{"none", P::kNone}, {"single-flight", P::kSingleFlight},
                         {"early-expiry", P::kEarlyExpiry}, {"jitter", P::kJitter}})),
        field("arrivals", &S::arrivals,
              choice<cache::Arrivals>({{"uniform", cache::Arrivals::kUniform},
                                       {"poisson", cache::Arrivals::kPoisson}})),
        field("readers", &S::readers, integer(1, S::kMaxReaders)),
        field("windowMs", &S::window_ms, number(0.001, max_ms), "readers arrive over [0, windowMs)"),
        field("keys", &S::keys, integer(1, S::kMaxKeys)),
        field("ttlMs", &S::ttl_ms, number(0.001, max_ms)),
        field("loadLatencyMs", &S::load_latency_ms, number(0, max_ms)),
        field("beta", &S::beta, number(0, S::kMaxBeta), "early-expiry: XFetch's beta"),
        field("jitter", &S::jitter, number(0, 0.99), "jitter: TTL scaled by 1 ± jitter"),
        field("bucketMs", &S::bucket_ms, number(0.001, max_ms),
              "timeline bucket; at most 10,000 buckets per window"),
        field("seed", &S::seed, integer(0, 4294967295.0))};
  }
};

template <>
struct Describe<cache::StampedeResult> {
  static constexpr const char* name = "StampedeCounts";
  static constexpr const char* doc = "What the readers and the store saw.";
  static auto fields() {
    using S = cache::StampedeResult;
    return std::tuple{field("hits", &S::hits), field("misses", &S::misses),
                      field("waiters", &S::waiters, "single-flight: misses that waited for a load"),
                      field("storeLoads", &S::store_loads), field("earlyRefreshes", &S::early_refreshes),
                      field("expiries", &S::expiries), field("maxConcurrentLoads", &S::max_concurrent_loads),
                      field("invariants", &S::invariants,
                            "\"at most one store load per key at a time\", with the reader that first broke it")};
  }
};

template <>
struct Describe<StampedeTimeline> {
  static constexpr const char* name = "StampedeTimeline";
  static constexpr const char* doc = "Loads started and misses per bucket of bucketMs.";
  static auto fields() {
    using S = StampedeTimeline;
    return std::tuple{field("bucketMs", &S::bucket_ms), field("loads", &S::loads), field("misses", &S::misses)};
  }
};

template <>
struct Describe<StampedeReport> {
  static constexpr const char* name = "StampedeResult";
  static constexpr const char* doc = "A stampede simulation's counts and timeline.";
  static auto fields() {
    return std::tuple_cat(Describe<cache::StampedeResult>::fields(),
                          std::tuple{field("timeline", &StampedeReport::timeline)});
  }
};

template <>
struct Describe<StampedeRunSnapshot> {
  static constexpr const char* name = "StampedeRunSnapshot";
  static constexpr const char* doc = "The readers arrived so far and what they saw.";
  static auto fields() {
    using S = StampedeRunSnapshot;
    return std::tuple{field("readers", &S::readers, "in the whole crowd"), field("arrived", &S::arrived),
                      field("nowMs", &S::now_ms, "the last arrival's time"),
                      field("finished", &S::finished, "every reader arrived and every load landed"),
                      field("result", &S::result, "so far")};
  }
};

namespace {

// Rules shared by several parameters. (Functions, not constants: EMSCRIPTEN_BINDINGS runs before
// this file's dynamic initializers.)
Rule key() { return text(cache::kMaxKeyBytes); }
Rule value() { return text(cache::kMaxValueBytes); }
// JS integers that are exact in a double: [-(2^53 - 1), 2^53 - 1].
constexpr double kMaxSafeInteger = 9007199254740991.0;
Rule safe_integer() { return integer(-kMaxSafeInteger, kMaxSafeInteger); }
Rule capacity() { return integer(0, cache::kMaxCapacity); }
Rule ttl_ms() { return number(0, cache::kMaxTtlMs); }

double now_ms(const sim::Clock& clock) { return sim::to_millis(clock.now()); }

template <class Evicted>
auto evicted_key(const Evicted& evicted) {
  return evicted ? std::optional(evicted->first) : std::nullopt;
}

template <class V>
std::optional<V> found(const V* value) {
  return value ? std::optional<V>(*value) : std::nullopt;
}

// At most the bytes a key or value can add to what a cache's texts own (a buffer rounds up).
std::size_t text_bytes(std::string_view text) { return text.size() + 32; }
std::size_t text_bytes(std::int64_t) { return 0; }

// At most what one put adds to a cache's bytes() besides its texts: the structure may double,
// and a first entry allocates a little.
template <class C>
std::size_t put_slack(const C& cache) {
  return cache.structure_bytes() + 1024;
}

// Whether the memory budget has room for a put that adds at most `bytes`; else the error.
bool room_for_put(std::size_t bytes) { return !failed(check_budget(bytes, "the put may need")); }

// One handle type for every cache (LRU, LFU, FIFO and TTL over LRU) of strings, or of integers
// (Key and Value std::int64_t). A TTL cache also owns the clock it reads, which advance() moves.
template <class Cache, class Key = std::string, class Value = std::string>
class CacheHandle : public Traced {
 public:
  static constexpr bool kTimed = requires(Cache & cache) { cache.sweep(); };
  using Snapshot = std::conditional_t<std::is_same_v<Key, std::string>, CacheSnapshot, IntCacheSnapshot>;

  static CacheHandle* create(std::size_t capacity) requires(!kTimed) { return new CacheHandle(capacity); }

  static CacheHandle* create_timed(std::size_t capacity, double default_ttl_ms) requires kTimed {
    return new CacheHandle(capacity, sim::from_millis(default_ttl_ms));
  }

  void attach(sim::Trace* sink) { cache_.set_trace(sink); }

  // Under TTL a lookup may remove an expired entry: the lease follows.
  std::optional<Value> get(const Key& key) { return settled(found(cache_.get(key))); }
  std::optional<Value> peek(const Key& key) { return settled(found(cache_.peek(key))); }
  bool contains(const Key& key) { return settled(cache_.contains(key)); }
  // Refused, changing nothing, when the memory budget has no room for what it may add.
  std::optional<Key> put(const Key& key, const Value& value) {
    if (!has_room(key, value)) return std::nullopt;
    return settled(evicted_key(cache_.put(key, value)));
  }
  std::optional<std::string> put_with_ttl(const std::string& key, const std::string& value,
                                          double ttl_ms) requires kTimed {
    if (!has_room(key, value)) return std::nullopt;
    return settled(evicted_key(cache_.put(key, value, sim::from_millis(ttl_ms))));
  }
  void advance(double ms) requires kTimed {
    if (!failed(cache::check_clock_step(clock_, ms))) clock_.advance(sim::from_millis(ms));
  }
  double now() const requires kTimed { return now_ms(clock_); }
  std::size_t sweep() requires kTimed { return settled(cache_.sweep()); }
  bool remove(const Key& key) { return settled(cache_.erase(key)); }
  void clear() {
    cache_.clear();
    settle();
  }
  std::size_t size() const { return cache_.size(); }
  std::size_t capacity() const { return cache_.capacity(); }
  cache::TtlStats stats() const {
    if constexpr (kTimed) return cache_.stats();
    else return cache::TtlStats{cache_.stats()};
  }

  Snapshot snapshot() const {
    Snapshot s;
    s.capacity = capacity();
    s.size = size();
    s.stats = stats();
    if constexpr (requires { cache_.frequency(std::string()); }) {
      s.buckets.emplace();
      cache_.for_each_bucket([&](std::uint64_t frequency, const auto& bucket_entries) {
        LfuBucket bucket{frequency, {}};
        for (const auto& entry : bucket_entries) {
          bucket.keys.push_back(entry.key);
          s.entries.push_back({entry.key, entry.value, frequency});
        }
        s.buckets->push_back(std::move(bucket));
      });
    } else if constexpr (kTimed) {
      s.now = now();
      cache_.for_each([&](const std::string& key, const std::string& value, sim::Micros expires) {
        const sim::Micros left = std::max<sim::Micros>(0, expires - clock_.now());
        s.entries.push_back({.key = key,
                             .value = value,
                             .expires_at = sim::to_millis(expires),
                             .remaining = sim::to_millis(left),
                             .expired = left == 0});
      });
    } else {
      cache_.for_each([&](const Key& key, const Value& value) { s.entries.push_back({key, value}); });
    }
    return s;
  }

  Invariants invariants() const { return cache_.invariants(); }

  // The fast path's share (see the extern "C" functions below): the cache itself, and whether
  // this handle records steps (then the fast path steps aside for the bound, traced methods).
  Cache& fast_cache() { return cache_; }
  bool traced() { return sink() != nullptr; }

  // The cache's share of the module's memory budget: its bytes() after the last call.
  const MemoryLease& memory() const { return lease_; }
  // Whether a put of `key` and `value` fits in the budget (else the error is recorded); its key
  // may be held twice (LFU's entry and map).
  bool has_room(const Key& key, const Value& value) { return room_for_put(put_bound(key, value)); }
  // At most what a put of `key` and `value` adds to the cache's bytes (views: the fast path's).
  template <class K, class V>
  std::size_t put_bound(const K& key, const V& value) const {
    return 2 * text_bytes(key) + text_bytes(value) + put_slack(cache_);
  }
  // The lease holds the cache's bytes after a call; settled(result) passes the call's result on.
  void settle() { lease_.resize(cache_.bytes()); }
  template <class R>
  R settled(R result) {
    settle();
    return result;
  }

 private:
  struct NoClock {};

  explicit CacheHandle(std::size_t capacity) requires(!kTimed) : cache_(capacity) {}
  CacheHandle(std::size_t capacity, sim::Micros default_ttl) requires kTimed
      : cache_(capacity, clock_, default_ttl) {}

  [[no_unique_address]] std::conditional_t<kTimed, sim::Clock, NoClock> clock_;
  Cache cache_;
  MemoryLease lease_{0};
};

template <class Cache, class Key = std::string, class Value = std::string>
void bind_cache(const char* name, const char* doc, Rule key_rule = key(), Rule value_rule = value()) {
  using H = CacheHandle<Cache, Key, Value>;
  Class<H> bound(name, doc);
  if constexpr (H::kTimed) {
    bound.template constructor<&H::create_timed>({{"capacity", capacity(), "0 stores nothing"},
                                                  {"defaultTtlMs", ttl_ms(), "time-to-live of put()"}})
        .template method<&H::put_with_ttl>("putWithTtl", {{"key", key()}, {"value", value()}, {"ttlMs", ttl_ms()}},
                                           "Inserts or updates with its own time-to-live.")
        .template method<&H::advance>("advance", {{"ms", ttl_ms(), "the clock stays within a century"}},
                                      "Moves the simulated clock forward.")
        .template method<&H::now>("now", {}, "The simulated time, ms.")
        .template method<&H::sweep>("sweep", {}, "Removes every expired entry now; returns how many.");
  } else {
    bound.template constructor<&H::create>({{"capacity", capacity(), "0 stores nothing"}});
  }
  bound.template method<&H::put>("put", {{"key", key_rule}, {"value", value_rule}},
                                 "Inserts or updates; returns the key evicted to make room.")
      .template method<&H::get>("get", {{"key", key_rule}}, "The value, or undefined; counts a hit or a miss.")
      .template method<&H::peek>("peek", {{"key", key_rule}}, "The value without counting or reordering.")
      .template method<&H::contains>("contains", {{"key", key_rule}}, "Whether the key is cached.")
      .template method<&H::remove>("remove", {{"key", key_rule}},
                                   H::kTimed ? "Deletes a key; whether it was there and live (expired: false)."
                                             : "Deletes a key; whether it was there.")
      .template method<&H::clear>("clear", {}, "Deletes everything (statistics stay).")
      .template method<&H::size>("size", {}, "Entries held.")
      .template method<&H::capacity>("capacity", {}, "Most entries held.")
      .template method<&H::stats>("stats", {}, "Hit, miss and eviction counts.")
      .template snapshot<&H::snapshot>("The entries in policy order, with the statistics.")
      .template invariants<&H::invariants>();
}

cache::CacheStats run_cache_workload(const WorkloadOptions& o) {
  const sim::KeyStreamSpec spec{o.distribution, static_cast<std::uint64_t>(o.universe), o.skew,
                                static_cast<std::uint64_t>(o.seed)};
  return cache::run_read_through(o.policy, static_cast<std::size_t>(o.capacity), spec,
                                 static_cast<std::uint64_t>(o.operations));
}

// A WriteCache of strings with its own clock and slow store.
class WriteCacheHandle : public Traced {
 public:
  static WriteCacheHandle* create(const std::string& mode, std::size_t capacity, double store_latency_ms) {
    return new WriteCacheHandle(mode == "back" ? cache::WriteMode::kBack : cache::WriteMode::kThrough,
                                capacity, sim::from_millis(store_latency_ms));
  }

  void attach(sim::Trace* sink) { cache_.set_trace(sink); }

  // A get may load into the cache, a put write the store: the lease follows (see CacheHandle).
  std::optional<std::string> get(const std::string& key) {
    if (!room_for_put(2 * text_bytes(key) + kLoadedValueBytes + put_slack(cache_))) return std::nullopt;
    return settled(cache_.get(key));
  }
  // Refused, changing nothing, when the memory budget has no room for what it may add: the key
  // in the cache, its dirty set and the store; the value in the cache and the store.
  void put(const std::string& key, const std::string& value) {
    if (!room_for_put(3 * text_bytes(key) + 2 * text_bytes(value) + Store::kEntryBytes + put_slack(cache_))) return;
    cache_.put(key, value);
    settle();
  }
  bool remove(const std::string& key) { return settled(cache_.erase(key)); }
  std::size_t flush() { return settled(cache_.flush()); }
  std::vector<std::string> crash() {
    const auto lost = cache_.crash();
    return settled(std::vector<std::string>(lost.begin(), lost.end()));
  }
  const MemoryLease& memory() const { return lease_; }
  WriteCacheStats stats() const { return {cache_.stats(), cache_.write_backs(), cache_.lost_writes()}; }

  WriteCacheSnapshot snapshot() const {
    WriteCacheSnapshot s{cache_.mode() == cache::WriteMode::kBack ? "back" : "through",
                         cache_.capacity(), cache_.size(), now_ms(clock_), stats(), {}, {},
                         store_.reads(), store_.writes(),
                         cache_.lost_writes()};
    cache_.for_each([&](const std::string& key, const std::string& value, bool dirty) {
      s.entries.push_back({.key = key, .value = value, .dirty = dirty});
    });
    for (const auto& [key, value] : store_.data()) s.store.push_back({key, value});
    return s;
  }

  Invariants invariants() const { return cache_.invariants(); }

 private:
  using Store = cache::SlowStore<std::string, std::string>;

  WriteCacheHandle(cache::WriteMode mode, std::size_t capacity, sim::Micros store_latency)
      : store_(clock_, store_latency), cache_(mode, capacity, store_) {}

  // What a value read from the store can add, at most.
  static constexpr std::size_t kLoadedValueBytes = cache::kMaxValueBytes + 32;

  void settle() { lease_.resize(cache_.bytes() + store_.bytes()); }
  template <class R>
  R settled(R result) {
    settle();
    return result;
  }

  sim::Clock clock_;
  Store store_;
  cache::WriteCache<std::string, std::string> cache_;
  MemoryLease lease_{0};
};

StampedeReport report(const cache::StampedeSpec& spec, cache::StampedeResult r) {
  StampedeTimeline timeline{spec.bucket_ms, r.loads_per_bucket, r.misses_per_bucket};
  return StampedeReport{std::move(r), std::move(timeline)};
}

std::optional<StampedeReport> simulate_stampede(const cache::StampedeSpec& spec) {
  if (failed(cache::check_stampede(spec))) return std::nullopt;
  return report(spec, cache::simulate_stampede(spec));
}

// The simulation stepped a reader at a time (the stampede lab's Step).
class StampedeRunHandle {
 public:
  static StampedeRunHandle* create(const cache::StampedeSpec& spec) {
    if (failed(cache::check_stampede(spec))) return nullptr;
    return new StampedeRunHandle(spec);
  }

  std::uint64_t step(std::uint64_t readers) { return run_.step(readers); }

  StampedeRunSnapshot snapshot() const {
    return {run_.readers(), run_.arrived(), sim::to_millis(run_.now()), run_.finished(), report(spec_, run_.result())};
  }

 private:
  explicit StampedeRunHandle(const cache::StampedeSpec& spec) : spec_(spec), run_(spec) {}
  cache::StampedeSpec spec_;
  cache::StampedeRun run_;
};

using LruHandle = CacheHandle<cache::LruCache<std::string, std::string>>;
using LruIntHandle = CacheHandle<cache::LruCache<std::int64_t, std::int64_t>, std::int64_t, std::int64_t>;

// Where fast_paths.js writes a call's key and value bytes, and reads a result's address.
struct FastScratch {
  const char* result;
  char bytes[cache::kMaxKeyBytes + cache::kMaxValueBytes];
};
FastScratch fast_scratch;
std::string fast_evicted;  // the last evicted key, kept until the next put

// Whether the memory budget has room for `bytes` more, without recording an error.
bool fits_budget(std::size_t bytes) { return check_budget(bytes).is_ok(); }

// Results the fast path reads as "not here" and "tracing is on: call the bound method".
constexpr int kFastMiss = -1;
constexpr int kFastTraced = -2;

int fast_result(const std::string& text) {
  fast_scratch.result = text.data();
  return static_cast<int>(text.size());
}

}  // namespace
}  // namespace sdlab::wasm

// The fast path of LruCache and LruCacheInt put and get (see wasm/fast_paths.js, which checks every
// argument against the registered rules first). Strings pass as byte counts of the scratch
// buffer: the key at its start, the value right after it.
extern "C" {

EMSCRIPTEN_KEEPALIVE sdlab::wasm::FastScratch* sdlab_fast_scratch() { return &sdlab::wasm::fast_scratch; }

// The evicted key's byte count (its bytes at scratch.result), kFastMiss when nothing was evicted.
EMSCRIPTEN_KEEPALIVE int sdlab_lru_put(sdlab::wasm::LruHandle* handle, int key_bytes, int value_bytes) {
  using namespace sdlab::wasm;
  if (handle->traced()) return kFastTraced;
  const std::string_view key(fast_scratch.bytes, key_bytes);
  const std::string_view value(fast_scratch.bytes + key_bytes, value_bytes);
  // Near the memory budget the checked method decides (and names the refusal).
  if (!fits_budget(handle->put_bound(key, value))) return kFastTraced;
  bool evicted = false;
  handle->fast_cache().put(key, value, [&](std::string& victim, std::string&) {
    fast_evicted.swap(victim);  // the victim's entry takes over the old buffer: no allocation
    evicted = true;
  });
  handle->settle();
  return evicted ? fast_result(fast_evicted) : kFastMiss;
}

// The value's byte count (its bytes at scratch.result), or kFastMiss.
EMSCRIPTEN_KEEPALIVE int sdlab_lru_get(sdlab::wasm::LruHandle* handle, int key_bytes) {
  using namespace sdlab::wasm;
  if (handle->traced()) return kFastTraced;
  const std::string* value = handle->fast_cache().get(std::string_view(fast_scratch.bytes, key_bytes));
  return value ? fast_result(*value) : kFastMiss;
}

// Integers travel as doubles (exact: the rules keep them safe integers). NaN: nothing evicted or
// not cached; Infinity: tracing is on.
EMSCRIPTEN_KEEPALIVE double sdlab_lru_int_put(sdlab::wasm::LruIntHandle* handle, double key, double value) {
  using namespace sdlab::wasm;
  if (handle->traced() || !fits_budget(handle->put_bound(std::int64_t{0}, std::int64_t{0}))) return std::numeric_limits<double>::infinity();
  std::optional<std::int64_t> evicted;
  handle->fast_cache().put(static_cast<std::int64_t>(key), static_cast<std::int64_t>(value),
                           [&](std::int64_t victim, std::int64_t) { evicted = victim; });
  handle->settle();
  return evicted ? static_cast<double>(*evicted) : std::nan("");
}

EMSCRIPTEN_KEEPALIVE double sdlab_lru_int_get(sdlab::wasm::LruIntHandle* handle, double key) {
  if (handle->traced()) return std::numeric_limits<double>::infinity();
  const std::int64_t* value = handle->fast_cache().get(static_cast<std::int64_t>(key));
  return value ? static_cast<double>(*value) : std::nan("");
}

}  // extern "C"

EMSCRIPTEN_BINDINGS(sdlab_cache) {
  using namespace sdlab;
  using namespace sdlab::wasm;
  bind_cache<cache::LruCache<std::string, std::string>>(
      "LruCache", "A least-recently-used cache of strings: a hash map and a doubly linked list, O(1).");
  bind_cache<cache::LruCache<std::int64_t, std::int64_t>, std::int64_t, std::int64_t>(
      "LruCacheInt", "A least-recently-used cache of integers (safe integers: exact in a double), as LruCache.",
      safe_integer(), safe_integer());
  bind_cache<cache::LfuCache<std::string, std::string>>(
      "LfuCache", "A least-frequently-used cache of strings (O(1) frequency buckets); ties go to the least recent.");
  bind_cache<cache::FifoCache<std::string, std::string>>(
      "FifoCache", "A first-in-first-out cache of strings: evicts the oldest insertion.");
  bind_cache<cache::TtlCache<std::string, std::string>>(
      "TtlCache", "An LRU cache whose entries expire on its own simulated clock (starts at 0 ms).");
  using W = WriteCacheHandle;
  Class<W>("WriteCache", "A write-through or write-back cache in front of a slow store, on its own clock.")
      .constructor<&W::create>({{"mode", one_of({"through", "back"})},
                                {"capacity", integer(1, cache::kMaxCapacity)},
                                {"storeLatencyMs", number(0, cache::kMaxStoreLatencyMs), "per store call"}})
      .method<&W::put>("put", {{"key", key()}, {"value", value()}}, "Writes (through: to the store as well).")
      .method<&W::get>("get", {{"key", key()}}, "Reads; a miss loads from the store.")
      .method<&W::remove>("remove", {{"key", key()}}, "Deletes from the cache and the store.")
      .method<&W::flush>("flush", {}, "Writes every dirty entry to the store; returns how many.")
      .method<&W::crash>("crash", {}, "The cache dies; returns the keys whose acknowledged writes were lost.")
      .method<&W::stats>("stats", {}, "Counts, write-backs and lost writes.")
      .snapshot<&W::snapshot>("The cache, its dirty entries and the store.")
      .invariants<&W::invariants>();
  function<&run_cache_workload>("runCacheWorkload", {{"options", object<WorkloadOptions>()}},
                                "A whole read-through workload in one call.");
  function<&simulate_stampede>("simulateStampede", {{"options", object<cache::StampedeSpec>()}},
                               "Simulates a crowd of readers at expiry under one protection.");
  using R = StampedeRunHandle;
  Class<R>("StampedeRun", "simulateStampede stepped a reader at a time: step(1) lets the next reader arrive.")
      .constructor<&R::create>({{"options", object<cache::StampedeSpec>()}})
      .method<&R::step>("step", {{"readers", integer(1, cache::StampedeSpec::kMaxReaders)}},
                        "Lets the next readers arrive; returns how many (0 at the end).")
      .snapshot<&R::snapshot>("The readers arrived so far and what they and the store saw.");
}
