// sdlab::ratelimit::Gcra — the generic cell rate algorithm, exactly as redis-cell's
// CL.THROTTLE key max_burst count_per_period period quantity computes it.
//
// State: one time, the theoretical arrival time (TAT). With emission interval T = period /
// count_per_period and delay variation tolerance τ = T·(max_burst + 1) — redis-cell's choice,
// which is why it reports limit = max_burst + 1 and admits max_burst + 1 requests at once from a
// fresh key (a τ of T·max_burst, as in some GCRA write-ups, would admit only max_burst):
//   tat     = max(TAT, now)            a TAT in the past is a missing key in Redis (it expires)
//   new_tat = tat + T·quantity
//   limited = new_tat − τ > now;  otherwise TAT = new_tat
//   retry_after = new_tat − τ − now when limited and T·quantity <= τ; kNever (redis-cell: −1)
//                 when T·quantity > τ (quantity > limit), and 0 when allowed
//   reset_after = (limited ? tat : new_tat) − now             (redis-cell's ttl)
//   remaining   = floor((τ − reset_after) / T), 0 when negative
// Quantity 0 peeks: it is always allowed and changes nothing observable.
//
// Resolution: redis-cell divides the period in integer nanoseconds; here every time is an integer
// number of microseconds and T = period / count_per_period is truncated to the microsecond (so it
// must be at least 1 µs). Decisions are compared with redis-cell at that resolution; the reply
// CL.THROTTLE sends rounds retry_after and reset_after up to whole seconds (see cl_throttle()).
// Complexity: O(1) time and memory.
// Thread-safety: none; one limiter per simulation (see Limiter in limiter.h).
#pragma once

#include <algorithm>
#include <cstdint>

#include "ratelimit/limiter.h"

namespace sdlab::ratelimit {

class Gcra : public Limiter<Gcra> {
 public:
  struct Config {
    double max_burst = 0;         // integer >= 0; limit = max_burst + 1
    double count_per_period = 1;  // integer >= 1
    double period_ms = 1000;      // in [0.001, kMaxWindowMs]; period / count >= 1 µs
  };
  static Status check(const Config& c) {
    Status status = first_error(check_integer("maxBurst", c.max_burst, 0, kMaxLimit - 1),
                                check_limit("countPerPeriod", c.count_per_period),
                                check_window_ms("periodMs", c.period_ms));
    if (!status.is_ok()) return status;
    const double interval = static_cast<double>(sim::from_millis(c.period_ms)) / c.count_per_period;
    if (interval < 1) {
      return Status::invalid("periodMs / countPerPeriod must be at least 0.001 ms, got " +
                             format_number(c.period_ms / c.count_per_period));
    }
    if (std::floor(interval) * (c.max_burst + 1) > kMaxWindowMs * sim::kMicrosPerMilli) {
      return Status::invalid("the burst tolerance periodMs / countPerPeriod × (maxBurst + 1) "
                             "must be at most " + format_number(kMaxWindowMs) + " ms");
    }
    return Status::ok();
  }

  // Precondition: check(config) is ok.
  explicit Gcra(const Config& config)
      : limit_(static_cast<std::uint64_t>(config.max_burst) + 1),
        interval_(sim::from_millis(config.period_ms) /
                  static_cast<sim::Micros>(config.count_per_period)),
        tolerance_(interval_ * static_cast<sim::Micros>(limit_)) {}

  sim::Micros tat() const { return tat_; }
  sim::Micros emission_interval() const { return interval_; }
  sim::Micros tolerance() const { return tolerance_; }
  std::uint64_t limit() const { return limit_; }
  std::size_t bytes() const { return sizeof(*this); }

  void refresh(sim::Micros) {}

  Decision decide(sim::Micros now, std::uint64_t quantity) {
    const sim::Micros tat = std::max(tat_, now);
    if (quantity > limit_) return {false, remaining(tat - now), kNever, tat - now};
    const sim::Micros new_tat = tat + interval_ * static_cast<sim::Micros>(quantity);
    const sim::Micros allow_at = new_tat - tolerance_;
    if (allow_at > now) return {false, remaining(tat - now), allow_at - now, tat - now};
    tat_ = new_tat;
    return {true, remaining(new_tat - now), 0, new_tat - now};
  }

  std::string describe(sim::Micros now, sim::Data& data) const {
    const sim::Micros tat = std::max(tat_, now);
    data = {{"tatMs", sim::to_millis(tat)},
            {"aheadMs", sim::to_millis(tat - now)},
            {"toleranceMs", sim::to_millis(tolerance_)},
            {"intervalMs", sim::to_millis(interval_)}};
    return "TAT " + format_seconds(tat) + " is " + format_seconds(tat - now) + " ahead (τ " +
           format_seconds(tolerance_) + ", T " + format_seconds(interval_) + ")";
  }

 private:
  double remaining(sim::Micros ttl) const {
    const sim::Micros next = tolerance_ - ttl;
    return next > 0 ? static_cast<double>(next / interval_) : 0;
  }

  std::uint64_t limit_;
  sim::Micros interval_;   // T
  sim::Micros tolerance_;  // τ
  sim::Micros tat_ = 0;
};

// The reply CL.THROTTLE sends: [limited, limit, remaining, retry_after, reset_after], the two
// durations rounded up to whole seconds, retry_after −1 when allowed or never.
struct ClThrottleReply {
  std::int64_t limited, limit, remaining, retry_after, reset_after;
  bool operator==(const ClThrottleReply&) const = default;
};

inline ClThrottleReply cl_throttle(const Decision& d, std::uint64_t limit) {
  auto seconds_up = [](sim::Micros t) { return (t + 999'999) / 1'000'000; };
  return {d.allowed ? 0 : 1, static_cast<std::int64_t>(limit),
          static_cast<std::int64_t>(d.remaining),
          d.allowed || d.retry_after == kNever ? -1 : seconds_up(d.retry_after),
          seconds_up(d.reset_after)};
}

}  // namespace sdlab::ratelimit
