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
#include "ratelimit/timed_queue.h"
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

// What one client had admitted within the last window, kept per client: admissions leave it a
// window after they were made.
class WindowPeak {
 public:
  explicit WindowPeak(sim::Micros window) : window_(window) {}

  // Records an admission; returns the client's admitted cost in (t − window, t].
  std::uint64_t admit(std::uint32_t client, sim::Micros t, std::uint64_t cost) {
    if (client >= admitted_.size()) admitted_.resize(client + 1);
    TimedQueue& recent = admitted_[client];
    recent.drop_until(t);
    recent.push(t + window_, cost);
    peak_ = std::max(peak_, recent.total());
    return recent.total();
  }
  std::uint64_t peak() const { return peak_; }

 private:
  sim::Micros window_;
  std::vector<TimedQueue> admitted_;
  std::uint64_t peak_ = 0;
};

}  // namespace

class ComparisonRun::Lane {
 public:
  virtual ~Lane() = default;
  // Plays traffic[from, to).
  virtual void play(const std::vector<Arrival>& traffic, const std::vector<std::string>& keys,
                    std::size_t from, std::size_t to) = 0;
  virtual AlgorithmRun run() const = 0;
};

namespace {

template <class A>
class LaneOf final : public ComparisonRun::Lane {
 public:
  LaneOf(Algorithm algorithm, const ComparisonSpec& spec, Detail detail)
      : limit_(static_cast<std::uint64_t>(spec.limit)),
        limiter_(config_for<A>(spec.limit, spec.window_ms), 2 * sim::from_millis(spec.window_ms)),
        everything_(detail == Detail::kEverything),
        peak_(sim::from_millis(spec.window_ms)) {
    run_.algorithm = algorithm;
  }

  void play(const std::vector<Arrival>& traffic, const std::vector<std::string>& keys, std::size_t from,
            std::size_t to) override {
    if (everything_) run_.allowed.reserve(traffic.size());
    for (std::size_t i = from; i < to; ++i) {
      const Arrival& a = traffic[i];
      Decision d;
      if (!limiter_.request(keys[a.client], a.time, a.cost, &d).is_ok()) d.allowed = false;
      ++(d.allowed ? run_.admitted : run_.rejected);
      if (!everything_) continue;
      run_.allowed.push_back(d.allowed ? 1 : 0);
      if (!d.allowed) continue;
      const std::uint64_t in_window = peak_.admit(a.client, a.time, a.cost);
      if (in_window > limit_ && within_.holds) {
        within_.holds = false;
        within_.step = i;
        within_.detail = "at " + format_seconds(a.time) + ", client " + std::to_string(a.client) + " had " +
                         std::to_string(in_window) + " admitted within one window, limit " +
                         std::to_string(limit_);
      }
    }
  }

  AlgorithmRun run() const override {
    AlgorithmRun run = run_;
    run.max_in_window = peak_.peak();
    run.clients = limiter_.clients();
    run.bytes = limiter_.bytes();
    if (everything_) run.invariants = {within_};
    return run;
  }

 private:
  std::uint64_t limit_;
  KeyedLimiter<A> limiter_;
  bool everything_;
  WindowPeak peak_;
  AlgorithmRun run_{};
  Invariant within_{"admits at most limit per client within any window"};
};

std::unique_ptr<ComparisonRun::Lane> lane_for(Algorithm algorithm, const ComparisonSpec& spec,
                                              Detail detail) {
  switch (algorithm) {
    case Algorithm::kTokenBucket:
      return std::make_unique<LaneOf<TokenBucket>>(algorithm, spec, detail);
    case Algorithm::kLeakyBucketQueue:
      return std::make_unique<LaneOf<LeakyBucketQueue>>(algorithm, spec, detail);
    case Algorithm::kLeakyBucketMeter:
      return std::make_unique<LaneOf<LeakyBucketMeter>>(algorithm, spec, detail);
    case Algorithm::kFixedWindow:
      return std::make_unique<LaneOf<FixedWindow>>(algorithm, spec, detail);
    case Algorithm::kSlidingWindowLog:
      return std::make_unique<LaneOf<SlidingWindowLog>>(algorithm, spec, detail);
    case Algorithm::kSlidingWindowCounter:
      return std::make_unique<LaneOf<SlidingWindowCounter>>(algorithm, spec, detail);
    case Algorithm::kGcra: break;
  }
  return std::make_unique<LaneOf<Gcra>>(algorithm, spec, detail);
}

}  // namespace

Status check_comparison(const ComparisonSpec& spec) {
  Status status = first_error(check_limit("limit", spec.limit),
                              check_window_ms("windowMs", spec.window_ms));
  if (!status.is_ok()) return status;
  return first_error(TokenBucket::check(config_for<TokenBucket>(spec.limit, spec.window_ms)),
                     Gcra::check(config_for<Gcra>(spec.limit, spec.window_ms)));
}

ComparisonRun::ComparisonRun(std::vector<Arrival> traffic, const ComparisonSpec& spec,
                             const std::vector<Algorithm>& algorithms, Detail detail)
    : traffic_(std::move(traffic)) {
  std::uint32_t clients = 0;
  for (const Arrival& a : traffic_) clients = std::max(clients, a.client + 1);
  keys_.resize(clients);
  for (std::uint32_t i = 0; i < clients; ++i) keys_[i] = "client-" + std::to_string(i);
  for (Algorithm algorithm : algorithms) lanes_.push_back(lane_for(algorithm, spec, detail));
}

ComparisonRun::ComparisonRun(ComparisonRun&&) noexcept = default;
ComparisonRun::~ComparisonRun() = default;

std::size_t ComparisonRun::step(std::size_t requests) {
  const std::size_t to = decided_ + std::min(requests, traffic_.size() - decided_);
  for (const auto& lane : lanes_) lane->play(traffic_, keys_, decided_, to);
  const std::size_t played = to - decided_;
  decided_ = to;
  return played;
}

std::vector<AlgorithmRun> ComparisonRun::runs() const {
  std::vector<AlgorithmRun> runs;
  for (const auto& lane : lanes_) runs.push_back(lane->run());
  return runs;
}

std::vector<AlgorithmRun> run_comparison(const std::vector<Arrival>& traffic, const ComparisonSpec& spec,
                                         const std::vector<Algorithm>& algorithms, Detail detail) {
  ComparisonRun run(traffic, spec, algorithms, detail);
  run.step(traffic.size());
  return run.runs();
}

}  // namespace sdlab::ratelimit
