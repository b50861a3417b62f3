#include "ratelimit/comparison.h"

#include <algorithm>
#include <string>

#include "ratelimit/fixed_window.h"
#include "ratelimit/gcra.h"
#include "ratelimit/keyed_limiter.h"
#include "ratelimit/leaky_bucket_meter.h"
#include "ratelimit/leaky_bucket_queue.h"
#include "ratelimit/sliding_window_counter.h"
#include "ratelimit/sliding_window_log.h"
#include "ratelimit/token_bucket.h"

namespace sdlab::ratelimit {

const char* algorithm_name(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::kTokenBucket: return "tokenBucket";
    case Algorithm::kLeakyBucketQueue: return "leakyBucketQueue";
    case Algorithm::kLeakyBucketMeter: return "leakyBucketMeter";
    case Algorithm::kFixedWindow: return "fixedWindow";
    case Algorithm::kSlidingWindowLog: return "slidingWindowLog";
    case Algorithm::kSlidingWindowCounter: return "slidingWindowCounter";
    case Algorithm::kGcra: return "gcra";
  }
  return "";
}

std::vector<Algorithm> all_algorithms() {
  return {Algorithm::kTokenBucket, Algorithm::kLeakyBucketQueue, Algorithm::kLeakyBucketMeter,
          Algorithm::kFixedWindow, Algorithm::kSlidingWindowLog, Algorithm::kSlidingWindowCounter,
          Algorithm::kGcra};
}

bool parse_algorithm(std::string_view name, Algorithm& algorithm) {
  for (Algorithm candidate : all_algorithms()) {
    if (name == algorithm_name(candidate)) {
      algorithm = candidate;
      return true;
    }
  }
  return false;
}

namespace {

// The budget of `limit` per window in each algorithm's own parameters.
template <class A>
typename A::Config config_for(double limit, double window_ms) {
  const double per_sec = limit / window_ms * 1000;
  if constexpr (std::is_same_v<A, TokenBucket>) return {per_sec, limit};
  else if constexpr (std::is_same_v<A, Gcra>) return {limit - 1, limit, window_ms};
  else if constexpr (requires { A::Config::leak_per_sec; }) return {limit, per_sec};
  else return {limit, window_ms};
}

// The most cost one client had admitted within any span (t − window, t], t an admission.
class WindowPeak {
 public:
  explicit WindowPeak(sim::Micros window) : window_(window) {}

  void admit(std::uint32_t client, sim::Micros t, std::uint64_t cost) {
    if (client >= admitted_.size()) admitted_.resize(client + 1);
    admitted_[client].push_back({t, cost});
  }

  std::uint64_t peak() const {
    std::uint64_t peak = 0;
    for (const auto& times : admitted_) {
      std::uint64_t sum = 0;
      for (std::size_t first = 0, last = 0; last < times.size(); ++last) {
        sum += times[last].cost;
        while (times[first].time + window_ <= times[last].time) sum -= times[first++].cost;
        peak = std::max(peak, sum);
      }
    }
    return peak;
  }

 private:
  struct Admitted {
    sim::Micros time;
    std::uint64_t cost;
  };
  sim::Micros window_;
  std::vector<std::vector<Admitted>> admitted_;
};

template <class A>
AlgorithmRun run(Algorithm algorithm, const std::vector<Arrival>& traffic,
                 const std::vector<std::string>& keys, const ComparisonSpec& spec, Detail detail) {
  const sim::Micros window = sim::from_millis(spec.window_ms);
  KeyedLimiter<A> limiter(config_for<A>(spec.limit, spec.window_ms), 2 * window);
  const bool everything = detail == Detail::kEverything;
  WindowPeak peak(window);
  AlgorithmRun result{algorithm, {}};
  if (everything) result.allowed.reserve(traffic.size());
  for (const Arrival& a : traffic) {
    Decision d;
    if (!limiter.request(keys[a.client], a.time, a.cost, &d).is_ok()) d.allowed = false;
    ++(d.allowed ? result.admitted : result.rejected);
    if (!everything) continue;
    result.allowed.push_back(d.allowed ? 1 : 0);
    if (d.allowed) peak.admit(a.client, a.time, a.cost);
  }
  result.max_in_window = peak.peak();
  result.clients = limiter.clients();
  result.bytes = limiter.bytes();
  return result;
}

using Runner = AlgorithmRun (*)(Algorithm, const std::vector<Arrival>&,
                                const std::vector<std::string>&, const ComparisonSpec&, Detail);

Runner runner_for(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::kTokenBucket: return &run<TokenBucket>;
    case Algorithm::kLeakyBucketQueue: return &run<LeakyBucketQueue>;
    case Algorithm::kLeakyBucketMeter: return &run<LeakyBucketMeter>;
    case Algorithm::kFixedWindow: return &run<FixedWindow>;
    case Algorithm::kSlidingWindowLog: return &run<SlidingWindowLog>;
    case Algorithm::kSlidingWindowCounter: return &run<SlidingWindowCounter>;
    case Algorithm::kGcra: break;
  }
  return &run<Gcra>;
}

}  // namespace

Status check_comparison(const ComparisonSpec& spec) {
  Status status = first_error(check_limit("limit", spec.limit),
                              check_window_ms("windowMs", spec.window_ms));
  if (!status.is_ok()) return status;
  return first_error(TokenBucket::check(config_for<TokenBucket>(spec.limit, spec.window_ms)),
                     Gcra::check(config_for<Gcra>(spec.limit, spec.window_ms)));
}

std::vector<AlgorithmRun> run_comparison(const std::vector<Arrival>& traffic,
                                         const ComparisonSpec& spec,
                                         const std::vector<Algorithm>& algorithms, Detail detail) {
  std::uint32_t clients = 0;
  for (const Arrival& a : traffic) clients = std::max(clients, a.client + 1);
  std::vector<std::string> keys(clients);
  for (std::uint32_t i = 0; i < clients; ++i) keys[i] = "client-" + std::to_string(i);
  std::vector<AlgorithmRun> runs;
  for (Algorithm algorithm : algorithms) {
    runs.push_back(runner_for(algorithm)(algorithm, traffic, keys, spec, detail));
  }
  return runs;
}

}  // namespace sdlab::ratelimit
