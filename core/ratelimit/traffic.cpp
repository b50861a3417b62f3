#include "ratelimit/traffic.h"

#include <algorithm>
#include <cmath>

#include "ratelimit/limiter.h"
#include "sim/random.h"

namespace sdlab::ratelimit {

Status parse_pattern(std::string_view name, Pattern& pattern) {
  static constexpr std::pair<std::string_view, Pattern> kNames[] = {
      {"steady", Pattern::kSteady},     {"bursty", Pattern::kBursty},
      {"poisson", Pattern::kPoisson},   {"boundary", Pattern::kBoundary},
      {"abuser", Pattern::kAbuser}};
  return parse_name("pattern", name, kNames, pattern);
}

namespace {

// How many requests the spec asks for (the mean, for the Poisson patterns).
double expected_requests(const TrafficSpec& s) {
  const double seconds = s.duration_ms / 1000;
  switch (s.pattern) {
    case Pattern::kSteady:
    case Pattern::kPoisson: return s.rate_per_sec * seconds;
    case Pattern::kBursty: return s.burst * std::ceil(s.duration_ms / s.period_ms);
    case Pattern::kBoundary: return s.burst * (s.duration_ms / s.window_ms + 1);
    case Pattern::kAbuser: return (s.rate_per_sec + s.abuser_rate_per_sec) * seconds;
  }
  return 0;
}

// A Poisson stream over [0, duration) from clients first + [0, count), appended to `out`.
void poisson(sim::Random& random, double per_sec, sim::Micros duration, std::uint32_t first,
             std::uint32_t count, std::uint32_t cost, std::vector<Arrival>& out) {
  const double mean_gap = 1e6 / per_sec;
  for (double t = random.exponential(mean_gap); t < static_cast<double>(duration);
       t += random.exponential(mean_gap)) {
    const auto client = first + static_cast<std::uint32_t>(random.below(count));
    out.push_back({static_cast<sim::Micros>(t), client, cost});
  }
}

}  // namespace

Status check_traffic(const TrafficSpec& s) {
  Status status = first_error(
      check_window_ms("durationMs", s.duration_ms), check_rate("ratePerSec", s.rate_per_sec),
      check_limit("burst", s.burst), check_window_ms("periodMs", s.period_ms),
      check_window_ms("windowMs", s.window_ms),
      check_integer("clients", s.clients, s.pattern == Pattern::kAbuser ? 2 : 1,
                    TrafficSpec::kMaxClients),
      check_rate("abuserRatePerSec", s.abuser_rate_per_sec), check_limit("cost", s.cost),
      check_integer("seed", s.seed, 0, 4294967295.0));
  if (!status.is_ok()) return status;
  const double requests = expected_requests(s);
  if (requests > TrafficSpec::kMaxRequests) {
    return Status::invalid("the traffic would have about " + format_number(std::round(requests)) +
                           " requests, more than " + format_number(TrafficSpec::kMaxRequests));
  }
  return Status::ok();
}

std::vector<Arrival> generate_traffic(const TrafficSpec& s) {
  const sim::Micros duration = sim::from_millis(s.duration_ms);
  const auto clients = static_cast<std::uint32_t>(s.clients);
  const auto cost = static_cast<std::uint32_t>(s.cost);
  const auto burst = static_cast<std::uint32_t>(s.burst);
  sim::Random random(static_cast<std::uint64_t>(s.seed));
  std::vector<Arrival> out;
  out.reserve(static_cast<std::size_t>(expected_requests(s) * 1.1) + 16);
  std::uint32_t turn = 0;
  auto burst_at = [&](sim::Micros t) {
    if (t < 0 || t >= duration) return;
    for (std::uint32_t i = 0; i < burst; ++i) out.push_back({t, turn++ % clients, cost});
  };
  switch (s.pattern) {
    case Pattern::kSteady: {
      const double gap = 1e6 / s.rate_per_sec;
      for (double t = 0; t < static_cast<double>(duration); t = gap * turn) {
        out.push_back({std::llround(t), turn++ % clients, cost});
      }
      break;
    }
    case Pattern::kBursty:
      for (sim::Micros t = 0; t < duration; t += sim::from_millis(s.period_ms)) burst_at(t);
      break;
    case Pattern::kPoisson:
      poisson(random, s.rate_per_sec, duration, 0, clients, cost, out);
      break;
    case Pattern::kBoundary: {
      const sim::Micros window = sim::from_millis(s.window_ms);
      for (sim::Micros b = window; b - 1 < duration; b += 2 * window) {
        burst_at(b - 1);
        burst_at(b);
      }
      break;
    }
    case Pattern::kAbuser: {
      poisson(random, s.rate_per_sec, duration, 1, clients - 1, cost, out);
      const auto others = static_cast<std::ptrdiff_t>(out.size());
      poisson(random, s.abuser_rate_per_sec, duration, 0, 1, cost, out);
      std::inplace_merge(out.begin(), out.begin() + others, out.end(),
                         [](const Arrival& a, const Arrival& b) { return a.time < b.time; });
      break;
    }
  }
  return out;
}

}  // namespace sdlab::ratelimit
