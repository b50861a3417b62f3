// sdlab::cache::CacheStats — hit, miss and eviction counts shared by every cache policy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "sim/trace.h"

namespace sdlab::cache {

struct CacheStats {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  std::uint64_t evictions = 0;

  double hit_ratio() const {
    const std::uint64_t lookups = hits + misses;
    return lookups == 0 ? 0.0 : static_cast<double>(hits) / static_cast<double>(lookups);
  }
};

// Limits on what the page and the JS API may pass in.
inline constexpr double kMaxCapacity = 1'000'000;
inline constexpr std::size_t kMaxKeyBytes = 1024;
inline constexpr std::size_t kMaxValueBytes = 64 * 1024;
inline constexpr double kMaxWorkloadOperations = 10'000'000;

// Heap bytes a key or value owns beyond its own object: a std::string's buffer when the text does
// not fit inline (its capacity, not its size: an entry reused for a shorter key keeps its buffer),
// nothing for a number. A cache's bytes() adds these to its containers' own.
inline std::size_t owned_bytes(const std::string& text) {
  return text.capacity() > std::string().capacity() ? text.capacity() + 1 : 0;
}
template <class T>
  requires std::is_arithmetic_v<T>
constexpr std::size_t owned_bytes(const T&) {
  return 0;
}

// What a node-based standard container (std::list, std::map, std::unordered_*) allocates per
// element besides the element: its links and the allocator's bookkeeping, about.
inline constexpr std::size_t kNodeOverhead = 4 * sizeof(void*);

// How a key reads in a trace step.
inline const std::string& key_text(const std::string& key) { return key; }
inline std::string key_text(std::string_view key) { return std::string(key); }
template <class K, class = std::enable_if_t<std::is_integral_v<K>>>
std::string key_text(K key) {
  return std::to_string(key);
}

// Reports a step about `key` to `trace`, when one is attached; costs a null check otherwise. A
// caller that passes `data` tests `trace` first, so that untraced calls build none.
template <class K>
void note(sim::Trace* trace, const char* kind, const K& key, const char* why, sim::Data data = {},
          sim::Where where = {}) {
  if (trace) trace->add(kind, key_text(key), why, std::move(data), where);
}

}  // namespace sdlab::cache
