#include "ratelimit/limiter.h"

#include <algorithm>
#include <cstdio>

#include "ratelimit/exact_rate.h"

namespace sdlab::ratelimit {

std::string format_seconds(sim::Micros t) {
  const auto magnitude = t < 0 ? 0 - static_cast<std::uint64_t>(t) : static_cast<std::uint64_t>(t);
  const unsigned long long seconds = magnitude / 1'000'000, micros = magnitude % 1'000'000;
  char buffer[48];
  if (micros % sim::kMicrosPerMilli == 0) {
    std::snprintf(buffer, sizeof buffer, "%s%llu.%03llu s", t < 0 ? "-" : "", seconds,
                  micros / 1000);
  } else {
    std::snprintf(buffer, sizeof buffer, "%s%llu.%06llu s", t < 0 ? "-" : "", seconds, micros);
  }
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

Status check_fill(const char* what, double amount, double per_second) {
  const ExactRate rate = ExactRate::per_second(per_second);
  const auto max_fill = static_cast<sim::Micros>(kMaxFillMs) * sim::kMicrosPerMilli;
  if (rate.units(static_cast<std::uint64_t>(amount)) <= rate.over(max_fill)) return Status::ok();
  return Status::invalid(std::string(what) + " must be at most " +
                         format_number(kMaxFillMs / 1000) + " s (100 years), got " +
                         format_number(amount / per_second) + " s");
}

Status check_request(sim::Micros now, sim::Micros last_seen, std::uint64_t cost) {
  if (now < 0 || now > sim::kMaxTime) {
    return Status::invalid("time must be in [0, " + format_seconds(sim::kMaxTime) + "], got " +
                           format_seconds(now));
  }
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

Status check_advance(const sim::Clock& clock, double ms) {
  const double left_ms = std::floor(static_cast<double>(clock.left()) / sim::kMicrosPerMilli);
  return check_number("ms", ms, 0, std::min(kMaxFillMs, left_ms));
}

}  // namespace sdlab::ratelimit
