// sdlab::ratelimit::simulate_distributed — one client population behind N app servers, each
// request limited to `limit` per fixed window of `window_ms` per client, with the limiter's state
// kept either on each server or in one shared store across a simulated network.
//
// Requests are routed to servers in turn (round robin) or at random (seeded). Placements:
//   local-split  each server counts alone with limit/N (rounded down, at least 1): no network,
//                but a client spread unevenly over servers is rejected below its limit
//   local-full   each server counts alone with the full limit: a client can get N·limit through
//   atomic       one store, one round trip that checks and increments at once (a Redis Lua
//                script or INCR): exact
//   racy         one store, read then write: the server GETs the count, decides, and SETs count +
//                cost one more round trip later; requests whose reads land before an earlier
//                request's write all see the same count and are all admitted (a lost update)
// `latency_ms` is the round-trip time: a request made at t reaches the store at t + latency/2;
// a racy write, sent when the read returns, lands at t + 1.5·latency. All servers share the same
// latency and clock, so the store sees operations in the order they were made (at equal times a
// write lands before a read).
//
// The store is unreachable for requests made in [outage_start_ms, outage_end_ms): fail-open
// admits them unchecked, fail-closed rejects them; neither touches the store. Local placements
// need no store and ignore the outage.
//
// over_admitted: the sum over every (client, window) of admitted cost beyond the limit —
// always 0 for atomic without an outage. Two invariants are checked at every request, each with
// the first request that broke it: "admitted never exceeds the limit" (racy, local-full and a
// fail-open outage break it) and "a request is rejected only when its window is full" (local-split
// and a fail-closed outage break it). Deterministic for a seed. Complexity:
// O(requests · log requests) time, O(clients · windows touched) memory.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/invariant.h"
#include "common/status.h"
#include "ratelimit/traffic.h"

namespace sdlab::ratelimit {

enum class Placement { kLocalSplit, kLocalFull, kAtomic, kRacy };
enum class Routing { kRoundRobin, kRandom };
enum class FailMode { kOpen, kClosed };

// "local-split", "local-full", "atomic", "racy" / "round-robin", "random" / "open", "closed";
// an error naming the option (placement, routing, failMode) and its choices otherwise.
Status parse_placement(std::string_view name, Placement& placement);
Status parse_routing(std::string_view name, Routing& routing);
Status parse_fail_mode(std::string_view name, FailMode& fail);

struct DistributedSpec {
  Placement placement = Placement::kAtomic;
  Routing routing = Routing::kRoundRobin;
  FailMode fail = FailMode::kOpen;
  double servers = 3;          // integer in [1, kMaxServers]
  double limit = 10;           // per client per window, integer in [1, kMaxLimit]
  double window_ms = 1'000;    // in [0.001, kMaxWindowMs]
  double latency_ms = 1;       // round trip, in [0, kMaxWindowMs]
  double outage_start_ms = 0;  // in [0, kMaxWindowMs]
  double outage_end_ms = 0;    // in [outage_start_ms, kMaxWindowMs]; equal: no outage
  double seed = 1;             // routing; integer in [0, 2^32 − 1]

  static constexpr double kMaxServers = 1'000;
};

struct DistributedResult {
  std::uint64_t admitted = 0;
  std::uint64_t rejected = 0;
  std::uint64_t exact_admitted = 0;  // what one exact limiter admits for the same traffic
  std::uint64_t over_admitted = 0;   // admitted cost beyond the limit, summed per client window
  std::uint64_t store_round_trips = 0;
  std::uint64_t unchecked = 0;  // requests the outage decided (admitted or rejected unchecked)
  std::vector<std::uint64_t> server_requests;
  std::vector<std::uint64_t> server_admitted;
  Invariants invariants;  // each with the request index that first broke it
};

Status check_distributed(const DistributedSpec& spec);

// Precondition: check_distributed(spec) is ok and `traffic` is sorted by time.
DistributedResult simulate_distributed(const std::vector<Arrival>& traffic,
                                       const DistributedSpec& spec);

}  // namespace sdlab::ratelimit
