// sdlab::cache::simulate_stampede — a cache stampede (thundering herd) around expiry, and the
// protections against it, as a seeded discrete-event simulation on the simulated clock.
//
// Model (cache-aside): `keys` hot keys are cached at time 0, each for `ttl_ms`. `readers` readers
// arrive over [0, window_ms): evenly spaced (reader i at i·window/readers, a fixed schedule) or
// as a Poisson process (that many arrival times drawn uniformly, then sorted). Reader i reads key
// i mod keys. A reader that finds no live value is a miss; a load from the store takes
// load_latency_ms and then caches the value for another TTL. At equal times a finished load is
// seen before an arriving reader.
//
//   none          every reader that misses loads: all readers arriving in the load window after
//                 an expiry hit the store at once (the stampede).
//   single-flight a miss while that key's load is in flight waits for it (a waiter): exactly one
//                 load per expiry.
//   early-expiry  probabilistic early recomputation (XFetch; Vattani, Chierichetti & Lowenstein,
//                 "Optimal Probabilistic Cache Stampede Prevention", VLDB 2015): a reader that
//                 finds a live value still reloads it when now − δ·β·ln(u) ≥ expiry, u uniform in
//                 (0, 1], δ the last load's duration. Reloads start before expiry and spread out;
//                 the reader is served the live value (a hit) and the reload counts as an early
//                 refresh. Misses, if any, behave as in none.
//   jitter        every write's TTL is scaled by 1 + jitter·U(−1, 1), so keys written together
//                 expire, and reload, at different times. Misses behave as in none.
//
// Complexity: O((readers + loads) · log loads) time, O(readers + window/bucket) memory.
// Deterministic: the same spec gives the same result natively and in WebAssembly.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace sdlab::cache {

enum class Protection { kNone, kSingleFlight, kEarlyExpiry, kJitter };
enum class Arrivals { kUniform, kPoisson };

// "none", "single-flight", "early-expiry", "jitter" / "uniform", "poisson"; false otherwise.
bool parse_protection(std::string_view name, Protection& protection);
bool parse_arrivals(std::string_view name, Arrivals& arrivals);

struct StampedeSpec {
  Protection protection = Protection::kNone;
  Arrivals arrivals = Arrivals::kUniform;
  double readers = 1000;        // integer in [1, kMaxReaders]
  double window_ms = 1000;      // [0.001, kMaxWindowMs]
  double keys = 1;              // integer in [1, kMaxKeys]
  double ttl_ms = 100;          // [0.001, kMaxWindowMs]
  double load_latency_ms = 20;  // [0, kMaxWindowMs]
  double beta = 1;              // early-expiry: [0, kMaxBeta]; 0 never reloads early
  double jitter = 0.5;          // jitter: fraction in [0, 0.99]
  double bucket_ms = 10;        // timeline bucket width; window/bucket <= kMaxBuckets
  double seed = 1;              // integer in [0, 2^32 − 1]

  static constexpr double kMaxReaders = 1'000'000;
  static constexpr double kMaxWindowMs = 3'600'000;
  static constexpr double kMaxKeys = 1000;
  static constexpr double kMaxBeta = 10;
  static constexpr double kMaxBuckets = 10'000;
};

// Checks every field; the first problem, naming the field as the JS options do ("ttlMs"), or ok.
Status check_stampede(const StampedeSpec& spec);

struct StampedeResult {
  std::uint64_t hits = 0;     // readers served a live value (early refreshers included)
  std::uint64_t misses = 0;   // readers that found no live value (waiters included)
  std::uint64_t waiters = 0;  // single-flight: misses that waited for a load in flight
  std::uint64_t store_loads = 0;
  std::uint64_t early_refreshes = 0;       // early-expiry: loads started before expiry
  std::uint64_t expiries = 0;              // expired values that a reader ran into
  std::uint64_t max_concurrent_loads = 0;  // over all keys
  // Loads started and misses per bucket: bucket b covers [b·bucket_ms, (b+1)·bucket_ms).
  std::vector<std::uint64_t> loads_per_bucket;
  std::vector<std::uint64_t> misses_per_bucket;
};

// Precondition: check_stampede(spec) is ok.
StampedeResult simulate_stampede(const StampedeSpec& spec);

}  // namespace sdlab::cache
