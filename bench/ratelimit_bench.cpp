// Native rate limiting benchmarks: the module's runRateLimitComparison workload, and each
// algorithm's keyed decisions alone.
//
// Traffic: Poisson, 100,000 requests/s for 10 s (about 1,000,000 requests) from 10,000 clients
// drawn uniformly, cost 1, seed 1; budget 10 requests per 1,000 ms window (each client sends
// about that much, so every algorithm rejects some). The same options as bench/ratelimit_node.mjs.
//
// comparison: one generate_traffic + run_comparison call — what one runRateLimitComparison call
//   does inside WebAssembly, except for copying the results into JS typed arrays. It runs all
//   seven algorithms, each with its decision record and max-in-window check.
// alone/<algorithm>: generate_traffic + run_comparison of that algorithm only — what
//   runRateLimitComparison({..., algorithms: [name]}) does inside WebAssembly (bar the copy out).
// keyed/<algorithm>: one KeyedLimiter per algorithm, the budget in its own parameters as
//   comparison.h lists them, fed the pre-generated traffic with keys "client-<i>": decisions only.
// scaling/tokenBucket/<clients>: keyed/tokenBucket's loop on the same Poisson traffic (100,000
//   requests/s for 10 s, cost 1) from 10,000 or 100,000 clients: the cost of more clients (each
//   client of 100,000 sends a request a second on average, so after 2 s idle it is evicted and
//   comes back afresh more often).
// traffic: generate_traffic alone, to show its share of the comparison.
// "operations" counts decisions (7 per request for comparison); admitted and bytes_per_client
// show that keyed/<algorithm> did the comparison's work.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "ratelimit/comparison.h"
#include "ratelimit/fixed_window.h"
#include "ratelimit/gcra.h"
#include "ratelimit/keyed_limiter.h"
#include "ratelimit/leaky_bucket_meter.h"
#include "ratelimit/leaky_bucket_queue.h"
#include "ratelimit/sliding_window_counter.h"
#include "ratelimit/sliding_window_log.h"
#include "ratelimit/token_bucket.h"
#include "timing.h"

namespace {

using namespace sdlab::ratelimit;
using sdlab::bench::timing;

constexpr double kLimit = 10;
constexpr double kWindowMs = 1'000;
constexpr double kPerSec = kLimit / kWindowMs * 1000;

TrafficSpec traffic_spec(double clients = 10'000) {
  TrafficSpec spec;
  spec.pattern = Pattern::kPoisson;
  spec.duration_ms = 10'000;
  spec.rate_per_sec = 100'000;
  spec.clients = clients;
  return spec;
}

const std::vector<Arrival>& traffic() {
  static const std::vector<Arrival> arrivals = generate_traffic(traffic_spec());
  return arrivals;
}

void comparison(benchmark::State& state) {
  const ComparisonSpec spec{kLimit, kWindowMs};
  std::size_t requests = 0;
  for (auto _ : state) {
    const std::vector<Arrival> arrivals = generate_traffic(traffic_spec());
    benchmark::DoNotOptimize(run_comparison(arrivals, spec));
    requests = arrivals.size();
  }
  state.counters["operations"] = 7.0 * requests;
}

void alone(benchmark::State& state, Algorithm algorithm) {
  const ComparisonSpec spec{kLimit, kWindowMs};
  std::size_t requests = 0;
  for (auto _ : state) {
    const std::vector<Arrival> arrivals = generate_traffic(traffic_spec());
    benchmark::DoNotOptimize(run_comparison(arrivals, spec, {algorithm}));
    requests = arrivals.size();
  }
  state.counters["operations"] = double(requests);
}

// Decisions of a KeyedLimiter<A> on `arrivals` from clients "client-<i>".
template <class A>
void keyed_on(benchmark::State& state, typename A::Config config, const std::vector<Arrival>& arrivals,
              std::uint32_t clients) {
  std::vector<std::string> keys;
  for (std::uint32_t i = 0; i < clients; ++i) keys.push_back("client-" + std::to_string(i));
  std::uint64_t admitted = 0;
  double bytes_per_client = 0;
  for (auto _ : state) {
    KeyedLimiter<A> limiter(config, 2 * sdlab::sim::from_millis(kWindowMs));
    admitted = 0;
    for (const Arrival& a : arrivals) {
      Decision d;
      if (limiter.request(keys[a.client], a.time, a.cost, &d).is_ok() && d.allowed) ++admitted;
    }
    bytes_per_client = double(limiter.bytes()) / double(limiter.clients());
  }
  state.counters["operations"] = double(arrivals.size());
  state.counters["admitted"] = double(admitted);
  state.counters["bytes_per_client"] = bytes_per_client;
}

template <class A>
void keyed(benchmark::State& state, typename A::Config config) {
  keyed_on<A>(state, config, traffic(), 10'000);
}

void scaling(benchmark::State& state) {
  const auto clients = static_cast<std::uint32_t>(state.range(0));
  keyed_on<TokenBucket>(state, {kPerSec, kLimit}, generate_traffic(traffic_spec(clients)), clients);
}

void traffic_alone(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(generate_traffic(traffic_spec()));
  state.counters["operations"] = double(traffic().size());
}

// Registers keyed/<name> with the budget in A's own parameters.
template <class A>
void add_keyed(const std::string& name, typename A::Config config) {
  benchmark::RegisterBenchmark(("keyed/" + name).c_str(), keyed<A>, config)->Apply(timing);
}

const bool registered = [] {
  benchmark::RegisterBenchmark("comparison", comparison)->Apply(timing);
  add_keyed<TokenBucket>("tokenBucket", {kPerSec, kLimit});
  add_keyed<LeakyBucketQueue>("leakyBucketQueue", {kLimit, kPerSec});
  add_keyed<LeakyBucketMeter>("leakyBucketMeter", {kLimit, kPerSec});
  add_keyed<FixedWindow>("fixedWindow", {kLimit, kWindowMs});
  add_keyed<SlidingWindowLog>("slidingWindowLog", {kLimit, kWindowMs});
  add_keyed<SlidingWindowCounter>("slidingWindowCounter", {kLimit, kWindowMs});
  add_keyed<Gcra>("gcra", {kLimit - 1, kLimit, kWindowMs});
  for (Algorithm algorithm : all_algorithms()) {
    benchmark::RegisterBenchmark((std::string("alone/") + algorithm_name(algorithm)).c_str(), alone, algorithm)
        ->Apply(timing);
  }
  benchmark::RegisterBenchmark("scaling/tokenBucket", scaling)->Arg(10'000)->Arg(100'000)->Apply(timing);
  benchmark::RegisterBenchmark("traffic", traffic_alone)->Apply(timing);
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
