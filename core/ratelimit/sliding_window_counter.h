// sdlab::ratelimit::SlidingWindowCounter — approximates a sliding window from two fixed-window
// counts: the estimate at `now` is previous·(1 − elapsed/window) + current, where elapsed is the
// time since the current window [k·window, (k+1)·window) began; a request of cost n is admitted
// when estimate + n <= limit, and adds n to the current count.
//
// O(1) memory like FixedWindow but without its 2x burst at a boundary (Cloudflare's and the
// seeds' "best balance"); the estimate assumes the previous window's requests were spread evenly,
// so it may admit a little more or less than the exact log when they were not. (The seeds admit
// while estimate < limit; with cost 1 and whole counts this is the same rule except when the
// estimate falls strictly between limit − 1 and limit, where this one is stricter.) Decisions
// compare window × estimate, an integer, so the weight is exact: no floating-point rounding
// moves a decision or a retry by a microsecond.
//
// Decision: remaining = max(0, limit − estimate); retry_after = the first microsecond at which
// the estimate has decayed enough (kNever when n > limit); reset_after = until the estimate is 0.
// Complexity: request O(1), retry_after and reset_after included. Memory O(1).
// Thread-safety: none; one limiter per simulation (see Limiter in limiter.h).
#pragma once

#include <algorithm>

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
    return static_cast<double>(window_ - (t - counts_at(t).start)) / static_cast<double>(window_);
  }
  double estimate_at(sim::Micros t) const {
    return static_cast<double>(scaled_estimate_at(t)) / static_cast<double>(window_);
  }

  const Counts& counts() const { return counts_; }
  std::size_t bytes() const { return sizeof(*this); }

  void refresh(sim::Micros now) { counts_ = counts_at(now); }

  Decision decide(sim::Micros now, std::uint64_t cost) {
    const bool fits = cost <= limit_ && scaled_estimate_at(now) + scaled(cost) <= scaled(limit_);
    if (fits) counts_.current += cost;
    const double remaining = std::max(0.0, static_cast<double>(limit_) - estimate_at(now));
    if (fits) return {true, remaining, 0, until(now, 0)};
    return {false, remaining, cost > limit_ ? kNever : until(now, limit_ - cost), until(now, 0)};
  }

  std::string describe(sim::Micros now, sim::Data& data) const {
    data = {{"previous", counts_.previous},
            {"weight", weight_at(now)},
            {"current", counts_.current},
            {"estimate", estimate_at(now)},
            {"limit", limit_}};
    return "estimate " + format_amount(static_cast<double>(counts_.previous)) + " × " +
           format_amount(weight_at(now)) + " + " + std::to_string(counts_.current) + " = " +
           format_amount(estimate_at(now)) + " of " + std::to_string(limit_);
  }

 private:
  Wide scaled(std::uint64_t count) const {
    return Wide{count} * static_cast<std::uint64_t>(window_);
  }
  // window × estimate at `t`: previous·(window − elapsed) + current·window, exact.
  Wide scaled_estimate_at(sim::Micros t) const {
    const Counts c = counts_at(t);
    return Wide{c.previous} * static_cast<std::uint64_t>(window_ - (t - c.start)) +
           scaled(c.current);
  }

  // The first microsecond from `now` at which the estimate is at most `target`, if nothing is
  // admitted meanwhile. The estimate only decays: through the current window while the previous
  // count's weight falls, then through the next, where the current count has become the previous
  // one, to 0 at its end. On each, previous·(window − elapsed) <= (target − current)·window
  // gives the least elapsed.
  sim::Micros until(sim::Micros now, std::uint64_t target) const {
    const Counts c = counts_at(now);
    const sim::Micros elapsed = now - c.start;
    if (c.current > target) return window_ - elapsed + least_elapsed(c.current, target);
    return std::max(elapsed, least_elapsed(c.previous, target - c.current)) - elapsed;
  }
  // The least elapsed time in a window at which previous·(window − elapsed) <= slack·window: the
  // window itself when only the next window's start will do.
  sim::Micros least_elapsed(std::uint64_t previous, std::uint64_t slack) const {
    if (previous == 0) return 0;
    const Wide window = static_cast<std::uint64_t>(window_);
    return window_ - static_cast<sim::Micros>(std::min(scaled(slack) / previous, window));
  }

  Counts counts_;
};

}  // namespace sdlab::ratelimit
