// sdlab::ratelimit::LeakyBucketMeter — the leaky bucket as a meter: a level that drains
// continuously at a fixed rate; a request of cost n raises it by n, or is rejected when
// level + n > capacity. Nothing waits: unlike LeakyBucketQueue, a request is answered at once.
//
// The meter is the token bucket seen upside down (level = capacity − tokens), so with the same
// rate and capacity it makes the same decisions as TokenBucket; it differs in bookkeeping only:
// the level is brought up to date on every request, admitted or not.
//
// Decision: remaining = capacity − level; retry_after = the first microsecond at which the same
// request would fit (kNever when n > capacity); reset_after = until the bucket is empty.
// Complexity: O(1) time and memory. Invariants (invariants(), O(1)): 0 <= level <= capacity; the
// level is brought up to the last request.
// Thread-safety: none; one limiter per simulation (see Limiter in limiter.h).
#pragma once

#include <algorithm>

#include "ratelimit/limiter.h"

namespace sdlab::ratelimit {

class LeakyBucketMeter : public Limiter<LeakyBucketMeter> {
 public:
  struct Config {
    double capacity = 1;      // integer >= 1
    double leak_per_sec = 1;  // units drained per second
  };
  static Status check(const Config& c) {
    return first_error(check_limit("capacity", c.capacity),
                       check_rate("leakPerSec", c.leak_per_sec));
  }

  // Precondition: check(config) is ok.
  explicit LeakyBucketMeter(const Config& config)
      : capacity_(config.capacity), leak_(config.leak_per_sec) {}

  // The level at `t` (>= last_update()).
  double level_at(sim::Micros t) const {
    return std::max(0.0, level_ - static_cast<double>(t - last_) / 1e6 * leak_);
  }
  double level() const { return level_; }  // as of last_update()
  sim::Micros last_update() const { return last_; }
  double capacity() const { return capacity_; }
  double leak_rate() const { return leak_; }
  std::size_t bytes() const { return sizeof(*this); }

  void refresh(sim::Micros now) {
    level_ = level_at(now);
    last_ = now;
  }

  Decision decide(sim::Micros now, std::uint64_t cost) {
    const double n = static_cast<double>(cost);
    if (n > capacity_) return {false, capacity_ - level_, kNever, until(now, 0)};
    if (level_ + n > capacity_) {
      return {false, capacity_ - level_, until(now, capacity_ - n), until(now, 0)};
    }
    level_ += n;
    return {true, capacity_ - level_, 0, until(now, 0)};
  }

  std::string describe(sim::Micros) const {
    return "level " + format_amount(level_) + " of " + format_amount(capacity_);
  }

  Invariants invariants() const {
    Invariants list;
    check_invariant(list, "its level stays between 0 and capacity", level_ >= 0 && level_ <= capacity_, [&] {
      return "level " + format_amount(level_) + ", capacity " + format_amount(capacity_);
    });
    check_invariant(list, "drains up to the last request", last_ == last_seen(), [&] {
      return "drained to " + format_seconds(last_) + ", the last request at " + format_seconds(last_seen());
    });
    return list;
  }

 private:
  template <class>
  friend struct ::sdlab::TestPeer;
  // Until the level has drained to `target`.
  sim::Micros until(sim::Micros now, double target) const {
    return micros_until(level_ - target, leak_,
                        [&](sim::Micros d) { return level_at(now + d) <= target; });
  }

  double capacity_;
  double leak_;
  double level_ = 0;
  sim::Micros last_ = 0;
};

}  // namespace sdlab::ratelimit
