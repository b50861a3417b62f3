// Every limiter with each parameter at both ends of its documented range, and time at both ends
// of the clock: a configuration is either refused with a clear error or answers every request
// at once, with no overflow (this suite also runs under AddressSanitizer + UBSan) and with its
// retry and reset promises exact to the microsecond.
#include <gtest/gtest.h>

#include <climits>
#include <string>
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

namespace sdlab::ratelimit {
namespace {

constexpr double kYear = kMaxWindowMs;                                 // ms
constexpr auto kCentury = static_cast<sim::Micros>(kMaxFillMs) * kMs;  // the longest fill, µs

// The same request repeated 1 µs before `retry` is refused, and at `retry` admitted.
template <class A>
void expect_exact_retry(const A& limiter, sim::Micros now, std::uint64_t cost, sim::Micros retry) {
  ASSERT_GT(retry, 0);
  A early = limiter, exact = limiter;
  EXPECT_FALSE(ask(early, now + retry - 1, cost).allowed) << "1 µs before " << retry;
  EXPECT_TRUE(ask(exact, now + retry, cost).allowed) << "at " << retry;
}

// Drives a limiter whose configuration is valid and whose limit is `limit`: a full burst at 0, a
// refusal whose retry and reset hold exactly, the largest cost, then the same at the clock's end.
template <class A>
void exercise(const typename A::Config& config, std::uint64_t limit) {
  ASSERT_TRUE(A::check(config).is_ok()) << A::check(config).message();
  A limiter(config);
  for (const sim::Micros start : {sim::Micros{0}, sim::kMaxTime}) {
    SCOPED_TRACE("at " + std::to_string(start) + " µs");
    const Decision full = ask(limiter, start, limit);
    ASSERT_TRUE(full.allowed);
    EXPECT_EQ(full.remaining, 0);
    EXPECT_GT(full.reset_after, 0);
    EXPECT_LE(full.reset_after, kCentury);
    const Decision refused = ask(limiter, start, 1);
    ASSERT_FALSE(refused.allowed);
    EXPECT_LE(refused.retry_after, refused.reset_after);
    if (start < sim::kMaxTime - kCentury) {
      expect_exact_retry(limiter, start, 1, refused.retry_after);
      expect_exact_retry(limiter, start, limit, refused.reset_after);
    }
    const Decision largest = ask(limiter, start, kMaxCost);
    EXPECT_FALSE(largest.allowed);
    EXPECT_EQ(largest.retry_after, limit < kMaxCost ? kNever : refused.reset_after);
  }
}

// ---- the two cases from the issue ---------------------------------------------------------

TEST(RateLimitEdges, ABucketThatWouldTakeThreeThousandCenturiesToRefillIsRefused) {
  // new TokenBucket(0.000001, 10000000).request(10000000) used to loop forever.
  EXPECT_EQ(TokenBucket::check({1e-6, 1e7}).message(),
            "burst / ratePerSec, the time a refill from empty takes, must be at most 3153600000 s "
            "(100 years), got 10000000000000 s");
  exercise<TokenBucket>({1e-6, 3153}, 3153);  // 3153 × 10^6 s, the most at that rate
  EXPECT_FALSE(TokenBucket::check({1e-6, 3154}).is_ok());
}

TEST(RateLimitEdges, AQueueThatWouldTakeThirtyMillionYearsToDrainIsRefused) {
  // new LeakyBucketQueue(1e9, 1e-6).request(1e9) used to answer a negative wait and then admit
  // past its capacity.
  EXPECT_EQ(LeakyBucketQueue::check({1e9, 1e-6}).message(),
            "capacity / leakPerSec, the time a full queue takes to drain, must be at most "
            "3153600000 s (100 years), got 1e+15 s");
  LeakyBucketQueue queue({3153, 1e-6});
  const Decision d = ask(queue, 0, 3153);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(queue.last_departure(0), 3153 * kSec * 1'000'000);
  EXPECT_FALSE(ask(queue, 1, 3153).allowed);
  EXPECT_EQ(queue.queued(), 3153u);
}

// ---- each parameter at both ends ----------------------------------------------------------

TEST(RateLimitEdges, TokenBucketAtTheEndsOfRateAndBurst) {
  exercise<TokenBucket>({1e-6, 1}, 1);
  exercise<TokenBucket>({1e9, 1}, 1);
  exercise<TokenBucket>({1e9, 1e9}, 1'000'000'000);
  EXPECT_FALSE(TokenBucket::check({1e-6, 1e9}).is_ok());
  TokenBucket slowest({1e-6, 1});
  ask(slowest, 0);
  EXPECT_EQ(ask(slowest, 0).retry_after, 1'000'000 * kSec);  // a token every 10^6 s
  TokenBucket fastest({1e9, 1e9});
  ask(fastest, 0, 1'000'000'000);
  const Decision d = ask(fastest, 0);
  EXPECT_EQ(d.retry_after, 1);     // 1000 tokens a microsecond
  EXPECT_EQ(d.reset_after, kSec);  // 10^9 tokens in a second
}

TEST(RateLimitEdges, LeakyBucketMeterAtTheEndsOfCapacityAndLeak) {
  exercise<LeakyBucketMeter>({1, 1e-6}, 1);
  exercise<LeakyBucketMeter>({1, 1e9}, 1);
  exercise<LeakyBucketMeter>({1e9, 1e9}, 1'000'000'000);
  exercise<LeakyBucketMeter>({3153, 1e-6}, 3153);
  EXPECT_EQ(LeakyBucketMeter::check({1e9, 1e-6}).message(),
            "capacity / leakPerSec, the time a full bucket takes to drain, must be at most "
            "3153600000 s (100 years), got 1e+15 s");
}

TEST(RateLimitEdges, LeakyBucketQueueAtTheEndsOfCapacityAndLeak) {
  exercise<LeakyBucketQueue>({1, 1e-6}, 1);
  exercise<LeakyBucketQueue>({1, 1e9}, 1);
  exercise<LeakyBucketQueue>({1e9, 1e9}, 1'000'000'000);
  LeakyBucketQueue fastest({1, 1e9});
  ask(fastest, 0);
  EXPECT_EQ(fastest.last_departure(0), 1);  // 10^-3 µs of drain, rounded up
}

TEST(RateLimitEdges, WindowsAtTheEndsOfLimitAndWindow) {
  for (const double window_ms : {0.001, kYear}) {
    for (const double limit : {1.0, 1e9}) {
      SCOPED_TRACE("limit " + std::to_string(limit) + " per " + std::to_string(window_ms) + " ms");
      const auto whole = static_cast<std::uint64_t>(limit);
      exercise<FixedWindow>({limit, window_ms}, whole);
      exercise<SlidingWindowLog>({limit, window_ms}, whole);
      exercise<SlidingWindowCounter>({limit, window_ms}, whole);
    }
  }
}

TEST(RateLimitEdges, SlidingWindowCounterWeighsABillionOverAYearExactly) {
  // window × count reaches 3·10^22, past 64 bits.
  SlidingWindowCounter counter({1e9, kYear});
  const sim::Micros year = sim::from_millis(kYear);
  ask(counter, 0, 1'000'000'000);
  const Decision d = ask(counter, year + year / 4, 250'000'001);
  EXPECT_FALSE(d.allowed);           // 10^9 × 3/4 + 250000001 > 10^9
  EXPECT_EQ(d.retry_after, 31'536);  // the estimate falls by one every year / 10^9 = 31536 µs
  expect_exact_retry(counter, year + year / 4, 250'000'001, d.retry_after);
}

TEST(RateLimitEdges, GcraAtTheEndsOfBurstCountAndPeriod) {
  exercise<Gcra>({0, 1, 0.001}, 1);                          // T = τ = 1 µs
  exercise<Gcra>({0, 1, kYear}, 1);                          // T = τ = a year
  exercise<Gcra>({999'999'999, 1, 0.001}, 1'000'000'000);    // T = 1 µs, τ = 1000 s
  exercise<Gcra>({999'999'999, 1e9, kYear}, 1'000'000'000);  // T = 31536 µs, τ = a year
  EXPECT_EQ(Gcra::check({0, 1e9, 0.001}).message(),
            "periodMs / countPerPeriod must be at least 0.001 ms, got 1e-12");
  EXPECT_FALSE(Gcra::check({999'999'999, 1, kYear}).is_ok());
}

// ---- time at both ends --------------------------------------------------------------------

TEST(RateLimitEdges, TimeOutsideTheClockIsAnErrorThatChangesNothing) {
  TokenBucket bucket({1, 5});
  Decision d;
  EXPECT_EQ(bucket.request(sim::kMaxTime + 1, 1, &d).message(),
            "time must be in [0, 9007199254.740992 s], got 9007199254.740993 s");
  EXPECT_EQ(bucket.request(-1, 1, &d).message(),
            "time must be in [0, 9007199254.740992 s], got -0.000001 s");
  EXPECT_EQ(bucket.request(LLONG_MAX, 1, &d).message(),
            "time must be in [0, 9007199254.740992 s], got 9223372036854.775807 s");
  EXPECT_EQ(ask(bucket, sim::kMaxTime, 5).remaining, 0);
}

TEST(RateLimitEdges, AdvancingThePageClockIsBoundedByTheLongestWaitAndTheClockEnd) {
  sim::Clock clock;
  EXPECT_TRUE(check_advance(clock, kMaxFillMs).is_ok());
  EXPECT_EQ(check_advance(clock, kMaxFillMs * 1.001).message(),
            "ms must be a finite number in [0, 3153600000000], got 3156753600000");
  clock.advance(sim::kMaxTime - 1500);
  EXPECT_TRUE(check_advance(clock, 1).is_ok());
  EXPECT_EQ(check_advance(clock, 2).message(), "ms must be a finite number in [0, 1], got 2");
  clock.advance(1500);
  EXPECT_EQ(check_advance(clock, 0.001).message(),
            "ms must be a finite number in [0, 0], got 0.001");
}

// ---- exact rates --------------------------------------------------------------------------

TEST(ExactRate, IsTheSimplestFractionThatRoundsToTheRate) {
  struct Case {
    double per_second;
    std::uint64_t p, q;  // units per µs, tokens' denominator: p / q per second
  };
  for (const Case c : {Case{0.1, 1, 10}, Case{1.0 / 3, 1, 3}, Case{10.0 / 13, 10, 13},
                       Case{7.0 / 3, 7, 3}, Case{1e-6, 1, 1'000'000}, Case{1e9, 1'000'000'000, 1},
                       Case{1.234e-6, 617, 500'000'000}, Case{123456789.123, 123456789123, 1000}}) {
    const ExactRate rate = ExactRate::per_second(c.per_second);
    EXPECT_EQ(rate.units_per_micro(), c.p) << c.per_second;
    EXPECT_EQ(rate.units_per_token(), c.q * 1'000'000) << c.per_second;
    EXPECT_EQ(rate.per_second(), c.per_second);
  }
}

TEST(ExactRate, FallsBackToTwelveDecimalsWhenNoSmallFractionRoundsToTheRate) {
  const ExactRate rate = ExactRate::per_second(1 + 0x1p-52);  // 1.0000000000000002
  EXPECT_EQ(rate.units_per_token(), 1'000'000'000'000 * 1'000'000);
  EXPECT_EQ(rate.units_per_micro(), 1'000'000'000'000u);
}

TEST(ExactRate, WaitsAreTheCeilingOfTheMissingUnits) {
  const ExactRate third = ExactRate::per_second(1.0 / 3);  // a token every 3 s
  EXPECT_EQ(third.until(third.units(1)), 3 * kSec);
  EXPECT_EQ(third.until(third.units(1) + 1), 3 * kSec + 1);
  EXPECT_EQ(third.tokens(third.over(kSec)), 1.0 / 3);
}

}  // namespace
}  // namespace sdlab::ratelimit
