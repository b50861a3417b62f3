// sdlab::sim::Network — the simulated links between actors: latency, loss, duplication,
// reordering and partitions, every draw from the simulation's seeded Random.
//
// A message sent from A to B takes the link A→B: its own LinkSpec if one was set, else the
// network's default. The link draws, in this order and only as needed:
//   1. lost?        with probability `loss` the message never arrives;
//   2. latency      uniform integer in [min_latency, max_latency] microseconds;
//   3. duplicated?  with probability `duplicate` a second copy travels with its own latency.
// Without `reorder` a link is FIFO (as TCP is): a copy never arrives before one sent earlier on
// the same link (its arrival is pushed to the link's latest arrival; ties keep send order in the
// simulator). With `reorder` each copy keeps its drawn latency, so later sends may overtake.
// A partition between A and B drops every message sent either way while it lasts; messages
// already in flight when it starts still arrive (they left before the cut).
//
// Complexity: O(log links) per message. Invariants: every LinkSpec held passed check_link.
// Thread-safety: none; one Network belongs to one Simulator.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "common/status.h"
#include "sim/clock.h"
#include "sim/random.h"

namespace sdlab::sim {

using ActorId = std::uint32_t;

inline constexpr Micros kMaxLatency = 3'600'000'000;  // one hour

struct LinkSpec {
  Micros min_latency = 1'000;
  Micros max_latency = 1'000;
  double loss = 0;       // probability in [0, 1]
  double duplicate = 0;  // probability in [0, 1]
  bool reorder = false;  // false: the link delivers in send order
};

// Latencies in [0, kMaxLatency] with min <= max; probabilities in [0, 1].
Status check_link(const LinkSpec& link);

// The arrival times of the copies of one message: none when lost, two when duplicated.
using Arrivals = std::vector<Micros>;

class Network {
 public:
  // Precondition: check_link(default_link) is ok.
  explicit Network(LinkSpec default_link) : default_(default_link) {}

  Status set_link(ActorId from, ActorId to, const LinkSpec& link);
  const LinkSpec& link(ActorId from, ActorId to) const;

  void partition(ActorId a, ActorId b) { cuts_.insert(ordered(a, b)); }
  void heal(ActorId a, ActorId b) { cuts_.erase(ordered(a, b)); }
  bool partitioned(ActorId a, ActorId b) const { return cuts_.count(ordered(a, b)) != 0; }

  // Draws the fate of one message sent at `now`; empty when lost or partitioned.
  Arrivals transmit(ActorId from, ActorId to, Micros now, Random& random);

 private:
  using Pair = std::pair<ActorId, ActorId>;
  static Pair ordered(ActorId a, ActorId b) { return a < b ? Pair{a, b} : Pair{b, a}; }
  Micros arrival(const LinkSpec& spec, const Pair& link, Micros now, Random& random);

  LinkSpec default_;
  std::map<Pair, LinkSpec> links_;       // directed: (from, to)
  std::map<Pair, Micros> last_arrival_;  // directed, FIFO links only
  std::set<Pair> cuts_;                  // undirected, stored as (min, max)
};

}  // namespace sdlab::sim
