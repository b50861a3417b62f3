// sdlab::ratelimit::TokenBucket — tokens accrue at a fixed rate up to a burst; a request of cost
// n takes n tokens or is rejected.
//
// Semantics are those of golang.org/x/time/rate's Limiter.AllowN(now, n) with the same rate
// (limit) and burst: the bucket is full at time 0; tokens are fractional; the tokens at time t are
// min(burst, tokens + (t − last)·rate) where `last` is the time of the last admitted request; a
// request is admitted iff n <= burst and n <= tokens at t, and only an admission updates the state
// (tokens −= n, last = t) — a rejection changes nothing, and the bucket never goes into debt
// (AllowN never borrows; Reserve/Wait, which do, are not modelled). Differences, all at the edges
// of x/time/rate's domain: the rate must be finite and > 0 and the burst >= 1 (x/time/rate also
// takes Inf and 0), a refill from empty may take at most kMaxFillMs (100 years), and a time
// before the last request is an error (x/time/rate treats it as no time elapsed). Where
// x/time/rate sums float64 tokens, this bucket counts exact units (see ExactRate): ten refills of
// a tenth of a token make one whole token, exactly at the microsecond it completes.
//
// Decision: remaining = tokens left; retry_after = the first microsecond at which the same
// request would be admitted (kNever when n > burst); reset_after = until the bucket is full.
// Complexity: O(1) time and memory. Invariants: 0 <= tokens <= burst.
// Thread-safety: none; one limiter per simulation (see Limiter in limiter.h).
#pragma once

#include <algorithm>

#include "ratelimit/exact_rate.h"
#include "ratelimit/limiter.h"

namespace sdlab::ratelimit {

class TokenBucket : public Limiter<TokenBucket> {
 public:
  struct Config {
    double rate_per_sec = 1;  // tokens added per second
    double burst = 1;         // bucket size, integer >= 1
  };
  static Status check(const Config& c) {
    Status status =
        first_error(check_rate("ratePerSec", c.rate_per_sec), check_limit("burst", c.burst));
    if (!status.is_ok()) return status;
    return check_fill("burst / ratePerSec, the time a refill from empty takes,", c.burst,
                      c.rate_per_sec);
  }

  // Precondition: check(config) is ok.
  explicit TokenBucket(const Config& config)
      : rate_(ExactRate::per_second(config.rate_per_sec)),
        burst_(static_cast<std::uint64_t>(config.burst)),
        fill_(rate_.until(rate_.units(burst_))),
        tokens_(rate_.units(burst_)) {}

  // The tokens the bucket holds at `t` (>= last_refill()).
  double tokens_at(sim::Micros t) const { return rate_.tokens(units_at(t)); }
  double tokens() const { return rate_.tokens(tokens_); }  // as of last_refill()
  sim::Micros last_refill() const { return last_; }
  double rate() const { return rate_.per_second(); }
  double burst() const { return static_cast<double>(burst_); }
  std::size_t bytes() const { return sizeof(*this); }

  void refresh(sim::Micros) {}  // x/time/rate refills lazily, on admission

  Decision decide(sim::Micros now, std::uint64_t cost) {
    const Units full = rate_.units(burst_);
    const Units tokens = units_at(now);
    const Units need = rate_.units(cost);
    const double left = rate_.tokens(tokens);
    if (cost > burst_) return {false, left, kNever, until(tokens, full)};
    if (need > tokens) return {false, left, until(tokens, need), until(tokens, full)};
    tokens_ = tokens - need;
    last_ = now;
    return {true, rate_.tokens(tokens_), 0, until(tokens_, full)};
  }

  std::string describe(sim::Micros now, sim::Data& data) const {
    data = {{"tokens", tokens_at(now)}, {"burst", burst_}};
    return format_amount(tokens_at(now)) + " of " + std::to_string(burst_) + " tokens";
  }

 private:
  Units units_at(sim::Micros t) const {
    const Units full = rate_.units(burst_);
    return t - last_ >= fill_ ? full : std::min(full, tokens_ + rate_.over(t - last_));
  }
  // Until a bucket holding `tokens` holds `target` (<= the burst).
  sim::Micros until(Units tokens, Units target) const {
    return tokens >= target ? 0 : rate_.until(target - tokens);
  }

  ExactRate rate_;
  std::uint64_t burst_;
  sim::Micros fill_;  // a refill from empty, at most kMaxFillMs
  Units tokens_;      // as of last_
  sim::Micros last_ = 0;
};

}  // namespace sdlab::ratelimit
