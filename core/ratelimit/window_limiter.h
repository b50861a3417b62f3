// sdlab::ratelimit::WindowLimiter — the base of the window algorithms (FixedWindow,
// SlidingWindowLog, SlidingWindowCounter): their configuration, `limit` cost per `window_ms`, and
// its checks. A is the algorithm, as in Limiter<A>.
#pragma once

#include <cstdint>

#include "ratelimit/limiter.h"

namespace sdlab::ratelimit {

template <class A>
class WindowLimiter : public Limiter<A> {
 public:
  struct Config {
    double limit = 1;         // integer >= 1
    double window_ms = 1000;  // in [0.001, kMaxWindowMs]
  };
  static Status check(const Config& c) {
    return first_error(check_limit("limit", c.limit), check_window_ms("windowMs", c.window_ms));
  }

  // Precondition: check(config) is ok.
  explicit WindowLimiter(const Config& config)
      : limit_(static_cast<std::uint64_t>(config.limit)),
        window_(sim::from_millis(config.window_ms)) {}

  std::uint64_t limit() const { return limit_; }
  sim::Micros window() const { return window_; }

 protected:
  std::uint64_t limit_;
  sim::Micros window_;
};

}  // namespace sdlab::ratelimit
