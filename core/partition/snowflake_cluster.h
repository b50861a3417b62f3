// sdlab::partition::SnowflakeCluster — machines 0 … N−1, each a SnowflakeGenerator, on one
// simulated clock: ids from different machines never collide (the machine bits differ) and each
// machine's clock may be skewed against the others.
//
// Complexity: O(1) per id. Thread-safety: none.
#pragma once

#include <vector>

#include "partition/snowflake.h"

namespace sdlab::partition {

inline constexpr double kMaxSnowflakeMachines = kMaxMachine + 1;
inline constexpr double kMaxSkewMs = 3'600'000;  // an hour either way

inline Status check_machines(double machines) {
  return check_integer("machines", machines, 1, kMaxSnowflakeMachines);
}

class SnowflakeCluster {
 public:
  // Preconditions: check_machines(machines) is ok; `clock` outlives the cluster.
  SnowflakeCluster(sim::Clock& clock, std::uint32_t machines) {
    generators_.reserve(machines);
    for (std::uint32_t m = 0; m < machines; ++m) generators_.emplace_back(clock, m);
  }

  Status check_machine(double machine) const {
    return check_integer("machine", machine, 0, static_cast<double>(generators_.size()) - 1);
  }

  // Precondition: check_machine(machine) is ok. See SnowflakeGenerator::next.
  Status next(std::uint32_t machine, std::uint64_t& id, sim::Micros& waited) {
    return generators_[machine].next(id, waited);
  }

  // Machine `machine`'s clock runs `skew_ms` ahead (behind when negative); an error otherwise.
  Status set_skew(double machine, double skew_ms) {
    Status status = first_error(check_machine(machine),
                                check_number("skewMs", skew_ms, -kMaxSkewMs, kMaxSkewMs));
    if (status) generators_[static_cast<std::size_t>(machine)].set_skew(sim::from_millis(skew_ms));
    return status;
  }

  void set_trace(sim::Trace* trace) {
    for (SnowflakeGenerator& g : generators_) g.set_trace(trace);
  }

  // One promise for the whole cluster: the first machine whose ids do not increase. O(machines).
  Invariants invariants() const {
    Invariants list;
    std::string broken;
    for (const SnowflakeGenerator& g : generators_) {
      for (const Invariant& own : g.invariants()) {
        if (!own.holds && broken.empty()) broken = own.detail;
      }
    }
    check_invariant(list, "each machine's ids strictly increase", broken.empty(), [&] { return broken; });
    return list;
  }

  const std::vector<SnowflakeGenerator>& machines() const { return generators_; }

 private:
  std::vector<SnowflakeGenerator> generators_;
};

}  // namespace sdlab::partition
