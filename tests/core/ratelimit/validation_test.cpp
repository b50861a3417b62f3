// Bad parameters: each check names the parameter and the rule, for every algorithm.
#include <gtest/gtest.h>

#include <limits>

#include "ratelimit/fixed_window.h"
#include "ratelimit/gcra.h"
#include "ratelimit/leaky_bucket_meter.h"
#include "ratelimit/leaky_bucket_queue.h"
#include "ratelimit/sliding_window_counter.h"
#include "ratelimit/sliding_window_log.h"
#include "ratelimit/token_bucket.h"

namespace sdlab::ratelimit {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

TEST(RateLimitValidation, TokenBucketNeedsAPositiveRateAndABurst) {
  EXPECT_EQ(TokenBucket::check({0, 5}).message(),
            "ratePerSec must be a finite number in [1e-06, 1000000000], got 0");
  EXPECT_EQ(TokenBucket::check({kNan, 5}).message(),
            "ratePerSec must be a finite number in [1e-06, 1000000000], got NaN");
  EXPECT_EQ(TokenBucket::check({-2, 5}).message(),
            "ratePerSec must be a finite number in [1e-06, 1000000000], got -2");
  EXPECT_EQ(TokenBucket::check({1, 0}).message(),
            "burst must be an integer in [1, 1000000000], got 0");
  EXPECT_EQ(TokenBucket::check({1, 2.5}).message(),
            "burst must be an integer in [1, 1000000000], got 2.5");
}

TEST(RateLimitValidation, LeakyBucketsNeedACapacityAndALeakRate) {
  EXPECT_EQ(LeakyBucketMeter::check({0, 1}).message(),
            "capacity must be an integer in [1, 1000000000], got 0");
  EXPECT_EQ(LeakyBucketQueue::check({3, kNan}).message(),
            "leakPerSec must be a finite number in [1e-06, 1000000000], got NaN");
  EXPECT_TRUE(LeakyBucketQueue::check({1, 1e-6}).is_ok());
}

TEST(RateLimitValidation, WindowsNeedALimitAndAWindow) {
  EXPECT_EQ(FixedWindow::check({0, 1000}).message(),
            "limit must be an integer in [1, 1000000000], got 0");
  EXPECT_EQ(SlidingWindowLog::check({5, 0}).message(),
            "windowMs must be a finite number in [0.001, 31536000000], got 0");
  EXPECT_EQ(SlidingWindowCounter::check({5, -kNan}).message(),
            "windowMs must be a finite number in [0.001, 31536000000], got NaN");
}

TEST(RateLimitValidation, GcraNeedsAnIntervalOfAtLeastOneMicrosecond) {
  EXPECT_EQ(Gcra::check({-1, 1, 1000}).message(),
            "maxBurst must be an integer in [0, 999999999], got -1");
  EXPECT_EQ(Gcra::check({0, 0, 1000}).message(),
            "countPerPeriod must be an integer in [1, 1000000000], got 0");
  EXPECT_EQ(Gcra::check({0, 2000, 1}).message(),
            "periodMs / countPerPeriod must be at least 0.001 ms, got 0.0005");
  EXPECT_EQ(Gcra::check({999'999'999, 1, 1e9}).message(),
            "the burst tolerance periodMs / countPerPeriod × (maxBurst + 1) must be at most "
            "31536000000 ms");
  EXPECT_TRUE(Gcra::check({0, 1000, 1}).is_ok());
}

}  // namespace
}  // namespace sdlab::ratelimit
