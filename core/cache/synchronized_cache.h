// sdlab::cache::SynchronizedCache — a mutex-guarded wrapper that makes a cache safe to share
// between native threads.
//
// Every call takes one std::mutex around one call of the wrapped cache (LruCache, LfuCache or
// FifoCache), so calls are linearizable: each appears to happen at one instant between its start
// and its end. Values are returned by copy (std::optional), since a pointer into the cache would
// dangle as soon as the lock is released. A compound step that must be atomic — read, then load
// and put on a miss — goes through with_lock(). Native use only: the page shows concurrency with
// deterministic simulations instead, and the core never needs threads.
//
// Complexity: that of the wrapped call plus one uncontended lock; calls are serialized, so
// threads contend on one lock (sharding the key space across several wrappers scales further).
// Invariants: those of the wrapped cache, at every instant another thread can observe.
// Thread-safety: every member is safe to call concurrently. Traces are not supported (a Trace is
// single-threaded); stats() returns a consistent copy.
//
//   SynchronizedCache<LruCache<std::string, int>> cache(100);
//   std::thread writer([&] { cache.put("a", 1); });
//   std::optional<int> a = cache.get("a");   // nullopt or 1, never a torn value
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <utility>

#include "cache/cache_stats.h"

namespace sdlab::cache {

template <class Cache>
class SynchronizedCache {
 public:
  using Key = decltype(Cache::Entry::key);
  using Value = decltype(Cache::Entry::value);

  explicit SynchronizedCache(std::size_t capacity) : cache_(capacity) {}

  std::optional<Value> get(const Key& key) { return copy(locked()->get(key)); }
  std::optional<Value> peek(const Key& key) const { return copy(locked()->peek(key)); }
  bool contains(const Key& key) const { return locked()->contains(key); }
  std::optional<std::pair<Key, Value>> put(Key key, Value value) {
    return locked()->put(std::move(key), std::move(value));
  }
  bool erase(const Key& key) { return locked()->erase(key); }
  void clear() { locked()->clear(); }
  std::size_t size() const { return locked()->size(); }
  std::size_t capacity() const { return cache_.capacity(); }  // fixed at construction
  CacheStats stats() const { return locked()->stats(); }

  // Runs f(cache) holding the lock: for compound steps that must be atomic. f must not keep
  // references into the cache after it returns.
  template <class F>
  decltype(auto) with_lock(F&& f) {
    std::lock_guard lock(mutex_);
    return std::forward<F>(f)(cache_);
  }

 private:
  // The cache, behind the lock until the end of the full expression that asked for it.
  template <class C>
  class Locked {
   public:
    Locked(std::mutex& mutex, C& cache) : lock_(mutex), cache_(cache) {}
    C* operator->() { return &cache_; }

   private:
    std::lock_guard<std::mutex> lock_;
    C& cache_;
  };
  Locked<Cache> locked() { return {mutex_, cache_}; }
  Locked<const Cache> locked() const { return {mutex_, cache_}; }

  static std::optional<Value> copy(const Value* value) {
    return value ? std::optional<Value>(*value) : std::nullopt;
  }

  mutable std::mutex mutex_;
  Cache cache_;
};

}  // namespace sdlab::cache
