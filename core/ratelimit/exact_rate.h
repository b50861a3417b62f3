// sdlab::ratelimit::ExactRate — a rate given per second as a double, held as an exact fraction so
// that the continuous limiters (TokenBucket, LeakyBucketMeter, LeakyBucketQueue) work in integers:
// every level, refill, drain and wait is exact, and a "retry after X" holds at exactly X.
//
// The rate x is taken to be the simplest fraction p/q per second that rounds to x (the one with
// the smallest denominator among the reals within half of x's last binary digit) — x itself to
// double precision, so 0.1 is 1/10, 1/3 is 1/3 and 10/13 is 10/13 — or, when that fraction would
// need q > 10^12, x rounded once to a multiple of 10^-12 per second (coarser above 9·10^6 per
// second, down to 10^-9 at 10^9, so that p stays below 2^63). Amounts are counted in Units of
// 1/(q·10^6) of a token, so that exactly p units accrue per microsecond: an amount of n tokens is
// n·q·10^6 units, at most 10^27 (< 2^90) for n <= 10^9, and a rate times a duration of at most
// kMaxFillMs is below 2^112: every product the limiters form fits in 128 bits.
//
// Complexity: per_second() is a continued-fraction descent, O(log q), once per configuration;
// everything else is O(1). Invariants: 1 <= p < 2^63, 10^6 <= q·10^6 <= 10^18.
#pragma once

#include <cstdint>

#include "ratelimit/limiter.h"

namespace sdlab::ratelimit {

using Units = Wide;  // an amount, in 1/(q·10^6) of a token

class ExactRate {
 public:
  // Precondition: per_second is finite and in [1e-6, 1e9] (check_rate).
  static ExactRate per_second(double per_second);

  // `amount` tokens in units.
  Units units(std::uint64_t amount) const { return Units{amount} * per_token_; }
  // The units that accrue in `d` µs (d >= 0).
  Units over(sim::Micros d) const { return Units{per_micro_} * static_cast<std::uint64_t>(d); }
  // The whole microseconds until `amount` units have accrued: ceil(amount / p). Precondition:
  // the answer fits a sim::Micros (amount is at most a checked configuration's fill).
  sim::Micros until(Units amount) const {
    return static_cast<sim::Micros>((amount + per_micro_ - 1) / per_micro_);
  }
  // `amount` units in tokens, rounded to a double (for display).
  double tokens(Units amount) const;
  // The rate, rounded to a double: the double it was made from, unless it fell back to rounding.
  double per_second() const;

  std::uint64_t units_per_micro() const { return per_micro_; }  // p
  std::uint64_t units_per_token() const { return per_token_; }  // q·10^6

 private:
  ExactRate(std::uint64_t per_micro, std::uint64_t per_token)
      : per_micro_(per_micro), per_token_(per_token) {}

  std::uint64_t per_micro_;
  std::uint64_t per_token_;
};

}  // namespace sdlab::ratelimit
