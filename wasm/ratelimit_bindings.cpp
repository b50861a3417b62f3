// JS bindings for core/ratelimit: TokenBucket, LeakyBucketQueue, LeakyBucketMeter, FixedWindow,
// SlidingWindowLog, SlidingWindowCounter, Gcra, and generateTraffic, runRateLimitComparison,
// simulateDistributedLimit.
//
// Lifetimes: every limiter is a handle owned by JS — call delete() when done. Each owns its
// simulated clock (starting at 0 ms, moved only by advance()) and the trace of its last request.
// The functions return plain objects and typed arrays that need no delete().
// Units: times and durations in milliseconds (microsecond resolution), rates per second.
#include <initializer_list>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "binding.h"
#include "ratelimit/comparison.h"
#include "ratelimit/distributed.h"
#include "ratelimit/fixed_window.h"
#include "ratelimit/gcra.h"
#include "ratelimit/leaky_bucket_meter.h"
#include "ratelimit/leaky_bucket_queue.h"
#include "ratelimit/sliding_window_counter.h"
#include "ratelimit/sliding_window_log.h"
#include "ratelimit/token_bucket.h"

namespace sdlab::wasm {
namespace {

using emscripten::val;
using namespace ratelimit;

double ms(sim::Micros t) { return sim::to_millis(t); }

// A plain object of numeric fields.
val numbers(std::initializer_list<std::pair<const char*, double>> fields) {
  val object = val::object();
  for (const auto& [name, value] : fields) object.set(name, value);
  return object;
}

// [{<time_name>: ms, cost}] from a visit(time, cost) walk.
template <class L>
val timed_entries(const L& limiter, const char* time_name) {
  val entries = val::array();
  limiter.for_each([&](sim::Micros at, std::uint64_t cost) {
    entries.call<void>("push", numbers({{time_name, ms(at)}, {"cost", double(cost)}}));
  });
  return entries;
}

// The state of each algorithm at `now` (brought up to `now` first), times in ms.
val state_to_js(const TokenBucket& b, sim::Micros now) {
  return numbers({{"ratePerSec", b.rate()}, {"burst", b.burst()}, {"tokens", b.tokens_at(now)},
                  {"tokensAtLastRefill", b.tokens()}, {"lastRefillMs", ms(b.last_refill())}});
}

val state_to_js(const LeakyBucketMeter& m, sim::Micros) {
  return numbers({{"capacity", m.capacity()}, {"leakPerSec", m.leak_rate()}, {"level", m.level()}});
}

val state_to_js(const LeakyBucketQueue& q, sim::Micros now) {
  val s = numbers({{"capacity", double(q.capacity())}, {"leakPerSec", q.leak_rate()},
                   {"queued", double(q.queued())}, {"lastDepartureMs", ms(q.last_departure(now))}});
  s.set("queue", timed_entries(q, "departsAtMs"));
  return s;
}

val state_to_js(const FixedWindow& w, sim::Micros) {
  return numbers({{"limit", double(w.limit())}, {"windowMs", ms(w.window())},
                  {"windowStartMs", ms(w.window_start())}, {"count", double(w.count())}});
}

val state_to_js(const SlidingWindowLog& l, sim::Micros) {
  val s = numbers({{"limit", double(l.limit())}, {"windowMs", ms(l.window())},
                   {"count", double(l.count())}});
  s.set("log", timed_entries(l, "atMs"));
  return s;
}

val state_to_js(const SlidingWindowCounter& c, sim::Micros now) {
  const SlidingWindowCounter::Counts& counts = c.counts();
  return numbers({{"limit", double(c.limit())}, {"windowMs", ms(c.window())},
                  {"windowStartMs", ms(counts.start)}, {"previous", double(counts.previous)},
                  {"current", double(counts.current)}, {"weight", c.weight_at(now)},
                  {"estimate", c.estimate_at(now)}});
}

val state_to_js(const Gcra& g, sim::Micros now) {
  return numbers({{"limit", double(g.limit())}, {"emissionIntervalMs", ms(g.emission_interval())},
                  {"toleranceMs", ms(g.tolerance())}, {"tatMs", ms(g.tat())},
                  {"aheadMs", ms(std::max<sim::Micros>(0, g.tat() - now))}});
}

// A limiter of algorithm A with its own clock and the trace of its last request.
template <class A>
class LimiterHandle : public Traced {
 public:
  template <class... Params>
  static LimiterHandle* create(Params... params) {
    const typename A::Config config{params...};
    if (failed(A::check(config))) return nullptr;
    return new LimiterHandle(config);
  }

  // {allowed, remaining, retryAfterMs (−1: never), resetAfterMs}; the queue adds waitMs.
  val request(double cost) {
    begin();
    if (failed(check_integer("cost", cost, 0, static_cast<double>(kMaxCost)))) {
      return val::undefined();
    }
    Decision d;
    if (failed(limiter_.request(clock_.now(), static_cast<std::uint64_t>(cost), &d))) {
      return val::undefined();
    }
    val result = val::object();
    result.set("allowed", d.allowed);
    result.set("remaining", d.remaining);
    result.set("retryAfterMs", d.retry_after == kNever ? -1.0 : ms(d.retry_after));
    result.set("resetAfterMs", ms(d.reset_after));
    if constexpr (std::is_same_v<A, LeakyBucketQueue>) {
      const bool queued = d.allowed && cost > 0;
      result.set("waitMs", queued ? ms(limiter_.last_departure(clock_.now()) - clock_.now()) : 0.0);
    }
    return result;
  }

  void advance(double by_ms) {
    if (!failed(check_number("ms", by_ms, 0, kMaxWindowMs))) clock_.advance(micros_from_ms(by_ms));
  }

  double now() const { return ms(clock_.now()); }
  double bytes() const { return static_cast<double>(limiter_.bytes()); }

  // The algorithm's state at now(), plus {nowMs, bytes}.
  val snapshot() {
    limiter_.refresh(clock_.now());
    val s = state_to_js(limiter_, clock_.now());
    s.set("nowMs", now());
    s.set("bytes", bytes());
    return s;
  }

 private:
  explicit LimiterHandle(const typename A::Config& config) : limiter_(config) {
    limiter_.set_trace(&trace_);
  }

  sim::Clock clock_;
  A limiter_;
};

template <class A, class... Params>
void bind_limiter(const char* name, std::initializer_list<const char*> params) {
  using H = LimiterHandle<A>;
  Class<H>(name)
      .constructor(&H::template create<Params...>, params)
      .method("request", &H::request, {"cost"})
      .method("advance", &H::advance, {"ms"})
      .method("now", &H::now)
      .method("bytes", &H::bytes)
      .traced()
      .method("snapshot", &H::snapshot);
}

// The traffic fields of an options object, checked.
TrafficSpec traffic_from(const val& options, Status& status) {
  TrafficSpec spec;
  const std::string pattern = string_field(options, "pattern", status);
  spec.duration_ms = number_field(options, "durationMs", status);
  spec.rate_per_sec = number_field(options, "ratePerSec", status);
  spec.burst = number_field(options, "burst", status);
  spec.period_ms = number_field(options, "periodMs", status);
  spec.window_ms = number_field(options, "windowMs", status);
  spec.clients = number_field(options, "clients", status);
  spec.abuser_rate_per_sec = number_field(options, "abuserRatePerSec", status);
  spec.cost = number_field(options, "cost", status);
  spec.seed = number_field(options, "seed", status);
  if (status.is_ok()) {
    status = first_error(parse_pattern(pattern, spec.pattern), check_traffic(spec));
  }
  return spec;
}

template <class T>
val typed_array(const char* type, const std::vector<T>& values) {
  return val::global(type).new_(
      val(emscripten::typed_memory_view(values.size(), values.data())));
}

// {timesMs: Float64Array, clients: Uint32Array, costs: Uint32Array}
val traffic_to_js(const std::vector<Arrival>& traffic) {
  std::vector<double> times;
  std::vector<std::uint32_t> clients, costs;
  times.reserve(traffic.size());
  clients.reserve(traffic.size());
  costs.reserve(traffic.size());
  for (const Arrival& a : traffic) {
    times.push_back(ms(a.time));
    clients.push_back(a.client);
    costs.push_back(a.cost);
  }
  val result = val::object();
  result.set("timesMs", typed_array("Float64Array", times));
  result.set("clients", typed_array("Uint32Array", clients));
  result.set("costs", typed_array("Uint32Array", costs));
  return result;
}

val generate_traffic_js(val options) {
  Status status = Status::ok();
  const TrafficSpec spec = traffic_from(options, status);
  if (failed(status)) return val::undefined();
  return traffic_to_js(generate_traffic(spec));
}

// traffic options + {limit} → traffic + {algorithms: [{name, allowed: Uint8Array, admitted,
// rejected, maxInWindow, clients, bytes, bytesPerClient}]}
// options.algorithms: absent for all seven, or an array of their names.
std::vector<Algorithm> algorithms_from(const val& options, Status& status) {
  const val names = options["algorithms"];
  if (names.isUndefined()) return all_algorithms();
  std::vector<Algorithm> algorithms;
  const bool is_array = val::global("Array").call<bool>("isArray", names);
  const std::size_t count = is_array ? names["length"].as<std::size_t>() : 0;
  for (std::size_t i = 0; i < count && status.is_ok(); ++i) {
    Algorithm algorithm;
    const val name = names[i];
    if (name.isString() && parse_algorithm(name.as<std::string>(), algorithm)) {
      algorithms.push_back(algorithm);
    } else {
      status = Status::invalid("options.algorithms[" + std::to_string(i) +
                               "] must name an algorithm, e.g. \"tokenBucket\"");
    }
  }
  if (status.is_ok() && (!is_array || algorithms.empty())) {
    status = Status::invalid("options.algorithms must be a non-empty array of algorithm names");
  }
  return algorithms;
}

val run_comparison_js(val options) {
  Status status = Status::ok();
  const TrafficSpec traffic_spec = traffic_from(options, status);
  const ComparisonSpec spec{number_field(options, "limit", status), traffic_spec.window_ms};
  const std::vector<Algorithm> only = algorithms_from(options, status);
  if (failed(first_error(std::move(status), check_comparison(spec)))) return val::undefined();
  const std::vector<Arrival> traffic = generate_traffic(traffic_spec);
  val result = traffic_to_js(traffic);
  val algorithms = val::array();
  for (const AlgorithmRun& run : run_comparison(traffic, spec, only)) {
    val item = numbers(
        {{"admitted", double(run.admitted)}, {"rejected", double(run.rejected)},
         {"maxInWindow", double(run.max_in_window)}, {"clients", double(run.clients)},
         {"bytes", double(run.bytes)},
         {"bytesPerClient", run.clients ? double(run.bytes) / double(run.clients) : 0.0}});
    item.set("name", std::string(algorithm_name(run.algorithm)));
    item.set("allowed", typed_array("Uint8Array", run.allowed));
    algorithms.call<void>("push", item);
  }
  result.set("algorithms", algorithms);
  return result;
}

val counts_to_js(const std::vector<std::uint64_t>& counts) {
  return val::array(std::vector<double>(counts.begin(), counts.end()));
}

// traffic options + {placement, routing, failMode, servers, limit, latencyMs, outageStartMs,
// outageEndMs} → {admitted, rejected, exactAdmitted, overAdmitted, storeRoundTrips, unchecked,
// serverRequests, serverAdmitted}
val simulate_distributed_js(val options) {
  Status status = Status::ok();
  const TrafficSpec traffic_spec = traffic_from(options, status);
  const std::string placement = string_field(options, "placement", status);
  const std::string routing = string_field(options, "routing", status);
  const std::string fail = string_field(options, "failMode", status);
  DistributedSpec spec;
  spec.servers = number_field(options, "servers", status);
  spec.limit = number_field(options, "limit", status);
  spec.window_ms = traffic_spec.window_ms;
  spec.latency_ms = number_field(options, "latencyMs", status);
  spec.outage_start_ms = number_field(options, "outageStartMs", status);
  spec.outage_end_ms = number_field(options, "outageEndMs", status);
  spec.seed = traffic_spec.seed;
  if (failed(first_error(
          std::move(status),
          parse_placement(placement, spec.placement), parse_routing(routing, spec.routing),
          parse_fail_mode(fail, spec.fail), check_distributed(spec)))) {
    return val::undefined();
  }
  const DistributedResult r = simulate_distributed(generate_traffic(traffic_spec), spec);
  val result = numbers({{"admitted", double(r.admitted)}, {"rejected", double(r.rejected)},
                        {"exactAdmitted", double(r.exact_admitted)},
                        {"overAdmitted", double(r.over_admitted)},
                        {"storeRoundTrips", double(r.store_round_trips)},
                        {"unchecked", double(r.unchecked)}});
  result.set("serverRequests", counts_to_js(r.server_requests));
  result.set("serverAdmitted", counts_to_js(r.server_admitted));
  return result;
}

}  // namespace
}  // namespace sdlab::wasm

EMSCRIPTEN_BINDINGS(sdlab_ratelimit) {
  using namespace sdlab::wasm;
  using namespace sdlab::ratelimit;
  bind_limiter<TokenBucket, double, double>("TokenBucket", {"ratePerSec", "burst"});
  bind_limiter<LeakyBucketQueue, double, double>("LeakyBucketQueue", {"capacity", "leakPerSec"});
  bind_limiter<LeakyBucketMeter, double, double>("LeakyBucketMeter", {"capacity", "leakPerSec"});
  bind_limiter<FixedWindow, double, double>("FixedWindow", {"limit", "windowMs"});
  bind_limiter<SlidingWindowLog, double, double>("SlidingWindowLog", {"limit", "windowMs"});
  bind_limiter<SlidingWindowCounter, double, double>("SlidingWindowCounter", {"limit", "windowMs"});
  bind_limiter<Gcra, double, double, double>("Gcra", {"maxBurst", "countPerPeriod", "periodMs"});
  function("generateTraffic", &generate_traffic_js, {"options"});
  function("runRateLimitComparison", &run_comparison_js, {"options"});
  function("simulateDistributedLimit", &simulate_distributed_js, {"options"});
}
