// sdlab::ratelimit::SlidingWindowCounter — approximates a sliding window from two fixed-window
// counts: the estimate at `now` is previous·(1 − elapsed/window) + current, where elapsed is the
// time since the current window [k·window, (k+1)·window) began; a request of cost n is admitted
// when estimate + n <= limit, and adds n to the current count.
//
// O(1) memory like FixedWindow but without its 2x burst at a boundary (Cloudflare's and the
// seeds' "best balance"); the estimate assumes the previous window's requests were spread evenly,
// so it may admit a little more or less than the exact log when they were not. (The seeds admit
// while estimate < limit; with cost 1 and whole counts this is the same rule except when the
// estimate falls strictly between limit − 1 and limit, where this one is stricter.)
//
// Decision: remaining = max(0, limit − estimate); retry_after = the first microsecond at which
// the estimate has decayed enough (kNever when n > limit); reset_after = until the estimate is 0.
// Complexity: request O(1), retry_after and reset_after included. Memory O(1).
// Invariants (invariants(), O(1)): each window's count is at most the limit; the current window
// starts on a multiple of the window's length.
// Thread-safety: none; one limiter per simulation (see Limiter in limiter.h).
#pragma once

#include <algorithm>
#include <cmath>

#include "ratelimit/window_limiter.h"

namespace sdlab::ratelimit {

class SlidingWindowCounter : public WindowLimiter<SlidingWindowCounter> {
 public:
  using WindowLimiter::WindowLimiter;

  // The start of the current window and the two counts.
  struct Counts {
    sim::Micros start = 0;  // of the current window
    std::uint64_t previous = 0;
    std::uint64_t current = 0;
  };

  // The counts at `t` (>= the last request), windows rolled forward.
  Counts counts_at(sim::Micros t) const {
    const sim::Micros windows = (t - counts_.start) / window_;
    if (windows == 0) return counts_;
    return {t - t % window_, windows == 1 ? counts_.current : 0, 0};
  }
  // The weight of the previous window's count at `t`: 1 − elapsed/window.
  double weight_at(sim::Micros t) const {
    return 1 - static_cast<double>(t - counts_at(t).start) / static_cast<double>(window_);
  }
  double estimate_at(sim::Micros t) const {
    const Counts c = counts_at(t);
    return static_cast<double>(c.previous) * weight_at(t) + static_cast<double>(c.current);
  }

  const Counts& counts() const { return counts_; }
  std::size_t bytes() const { return sizeof(*this); }

  void refresh(sim::Micros now) { counts_ = counts_at(now); }

  Decision decide(sim::Micros now, std::uint64_t cost) {
    const double n = static_cast<double>(cost);
    const double limit = static_cast<double>(limit_);
    const bool fits = cost <= limit_ && estimate_at(now) + n <= limit;
    if (fits) counts_.current += cost;
    const double remaining = std::max(0.0, limit - estimate_at(now));
    if (fits) return {true, remaining, 0, until(now, 0)};
    return {false, remaining, cost > limit_ ? kNever : until(now, limit - n), until(now, 0)};
  }

  std::string describe(sim::Micros now) const {
    return "estimate " + format_amount(static_cast<double>(counts_.previous)) + " × " +
           format_amount(weight_at(now)) + " + " + std::to_string(counts_.current) + " = " +
           format_amount(estimate_at(now)) + " of " + std::to_string(limit_);
  }

  Invariants invariants() const {
    Invariants list;
    check_invariant(list, "each window's count is at most the limit",
                    counts_.previous <= limit_ && counts_.current <= limit_, [&] {
                      return "previous " + std::to_string(counts_.previous) + ", current " +
                             std::to_string(counts_.current) + ", limit " + std::to_string(limit_);
                    });
    check_invariant(list, "the window starts on a boundary", counts_.start % window_ == 0, [&] {
      return "starts at " + format_seconds(counts_.start) + ", windows of " + format_seconds(window_);
    });
    return list;
  }

 private:
  template <class>
  friend struct ::sdlab::TestPeer;
  // The first microsecond at which the estimate is at most `target`. The estimate only decays:
  // linearly through the current window (previous × weight + current), then the current count
  // linearly through the next window, then 0. Solve the line it is on, then settle the exact
  // microsecond against estimate_at, whose rounding the answer must agree with.
  sim::Micros until(sim::Micros now, double target) const {
    if (estimate_at(now) <= target) return 0;
    const Counts c = counts_at(now);
    const double w = static_cast<double>(window_);
    const double previous = static_cast<double>(c.previous);
    const double current = static_cast<double>(c.current);  // > target here unless previous > 0
    const sim::Micros at =
        previous > 0 && target >= current
            ? c.start + static_cast<sim::Micros>(std::ceil(w * (1 - (target - current) / previous)))
            : c.start + window_ + static_cast<sim::Micros>(std::ceil(w * (1 - target / current)));
    sim::Micros wait = std::max<sim::Micros>(0, at - now);
    while (wait > 0 && estimate_at(now + wait - 1) <= target) --wait;
    while (estimate_at(now + wait) > target) ++wait;
    return wait;
  }

  Counts counts_;
};

}  // namespace sdlab::ratelimit
