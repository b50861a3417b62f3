#include "partition/load_spread.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "partition/hash_ring.h"
#include "sim/random.h"

namespace sdlab::partition {

Status check_load_spread(const LoadSpreadSpec& spec) {
  return first_error(check_integer("nodes", spec.nodes, 1, LoadSpreadSpec::kMaxNodes),
                     check_integer("keys", spec.keys, 1, LoadSpreadSpec::kMaxKeys),
                     check_integer("maxVnodes", spec.max_vnodes, 1, kMaxVnodes),
                     check_integer("seed", spec.seed, 0, 4294967295.0));
}

std::vector<LoadSpreadPoint> ring_load_spread(const LoadSpreadSpec& spec) {
  const auto nodes = static_cast<std::size_t>(spec.nodes);
  const auto max_vnodes = static_cast<std::uint32_t>(spec.max_vnodes);
  const double mean = spec.keys / spec.nodes;
  std::vector<LoadSpreadPoint> result;
  for (std::uint32_t vnodes = 1;; vnodes = std::min(vnodes * 2, max_vnodes)) {
    HashRing ring(vnodes);
    for (std::size_t n = 0; n < nodes; ++n) (void)ring.add_node("node-" + std::to_string(n), 1);
    std::vector<double> load(nodes);
    sim::Random random(static_cast<std::uint64_t>(spec.seed));
    for (std::uint64_t k = 0; k < static_cast<std::uint64_t>(spec.keys); ++k) {
      const std::uint64_t key = random();
      ++load[ring.owner_index(bytes_of(key))];
    }
    double squares = 0;
    for (double l : load) squares += (l - mean) * (l - mean);
    const auto [low, high] = std::minmax_element(load.begin(), load.end());
    result.push_back({vnodes, *high / mean, *low / mean,
                      std::sqrt(squares / static_cast<double>(nodes)) / mean});
    if (vnodes == max_vnodes) return result;
  }
}

}  // namespace sdlab::partition
