// sdlab::cache::run_read_through — a whole cache workload in one call.
//
// Plays `operations` reads of keys from a KeyStream against a cache in the read-through pattern
// (get; on a miss, put) and returns the cache's statistics. Used by the page's experiments and by
// the benchmarks, so that a million operations cross the JS/WASM boundary once, not a million
// times. Complexity: O(operations) cache operations.
#pragma once

#include <cstdint>
#include <string_view>

#include "cache/cache_stats.h"
#include "cache/fifo_cache.h"
#include "cache/lfu_cache.h"
#include "cache/lru_cache.h"
#include "sim/workload.h"

namespace sdlab::cache {

template <class Cache>
CacheStats run_read_through(Cache& cache, sim::KeyStream& keys, std::uint64_t operations) {
  for (std::uint64_t i = 0; i < operations; ++i) {
    const std::uint64_t key = keys.next();
    if (cache.get(key) == nullptr) cache.put(key, key);
  }
  return cache.stats();
}

enum class Policy { kLru, kLfu, kFifo };

// "lru", "lfu" or "fifo"; false for anything else.
inline bool parse_policy(std::string_view name, Policy& policy) {
  if (name == "lru") policy = Policy::kLru;
  else if (name == "lfu") policy = Policy::kLfu;
  else if (name == "fifo") policy = Policy::kFifo;
  else return false;
  return true;
}

// Keys from a KeyStream are already uniform ranks: fold them into size_t and skip mixing.
// (libc++'s std::hash<uint64_t> on 32-bit WebAssembly mixes both words; ~10% of a workload.)
struct RankHash {
  std::size_t operator()(std::uint64_t key) const { return static_cast<std::size_t>(key ^ (key >> 32)); }
};

inline CacheStats run_read_through(Policy policy, std::size_t capacity, const sim::KeyStreamSpec& spec,
                                   std::uint64_t operations) {
  sim::KeyStream keys(spec);
  switch (policy) {
    case Policy::kLru: {
      LruCache<std::uint64_t, std::uint64_t, RankHash> cache(capacity);
      return run_read_through(cache, keys, operations);
    }
    case Policy::kLfu: {
      LfuCache<std::uint64_t, std::uint64_t, RankHash> cache(capacity);
      return run_read_through(cache, keys, operations);
    }
    case Policy::kFifo: break;
  }
  FifoCache<std::uint64_t, std::uint64_t, RankHash> cache(capacity);
  return run_read_through(cache, keys, operations);
}

}  // namespace sdlab::cache
