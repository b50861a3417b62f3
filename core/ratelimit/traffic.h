// sdlab::ratelimit::generate_traffic — seeded request streams for the comparison lab, the
// distributed simulation and benchmarks: a vector of {time, client, cost} sorted by time.
//
//   steady    one request every 1/rate_per_sec, clients in turn
//   bursty    `burst` requests at once every period_ms, clients in turn
//   poisson   a Poisson process of rate_per_sec (exponential gaps), each request from a client
//             drawn uniformly
//   boundary  the window-boundary attack on windows of window_ms: `burst` requests 1 µs before
//             the boundary at window_ms and `burst` at the boundary, again at every other boundary
//             (3·window_ms, 5·window_ms, …), clients in turn
//   abuser    `clients` − 1 well-behaved clients sending a Poisson stream of rate_per_sec between
//             them, and client 0 alone sending a Poisson stream of abuser_rate_per_sec
// Every request costs `cost`; all times are in [0, duration_ms). Fields a pattern does not use
// are still checked, so one options object serves every pattern.
//
// Deterministic: the same spec gives the same stream natively and in WebAssembly (sim::Random).
// Complexity: O(requests).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "sim/clock.h"

namespace sdlab::ratelimit {

enum class Pattern { kSteady, kBursty, kPoisson, kBoundary, kAbuser };

// "steady", "bursty", "poisson", "boundary", "abuser"; an error naming the choices otherwise.
Status parse_pattern(std::string_view name, Pattern& pattern);

struct Arrival {
  sim::Micros time;
  std::uint32_t client;
  std::uint32_t cost;
};

struct TrafficSpec {
  Pattern pattern = Pattern::kSteady;
  double duration_ms = 10'000;       // (0, kMaxWindowMs]
  double rate_per_sec = 10;          // steady, poisson, abuser (the others' total)
  double burst = 10;                 // bursty, boundary: integer >= 1
  double period_ms = 1'000;          // bursty
  double window_ms = 1'000;          // boundary
  double clients = 1;                // integer in [1, kMaxClients]; abuser needs >= 2
  double abuser_rate_per_sec = 100;  // abuser
  double cost = 1;                   // integer in [1, kMaxLimit]
  double seed = 1;                   // integer in [0, 2^32 − 1]

  static constexpr double kMaxClients = 100'000;
  static constexpr double kMaxRequests = 2'000'000;
};

Status check_traffic(const TrafficSpec& spec);

// Precondition: check_traffic(spec) is ok.
std::vector<Arrival> generate_traffic(const TrafficSpec& spec);

}  // namespace sdlab::ratelimit
