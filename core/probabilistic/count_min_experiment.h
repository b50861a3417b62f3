// run_count_min_experiment — a count-min sketch against exact counts on a seeded zipf stream, in
// one call (the page's error chart and top-K comparison).
//
// `updates` items drawn from a KeyStream over `universe` keys (item "#<rank>", rank 0 hottest)
// feed a sketch of the given shape and an exact counter. Reported: the bound ε·N (ε = e/w), the
// largest and mean overcount over the distinct items seen, the fraction of them within the bound
// (the guarantee says at least 1 − δ), and the sketch's top-K beside the true top-K.
// Complexity: O(updates·d + universe). Thread-safety: a pure function.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "probabilistic/count_min_sketch.h"
#include "sim/workload.h"

namespace sdlab::probabilistic {

struct CountMinExperimentSpec {
  SketchShape shape{272, 5};
  bool conservative = false;
  double updates = 100'000;
  double universe = 10'000;
  double skew = 1.1;
  double top_k = 10;
  double seed = 1;

  static constexpr double kMaxUpdates = 10'000'000;
};

struct CountMinExperimentResult {
  std::uint64_t total = 0;
  double bound = 0;  // ε·N
  std::uint64_t distinct = 0;
  std::uint64_t max_error = 0;
  double mean_error = 0;
  double within_bound = 0;  // fraction of distinct items whose overcount <= ε·N
  std::vector<TopK::Entry> top;       // the sketch's candidates, by estimate
  std::vector<TopK::Entry> true_top;  // exact counts
  std::uint64_t top_overlap = 0;      // items in both lists
};

// Checks everything but the shape (checked where it is chosen: width/depth or epsilon/delta).
Status check_count_min_experiment(const CountMinExperimentSpec& spec);
CountMinExperimentResult run_count_min_experiment(const CountMinExperimentSpec& spec);

}  // namespace sdlab::probabilistic
