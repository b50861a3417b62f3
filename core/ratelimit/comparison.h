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
// fixed window's reaches 2·limit under the boundary attack. The same check is each algorithm's
// invariant "admits at most limit per client within any window", with the first request that
// broke it (the token bucket's full bucket plus its refill can break it too).
//
// ComparisonRun plays the traffic a slice at a time (the page's Step: one request through every
// algorithm); run_comparison plays it to the end. Within a slice each algorithm takes the whole
// slice in turn, so a long slice runs as fast as one algorithm after another.
// Complexity: O(requests · algorithms) time; one byte per request and algorithm for decisions,
// and the admissions still within a window per client.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "common/invariant.h"
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
  Invariants invariants;              // with the request that first broke each (kEverything)
};

Status check_comparison(const ComparisonSpec& spec);

// What a run records beyond its totals (admitted, rejected, clients, bytes): kEverything adds
// `allowed` and max_in_window; kTotalsOnly leaves them empty and 0 (the decisions alone, as the
// kernel benchmarks time them).
enum class Detail { kEverything, kTotalsOnly };

class ComparisonRun {
 public:
  // Precondition: check_comparison(spec) is ok and `traffic` is sorted by time.
  ComparisonRun(std::vector<Arrival> traffic, const ComparisonSpec& spec,
                const std::vector<Algorithm>& algorithms = all_algorithms(),
                Detail detail = Detail::kEverything);
  ComparisonRun(ComparisonRun&&) noexcept;
  ~ComparisonRun();

  // Plays the next `requests` requests through every algorithm; returns how many were played.
  std::size_t step(std::size_t requests);

  const std::vector<Arrival>& traffic() const { return traffic_; }
  std::size_t decided() const { return decided_; }
  bool finished() const { return decided_ == traffic_.size(); }
  // Each algorithm's run so far, in the order asked for.
  std::vector<AlgorithmRun> runs() const;

  class Lane;  // one algorithm's keyed limiter and its record

 private:
  std::vector<Arrival> traffic_;
  std::vector<std::string> keys_;  // "client-<i>"
  std::vector<std::unique_ptr<Lane>> lanes_;
  std::size_t decided_ = 0;
};

// One run per algorithm of `algorithms`, in that order. Precondition: check_comparison(spec) is ok
// and `traffic` is sorted by time.
std::vector<AlgorithmRun> run_comparison(const std::vector<Arrival>& traffic,
                                         const ComparisonSpec& spec,
                                         const std::vector<Algorithm>& algorithms = all_algorithms(),
                                         Detail detail = Detail::kEverything);

}  // namespace sdlab::ratelimit
