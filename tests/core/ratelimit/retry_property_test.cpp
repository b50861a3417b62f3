// The promises every limiter makes, checked on seeded random configurations and request streams:
//   - retry: after a refusal with retry_after R at t, the same request is refused at t + R − 1 µs
//     and admitted at t + R (nothing else happening in between); kNever only for a cost above
//     what the limiter can ever hold;
//   - reset: after any decision with reset_after Z at t, a request of the full limit is refused at
//     t + Z − 1 µs and admitted at t + Z;
//   - limit: what was admitted never exceeds what the algorithm promises over any span (below).
// Each algorithm runs kStreams streams of kRequests requests; the counts of promises checked are
// printed.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <sstream>
#include <vector>

#include "ask.h"
#include "ratelimit/exact_rate.h"
#include "ratelimit/fixed_window.h"
#include "ratelimit/gcra.h"
#include "ratelimit/leaky_bucket_meter.h"
#include "ratelimit/leaky_bucket_queue.h"
#include "ratelimit/sliding_window_counter.h"
#include "ratelimit/sliding_window_log.h"
#include "ratelimit/token_bucket.h"
#include "sim/random.h"

namespace sdlab::ratelimit {
namespace {

constexpr int kStreams = 150;
constexpr int kRequests = 300;

struct Admission {
  sim::Micros at;
  std::uint64_t cost;
};

// A rate per second: a ratio of small integers, a decimal, or any double over nine decades.
double random_rate(sim::Random& random) {
  switch (random.below(3)) {
    case 0:
      return static_cast<double>(1 + random.below(60)) / static_cast<double>(1 + random.below(60));
    case 1:
      return static_cast<double>(1 + random.below(100'000)) / 1000;
    default:
      return 1e-3 * std::pow(1e9, random.uniform01());
  }
}

// A count, mostly small, sometimes large.
double random_limit(sim::Random& random) {
  return static_cast<double>(random.below(4) == 0 ? 1 + random.below(1'000'000)
                                                  : 1 + random.below(12));
}

// A window in ms of a whole number of µs, from 1 µs to a day.
double random_window_ms(sim::Random& random) {
  const double micros = std::floor(std::pow(10.0, 1 + random.uniform01() * 10));
  return micros / 1000;
}

// Each algorithm: a random configuration, the most it can hold, a typical time between
// requests, and whether `admitted` keeps its promise over every span (an explanation if not).
template <class A>
struct Promise;

// Token bucket, leaky bucket as a meter or a queue: a size (burst or capacity) and a rate; over
// any span [a, b] at most size + rate·(b − a) is admitted, counted exactly in the rate's units.
struct RateBudget {
  double size, per_second;
};
RateBudget budget(const TokenBucket::Config& c) { return {c.burst, c.rate_per_sec}; }
RateBudget budget(const LeakyBucketMeter::Config& c) { return {c.capacity, c.leak_per_sec}; }
RateBudget budget(const LeakyBucketQueue::Config& c) { return {c.capacity, c.leak_per_sec}; }

template <class A>
struct RatePromise {
  static std::uint64_t capacity(const typename A::Config& c) {
    return static_cast<std::uint64_t>(budget(c).size);
  }
  static double gap(const typename A::Config& c) { return 1e6 / budget(c).per_second; }
  static std::string kept(const typename A::Config& c, const std::vector<Admission>& admitted) {
    const ExactRate rate = ExactRate::per_second(budget(c).per_second);
    const Units size = rate.units(capacity(c));
    for (std::size_t i = 0; i < admitted.size(); ++i) {
      Units sum = 0;
      for (std::size_t j = i; j < admitted.size(); ++j) {
        sum += rate.units(admitted[j].cost);
        if (sum > size + rate.over(admitted[j].at - admitted[i].at)) {
          return "admitted more than size + rate × span in [" + std::to_string(admitted[i].at) +
                 ", " + std::to_string(admitted[j].at) + "]";
        }
      }
    }
    return "";
  }
};

template <>
struct Promise<TokenBucket> : RatePromise<TokenBucket> {
  static TokenBucket::Config config(sim::Random& random) {
    return {random_rate(random), random_limit(random)};
  }
};

template <>
struct Promise<LeakyBucketMeter> : RatePromise<LeakyBucketMeter> {
  static LeakyBucketMeter::Config config(sim::Random& random) {
    return {random_limit(random), random_rate(random)};
  }
};

template <>
struct Promise<LeakyBucketQueue> : RatePromise<LeakyBucketQueue> {
  static LeakyBucketQueue::Config config(sim::Random& random) {  // small: memory O(capacity)
    return {static_cast<double>(1 + random.below(12)), random_rate(random)};
  }
};

// The window algorithms: `limit` per window. The fixed window and the sliding-window counter
// admit at most `limit` in each window [k·w, (k+1)·w); the log at most `limit` in every window
// (t − w, t].
template <class A>
struct WindowPromise {
  static typename A::Config config(sim::Random& random) {
    return {random_limit(random), random_window_ms(random)};
  }
  static std::uint64_t capacity(const typename A::Config& c) {
    return static_cast<std::uint64_t>(c.limit);
  }
  static double gap(const typename A::Config& c) { return c.window_ms * 1000 / c.limit; }
  static std::string kept(const typename A::Config& c, const std::vector<Admission>& admitted) {
    const sim::Micros window = sim::from_millis(c.window_ms);
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < admitted.size(); ++i) {
      if (i > 0 && admitted[i].at / window != admitted[i - 1].at / window) sum = 0;
      sum += admitted[i].cost;
      if (sum > capacity(c)) {
        return "admitted more than the limit in the window of " + std::to_string(admitted[i].at);
      }
    }
    return "";
  }
};

template <>
struct Promise<FixedWindow> : WindowPromise<FixedWindow> {};

template <>
struct Promise<SlidingWindowCounter> : WindowPromise<SlidingWindowCounter> {};

template <>
struct Promise<SlidingWindowLog> : WindowPromise<SlidingWindowLog> {
  static SlidingWindowLog::Config config(sim::Random& random) {  // small: memory O(limit)
    return {static_cast<double>(1 + random.below(12)), random_window_ms(random)};
  }
  static std::string kept(const SlidingWindowLog::Config& c,
                          const std::vector<Admission>& admitted) {
    const sim::Micros window = sim::from_millis(c.window_ms);
    std::uint64_t sum = 0;
    for (std::size_t first = 0, last = 0; last < admitted.size(); ++last) {
      sum += admitted[last].cost;
      while (admitted[first].at + window <= admitted[last].at) sum -= admitted[first++].cost;
      if (sum > capacity(c)) {
        return "admitted more than the limit in the window ending " +
               std::to_string(admitted[last].at);
      }
    }
    return "";
  }
};

// GCRA: over any span [a, b], at most limit + (b − a)/T, i.e. T·admitted <= b − a + τ.
template <>
struct Promise<Gcra> {
  static Gcra::Config config(sim::Random& random) {
    for (;;) {
      const Gcra::Config c{static_cast<double>(random.below(12)),
                           static_cast<double>(1 + random.below(12)), random_window_ms(random)};
      if (Gcra::check(c).is_ok()) return c;
    }
  }
  static std::uint64_t capacity(const Gcra::Config& c) {
    return static_cast<std::uint64_t>(c.max_burst) + 1;
  }
  static double gap(const Gcra::Config& c) { return c.period_ms * 1000 / c.count_per_period; }
  static std::string kept(const Gcra::Config& c, const std::vector<Admission>& admitted) {
    const Gcra gcra(c);
    for (std::size_t i = 0; i < admitted.size(); ++i) {
      sim::Micros sum = 0;
      for (std::size_t j = i; j < admitted.size(); ++j) {
        sum += gcra.emission_interval() * static_cast<sim::Micros>(admitted[j].cost);
        if (sum > admitted[j].at - admitted[i].at + gcra.tolerance()) {
          return "admitted more than limit + span / T in [" + std::to_string(admitted[i].at) +
                 ", " + std::to_string(admitted[j].at) + "]";
        }
      }
    }
    return "";
  }
};

struct Checked {
  std::uint64_t requests = 0, retries = 0, resets = 0, never = 0;
};

// The time to the next request: at once, a microsecond or two, or about `gap` or a few gaps.
sim::Micros next_gap(sim::Random& random, double gap) {
  switch (random.below(4)) {
    case 0:
      return 0;
    case 1:
      return static_cast<sim::Micros>(random.below(3));
    case 2:
      return static_cast<sim::Micros>(random.uniform01() * gap);
    default:
      return static_cast<sim::Micros>(random.uniform01() * gap * 8);
  }
}

// A cost: mostly 1, up to the capacity, sometimes 0, rarely more than it can ever hold.
std::uint64_t next_cost(sim::Random& random, std::uint64_t capacity) {
  switch (random.below(8)) {
    case 0:
      return 0;
    case 1:
      return capacity + 1;
    case 2:
    case 3:
      return 1 + random.below(capacity);
    default:
      return 1;
  }
}

template <class A>
::testing::AssertionResult keeps_its_promises(std::uint64_t seed, Checked& checked) {
  sim::Random random(seed);
  const typename A::Config config = Promise<A>::config(random);
  const std::uint64_t capacity = Promise<A>::capacity(config);
  const double gap = Promise<A>::gap(config);
  A limiter(config);
  std::vector<Admission> admitted;
  sim::Micros now = 0;
  for (int i = 0; i < kRequests; ++i) {
    now += next_gap(random, gap);
    const std::uint64_t cost = next_cost(random, capacity);
    auto failure = [&](const std::string& what) {
      return ::testing::AssertionFailure() << "seed " << seed << ", request " << i << " at " << now
                                           << " µs of cost " << cost << ": " << what;
    };
    Decision d;
    if (!limiter.request(now, cost, &d).is_ok()) return failure("an error");
    ++checked.requests;
    if (d.allowed && cost > 0) admitted.push_back({now, cost});
    if (!d.allowed && d.retry_after == kNever) {
      if (cost <= capacity) return failure("never, though the cost fits");
      ++checked.never;
    } else if (!d.allowed) {
      if (d.retry_after <= 0)
        return failure("refused with retry_after " + std::to_string(d.retry_after));
      A later = limiter;
      if (ask(later, now + d.retry_after - 1, cost).allowed)
        return failure("admitted 1 µs before retry_after " + std::to_string(d.retry_after));
      if (!ask(later, now + d.retry_after, cost).allowed)
        return failure("refused at retry_after " + std::to_string(d.retry_after));
      ++checked.retries;
    }
    if (d.reset_after > 0) {
      A early = limiter, exact = limiter;
      if (ask(early, now + d.reset_after - 1, capacity).allowed)
        return failure("full limit admitted 1 µs before reset_after " +
                       std::to_string(d.reset_after));
      if (!ask(exact, now + d.reset_after, capacity).allowed)
        return failure("full limit refused at reset_after " + std::to_string(d.reset_after));
      ++checked.resets;
    }
  }
  if (const std::string broken = Promise<A>::kept(config, admitted); !broken.empty()) {
    return ::testing::AssertionFailure() << "seed " << seed << ": " << broken;
  }
  return ::testing::AssertionSuccess();
}

template <class A>
class RetryPropertyTest : public ::testing::Test {};

using Algorithms = ::testing::Types<TokenBucket, LeakyBucketMeter, LeakyBucketQueue, FixedWindow,
                                    SlidingWindowLog, SlidingWindowCounter, Gcra>;
TYPED_TEST_SUITE(RetryPropertyTest, Algorithms);

TYPED_TEST(RetryPropertyTest, RetryResetAndLimitHoldToTheMicrosecond) {
  Checked checked;
  for (std::uint64_t seed = 1; seed <= kStreams; ++seed) {
    ASSERT_TRUE(keeps_its_promises<TypeParam>(seed, checked));
  }
  std::printf(
      "[ promises ] %s: %llu requests, %llu retries and %llu resets checked at −1 µs and "
      "exactly, %llu never\n",
      ::testing::UnitTest::GetInstance()->current_test_info()->type_param(),
      static_cast<unsigned long long>(checked.requests),
      static_cast<unsigned long long>(checked.retries),
      static_cast<unsigned long long>(checked.resets),
      static_cast<unsigned long long>(checked.never));
  EXPECT_GT(checked.retries, 1000u);
  EXPECT_GT(checked.resets, 1000u);
}

}  // namespace
}  // namespace sdlab::ratelimit
