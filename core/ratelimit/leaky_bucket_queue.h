// sdlab::ratelimit::LeakyBucketQueue — the leaky bucket as a queue (traffic shaping): admitted
// requests wait in a bounded FIFO and leave it one after another at a fixed rate; a request that
// would overflow the queue is rejected.
//
// A request of cost n takes n / leak_per_sec seconds to drain: it departs at
// max(now, previous departure) + n / leak_per_sec (rounded up to the microsecond; the schedule
// itself is kept exact, in ExactRate's units), and occupies the queue from its arrival until its
// departure. It is admitted when the cost still queued plus n is at most `capacity`. Output is
// perfectly smooth (never faster than the leak rate) at the price of added latency:
// last_departure(now) − now.
//
// Decision: remaining = capacity − queued cost; retry_after = until enough queued requests
// depart (kNever when n > capacity); reset_after = until the queue is empty.
// Configuration: capacity / leak_per_sec, a drain from full, at most kMaxFillMs (100 years).
// Complexity: request O(1) amortized, retry_after O(queue) when rejected. Memory O(capacity).
// Invariants: queued cost <= capacity; departures are non-decreasing, after `now` and at most a
// drain from full later.
// Thread-safety: none; one limiter per simulation (see Limiter in limiter.h).
#pragma once

#include "ratelimit/exact_rate.h"
#include "ratelimit/limiter.h"
#include "ratelimit/timed_queue.h"

namespace sdlab::ratelimit {

class LeakyBucketQueue : public Limiter<LeakyBucketQueue> {
 public:
  struct Config {
    double capacity = 1;      // queued cost, integer >= 1
    double leak_per_sec = 1;  // cost drained per second
  };
  static Status check(const Config& c) {
    Status status =
        first_error(check_limit("capacity", c.capacity), check_rate("leakPerSec", c.leak_per_sec));
    if (!status.is_ok()) return status;
    return check_fill("capacity / leakPerSec, the time a full queue takes to drain,", c.capacity,
                      c.leak_per_sec);
  }

  // Precondition: check(config) is ok.
  explicit LeakyBucketQueue(const Config& config)
      : capacity_(static_cast<std::uint64_t>(config.capacity)),
        leak_(ExactRate::per_second(config.leak_per_sec)) {}

  std::uint64_t capacity() const { return capacity_; }
  double leak_rate() const { return leak_.per_second(); }
  std::uint64_t queued() const { return queue_.total(); }
  // The cost still queued at `t` (>= the last request): queued() once refreshed to `t`.
  std::uint64_t queued_at(sim::Micros t) const { return queue_.total_at(t); }
  // When the last queued request departs (`now` when the queue is empty).
  sim::Micros last_departure(sim::Micros now) const { return now + queue_.until_empty(now); }
  std::size_t bytes() const { return sizeof(*this) + queue_.heap_bytes(); }

  // Visits the queue from its head as visit(departs_at, cost).
  template <class F>
  void for_each(F&& visit) const {
    queue_.for_each([&](const TimedQueue::Entry& e) { visit(e.leaves_at, e.cost); });
  }
  // The same, for the requests still queued at `t` (>= the last request).
  template <class F>
  void for_each_at(sim::Micros t, F&& visit) const {
    queue_.for_each_at(t, [&](const TimedQueue::Entry& e) { visit(e.leaves_at, e.cost); });
  }

  void refresh(sim::Micros now) { queue_.drop_until(now); }

  Decision decide(sim::Micros now, std::uint64_t cost) {
    const double remaining = static_cast<double>(capacity_ - queue_.total());
    if (cost > capacity_) return {false, remaining, kNever, queue_.until_empty(now)};
    if (queue_.total() + cost > capacity_) {
      return {false, remaining, queue_.room_at(capacity_, cost) - now, queue_.until_empty(now)};
    }
    if (cost > 0) queue_.push(drain(now, cost), cost);
    return {true, static_cast<double>(capacity_ - queue_.total()), 0, queue_.until_empty(now)};
  }

  std::string describe(sim::Micros now, sim::Data& data) const {
    data = {{"queued", queue_.total()}, {"capacity", capacity_}};
    std::string text = "queue holds " + std::to_string(queue_.total()) + " of " +
                       std::to_string(capacity_);
    if (!queue_.empty()) {
      text += ", the last departing in " + format_seconds(queue_.until_empty(now));
    }
    return text;
  }

 private:
  // Schedules `cost` more behind the queued work, or from `now` when the drain is idle; returns
  // its departure, the microsecond the drain finishes it (rounded up).
  sim::Micros drain(sim::Micros now, std::uint64_t cost) {
    if (now > drained_at_ || (now == drained_at_ && drained_part_ == 0)) {
      drained_at_ = now;
      drained_part_ = 0;
    }
    const Units work = drained_part_ + leak_.units(cost);
    drained_at_ += static_cast<sim::Micros>(work / leak_.units_per_micro());
    drained_part_ = static_cast<std::uint64_t>(work % leak_.units_per_micro());
    return drained_at_ + (drained_part_ > 0 ? 1 : 0);
  }

  std::uint64_t capacity_;
  ExactRate leak_;
  // The drain finishes the queued work at drained_at_ + drained_part_ / p µs exactly
  // (0 <= drained_part_ < p, ExactRate's units per microsecond).
  sim::Micros drained_at_ = 0;
  std::uint64_t drained_part_ = 0;
  TimedQueue queue_;
};

}  // namespace sdlab::ratelimit
