// sdlab::sim::KeyStream — seeded streams of keys for experiments and benchmarks.
//
// Uniform: every key in [0, universe) equally likely. Zipf(s): key i (0-based rank) drawn with
// probability proportional to 1/(i+1)^s — a few hot keys and a long tail, as in real caches.
// Zipf sampling inverts a precomputed cumulative table: O(universe) memory and set-up, then
// O(log universe) per key, exact, and identical natively and in WebAssembly.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "common/status.h"
#include "sim/random.h"

namespace sdlab::sim {

enum class Distribution { kUniform, kZipf };

struct KeyStreamSpec {
  Distribution distribution = Distribution::kZipf;
  std::uint64_t universe = 1000;  // distinct keys, >= 1
  double skew = 1.0;              // Zipf exponent s, >= 0 (0 is uniform)
  std::uint64_t seed = 1;

  static constexpr double kMaxUniverse = 1'000'000;
  static constexpr double kMaxSkew = 5;
};

inline Status check_key_stream(double universe, double skew) {
  return first_error(check_integer("universe", universe, 1, KeyStreamSpec::kMaxUniverse),
                     check_number("skew", skew, 0, KeyStreamSpec::kMaxSkew));
}

class KeyStream {
 public:
  explicit KeyStream(const KeyStreamSpec& spec)
      : random_(spec.seed), universe_(spec.universe) {
    if (spec.distribution != Distribution::kZipf) return;
    cumulative_.resize(universe_);
    double total = 0;
    for (std::uint64_t i = 0; i < universe_; ++i) {
      total += 1.0 / std::pow(static_cast<double>(i + 1), spec.skew);
      cumulative_[i] = total;
    }
    for (double& c : cumulative_) c /= total;
  }

  std::uint64_t next() {
    if (cumulative_.empty()) return random_.below(universe_);
    const double u = random_.uniform01();
    auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
    return std::min<std::uint64_t>(static_cast<std::uint64_t>(it - cumulative_.begin()),
                                   universe_ - 1);
  }

 private:
  Random random_;
  std::uint64_t universe_;
  std::vector<double> cumulative_;
};

}  // namespace sdlab::sim
