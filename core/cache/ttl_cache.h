// sdlab::cache::TtlCache — entries that expire a fixed time after they were written, on the
// simulated clock, layered over an eviction policy (LruCache, LfuCache or FifoCache).
//
// An entry written at time t with time-to-live d is live while now < t + d (a TTL of 0 is
// expired at once). Expiry is lazy, as in Redis's passive expiry: an expired entry stays in the
// policy, taking space, until a get, peek, contains or erase touches it (then it is removed,
// counted in stats().expirations and reported as an "expire" step; on get it also counts as a
// miss) or until sweep() removes every expired entry (Redis's active expiry, done here in one full
// pass). When the cache is full the policy picks the victim, expired or not. An expired entry is
// never returned, and erasing one answers false, as Redis's DEL of an expired key answers 0.
//
// Time is integer microseconds (sim::Micros). TTLs and clock steps given in milliseconds (the JS
// API) become microseconds through sim::from_millis, rounded to the nearest as the rate limiters
// round: 0.0004 ms is 0 µs, 0.0005 ms is 1 µs, 1.2345 ms is 1235 µs. A TTL is at most a year
// and the clock at most a century (check_clock_step), so now + ttl never overflows.
//
// Complexity: get, peek, contains, put, erase: those of the policy (O(1) average). sweep,
// for_each: O(n). Invariants: size() <= capacity(); size() counts expired entries not yet
// removed. Thread-safety: none (wrap in SynchronizedCache for threads).
//
//   sim::Clock clock;
//   TtlCache<std::string, std::string> cache(2, clock, 5 * sim::kMicrosPerMilli);
//   cache.put("a", "1");
//   clock.advance(5 * sim::kMicrosPerMilli);
//   cache.get("a");          // nullptr: expired at 5 ms
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cache/lru_cache.h"
#include "common/status.h"
#include "sim/clock.h"

namespace sdlab::cache {

struct TtlStats : CacheStats {
  std::uint64_t expirations = 0;
};

// The longest TTL the page and the JS API may set: one year.
inline constexpr double kMaxTtlMs = 365.0 * 24 * 3600 * 1000;

// The latest a TtlCache's clock may read: a century.
inline constexpr double kMaxTtlClockMs = 100 * kMaxTtlMs;

// `ms` (named `name` in the message) is a TTL or a clock step in milliseconds: finite, in
// [0, kMaxTtlMs].
inline Status check_ttl_ms(std::string_view name, double ms) {
  return check_number(name, ms, 0, kMaxTtlMs);
}

// Moving `clock` on by `ms` (a step named "ms") keeps it within kMaxTtlClockMs.
inline Status check_clock_step(const sim::Clock& clock, double ms) {
  const double left = kMaxTtlClockMs - sim::to_millis(clock.now());
  return check_number("ms", ms, 0, std::min(kMaxTtlMs, left));
}

template <class K, class V, template <class, class, class> class Policy = LruCache,
          class Hash = std::hash<K>>
class TtlCache {
 public:
  struct Timed {
    V value;
    sim::Micros expires_at;
    friend std::size_t owned_bytes(const Timed& timed) { return owned_bytes(timed.value); }
  };

  // Preconditions: default_ttl >= 0; `clock` outlives the cache.
  TtlCache(std::size_t capacity, const sim::Clock& clock, sim::Micros default_ttl)
      : cache_(capacity), clock_(clock), default_ttl_(default_ttl) {}

  // The live value for `key`, or nullptr. An expired entry is removed and counts as a miss.
  V* get(const K& key) {
    drop_if_expired(key);
    Timed* timed = cache_.get(key);
    return timed ? &timed->value : nullptr;
  }

  // The live value without counting a hit or a miss or reordering; removes an expired entry.
  const V* peek(const K& key) {
    drop_if_expired(key);
    const Timed* timed = cache_.peek(key);
    return timed ? &timed->value : nullptr;
  }

  bool contains(const K& key) { return peek(key) != nullptr; }

  // Inserts or updates `key`, live for the default TTL (or `ttl`, >= 0) from now. Returns the
  // entry the policy evicted to make room, if any.
  std::optional<std::pair<K, V>> put(K key, V value) {
    return put(std::move(key), std::move(value), default_ttl_);
  }
  std::optional<std::pair<K, V>> put(K key, V value, sim::Micros ttl) {
    auto evicted = cache_.put(std::move(key), Timed{std::move(value), clock_.now() + ttl});
    if (!evicted) return std::nullopt;
    return std::pair<K, V>{std::move(evicted->first), std::move(evicted->second.value)};
  }

  // Whether a live entry was removed; an expired one is dropped as expired and answers false.
  bool erase(const K& key) {
    drop_if_expired(key);
    return cache_.erase(key);
  }
  void clear() { cache_.clear(); }

  // Removes every expired entry; returns how many.
  std::size_t sweep() {
    std::vector<K> expired;
    for_each([&](const K& key, const V&, sim::Micros expires_at) {
      if (expires_at <= clock_.now()) expired.push_back(key);
    });
    for (const K& key : expired) drop(key, "expired: removed by a sweep");
    return expired.size();
  }

  std::size_t size() const { return cache_.size(); }
  std::size_t bytes() const { return cache_.bytes(); }
  std::size_t structure_bytes() const { return cache_.structure_bytes(); }
  std::size_t capacity() const { return cache_.capacity(); }
  sim::Micros default_ttl() const { return default_ttl_; }
  const sim::Clock& clock() const { return clock_; }

  TtlStats stats() const {
    TtlStats stats;
    static_cast<CacheStats&>(stats) = cache_.stats();
    stats.expirations = expirations_;
    return stats;
  }

  // Visits every entry, expired ones included, as visit(key, value, expires_at), in the policy's
  // order: head to tail for LRU and FIFO, lowest frequency bucket first for LFU.
  template <class F>
  void for_each(F&& visit) const {
    auto timed = [&](const K& key, const Timed& entry) {
      visit(key, entry.value, entry.expires_at);
    };
    if constexpr (requires { cache_.for_each(timed); }) {
      cache_.for_each(timed);
    } else {
      cache_.for_each_bucket([&](std::uint64_t, const auto& entries) {
        for (const auto& entry : entries) timed(entry.key, entry.value);
      });
    }
  }

  void set_trace(sim::Trace* trace) {
    trace_ = trace;
    cache_.set_trace(trace);
  }

 private:
  void drop_if_expired(const K& key) {
    const Timed* timed = cache_.peek(key);
    if (timed && timed->expires_at <= clock_.now()) drop(key, "expired: its time to live is over");
  }

  // Removes an expired entry, reported as "expire" rather than the policy's "remove".
  void drop(const K& key, const char* why) {
    cache_.set_trace(nullptr);
    cache_.erase(key);
    cache_.set_trace(trace_);
    ++expirations_;
    if (trace_) trace_->add("expire", key_text(key), why);
  }

  Policy<K, Timed, Hash> cache_;
  const sim::Clock& clock_;
  sim::Micros default_ttl_;
  std::uint64_t expirations_ = 0;
  sim::Trace* trace_ = nullptr;
};

}  // namespace sdlab::cache
