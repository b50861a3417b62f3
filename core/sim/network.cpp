#include "sim/network.h"

#include <algorithm>

#include "sim/micros.h"

namespace sdlab::sim {

Status check_link(const LinkSpec& link) {
  Status s = first_error(check_micros("minLatency", link.min_latency, 0, kMaxLatency),
                         check_micros("maxLatency", link.max_latency, 0, kMaxLatency),
                         check_number("loss", link.loss, 0, 1),
                         check_number("duplicate", link.duplicate, 0, 1));
  if (!s.is_ok()) return s;
  if (link.min_latency > link.max_latency) {
    return Status::invalid("minLatency must be at most maxLatency, got " +
                           std::to_string(link.min_latency) + " > " +
                           std::to_string(link.max_latency));
  }
  return Status::ok();
}

Status Network::set_link(ActorId from, ActorId to, const LinkSpec& link) {
  Status s = check_link(link);
  if (s.is_ok()) links_[{from, to}] = link;
  return s;
}

const LinkSpec& Network::link(ActorId from, ActorId to) const {
  auto it = links_.find({from, to});
  return it == links_.end() ? default_ : it->second;
}

Micros Network::arrival(const LinkSpec& spec, const Pair& link, Micros now, Random& random) {
  const auto spread = static_cast<std::uint64_t>(spec.max_latency - spec.min_latency);
  Micros at = now + spec.min_latency + static_cast<Micros>(random.below(spread + 1));
  if (!spec.reorder) {
    Micros& last = last_arrival_[link];
    at = std::max(at, last);
    last = at;
  }
  return at;
}

Arrivals Network::transmit(ActorId from, ActorId to, Micros now, Random& random) {
  if (partitioned(from, to)) return {};
  const LinkSpec& spec = link(from, to);
  if (spec.loss > 0 && random.uniform01() < spec.loss) return {};
  const Pair directed{from, to};
  Arrivals arrivals{arrival(spec, directed, now, random)};
  if (spec.duplicate > 0 && random.uniform01() < spec.duplicate) {
    arrivals.push_back(arrival(spec, directed, now, random));
  }
  return arrivals;
}

}  // namespace sdlab::sim
