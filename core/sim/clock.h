// sdlab::sim::Clock — simulated time that the caller advances.
//
// Every time-dependent block (TTL caches, rate limiters, schedulers…) reads time from a Clock it
// is given instead of the wall clock, so the same operations always produce the same states and
// the page can replay, step back and share a run.
//
// Time is an integer count of microseconds since the start of the simulation: exact, totally
// ordered, and identical in the native and WebAssembly builds.
//
// Invariants: now() never decreases. advance() and advance_to() are O(1).
// Thread-safety: none; a Clock belongs to one simulation.
#pragma once

#include <cmath>
#include <cstdint>

namespace sdlab::sim {

using Micros = std::int64_t;

constexpr Micros kMicrosPerMilli = 1000;

// Milliseconds (a page's or a script's unit) to whole microseconds, rounded to the nearest (halves
// away from zero). Precondition: |ms| * 1000 fits in Micros (callers bound what they take).
inline Micros from_millis(double ms) { return std::llround(ms * kMicrosPerMilli); }
constexpr double to_millis(Micros us) { return static_cast<double>(us) / kMicrosPerMilli; }

class Clock {
 public:
  Micros now() const { return now_; }

  // Precondition: by >= 0 (checked by callers that take it from outside; see common/args.h).
  void advance(Micros by) { now_ += by; }

  // Moves to `t` if it is later; an earlier `t` leaves the clock where it is.
  void advance_to(Micros t) {
    if (t > now_) now_ = t;
  }

 private:
  Micros now_ = 0;
};

}  // namespace sdlab::sim
