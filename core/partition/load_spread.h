// ring_load_spread — how evenly a hash ring spreads keys as virtual nodes grow, in one call (the
// page's chart). For vnodes = 1, 2, 4, … up to max_vnodes (and max_vnodes itself), `nodes` nodes
// of weight 1 share `keys` seeded keys; reported per step: the largest and smallest node load
// over the mean, and the standard deviation over the mean (coefficient of variation).
// Complexity: O(steps · (nodes·vnodes·log + keys·log(nodes·vnodes))). Thread-safety: pure.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"

namespace sdlab::partition {

struct LoadSpreadSpec {
  double nodes = 10;
  double keys = 100'000;
  double max_vnodes = 256;
  double seed = 1;

  static constexpr double kMaxNodes = 100;
  static constexpr double kMaxKeys = 1'000'000;
};

struct LoadSpreadPoint {
  std::uint32_t vnodes;
  double max_over_mean;
  double min_over_mean;
  double stddev_over_mean;
};

Status check_load_spread(const LoadSpreadSpec& spec);
// Precondition: check_load_spread(spec) is ok.
std::vector<LoadSpreadPoint> ring_load_spread(const LoadSpreadSpec& spec);

}  // namespace sdlab::partition
