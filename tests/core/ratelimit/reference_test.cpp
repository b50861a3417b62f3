// The reference semantics, as tables with explicit times: TokenBucket against
// golang.org/x/time/rate's own AllowN tests, Gcra against redis-cell's own rate_limit test table
// and its README example, at full microsecond resolution.
#include <gtest/gtest.h>

#include <vector>

#include "ask.h"
#include "ratelimit/gcra.h"
#include "ratelimit/leaky_bucket_meter.h"
#include "ratelimit/token_bucket.h"

namespace sdlab::ratelimit {
namespace {

// x/time/rate's tests: d = 100 ms, tN = t0 + N·d.
constexpr sim::Micros kD = 100 * kMs;
constexpr sim::Micros t(int n) { return 5 * kSec + n * kD; }

struct Allow {
  sim::Micros at;
  std::uint64_t n;
  bool ok;
};

void run(TokenBucket bucket, const std::vector<Allow>& allows) {
  for (std::size_t i = 0; i < allows.size(); ++i) {
    EXPECT_EQ(ask(bucket, allows[i].at, allows[i].n).allowed, allows[i].ok) << "step " << i;
  }
}

TEST(TokenBucketMatchesXTimeRate, LimiterBurst1) {
  run(TokenBucket({10, 1}), {{t(0), 1, true}, {t(0), 1, false}, {t(0), 1, false},
                             {t(1), 1, true}, {t(1), 1, false}, {t(1), 1, false},
                             {t(2), 2, false},  // burst size is 1, so n=2 always fails
                             {t(2), 1, true}, {t(2), 1, false}});
}

TEST(TokenBucketMatchesXTimeRate, LimiterBurst3) {
  run(TokenBucket({10, 3}), {{t(0), 2, true}, {t(0), 2, false}, {t(0), 1, true},
                             {t(0), 1, false}, {t(1), 4, false}, {t(2), 1, true},
                             {t(3), 1, true}, {t(4), 1, true}, {t(4), 1, true},
                             {t(4), 1, false}, {t(4), 1, false}, {t(9), 3, true},
                             {t(9), 0, true}});
}

TEST(TokenBucketMatchesXTimeRate, MixOfAllowsWithoutReservations) {
  // TestMix without its reservations: n > burst fails; not enough tokens fails.
  run(TokenBucket({10, 2}), {{t(0), 3, false}, {t(0), 2, true}, {t(1), 2, false},
                             {t(2), 2, true}, {t(2), 1, false}, {t(3), 1, true}});
}

TEST(TokenBucketMatchesXTimeRate, NoTruncationErrors) {
  TokenBucket bucket({0.7692307692307693, 1});
  EXPECT_TRUE(ask(bucket, 0).allowed);
}

TEST(TokenBucketIsExact, TenRefillsOfATenthMakeOneTokenAtTheMicrosecondItCompletes) {
  // Summed in floating point, ten 0.1-token refills made 0.9999999999999999 and refused the last
  // request with a retry of 1 µs; counted in exact units they make one token at 10 s.
  TokenBucket bucket({0.1, 1});
  ask(bucket, 0);
  for (int i = 1; i < 10; ++i) EXPECT_TRUE(ask(bucket, i * kSec, 0).allowed) << i;
  TokenBucket early = bucket;
  EXPECT_EQ(ask(early, 10 * kSec - 1).retry_after, 1);
  const Decision d = ask(bucket, 10 * kSec);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.remaining, 0);
}

TEST(TokenBucketIsExact, ARateOfOneThirdRefillsATokenInThreeSeconds) {
  TokenBucket bucket({1.0 / 3, 1});
  ask(bucket, 0);
  EXPECT_EQ(ask(bucket, 0).retry_after,
            3 * kSec);  // not 3.000001 s: the rate is 1/3, not the double
  EXPECT_EQ(bucket.rate(), 1.0 / 3);
}

TEST(TokenBucketMatchesXTimeRate, TokensAtTAreMinOfBurstAndRefill) {
  TokenBucket bucket({4, 10});  // 4 tokens per second
  ask(bucket, 1 * kSec, 10);
  EXPECT_EQ(bucket.tokens_at(1 * kSec + 250 * kMs), 1);
  EXPECT_EQ(bucket.tokens_at(1 * kSec + 625 * kMs), 2.5);
  EXPECT_EQ(bucket.tokens_at(10 * kSec), 10);
  const Decision d = ask(bucket, 1 * kSec + 625 * kMs, 3);  // 2.5 < 3: rejected, no borrowing
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.remaining, 2.5);
  EXPECT_EQ(d.retry_after, 125 * kMs);
  EXPECT_EQ(d.reset_after, 1875 * kMs);
  EXPECT_EQ(bucket.tokens(), 0);  // a rejection leaves the state as it was, as in x/time/rate
  EXPECT_EQ(bucket.last_refill(), 1 * kSec);
  const Decision fractional = ask(bucket, 1 * kSec + 625 * kMs, 2);
  EXPECT_TRUE(fractional.allowed);
  EXPECT_EQ(fractional.remaining, 0.5);
}

TEST(TokenBucketMatchesXTimeRate, TheMeterMakesTheSameDecisions) {
  TokenBucket bucket({3, 4});
  LeakyBucketMeter meter({4, 3});
  sim::Micros now = 0;
  for (int i = 0; i < 500; ++i) {
    now += (i * 7919) % 400'000;
    const std::uint64_t cost = 1 + i % 3;
    const Decision a = ask(bucket, now, cost);
    const Decision b = ask(meter, now, cost);
    ASSERT_EQ(a.allowed, b.allowed) << i;
    EXPECT_NEAR(a.remaining, b.remaining, 1e-9) << i;
  }
}

// redis-cell's it_rate_limits: max_burst 4 (limit 5), 1 per second; (now ms, quantity,
// remaining, reset_after ms, retry_after ms (−1: none), limited).
struct Case {
  sim::Micros now_ms;
  std::uint64_t quantity;
  double remaining;
  sim::Micros reset_after_ms, retry_after_ms;
  bool limited;
};

TEST(GcraMatchesRedisCell, ItRateLimitsTable) {
  const sim::Micros start = 1'000 * kSec;
  Gcra gcra({4, 1, 1000});
  const std::vector<Case> cases = {
      {0, 6, 5, 0, -1000, true},  // never larger than the maximum
      {0, 1, 4, 1000, -1000, false},    {0, 1, 3, 2000, -1000, false},
      {0, 1, 2, 3000, -1000, false},    {0, 1, 1, 4000, -1000, false},
      {0, 1, 0, 5000, -1000, false},    {0, 1, 0, 5000, 1000, true},
      {3000, 1, 2, 3000, -1000, false}, {3100, 1, 1, 3900, -1000, false},
      {4000, 1, 1, 4000, -1000, false}, {8000, 1, 4, 1000, -1000, false},
      {9500, 1, 4, 1000, -1000, false},
      {9500, 0, 4, 1000, -1000, false},  // quantity 0 peeks
      {9500, 2, 2, 3000, -1000, false},
      {9500, 5, 2, 3000, 3000, true},  // large requests cannot exceed limits
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    const Decision d = ask(gcra, start + c.now_ms * kMs, c.quantity);
    EXPECT_EQ(d.allowed, !c.limited) << "case " << i;
    EXPECT_EQ(d.remaining, c.remaining) << "case " << i;
    EXPECT_EQ(d.reset_after, c.reset_after_ms * kMs) << "case " << i;
    // redis-cell reports −1 s when allowed; here that is 0, and kNever when it can never be.
    const sim::Micros retry =
        c.retry_after_ms < 0 ? (c.limited ? kNever : 0) : c.retry_after_ms * kMs;
    EXPECT_EQ(d.retry_after, retry) << "case " << i;
  }
  EXPECT_EQ(gcra.limit(), 5u);
}

TEST(GcraMatchesRedisCell, ReadmeExampleReply) {
  // CL.THROTTLE user123 15 30 60 1 → 0 16 15 -1 2
  Gcra gcra({15, 30, 60'000});
  EXPECT_EQ(gcra.emission_interval(), 2 * kSec);
  EXPECT_EQ(gcra.tolerance(), 32 * kSec);
  EXPECT_EQ(cl_throttle(ask(gcra, 7 * kSec), gcra.limit()), (ClThrottleReply{0, 16, 15, -1, 2}));
}

TEST(GcraMatchesRedisCell, BurstOfLimitThenOnePerInterval) {
  Gcra gcra({2, 10, 1000});  // T = 100 ms, τ = 300 ms, limit 3
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(ask(gcra, 0).allowed) << i;
  const Decision d = ask(gcra, 0);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after, 100 * kMs);
  EXPECT_EQ(gcra.tat(), 300 * kMs);
  EXPECT_EQ(cl_throttle(d, gcra.limit()), (ClThrottleReply{1, 3, 0, 1, 1}));
  EXPECT_FALSE(ask(gcra, 100 * kMs - 1).allowed);
  EXPECT_TRUE(ask(gcra, 100 * kMs).allowed);
  EXPECT_EQ(gcra.tat(), 400 * kMs);
}

TEST(GcraMatchesRedisCell, IntervalIsTruncatedToTheMicrosecond) {
  Gcra gcra({0, 3, 1000});  // 1 s / 3 = 333333.33 µs → 333333 µs
  EXPECT_EQ(gcra.emission_interval(), 333'333);
  EXPECT_TRUE(ask(gcra, 0).allowed);
  EXPECT_EQ(ask(gcra, 1).retry_after, 333'332);
}

}  // namespace
}  // namespace sdlab::ratelimit
