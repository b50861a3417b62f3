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
