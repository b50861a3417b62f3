// sdlab::messaging backoff — how long to wait before retry n, with the jitter strategies of the AWS
// Architecture Blog's "Exponential Backoff and Jitter" (Marc Brooker, 2015).
//
// Retries count from 0: retry 0 follows the first failure. With v = min(cap, base · 2^n):
//   none          exactly v (the blog's plain "Exponential")
//   full          uniform in [0, v]
//   equal         ⌈v/2⌉ + uniform in [0, ⌊v/2⌋], i.e. uniform in [⌈v/2⌉, v]
//   (the blog's v/2 +
//                 random_between(0, v/2), in whole microseconds, so the top is
//                 v exactly)
//   decorrelated  uniform in [base, min(cap, 3 · previous)], where `previous`
//   is the delay drawn
//                 before this one and `base` before the first retry (the blog's
//                 sleep = min(cap, random_between(base, sleep · 3))); n is not
//                 used
// Every draw is uniform over the whole microseconds of delay_bounds(), both ends included, so a
// delay is within its bounds by construction and the bounds are what tests and pages check.
//
// Integers with saturation: v is computed without overflow for any n (base · 2^n is taken as cap
// once it would pass cap, so retry 60, 64 or 4 billion gives cap), and 3 · previous saturates at
// cap likewise; every delay is in [0, cap], cap <= kMaxBackoff: ten years (sim::kSimulationEnd, the
// longest range whose check and message are exact; see sim/micros.h).
//
// Ranges (check_backoff_config; names as a page shows them): base [1, kMaxBackoff] µs, cap [base,
// kMaxBackoff] µs, maxAttempts [1, kMaxAttemptsLimit] runs (1: never retry). Complexity: O(1) per
// call. Thread-safety: pure functions; the Random is the caller's.
#pragma once

#include <cstdint>

#include "common/status.h"
#include "sim/clock.h"
#include "sim/random.h"
#include "sim/simulator.h"

namespace sdlab::messaging {

using sim::Micros;

inline constexpr Micros kMaxBackoff = sim::kSimulationEnd;
inline constexpr std::uint32_t kMaxAttemptsLimit = 100;

enum class Jitter { kNone, kFull, kEqual, kDecorrelated };

// "none", "full", "equal", "decorrelated".
const char* jitter_name(Jitter jitter);

struct BackoffConfig {
  Micros base = 100'000;           // 100 ms
  Micros cap = 10'000'000;         // 10 s
  std::uint32_t max_attempts = 5;  // runs of a job, the first included
  Jitter jitter = Jitter::kFull;   // the blog's recommendation
};

Status check_backoff_config(const BackoffConfig& config);

// The delays retry n may take, both ends included: low <= high.
struct DelayBounds {
  Micros low = 0;
  Micros high = 0;
};

// min(cap, base · 2^n) without overflow. Preconditions for every function here:
// check_backoff_config(config) is ok.
Micros exponential_delay(const BackoffConfig& config, std::uint32_t retry);

// `previous` matters to decorrelated jitter only: the delay before retry n − 1 (config.base for
// retry 0); a value outside [base, cap] is taken as the nearest end.
DelayBounds delay_bounds(const BackoffConfig& config, std::uint32_t retry, Micros previous);

// A delay drawn uniformly from delay_bounds(config, retry, previous); one draw from `random`.
Micros backoff_delay(const BackoffConfig& config, std::uint32_t retry, Micros previous,
                     sim::Random& random);

}  // namespace sdlab::messaging
