// sdlab::sim::Random — a seeded, portable pseudo-random source.
//
// xoshiro256** seeded through SplitMix64 (Blackman & Vigna). Unlike std:: distributions, whose
// output differs between libstdc++ and libc++, every draw here is defined bit for bit, so a seed
// gives the same sequence natively and in WebAssembly — the basis of reproducible permalinks.
//
// Complexity: O(1) per draw. Thread-safety: none; give each simulation its own Random.
#pragma once

#include <cmath>
#include <cstdint>

namespace sdlab::sim {

class Random {
 public:
  using result_type = std::uint64_t;

  explicit Random(std::uint64_t seed) {
    for (auto& word : state_) word = splitmix64(seed);
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return UINT64_MAX; }

  result_type operator()() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, 1) with 53 random bits.
  double uniform01() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

  // Uniform integer in [0, bound); bound > 0. Rejects the few draws that would bias the modulo.
  std::uint64_t below(std::uint64_t bound) {
    const std::uint64_t threshold = (0 - bound) % bound;  // 2^64 mod bound
    for (;;) {
      const std::uint64_t r = (*this)();
      if (r >= threshold) return r % bound;
    }
  }

  // Exponentially distributed with the given mean (> 0): inter-arrival times of a Poisson process.
  double exponential(double mean) { return -mean * std::log1p(-uniform01()); }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  std::uint64_t state_[4];
};

}  // namespace sdlab::sim
