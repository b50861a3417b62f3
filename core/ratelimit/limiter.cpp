#include "ratelimit/limiter.h"

#include <cstdio>

namespace sdlab::ratelimit {

std::string format_seconds(sim::Micros t) {
  char buffer[40];
  const bool whole_ms = t % sim::kMicrosPerMilli == 0;
  std::snprintf(buffer, sizeof buffer, whole_ms ? "%.3f s" : "%.6f s",
                static_cast<double>(t) / 1e6);
  return buffer;
}

std::string format_amount(double amount) {
  if (amount == std::floor(amount)) return format_number(amount);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.2f", amount);
  return buffer;
}

Status check_rate(const char* name, double per_second) {
  return check_number(name, per_second, kMinRate, kMaxRate);
}

Status check_limit(const char* name, double limit) {
  return check_integer(name, limit, 1, kMaxLimit);
}

Status check_window_ms(const char* name, double ms) {
  return check_number(name, ms, 0.001, kMaxWindowMs);
}

Status check_request(sim::Micros now, sim::Micros last_seen, std::uint64_t cost) {
  if (now < last_seen) {
    return Status::invalid("time went backwards: " + format_seconds(now) +
                           " is before the last request at " + format_seconds(last_seen));
  }
  if (cost > kMaxCost) {
    return Status::invalid("cost must be an integer in [0, " + format_amount(kMaxCost) +
                           "], got " + std::to_string(cost));
  }
  return Status::ok();
}

}  // namespace sdlab::ratelimit
