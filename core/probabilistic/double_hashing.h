// sdlab::probabilistic::Probes — the k cell indexes of an item, by Kirsch–Mitzenmacher double
// hashing ("Less Hashing, Same Performance", 2006): g_i(x) = h1(x) + i·h2(x) (mod 2^64), with h1
// and h2 the two halves of one 128-bit XXH3 hash. Two hashes give k indexes with the same
// asymptotic false-positive rate as k independent hashes.
//
// g_i is mapped onto [0, range) by multiply-shift (Lemire's "fast alternative to the modulo
// reduction", 2019): the top 32 bits of g_i times range, shifted right by 32 — no division (a
// 64-bit division is slow natively and slower in WebAssembly). The bias is at most range / 2^32
// per cell. Used by the bloom filters and the count-min sketch.
// Complexity: one hash per item, one multiplication per index. Thread-safety: a value type.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/hash.h"

namespace sdlab::probabilistic {

class Probes {
 public:
  Probes() = default;
  // Precondition: 1 <= range <= 2^32.
  Probes(std::string_view item, std::uint64_t range) : range_(range) {
    // XXH3-128 as hash128 computes it, but with the bytes passed as two scalars: WebAssembly
    // passes hash128's string_view in memory, written as two 32-bit halves and read back as one
    // 64-bit copy, which stalls store forwarding on every item.
    const XXH128_hash_t h = XXH3_128bits_withSeed(item.data(), item.size(), 0);
    h1_ = h.low64;
    h2_ = h.high64;
  }

  std::uint64_t operator[](std::uint64_t i) const { return ((h1_ + i * h2_) >> 32) * range_ >> 32; }

 private:
  std::uint64_t range_ = 1;
  std::uint64_t h1_ = 0;
  std::uint64_t h2_ = 0;
};

}  // namespace sdlab::probabilistic
