#include "cache/stampede.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "sim/clock.h"
#include "sim/random.h"

namespace sdlab::cache {

namespace {
template <class E, std::size_t N>
bool lookup(std::string_view name, const std::pair<std::string_view, E> (&names)[N], E& out) {
  for (const auto& [text, value] : names) {
    if (text == name) {
      out = value;
      return true;
    }
  }
  return false;
}
}  // namespace

bool parse_protection(std::string_view name, Protection& protection) {
  static constexpr std::pair<std::string_view, Protection> kNames[] = {
      {"none", Protection::kNone},
      {"single-flight", Protection::kSingleFlight},
      {"early-expiry", Protection::kEarlyExpiry},
      {"jitter", Protection::kJitter}};
  return lookup(name, kNames, protection);
}

bool parse_arrivals(std::string_view name, Arrivals& arrivals) {
  static constexpr std::pair<std::string_view, Arrivals> kNames[] = {
      {"uniform", Arrivals::kUniform}, {"poisson", Arrivals::kPoisson}};
  return lookup(name, kNames, arrivals);
}

Status check_stampede(const StampedeSpec& s) {
  constexpr double kMinMs = 0.001;  // one microsecond, the clock's tick
  const double max_ms = StampedeSpec::kMaxWindowMs;
  return first_error(
      check_integer("readers", s.readers, 1, StampedeSpec::kMaxReaders),
      check_number("windowMs", s.window_ms, kMinMs, max_ms),
      check_integer("keys", s.keys, 1, StampedeSpec::kMaxKeys),
      check_number("ttlMs", s.ttl_ms, kMinMs, max_ms),
      check_number("loadLatencyMs", s.load_latency_ms, 0, max_ms),
      check_number("beta", s.beta, 0, StampedeSpec::kMaxBeta),
      check_number("jitter", s.jitter, 0, 0.99),
      check_number("bucketMs", s.bucket_ms,
                   std::max(kMinMs, s.window_ms / StampedeSpec::kMaxBuckets), max_ms),
      check_integer("seed", s.seed, 0, 4294967295.0));
}

using sim::Micros;

StampedeRun::StampedeRun(const StampedeSpec& spec)
    : spec_(spec),
      random_(static_cast<std::uint64_t>(spec.seed)),
      window_(std::max<Micros>(1, sim::from_millis(spec.window_ms))),
      bucket_(std::max<Micros>(1, sim::from_millis(spec.bucket_ms))),
      latency_(sim::from_millis(spec.load_latency_ms)),
      keys_(static_cast<std::size_t>(spec.keys)) {
  for (KeyState& key : keys_) key.expires_at = ttl();
  arrivals_ = arrival_times();  // after the first TTLs: the seed's draws keep their order
  const std::size_t buckets = static_cast<std::size_t>((window_ + bucket_ - 1) / bucket_);
  result_.loads_per_bucket.assign(buckets, 0);
  result_.misses_per_bucket.assign(buckets, 0);
}

std::uint64_t StampedeRun::step(std::uint64_t readers) {
  const std::uint64_t first = arrived_;
  for (; arrived_ < arrivals_.size() && arrived_ - first < readers; ++arrived_) {
    while (!loads_.empty() && loads_.top().done <= arrivals_[arrived_]) finish();
    arrive(arrivals_[arrived_], arrived_ % keys_.size());
  }
  if (arrived_ == arrivals_.size()) {
    while (!loads_.empty()) finish();
  }
  return arrived_ - first;
}

StampedeResult StampedeRun::result() const {
  StampedeResult result = result_;
  result.invariants = {single_load_};
  return result;
}

std::vector<Micros> StampedeRun::arrival_times() {
  const auto readers = static_cast<std::uint64_t>(spec_.readers);
  std::vector<Micros> times(readers);
  for (std::uint64_t i = 0; i < readers; ++i) {
    times[i] = spec_.arrivals == Arrivals::kUniform
                   ? static_cast<Micros>(i) * window_ / static_cast<Micros>(readers)
                   : static_cast<Micros>(random_.uniform01() * static_cast<double>(window_));
  }
  std::sort(times.begin(), times.end());
  return times;
}

// The TTL of a write: jittered under the jitter protection.
Micros StampedeRun::ttl() {
  double ttl = static_cast<double>(sim::from_millis(spec_.ttl_ms));
  if (spec_.protection == Protection::kJitter) {
    ttl *= 1 + spec_.jitter * (2 * random_.uniform01() - 1);
  }
  return std::max<Micros>(1, static_cast<Micros>(ttl));
}

void StampedeRun::arrive(Micros now, std::size_t k) {
  KeyState& key = keys_[k];
  const std::size_t bucket = static_cast<std::size_t>(now / bucket_);
  if (now < key.expires_at) {
    ++result_.hits;
    if (spec_.protection == Protection::kEarlyExpiry && reload_early(now, key)) {
      ++result_.early_refreshes;
      start_load(now, k);
    }
    return;
  }
  ++result_.misses;
  ++result_.misses_per_bucket[bucket];
  if (!key.expiry_seen) {
    key.expiry_seen = true;
    ++result_.expiries;
  }
  if (spec_.protection == Protection::kSingleFlight && key.loading > 0) {
    ++result_.waiters;
    return;
  }
  start_load(now, k);
}

// XFetch: now − δ·β·ln(u) ≥ expiry, with u in (0, 1].
bool StampedeRun::reload_early(Micros now, const KeyState& key) {
  const double gap = -static_cast<double>(latency_) * spec_.beta * std::log1p(-random_.uniform01());
  return static_cast<double>(now) + gap >= static_cast<double>(key.expires_at);
}

void StampedeRun::start_load(Micros now, std::size_t k) {
  if (keys_[k].loading > 0 && single_load_.holds) {
    single_load_.holds = false;
    single_load_.step = arrived_;
    single_load_.detail = "at " + format_number(sim::to_millis(now)) + " ms, a second load of key " +
                          std::to_string(k) + " started while the first was in flight";
  }
  ++keys_[k].loading;
  ++in_flight_;
  ++result_.store_loads;
  ++result_.loads_per_bucket[static_cast<std::size_t>(now / bucket_)];
  result_.max_concurrent_loads = std::max(result_.max_concurrent_loads, in_flight_);
  loads_.push(Load{now + latency_, next_order_++, k});
}

void StampedeRun::finish() {
  const Load load = loads_.top();
  loads_.pop();
  KeyState& key = keys_[load.key];
  --key.loading;
  --in_flight_;
  key.expires_at = load.done + ttl();
  key.expiry_seen = false;
}

StampedeResult simulate_stampede(const StampedeSpec& spec) {
  StampedeRun run(spec);
  run.step(run.readers());
  return run.result();
}

}  // namespace sdlab::cache
