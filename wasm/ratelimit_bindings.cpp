// JS bindings for core/ratelimit: TokenBucket, LeakyBucketQueue, LeakyBucketMeter, FixedWindow,
// SlidingWindowLog, SlidingWindowCounter, Gcra, and generateTraffic, runRateLimitComparison,
// simulateDistributedLimit.
//
// Lifetimes: every limiter is a handle owned by JS — call delete() when done. Each owns its
// simulated clock (starting at 0 ms, moved only by advance()) and the trace of its last request.
// The functions return plain objects and typed arrays that need no delete().
// Units: times and durations in milliseconds (microsecond resolution), rates per second.
#include <algorithm>
#include <cstdint>
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
#include "typed_input.h"

namespace sdlab::wasm {

// ---- the shapes that cross -------------------------------------------------------------------

struct RateLimitDecision {
  bool allowed = false;
  double remaining = 0;
  double retry_after_ms = 0;
  double reset_after_ms = 0;
};

struct LeakyBucketQueueDecision : RateLimitDecision {
  double wait_ms = 0;
};

// What every snapshot ends with.
struct SnapshotClock {
  double now_ms = 0;
  double bytes = 0;
};

struct TokenBucketSnapshot : SnapshotClock {
  double rate_per_sec, burst, tokens, tokens_at_last_refill, last_refill_ms;
};

struct QueuedRequest {
  double departs_at_ms;
  std::uint64_t cost;
};

struct LeakyBucketQueueSnapshot : SnapshotClock {
  std::uint64_t capacity;
  double leak_per_sec;
  std::uint64_t queued;
  double last_departure_ms;
  std::vector<QueuedRequest> queue;
};

struct LeakyBucketMeterSnapshot : SnapshotClock {
  double capacity, leak_per_sec, level;
};

struct FixedWindowSnapshot : SnapshotClock {
  std::uint64_t limit;
  double window_ms, window_start_ms;
  std::uint64_t count;
};

struct LoggedRequest {
  double at_ms;
  std::uint64_t cost;
};

struct SlidingWindowLogSnapshot : SnapshotClock {
  std::uint64_t limit;
  double window_ms;
  std::uint64_t count;
  std::vector<LoggedRequest> log;
};

struct SlidingWindowCounterSnapshot : SnapshotClock {
  std::uint64_t limit;
  double window_ms, window_start_ms;
  std::uint64_t previous, current;
  double weight, estimate;
};

struct GcraSnapshot : SnapshotClock {
  std::uint64_t limit;
  double emission_interval_ms, tolerance_ms, tat_ms, ahead_ms;
};

struct Traffic {
  TypedArray<double> times_ms;
  TypedArray<std::uint32_t> clients;
  TypedArray<std::uint32_t> costs;
};

struct ComparisonOptions : ratelimit::TrafficSpec {
  double limit = 10;
  std::vector<ratelimit::Algorithm> algorithms = ratelimit::all_algorithms();
};

struct AlgorithmResult {
  std::uint64_t admitted, rejected, max_in_window;
  std::size_t clients, bytes;
  double bytes_per_client;
  std::string name;
  TypedArray<std::uint8_t> allowed;
};

struct ComparisonResult : Traffic {
  std::vector<AlgorithmResult> algorithms;
};

// runKeyedLimiter: pre-generated traffic (cost 1 each) through one algorithm, decisions only.
struct KeyedRunOptions {
  ratelimit::Algorithm algorithm = ratelimit::Algorithm::kTokenBucket;
  double limit = 10;
  double window_ms = 1'000;
  emscripten::val times_ms = emscripten::val::undefined();
  emscripten::val clients = emscripten::val::undefined();
};

struct KeyedRunResult {
  std::uint64_t admitted = 0, rejected = 0;
  std::size_t clients = 0, bytes = 0;
  double bytes_per_client = 0;
};

struct DistributedOptions : ratelimit::TrafficSpec {
  ratelimit::Placement placement = ratelimit::Placement::kAtomic;
  ratelimit::Routing routing = ratelimit::Routing::kRoundRobin;
  ratelimit::FailMode fail_mode = ratelimit::FailMode::kOpen;
  double servers = 3;
  double limit = 10;
  double latency_ms = 1;
  double outage_start_ms = 0;
  double outage_end_ms = 0;
};

template <>
struct Describe<RateLimitDecision> {
  static constexpr const char* name = "RateLimitDecision";
  static constexpr const char* doc = "What a limiter decided about one request.";
  static auto fields() {
    using S = RateLimitDecision;
    return std::tuple{
        field("allowed", &S::allowed),
        field("remaining", &S::remaining,
              "allowance left after this request (tokens may be fractional)"),
        field(
            "retryAfterMs", &S::retry_after_ms,
            "0 when allowed; −1 when it can never be allowed; otherwise the wait, exact to the µs, "
            "after which the same request is admitted (and 1 µs before which it is refused)"),
        field(
            "resetAfterMs", &S::reset_after_ms,
            "until the limiter is fully replenished (bucket full or empty, window reset), exact to "
            "the µs like retryAfterMs")};
  }
};

template <>
struct Describe<LeakyBucketQueueDecision> {
  static constexpr const char* name = "LeakyBucketQueueDecision";
  static constexpr const char* doc = "The queue's decision, with how long an admitted request waits.";
  static auto fields() {
    return std::tuple_cat(Describe<RateLimitDecision>::fields(),
                          std::tuple{field("waitMs", &LeakyBucketQueueDecision::wait_ms,
                                           "until an admitted request departs; 0 when rejected")});
  }
};

// The fields every snapshot ends with.
static auto clock_fields() {
  return std::tuple{field("nowMs", &SnapshotClock::now_ms, "the limiter's simulated time"),
                    field("bytes", &SnapshotClock::bytes, "memory the limiter holds: the object and its heap")};
}

template <>
struct Describe<TokenBucketSnapshot> {
  static constexpr const char* name = "TokenBucketSnapshot";
  static constexpr const char* doc =
      "golang.org/x/time/rate AllowN semantics: full at start, fractional tokens, never borrows.";
  static auto fields() {
    using S = TokenBucketSnapshot;
    return std::tuple_cat(
        std::tuple{field("ratePerSec", &S::rate_per_sec), field("burst", &S::burst),
                   field("tokens", &S::tokens, "tokens at nowMs"),
                   field("tokensAtLastRefill", &S::tokens_at_last_refill,
                         "tokens stored at the last admission (lastRefillMs); x/time/rate refills lazily"),
                   field("lastRefillMs", &S::last_refill_ms)},
        clock_fields());
  }
};

template <>
struct Describe<QueuedRequest> {
  static constexpr const char* name = "QueuedRequest";
  static constexpr const char* doc = "A request waiting in the leaky bucket's queue.";
  static auto fields() {
    return std::tuple{field("departsAtMs", &QueuedRequest::departs_at_ms), field("cost", &QueuedRequest::cost)};
  }
};

template <>
struct Describe<LeakyBucketQueueSnapshot> {
  static constexpr const char* name = "LeakyBucketQueueSnapshot";
  static constexpr const char* doc = "Admitted requests wait in the queue and depart at leakPerSec.";
  static auto fields() {
    using S = LeakyBucketQueueSnapshot;
    return std::tuple_cat(
        std::tuple{field("capacity", &S::capacity), field("leakPerSec", &S::leak_per_sec),
                   field("queued", &S::queued, "cost waiting in the queue"),
                   field("lastDepartureMs", &S::last_departure_ms,
                         "when the last queued request departs (nowMs when empty)"),
                   field("queue", &S::queue, "from the head: each request's departure time")},
        clock_fields());
  }
};

template <>
struct Describe<LeakyBucketMeterSnapshot> {
  static constexpr const char* name = "LeakyBucketMeterSnapshot";
  static constexpr const char* doc = "A level draining continuously; the same decisions as a token bucket.";
  static auto fields() {
    using S = LeakyBucketMeterSnapshot;
    return std::tuple_cat(std::tuple{field("capacity", &S::capacity), field("leakPerSec", &S::leak_per_sec),
                                     field("level", &S::level, "level at nowMs")},
                          clock_fields());
  }
};

template <>
struct Describe<FixedWindowSnapshot> {
  static constexpr const char* name = "FixedWindowSnapshot";
  static constexpr const char* doc = "Windows [k·windowMs, (k+1)·windowMs) aligned to 0.";
  static auto fields() {
    using S = FixedWindowSnapshot;
    return std::tuple_cat(std::tuple{field("limit", &S::limit), field("windowMs", &S::window_ms),
                                     field("windowStartMs", &S::window_start_ms, "the window holding nowMs"),
                                     field("count", &S::count, "cost admitted in that window")},
                          clock_fields());
  }
};

template <>
struct Describe<LoggedRequest> {
  static constexpr const char* name = "LoggedRequest";
  static constexpr const char* doc = "An admitted request in the sliding-window log.";
  static auto fields() {
    return std::tuple{field("atMs", &LoggedRequest::at_ms), field("cost", &LoggedRequest::cost)};
  }
};

template <>
struct Describe<SlidingWindowLogSnapshot> {
  static constexpr const char* name = "SlidingWindowLogSnapshot";
  static constexpr const char* doc = "The window (nowMs − windowMs, nowMs].";
  static auto fields() {
    using S = SlidingWindowLogSnapshot;
    return std::tuple_cat(std::tuple{field("limit", &S::limit), field("windowMs", &S::window_ms),
                                     field("count", &S::count, "cost logged in the window"),
                                     field("log", &S::log, "admitted requests still in the window, oldest first")},
                          clock_fields());
  }
};

template <>
struct Describe<SlidingWindowCounterSnapshot> {
  static constexpr const char* name = "SlidingWindowCounterSnapshot";
  static constexpr const char* doc =
      "estimate = previous × weight + current, weight = 1 − (nowMs − windowStartMs)/windowMs.";
  static auto fields() {
    using S = SlidingWindowCounterSnapshot;
    return std::tuple_cat(
        std::tuple{field("limit", &S::limit), field("windowMs", &S::window_ms),
                   field("windowStartMs", &S::window_start_ms, "the current window's start"),
                   field("previous", &S::previous, "the previous window's count"),
                   field("current", &S::current, "the current window's count"), field("weight", &S::weight),
                   field("estimate", &S::estimate)},
        clock_fields());
  }
};

template <>
struct Describe<GcraSnapshot> {
  static constexpr const char* name = "GcraSnapshot";
  static constexpr const char* doc =
      "redis-cell CL.THROTTLE semantics: emission interval T = periodMs / countPerPeriod (truncated "
      "to the µs), tolerance τ = T × (maxBurst + 1), limit = maxBurst + 1.";
  static auto fields() {
    using S = GcraSnapshot;
    return std::tuple_cat(
        std::tuple{field("limit", &S::limit), field("emissionIntervalMs", &S::emission_interval_ms, "T"),
                   field("toleranceMs", &S::tolerance_ms, "τ"),
                   field("tatMs", &S::tat_ms,
                         "the theoretical arrival time as stored (a TAT before now means a fresh client)"),
                   field("aheadMs", &S::ahead_ms, "max(0, tatMs − nowMs)")},
        clock_fields());
  }
};

template <>
struct Describe<ratelimit::TrafficSpec> {
  static constexpr const char* name = "TrafficOptions";
  static constexpr const char* doc =
      "A seeded request stream. Every field is required, whichever the pattern uses: steady: one "
      "every 1/ratePerSec s, clients in turn; bursty: `burst` at once every periodMs; poisson: rate "
      "ratePerSec, clients uniform; boundary: `burst` 1 µs before and `burst` at every other window "
      "boundary (windowMs, 3·windowMs, …); abuser: clients − 1 clients sharing ratePerSec, client 0 "
      "alone at abuserRatePerSec. At most about 2,000,000 requests.";
  static auto fields() {
    using S = ratelimit::TrafficSpec;
    using P = ratelimit::Pattern;
    const double max_ms = ratelimit::kMaxWindowMs;
    const Rule rate = number(ratelimit::kMinRate, ratelimit::kMaxRate);
    return std::tuple{
        field("pattern", &S::pattern,
              choice<P>({{"steady", P::kSteady}, {"bursty", P::kBursty}, {"poisson", P::kPoisson},
                         {"boundary", P::kBoundary}, {"abuser", P::kAbuser}})),
        field("durationMs", &S::duration_ms, number(0.001, max_ms), "every request is in [0, durationMs)"),
        field("ratePerSec", &S::rate_per_sec, rate, "steady, poisson, abuser: requests per second"),
        field("burst", &S::burst, integer(1, ratelimit::kMaxLimit), "bursty, boundary: requests at once"),
        field("periodMs", &S::period_ms, number(0.001, max_ms), "bursty: one burst every periodMs"),
        field("windowMs", &S::window_ms, number(0.001, max_ms), "boundary: the attacked window"),
        field("clients", &S::clients, integer(1, S::kMaxClients), "abuser needs at least 2"),
        field("abuserRatePerSec", &S::abuser_rate_per_sec, rate, "abuser: client 0's requests per second"),
        field("cost", &S::cost, integer(1, ratelimit::kMaxLimit), "every request's cost"),
        field("seed", &S::seed, integer(0, 4294967295.0), "the same seed gives the same stream")};
  }
};

template <>
struct Describe<Traffic> {
  static constexpr const char* name = "Traffic";
  static constexpr const char* doc = "Sorted by time; index i is one request.";
  static auto fields() {
    return std::tuple{field("timesMs", &Traffic::times_ms), field("clients", &Traffic::clients),
                      field("costs", &Traffic::costs)};
  }
};

// "tokenBucket", "leakyBucketQueue", … as algorithm_name() spells them.
Rule algorithm_choice() {
  using A = ratelimit::Algorithm;
  return choice<A>({{"tokenBucket", A::kTokenBucket}, {"leakyBucketQueue", A::kLeakyBucketQueue},
                    {"leakyBucketMeter", A::kLeakyBucketMeter}, {"fixedWindow", A::kFixedWindow},
                    {"slidingWindowLog", A::kSlidingWindowLog},
                    {"slidingWindowCounter", A::kSlidingWindowCounter}, {"gcra", A::kGcra}});
}

template <>
struct Describe<ComparisonOptions> {
  static constexpr const char* name = "RateLimitComparisonOptions";
  static constexpr const char* doc =
      "The same traffic through the limiters, keyed by client, each given `limit` per windowMs "
      "(token bucket: rate limit/window, burst limit; leaky buckets: capacity limit, leak "
      "limit/window; GCRA: maxBurst limit − 1, limit per windowMs). Clients idle for 2·windowMs are "
      "evicted (no decision changes).";
  static auto fields() {
    using S = ComparisonOptions;
    return std::tuple_cat(
        Describe<ratelimit::TrafficSpec>::fields(),
        std::tuple{field("limit", &S::limit, integer(1, ratelimit::kMaxLimit),
                         "per client per windowMs; windowMs / limit must be at least 0.001 ms"),
                   field("algorithms", &S::algorithms, optional(list(algorithm_choice(), 1, 7)),
                         "only these algorithms, in this order (default: all seven)")});
  }
};

template <>
struct Describe<KeyedRunOptions> {
  static constexpr const char* name = "KeyedLimiterRunOptions";
  static constexpr const char* doc =
      "Pre-generated traffic (e.g. generateTraffic's timesMs and clients) through one algorithm keyed "
      "by client \"client-<i>\", with the comparison's budget and eviction; every request costs 1.";
  static auto fields() {
    using S = KeyedRunOptions;
    return std::tuple{
        field("algorithm", &S::algorithm, algorithm_choice()),
        field("limit", &S::limit, integer(1, ratelimit::kMaxLimit),
              "per client per windowMs; windowMs / limit must be at least 0.001 ms"),
        field("windowMs", &S::window_ms, number(0.001, ratelimit::kMaxWindowMs)),
        field("timesMs", &S::times_ms, typed_array_field(),
              "Float64Array of arrival times in ms, non-decreasing, in [0, 31536000000]; at most 2000000"),
        field("clients", &S::clients, typed_array_field(),
              "Uint32Array: the client of each request, below 100000; as long as timesMs")};
  }
};

template <>
struct Describe<KeyedRunResult> {
  static constexpr const char* name = "KeyedLimiterRunResult";
  static constexpr const char* doc = "The decisions' totals and the keyed limiter's memory at the end.";
  static auto fields() {
    using S = KeyedRunResult;
    return std::tuple{field("admitted", &S::admitted), field("rejected", &S::rejected),
                      field("clients", &S::clients, "tracked at the end"),
                      field("bytes", &S::bytes, "of the keyed limiter at the end"),
                      field("bytesPerClient", &S::bytes_per_client)};
  }
};

template <>
struct Describe<AlgorithmResult> {
  static constexpr const char* name = "RateLimitAlgorithmRun";
  static constexpr const char* doc = "One algorithm's decisions on the traffic, and its totals.";
  static auto fields() {
    using S = AlgorithmResult;
    return std::tuple{
        field("admitted", &S::admitted), field("rejected", &S::rejected),
        field("maxInWindow", &S::max_in_window,
              "the most cost one client had admitted within any windowMs (fixed window: up to 2·limit)"),
        field("clients", &S::clients, "clients tracked at the end"),
        field("bytes", &S::bytes, "the keyed limiter's memory at the end"),
        field("bytesPerClient", &S::bytes_per_client),
        field("name", &S::name, "\"tokenBucket\", \"leakyBucketQueue\", … as in options.algorithms"),
        field("allowed", &S::allowed, "1 admitted, 0 rejected, per request in traffic order")};
  }
};

template <>
struct Describe<ComparisonResult> {
  static constexpr const char* name = "RateLimitComparison";
  static constexpr const char* doc = "The traffic and every algorithm's run on it.";
  static auto fields() {
    return std::tuple_cat(Describe<Traffic>::fields(),
                          std::tuple{field("algorithms", &ComparisonResult::algorithms,
                                           "in the order of options.algorithms")});
  }
};

template <>
struct Describe<DistributedOptions> {
  static constexpr const char* name = "DistributedLimitOptions";
  static constexpr const char* doc =
      "N app servers in front of the traffic's clients, limiting each client to `limit` per fixed "
      "window of windowMs: local counters (limit/N each, or the full limit each), or one shared "
      "store at round trip latencyMs, updated atomically or by a racy read-then-write. Requests made "
      "in [outageStartMs, outageEndMs) cannot reach the store: failMode decides. `seed` also seeds "
      "random routing.";
  static auto fields() {
    using S = DistributedOptions;
    using P = ratelimit::Placement;
    using R = ratelimit::Routing;
    using F = ratelimit::FailMode;
    const double max_ms = ratelimit::kMaxWindowMs;
    return std::tuple_cat(
        Describe<ratelimit::TrafficSpec>::fields(),
        std::tuple{
            field("placement", &S::placement,
                  choice<P>({{"local-split", P::kLocalSplit}, {"local-full", P::kLocalFull},
                             {"atomic", P::kAtomic}, {"racy", P::kRacy}})),
            field("routing", &S::routing, choice<R>({{"round-robin", R::kRoundRobin}, {"random", R::kRandom}})),
            field("failMode", &S::fail_mode, choice<F>({{"open", F::kOpen}, {"closed", F::kClosed}}),
                  "during the outage: admit unchecked (open) or reject (closed)"),
            field("servers", &S::servers, integer(1, ratelimit::DistributedSpec::kMaxServers)),
            field("limit", &S::limit, integer(1, ratelimit::kMaxLimit), "per client per window"),
            field("latencyMs", &S::latency_ms, number(0, max_ms), "round trip to the store"),
            field("outageStartMs", &S::outage_start_ms, number(0, max_ms)),
            field("outageEndMs", &S::outage_end_ms, number(0, max_ms),
                  "at least outageStartMs; equal to it: no outage")});
  }
};

template <>
struct Describe<ratelimit::DistributedResult> {
  static constexpr const char* name = "DistributedLimitResult";
  static constexpr const char* doc = "What the servers admitted, against one exact limiter.";
  static auto fields() {
    using S = ratelimit::DistributedResult;
    return std::tuple{
        field("admitted", &S::admitted), field("rejected", &S::rejected),
        field("exactAdmitted", &S::exact_admitted, "what one exact limiter admits for the same traffic"),
        field("overAdmitted", &S::over_admitted,
              "admitted cost beyond the limit, summed over every client window (0 for atomic)"),
        field("storeRoundTrips", &S::store_round_trips),
        field("unchecked", &S::unchecked, "requests decided without the store during the outage"),
        field("serverRequests", &S::server_requests, "per server"),
        field("serverAdmitted", &S::server_admitted, "per server")};
  }
};

namespace {

using namespace ratelimit;

// Rules shared by several parameters. (Functions, not constants: EMSCRIPTEN_BINDINGS runs before
// this file's dynamic initializers.)
Rule rate() { return number(kMinRate, kMaxRate); }
Rule limit() { return integer(1, kMaxLimit); }
Rule window_ms() { return number(0.001, kMaxWindowMs); }

double ms(sim::Micros t) { return sim::to_millis(t); }

// The state of each algorithm as of `now` (the state a request at `now` would meet), times in ms.
TokenBucketSnapshot state_at(const TokenBucket& b, sim::Micros now) {
  TokenBucketSnapshot s;
  s.rate_per_sec = b.rate();
  s.burst = b.burst();
  s.tokens = b.tokens_at(now);
  s.tokens_at_last_refill = b.tokens();
  s.last_refill_ms = ms(b.last_refill());
  return s;
}

LeakyBucketQueueSnapshot state_at(const LeakyBucketQueue& q, sim::Micros now) {
  LeakyBucketQueueSnapshot s;
  s.capacity = q.capacity();
  s.leak_per_sec = q.leak_rate();
  s.queued = q.queued_at(now);
  s.last_departure_ms = ms(q.last_departure(now));
  q.for_each_at(now, [&](sim::Micros departs_at, std::uint64_t cost) {
    s.queue.push_back({ms(departs_at), cost});
  });
  return s;
}

LeakyBucketMeterSnapshot state_at(const LeakyBucketMeter& m, sim::Micros now) {
  LeakyBucketMeterSnapshot s;
  s.capacity = m.capacity();
  s.leak_per_sec = m.leak_rate();
  s.level = m.level_at(now);
  return s;
}

FixedWindowSnapshot state_at(const FixedWindow& w, sim::Micros now) {
  FixedWindowSnapshot s;
  s.limit = w.limit();
  s.window_ms = ms(w.window());
  s.window_start_ms = ms(w.window_start_at(now));
  s.count = w.count_at(now);
  return s;
}

SlidingWindowLogSnapshot state_at(const SlidingWindowLog& l, sim::Micros now) {
  SlidingWindowLogSnapshot s;
  s.limit = l.limit();
  s.window_ms = ms(l.window());
  s.count = l.count_at(now);
  l.for_each_at(now, [&](sim::Micros at, std::uint64_t cost) { s.log.push_back({ms(at), cost}); });
  return s;
}

SlidingWindowCounterSnapshot state_at(const SlidingWindowCounter& c, sim::Micros now) {
  const SlidingWindowCounter::Counts counts = c.counts_at(now);
  SlidingWindowCounterSnapshot s;
  s.limit = c.limit();
  s.window_ms = ms(c.window());
  s.window_start_ms = ms(counts.start);
  s.previous = counts.previous;
  s.current = counts.current;
  s.weight = c.weight_at(now);
  s.estimate = c.estimate_at(now);
  return s;
}

GcraSnapshot state_at(const Gcra& g, sim::Micros now) {
  GcraSnapshot s;
  s.limit = g.limit();
  s.emission_interval_ms = ms(g.emission_interval());
  s.tolerance_ms = ms(g.tolerance());
  s.tat_ms = ms(g.tat());
  s.ahead_ms = ms(std::max<sim::Micros>(0, g.tat() - now));
  return s;
}

// A limiter of algorithm A with its own clock.
template <class A>
class LimiterHandle : public Traced {
 public:
  static constexpr bool kCopyable = true;  // plain values: a copy is independent
  static constexpr bool kQueue = std::is_same_v<A, LeakyBucketQueue>;
  using Result = std::conditional_t<kQueue, LeakyBucketQueueDecision, RateLimitDecision>;

  // Null after failed(…) when the parameters break a rule that spans several of them.
  static LimiterHandle* create(const typename A::Config& config) {
    if (failed(A::check(config))) return nullptr;
    return new LimiterHandle(config);
  }

  void attach(sim::Trace* sink) { limiter_.set_trace(sink); }

  Result request(std::uint64_t cost) {
    const sim::Micros now = clock_.now();
    Decision d;
    if (failed(limiter_.request(now, cost, &d))) return {};
    Result result;
    result.allowed = d.allowed;
    result.remaining = d.remaining;
    result.retry_after_ms = d.retry_after == kNever ? -1.0 : ms(d.retry_after);
    result.reset_after_ms = ms(d.reset_after);
    if constexpr (kQueue) {
      result.wait_ms = d.allowed && cost > 0 ? ms(limiter_.last_departure(now) - now) : 0.0;
    }
    return result;
  }

  // Moves the clock only: the trace stays empty (the binding cleared it before the call).
  void advance(double by_ms) {
    if (!failed(check_advance(clock_, by_ms))) clock_.advance(sim::from_millis(by_ms));
  }

  double now() const { return ms(clock_.now()); }
  std::size_t bytes() const { return limiter_.bytes(); }

  auto snapshot() const {
    auto s = state_at(limiter_, clock_.now());
    s.now_ms = now();
    s.bytes = static_cast<double>(bytes());
    return s;
  }

 private:
  explicit LimiterHandle(const typename A::Config& config) : limiter_(config) {}

  sim::Clock clock_;
  A limiter_;
};

// The constructors, one per algorithm, each naming its config's fields.
LimiterHandle<TokenBucket>* token_bucket(double rate_per_sec, double burst) {
  return LimiterHandle<TokenBucket>::create({.rate_per_sec = rate_per_sec, .burst = burst});
}

template <class A>
LimiterHandle<A>* leaky_bucket(double capacity, double leak_per_sec) {
  return LimiterHandle<A>::create({.capacity = capacity, .leak_per_sec = leak_per_sec});
}

template <class A>
LimiterHandle<A>* window(double limit, double window_ms) {
  return LimiterHandle<A>::create({.limit = limit, .window_ms = window_ms});
}

LimiterHandle<Gcra>* gcra(double max_burst, double count_per_period, double period_ms) {
  return LimiterHandle<Gcra>::create(
      {.max_burst = max_burst, .count_per_period = count_per_period, .period_ms = period_ms});
}

template <class A, auto Create>
void bind_limiter(const char* name, const char* doc, std::vector<Param> params, const char* snapshot_doc) {
  using H = LimiterHandle<A>;
  Class<H>(name, doc)
      .template constructor<Create>(std::move(params))
      .template method<&H::request>(
          "request", {{"cost", integer(0, kMaxCost), "0 asks without consuming"}},
          "A request arrives now: admitted or rejected, with the time to retry and the reason.")
      .template method<&H::advance>(
          "advance", {{"ms", number(0, kMaxFillMs), "at most 100 years, the longest retryAfterMs"}},
          "Moves this limiter's simulated clock forward; the clock stops at 2^53 µs (about 285 "
          "years), and a step past it is refused.")
      .template method<&H::now>("now", {}, "This limiter's simulated time, ms.")
      .template method<&H::bytes>("bytes", {}, "Memory the limiter holds: the object and its heap.")
      .template snapshot<&H::snapshot>(snapshot_doc);
}

// The batch functions return an empty result after failed(…): api.js throws instead of returning it.
Traffic traffic_to_js(const std::vector<Arrival>& traffic) {
  Traffic result;
  result.times_ms.values.reserve(traffic.size());
  result.clients.values.reserve(traffic.size());
  result.costs.values.reserve(traffic.size());
  for (const Arrival& a : traffic) {
    result.times_ms.values.push_back(ms(a.time));
    result.clients.values.push_back(a.client);
    result.costs.values.push_back(a.cost);
  }
  return result;
}

Traffic generate_traffic_js(const TrafficSpec& spec) {
  if (failed(check_traffic(spec))) return {};
  return traffic_to_js(generate_traffic(spec));
}

ComparisonResult run_comparison_js(const ComparisonOptions& options) {
  const ComparisonSpec spec{.limit = options.limit, .window_ms = options.window_ms};
  if (failed(first_error(check_traffic(options), check_comparison(spec)))) return {};
  const std::vector<Arrival> traffic = generate_traffic(options);
  ComparisonResult result{traffic_to_js(traffic), {}};
  for (AlgorithmRun& run : run_comparison(traffic, spec, options.algorithms)) {
    result.algorithms.push_back(
        {run.admitted, run.rejected, run.max_in_window, run.clients, run.bytes,
         run.clients ? double(run.bytes) / double(run.clients) : 0.0, algorithm_name(run.algorithm),
         {std::move(run.allowed)}});
  }
  return result;
}

// The traffic of `options`, checked: times finite, non-decreasing and in range; clients in range.
Status read_traffic(const KeyedRunOptions& options, std::vector<Arrival>& traffic) {
  std::vector<double> times;
  std::vector<std::uint32_t> clients;
  Status status = read_typed_array("options.timesMs", options.times_ms, TrafficSpec::kMaxRequests, times);
  if (status) status = read_typed_array("options.clients", options.clients, TrafficSpec::kMaxRequests, clients);
  if (status && clients.size() != times.size()) {
    status = Status::invalid("options.clients must be as long as options.timesMs, " +
                             std::to_string(times.size()) + ", got " + std::to_string(clients.size()));
  }
  if (!status) return status;
  traffic.resize(times.size());
  for (std::size_t i = 0; i < times.size(); ++i) {
    const double previous = i == 0 ? 0 : times[i - 1];
    if (!(times[i] >= previous && times[i] <= kMaxWindowMs)) {
      return Status::invalid("options.timesMs[" + std::to_string(i) + "] must be a number in [" + format_number(previous) + ", " +
                             format_number(kMaxWindowMs) + "] (times never decrease), got " +
                             format_number(times[i]));
    }
    if (clients[i] >= TrafficSpec::kMaxClients) {
      return Status::invalid("options.clients[" + std::to_string(i) + "] must be below " +
                             format_number(TrafficSpec::kMaxClients) + ", got " + std::to_string(clients[i]));
    }
    traffic[i] = {sim::from_millis(times[i]), clients[i], 1};
  }
  return Status::ok();
}

KeyedRunResult run_keyed_limiter_js(const KeyedRunOptions& options) {
  const ComparisonSpec spec{.limit = options.limit, .window_ms = options.window_ms};
  std::vector<Arrival> traffic;
  if (failed(first_error(check_comparison(spec), read_traffic(options, traffic)))) return {};
  const AlgorithmRun run = run_comparison(traffic, spec, {options.algorithm}, Detail::kTotalsOnly).front();
  return {run.admitted, run.rejected, run.clients, run.bytes,
          run.clients ? double(run.bytes) / double(run.clients) : 0.0};
}

DistributedResult simulate_distributed_js(const DistributedOptions& options) {
  const DistributedSpec spec{.placement = options.placement,
                             .routing = options.routing,
                             .fail = options.fail_mode,
                             .servers = options.servers,
                             .limit = options.limit,
                             .window_ms = options.window_ms,
                             .latency_ms = options.latency_ms,
                             .outage_start_ms = options.outage_start_ms,
                             .outage_end_ms = options.outage_end_ms,
                             .seed = options.seed};
  if (failed(first_error(check_traffic(options), check_distributed(spec)))) return {};
  return simulate_distributed(generate_traffic(options), spec);
}

}  // namespace
}  // namespace sdlab::wasm

EMSCRIPTEN_BINDINGS(sdlab_ratelimit) {
  using namespace sdlab::wasm;
  using namespace sdlab::ratelimit;
  bind_limiter<TokenBucket, &token_bucket>(
      "TokenBucket",
      "Tokens refill at ratePerSec up to burst; a request spends tokens (x/time/rate AllowN).",
      {{"ratePerSec", rate(),
        "tokens added per second, kept as the simplest fraction that rounds to it"},
       {"burst", limit(),
        "bucket size; burst / ratePerSec, a refill from empty, at most 100 years"}},
      "The tokens at now() and at the last admission, with nowMs and bytes.");
  bind_limiter<LeakyBucketQueue, &leaky_bucket<LeakyBucketQueue>>(
      "LeakyBucketQueue", "Admitted requests queue and depart at leakPerSec; a full queue rejects.",
      {{"capacity", limit(),
        "the most cost queued; capacity / leakPerSec, a drain from full, at most 100 years"},
       {"leakPerSec", rate(),
        "cost departing per second, kept as the simplest fraction that rounds to it"}},
      "The queue at now(), head first, with nowMs and bytes.");
  bind_limiter<LeakyBucketMeter, &leaky_bucket<LeakyBucketMeter>>(
      "LeakyBucketMeter",
      "A level that drains at leakPerSec; a request that would overflow it is rejected.",
      {{"capacity", limit(),
        "bucket size; capacity / leakPerSec, a drain from full, at most 100 years"},
       {"leakPerSec", rate(),
        "drained per second, kept as the simplest fraction that rounds to it"}},
      "The level at now(), with nowMs and bytes.");
  bind_limiter<FixedWindow, &window<FixedWindow>>(
      "FixedWindow", "Counts cost per window [k·windowMs, (k+1)·windowMs); resets at each boundary.",
      {{"limit", limit(), "cost per window"}, {"windowMs", window_ms()}},
      "The window holding now() and its count, with nowMs and bytes.");
  bind_limiter<SlidingWindowLog, &window<SlidingWindowLog>>(
      "SlidingWindowLog", "Logs every admitted request; admits while the last windowMs holds at most limit.",
      {{"limit", limit(), "cost per window"}, {"windowMs", window_ms()}},
      "The log of the window ending at now(), with nowMs and bytes.");
  bind_limiter<SlidingWindowCounter, &window<SlidingWindowCounter>>(
      "SlidingWindowCounter", "Weighs the previous window's count by how much of it still overlaps.",
      {{"limit", limit(), "cost per window"}, {"windowMs", window_ms()}},
      "The two counts and the estimate at now(), with nowMs and bytes.");
  bind_limiter<Gcra, &gcra>(
      "Gcra", "The generic cell rate algorithm, one timestamp per client (redis-cell CL.THROTTLE).",
      {{"maxBurst", integer(0, kMaxLimit - 1), "limit = maxBurst + 1"},
       {"countPerPeriod", limit()},
       {"periodMs", window_ms(), "periodMs / countPerPeriod must be at least 0.001 ms"}},
      "The theoretical arrival time against now() and the tolerance, with nowMs and bytes.");
  function<&generate_traffic_js>("generateTraffic", {{"options", object<TrafficSpec>()}},
                                 "A seeded request stream, sorted by time.");
  function<&run_comparison_js>("runRateLimitComparison", {{"options", object<ComparisonOptions>()}},
                               "Plays one traffic stream through the limiters, keyed by client.");
  function<&run_keyed_limiter_js>(
      "runKeyedLimiter", {{"options", object<KeyedRunOptions>()}},
      "The decisions alone, in one call: pre-generated traffic through one algorithm keyed by client "
      "(the kernel that benchmarks compare; runRateLimitComparison also generates the traffic and "
      "copies every decision out).");
  function<&simulate_distributed_js>("simulateDistributedLimit", {{"options", object<DistributedOptions>()}},
                                     "Simulates one limit enforced by N servers, locally or through a shared store.");
}
