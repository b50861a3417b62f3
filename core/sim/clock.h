// sdlab::sim::Clock — simulated time that the caller advances.
//
// Every time-dependent block (TTL caches, rate limiters, schedulers…) reads time from a Clock it
// is given instead of the wall clock, so the same operations always produce the same states and
// the page can replay, step back and share a run.
//
// Time is an integer count of microseconds since the start of the simulation: exact, totally
// ordered, and identical in the native and WebAssembly builds. It ends at kMaxTime, 2^53 µs
// (about 285 years): every time is then also an exact double, and a time plus any duration a
// block allows stays far from the int64 limit.
//
// Invariants: 0 <= now() <= kMaxTime, and now() never decreases: advance() and advance_to() stop
// at kMaxTime instead of wrapping. Both are O(1).
// Thread-safety: none; a Clock belongs to one simulation.
#pragma once

#include <cmath>
#include <cstdint>

namespace sdlab::sim {

using Micros = std::int64_t;

constexpr Micros kMicrosPerMilli = 1000;
constexpr Micros kMaxTime = Micros{1} << 53;

// Milliseconds (a page's or a script's unit) to whole microseconds, rounded to the nearest (halves
// away from zero). Precondition: |ms| * 1000 fits in Micros (callers bound what they take).
inline Micros from_millis(double ms) { return std::llround(ms * kMicrosPerMilli); }
constexpr double to_millis(Micros us) { return static_cast<double>(us) / kMicrosPerMilli; }

class Clock {
 public:
  Micros now() const { return now_; }
  // Until the clock stops, kMaxTime − now().
  Micros left() const { return kMaxTime - now_; }

  // Moves on by `by` (callers that take it from outside check it first, e.g. ratelimit's
  // check_advance); stops at kMaxTime, and a negative `by` leaves the clock where it is.
  void advance(Micros by) {
    if (by > 0) now_ = by < left() ? now_ + by : kMaxTime;
  }

  // Moves to `t` if it is later, stopping at kMaxTime; an earlier `t` leaves the clock where it is.
  void advance_to(Micros t) {
    if (t > now_) now_ = t < kMaxTime ? t : kMaxTime;
  }

 private:
  Micros now_ = 0;
};

}  // namespace sdlab::sim
