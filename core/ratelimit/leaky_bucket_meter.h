// sdlab::ratelimit::LeakyBucketMeter — the leaky bucket as a meter: a level that drains
// continuously at a fixed rate; a request of cost n raises it by n, or is rejected when
// level + n > capacity. Nothing waits: unlike LeakyBucketQueue, a request is answered at once.
//
// The meter is the token bucket seen upside down (level = capacity − tokens), so with the same
// rate and capacity it makes the same decisions as TokenBucket; it differs in bookkeeping only:
// the level is brought up to date on every request, admitted or not. The level is counted in
// exact units (see ExactRate), so bringing it up to date never changes a later decision.
//
// Decision: remaining = capacity − level; retry_after = the first microsecond at which the same
// request would fit (kNever when n > capacity); reset_after = until the bucket is empty.
// Configuration: capacity / leak_per_sec, a drain from full, at most kMaxFillMs (100 years).
// Complexity: O(1) time and memory. Invariants: 0 <= level <= capacity.
// Thread-safety: none; one limiter per simulation (see Limiter in limiter.h).
#pragma once

#include "ratelimit/exact_rate.h"
#include "ratelimit/limiter.h"

namespace sdlab::ratelimit {

class LeakyBucketMeter : public Limiter<LeakyBucketMeter> {
 public:
  struct Config {
    double capacity = 1;      // integer >= 1
    double leak_per_sec = 1;  // units drained per second
  };
  static Status check(const Config& c) {
    Status status =
        first_error(check_limit("capacity", c.capacity), check_rate("leakPerSec", c.leak_per_sec));
    if (!status.is_ok()) return status;
    return check_fill("capacity / leakPerSec, the time a full bucket takes to drain,", c.capacity,
                      c.leak_per_sec);
  }

  // Precondition: check(config) is ok.
  explicit LeakyBucketMeter(const Config& config)
      : leak_(ExactRate::per_second(config.leak_per_sec)),
        capacity_(static_cast<std::uint64_t>(config.capacity)),
        drain_(leak_.until(leak_.units(capacity_))) {}

  // The level at `t` (>= last_update()).
  double level_at(sim::Micros t) const { return leak_.tokens(units_at(t)); }
  double level() const { return leak_.tokens(level_); }  // as of last_update()
  sim::Micros last_update() const { return last_; }
  double capacity() const { return static_cast<double>(capacity_); }
  double leak_rate() const { return leak_.per_second(); }
  std::size_t bytes() const { return sizeof(*this); }

  void refresh(sim::Micros now) {
    level_ = units_at(now);
    last_ = now;
  }

  Decision decide(sim::Micros, std::uint64_t cost) {
    const Units capacity = leak_.units(capacity_);
    const Units need = leak_.units(cost);
    const double room = leak_.tokens(capacity - level_);
    if (cost > capacity_) return {false, room, kNever, until(0)};
    if (level_ + need > capacity) return {false, room, until(capacity - need), until(0)};
    level_ += need;
    return {true, leak_.tokens(capacity - level_), 0, until(0)};
  }

  std::string describe(sim::Micros, sim::Data& data) const {
    data = {{"level", level()}, {"capacity", capacity_}};
    return "level " + format_amount(level()) + " of " + std::to_string(capacity_);
  }

 private:
  Units units_at(sim::Micros t) const {
    if (t - last_ >= drain_) return 0;
    const Units drained = leak_.over(t - last_);
    return level_ > drained ? level_ - drained : 0;
  }
  // Until the level, as of the last request, has drained to `target`.
  sim::Micros until(Units target) const {
    return level_ <= target ? 0 : leak_.until(level_ - target);
  }

  ExactRate leak_;
  std::uint64_t capacity_;
  sim::Micros drain_;  // a drain from full, at most kMaxFillMs
  Units level_ = 0;    // as of last_
  sim::Micros last_ = 0;
};

}  // namespace sdlab::ratelimit
