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

}  // namespace sdlab::ratelimit
