// sdlab::ratelimit::SlidingWindowLog — remembers the time of every admitted request and admits a
// request of cost n when the admitted cost in the last `window` plus n is at most `limit`.
//
// The window ending at `now` is (now − window, now]: a request admitted at t counts until
// t + window and no longer. Rejected requests are not logged (as in the seeds' version). Exact —
// no boundary effect, never more than `limit` in any window — at the price of memory that grows
// with the limit: one 16-byte {time, cost} entry per admitted request still in the window.
//
// Decision: remaining = limit − logged cost; retry_after = until enough entries age out
// (kNever when n > limit); reset_after = until the newest entry ages out (the log is empty).
// Complexity: request O(1) amortized, retry_after O(entries) when rejected. Memory O(limit).
// Invariants: logged cost <= limit; every entry is younger than the window.
// Thread-safety: none; one limiter per simulation (see Limiter in limiter.h).
#pragma once

#include "ratelimit/window_limiter.h"
#include "ratelimit/timed_queue.h"

namespace sdlab::ratelimit {

class SlidingWindowLog : public WindowLimiter<SlidingWindowLog> {
 public:
  using WindowLimiter::WindowLimiter;

  std::uint64_t count() const { return log_.total(); }
  // The cost logged in the window ending at `t` (>= the last request): count() once refreshed.
  std::uint64_t count_at(sim::Micros t) const { return log_.total_at(t); }
  std::size_t bytes() const { return sizeof(*this) + log_.heap_bytes(); }

  // Visits the log from the oldest entry as visit(admitted_at, cost).
  template <class F>
  void for_each(F&& visit) const {
    log_.for_each([&](const TimedQueue::Entry& e) { visit(e.leaves_at - window_, e.cost); });
  }
  // The same, for the entries still in the window ending at `t` (>= the last request).
  template <class F>
  void for_each_at(sim::Micros t, F&& visit) const {
    log_.for_each_at(t, [&](const TimedQueue::Entry& e) { visit(e.leaves_at - window_, e.cost); });
  }

  void refresh(sim::Micros now) { log_.drop_until(now); }

  Decision decide(sim::Micros now, std::uint64_t cost) {
    const sim::Micros reset = log_.until_empty(now);
    const double remaining = static_cast<double>(limit_ - log_.total());
    if (cost > limit_) return {false, remaining, kNever, reset};
    if (log_.total() + cost > limit_) {
      return {false, remaining, log_.room_at(limit_, cost) - now, reset};
    }
    if (cost > 0) log_.push(now + window_, cost);
    return {true, static_cast<double>(limit_ - log_.total()), 0, log_.until_empty(now)};
  }

  std::string describe(sim::Micros now, sim::Data& data) const {
    data = {{"count", log_.total()}, {"limit", limit_}};
    return "window (" + format_seconds(now - window_) + ", " + format_seconds(now) + "] holds " +
           std::to_string(log_.total()) + " of " + std::to_string(limit_);
  }

 private:
  TimedQueue log_;
};

}  // namespace sdlab::ratelimit
