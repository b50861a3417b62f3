// sdlab::hash64 / hash128 — the one hash every block uses: xxHash's XXH3 (Yann Collet), from
// Debian's libxxhash-dev in header-only mode.
//
// XXH3 is fast, passes SMHasher, and gives the same bits natively and in WebAssembly for the same
// bytes and seed, so rings, filters and short codes are identical in both builds. Integers are
// hashed as their 8 little-endian bytes (both targets are little-endian).
// Complexity: O(length). Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace sdlab {

inline std::uint64_t hash64(std::string_view bytes, std::uint64_t seed = 0) {
  return XXH3_64bits_withSeed(bytes.data(), bytes.size(), seed);
}

// The 8 bytes of `value`, for hashing integers as items (the view lives as long as `value`).
inline std::string_view bytes_of(const std::uint64_t& value) {
  return {reinterpret_cast<const char*>(&value), sizeof value};
}

inline std::uint64_t hash64(std::uint64_t value, std::uint64_t seed = 0) {
  return hash64(bytes_of(value), seed);
}

// "0x0123456789abcdef": a 64-bit hash as trace steps carry it (a double would round it).
inline std::string hex64(std::uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%016llx", static_cast<unsigned long long>(value));
  return text;
}

struct Hash128 {
  std::uint64_t low;
  std::uint64_t high;
};

inline Hash128 hash128(std::string_view bytes, std::uint64_t seed = 0) {
  const XXH128_hash_t h = XXH3_128bits_withSeed(bytes.data(), bytes.size(), seed);
  return {h.low64, h.high64};
}

}  // namespace sdlab
