// sdlab::ratelimit::run_comparison — plays one traffic stream through every algorithm, each keyed
// by client, and reports every decision and the totals: the comparison lab in one call.
//
// All seven algorithms get the same budget of `limit` per `window_ms`, expressed in each one's
// own parameters:
//   tokenBucket           rate limit/window per second, burst limit
//   leakyBucketQueue      capacity limit, leak limit/window per second
//   leakyBucketMeter      capacity limit, leak limit/window per second
//   fixedWindow, slidingWindowLog, slidingWindowCounter   limit per window
//   gcra                  max_burst limit − 1, count limit per period window
// Clients idle for two windows are evicted; by then every one of them has forgotten the client.
//
// max_in_window: the largest cost one client had admitted within any span of window_ms (checked
// at every admitted request) — the sliding-window log's is at most `limit` by construction; the
// fixed window's reaches 2·limit under the boundary attack.
// Complexity: O(requests · algorithms) time; one byte per request and algorithm for decisions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ratelimit/traffic.h"

namespace sdlab::ratelimit {

enum class Algorithm {
  kTokenBucket, kLeakyBucketQueue, kLeakyBucketMeter, kFixedWindow, kSlidingWindowLog,
  kSlidingWindowCounter, kGcra
};
// "tokenBucket", "leakyBucketQueue", … as in the JS API.
const char* algorithm_name(Algorithm algorithm);
// The algorithm with that name; false for any other name.
bool parse_algorithm(std::string_view name, Algorithm& algorithm);
// All seven, in the order of the enum.
std::vector<Algorithm> all_algorithms();

struct ComparisonSpec {
  double limit = 10;         // integer in [1, kMaxLimit]
  double window_ms = 1'000;  // in [0.001, kMaxWindowMs]; window/limit >= 1 µs
};

struct AlgorithmRun {
  Algorithm algorithm;
  std::vector<std::uint8_t> allowed;  // 1 or 0 per request, in traffic order
  std::uint64_t admitted = 0;         // requests
  std::uint64_t rejected = 0;
  std::uint64_t max_in_window = 0;    // cost, for the worst client
  std::size_t clients = 0;            // tracked at the end of the run
  std::size_t bytes = 0;              // of the keyed limiter at the end of the run
};

Status check_comparison(const ComparisonSpec& spec);

// What a run records beyond its totals (admitted, rejected, clients, bytes): kEverything adds
// `allowed` and max_in_window; kTotalsOnly leaves them empty and 0 (the decisions alone, as the
// kernel benchmarks time them).
enum class Detail { kEverything, kTotalsOnly };

// One run per algorithm of `algorithms`, in that order. Precondition: check_comparison(spec) is ok
// and `traffic` is sorted by time.
std::vector<AlgorithmRun> run_comparison(const std::vector<Arrival>& traffic,
                                         const ComparisonSpec& spec,
                                         const std::vector<Algorithm>& algorithms = all_algorithms(),
                                         Detail detail = Detail::kEverything);

}  // namespace sdlab::ratelimit
