#include "messaging/backoff.h"

#include <algorithm>

#include "sim/micros.h"

namespace sdlab::messaging {

const char* jitter_name(Jitter jitter) {
  switch (jitter) {
    case Jitter::kNone:
      return "none";
    case Jitter::kFull:
      return "full";
    case Jitter::kEqual:
      return "equal";
    case Jitter::kDecorrelated:
      return "decorrelated";
  }
  return "?";
}

Status check_backoff_config(const BackoffConfig& config) {
  Status s = first_error(sim::check_micros("base", config.base, 1, kMaxBackoff),
                         sim::check_micros("cap", config.cap, 1, kMaxBackoff),
                         check_integer("maxAttempts", config.max_attempts, 1, kMaxAttemptsLimit));
  if (s.is_ok() && config.cap < config.base) {
    return Status::invalid("cap must be at least base (" + sim::format_micros(config.base) +
                           "), got " + sim::format_micros(config.cap));
  }
  return s;
}

Micros exponential_delay(const BackoffConfig& config, std::uint32_t retry) {
  // base · 2^n <= cap  ⇔  base <= cap >> n (for n < 63; cap >> 63 is 0 < base).
  if (retry >= 63 || config.base > (config.cap >> retry)) return config.cap;
  return config.base << retry;
}

DelayBounds delay_bounds(const BackoffConfig& config, std::uint32_t retry, Micros previous) {
  const Micros v = exponential_delay(config, retry);
  switch (config.jitter) {
    case Jitter::kNone:
      return {v, v};
    case Jitter::kFull:
      return {0, v};
    case Jitter::kEqual:
      return {v - v / 2, v};
    case Jitter::kDecorrelated: {
      const Micros prev = std::clamp(previous, config.base, config.cap);
      return {config.base, prev > config.cap / 3 ? config.cap : prev * 3};
    }
  }
  return {v, v};
}

Micros backoff_delay(const BackoffConfig& config, std::uint32_t retry, Micros previous,
                     sim::Random& random) {
  const DelayBounds b = delay_bounds(config, retry, previous);
  return b.low + static_cast<Micros>(random.below(static_cast<std::uint64_t>(b.high - b.low) + 1));
}

}  // namespace sdlab::messaging
