// sdlab::ratelimit::FixedWindow — counts admitted cost in fixed windows [k·window, (k+1)·window)
// aligned to time 0, and admits a request of cost n while count + n <= limit.
//
// The simplest limiter, with O(1) memory (a window start and a count; Redis INCR + EXPIRE), and
// its known flaw: the count restarts at every boundary, so `limit` requests just before a
// boundary and `limit` just after are all admitted — 2·limit within one window's length.
//
// Decision: remaining = limit − count; retry_after = until the window ends (kNever when
// n > limit); reset_after = until the window ends (0 when the count is 0).
// Complexity: O(1) time and memory. Invariants: count <= limit.
// Thread-safety: none; one limiter per simulation (see Limiter in limiter.h).
#pragma once

#include "ratelimit/window_limiter.h"

namespace sdlab::ratelimit {

class FixedWindow : public WindowLimiter<FixedWindow> {
 public:
  using WindowLimiter::WindowLimiter;

  sim::Micros window_start() const { return start_; }
  std::uint64_t count() const { return count_; }
  // The start and count of the window holding `t` (>= the last request); a new window holds 0.
  sim::Micros window_start_at(sim::Micros t) const {
    return t < start_ + window_ ? start_ : t - t % window_;
  }
  std::uint64_t count_at(sim::Micros t) const { return t < start_ + window_ ? count_ : 0; }
  std::size_t bytes() const { return sizeof(*this); }

  // Moves to the window holding `now` (>= the last request).
  void refresh(sim::Micros now) {
    count_ = count_at(now);
    start_ = window_start_at(now);
  }

  Decision decide(sim::Micros now, std::uint64_t cost) {
    const sim::Micros to_end = start_ + window_ - now;
    const bool fits = cost <= limit_ && count_ + cost <= limit_;
    if (fits) count_ += cost;
    const double remaining = static_cast<double>(limit_ - count_);
    const sim::Micros reset = count_ == 0 ? 0 : to_end;
    if (fits) return {true, remaining, 0, reset};
    return {false, remaining, cost > limit_ ? kNever : to_end, reset};
  }

  std::string describe(sim::Micros, sim::Data& data) const {
    data = {{"count", count_}, {"limit", limit_}, {"windowStartMs", sim::to_millis(start_)}};
    return "window " + format_seconds(start_) + "–" + format_seconds(start_ + window_) +
           " holds " + std::to_string(count_) + " of " + std::to_string(limit_);
  }

 private:
  sim::Micros start_ = 0;
  std::uint64_t count_ = 0;
};

}  // namespace sdlab::ratelimit
