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
// takes Inf and 0), and a time before the last request is an error (x/time/rate treats it as no
// time elapsed).
//
// Decision: remaining = tokens left; retry_after = the first microsecond at which the same
// request would be admitted (kNever when n > burst); reset_after = until the bucket is full.
// Complexity: O(1) time and memory. Invariants (invariants(), O(1)): 0 <= tokens <= burst; the
// last admission is not after the last request.
// Thread-safety: none; one limiter per simulation (see Limiter in limiter.h).
#pragma once

#include <algorithm>

#include "ratelimit/limiter.h"

namespace sdlab::ratelimit {

class TokenBucket : public Limiter<TokenBucket> {
 public:
  struct Config {
    double rate_per_sec = 1;  // tokens added per second
    double burst = 1;         // bucket size, integer >= 1
  };
  static Status check(const Config& c) {
    return first_error(check_rate("ratePerSec", c.rate_per_sec), check_limit("burst", c.burst));
  }

  // Precondition: check(config) is ok.
  explicit TokenBucket(const Config& config)
      : rate_(config.rate_per_sec), burst_(config.burst), tokens_(config.burst) {}

  // The tokens the bucket holds at `t` (>= last_refill()).
  double tokens_at(sim::Micros t) const {
    return std::min(burst_, tokens_ + static_cast<double>(t - last_) / 1e6 * rate_);
  }
  double tokens() const { return tokens_; }        // as of last_refill()
  sim::Micros last_refill() const { return last_; }
  double rate() const { return rate_; }
  double burst() const { return burst_; }
  std::size_t bytes() const { return sizeof(*this); }

  void refresh(sim::Micros) {}  // x/time/rate refills lazily, on admission

  Decision decide(sim::Micros now, std::uint64_t cost) {
    const double n = static_cast<double>(cost);
    if (n > burst_) return {false, tokens_at(now), kNever, until(now, burst_)};
    const double tokens = tokens_at(now);
    if (n > tokens) return {false, tokens, until(now, n), until(now, burst_)};
    tokens_ = tokens - n;
    last_ = now;
    return {true, tokens_, 0, until(now, burst_)};
  }

  std::string describe(sim::Micros now) const {
    return format_amount(tokens_at(now)) + " of " + format_amount(burst_) + " tokens";
  }

  Invariants invariants() const {
    Invariants list;
    check_invariant(list, "holds between 0 and burst tokens", tokens_ >= 0 && tokens_ <= burst_,
                    [&] { return format_amount(tokens_) + " tokens, burst " + format_amount(burst_); });
    check_invariant(list, "refills only up to the last request", last_ <= last_seen(), [&] {
      return "refilled at " + format_seconds(last_) + ", the last request at " + format_seconds(last_seen());
    });
    return list;
  }

 private:
  template <class>
  friend struct ::sdlab::TestPeer;
  // Until the bucket holds `target` tokens.
  sim::Micros until(sim::Micros now, double target) const {
    return micros_until(target - tokens_at(now), rate_,
                        [&](sim::Micros d) { return tokens_at(now + d) >= target; });
  }

  double rate_;
  double burst_;
  double tokens_;
  sim::Micros last_ = 0;
};

}  // namespace sdlab::ratelimit
