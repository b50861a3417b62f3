// The contract every limiter keeps, run as one typed suite against all seven algorithms, each
// configured to allow 5 per 10 s.
#include <gtest/gtest.h>

#include "../trace_data.h"
#include "ask.h"
#include "ratelimit/fixed_window.h"
#include "ratelimit/gcra.h"
#include "ratelimit/keyed_limiter.h"
#include "ratelimit/leaky_bucket_meter.h"
#include "ratelimit/leaky_bucket_queue.h"
#include "ratelimit/sliding_window_counter.h"
#include "ratelimit/sliding_window_log.h"
#include "ratelimit/token_bucket.h"
#include "ratelimit/traffic.h"

namespace sdlab::ratelimit {
namespace {

template <class A> typename A::Config five_per_ten_seconds();
template <> TokenBucket::Config five_per_ten_seconds<TokenBucket>() { return {0.5, 5}; }
template <> LeakyBucketMeter::Config five_per_ten_seconds<LeakyBucketMeter>() { return {5, 0.5}; }
template <> LeakyBucketQueue::Config five_per_ten_seconds<LeakyBucketQueue>() { return {5, 0.5}; }
template <> FixedWindow::Config five_per_ten_seconds<FixedWindow>() { return {5, 10'000}; }
template <> SlidingWindowLog::Config five_per_ten_seconds<SlidingWindowLog>() {
  return {5, 10'000};
}
template <> SlidingWindowCounter::Config five_per_ten_seconds<SlidingWindowCounter>() {
  return {5, 10'000};
}
template <> Gcra::Config five_per_ten_seconds<Gcra>() { return {4, 5, 10'000}; }

template <class A>
class LimiterContractTest : public ::testing::Test {
 protected:
  A limiter{five_per_ten_seconds<A>()};
};

using Algorithms = ::testing::Types<TokenBucket, LeakyBucketMeter, LeakyBucketQueue, FixedWindow,
                                    SlidingWindowLog, SlidingWindowCounter, Gcra>;
TYPED_TEST_SUITE(LimiterContractTest, Algorithms);

TYPED_TEST(LimiterContractTest, ConfigIsValid) {
  EXPECT_TRUE(TypeParam::check(five_per_ten_seconds<TypeParam>()).is_ok());
}

TYPED_TEST(LimiterContractTest, AdmitsAFullBurstAtStartThenRejects) {
  for (int i = 0; i < 5; ++i) {
    const Decision d = ask(this->limiter, 1 * kSec);
    EXPECT_TRUE(d.allowed) << i;
    EXPECT_EQ(d.remaining, 4 - i);
    EXPECT_EQ(d.retry_after, 0);
    EXPECT_GT(d.reset_after, 0);
  }
  const Decision d = ask(this->limiter, 1 * kSec);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.remaining, 0);
  EXPECT_GT(d.retry_after, 0);
}

TYPED_TEST(LimiterContractTest, RetryAfterIsTheFirstMicrosecondThatAdmits) {
  ask(this->limiter, 0, 3);
  ask(this->limiter, 1'234'567, 2);
  const sim::Micros now = 3'000'001;
  const Decision d = ask(this->limiter, now, 2);
  ASSERT_FALSE(d.allowed);
  ASSERT_GT(d.retry_after, 0);
  TypeParam early = this->limiter;
  EXPECT_FALSE(ask(early, now + d.retry_after - 1, 2).allowed);
  EXPECT_TRUE(ask(this->limiter, now + d.retry_after, 2).allowed);
}

TYPED_TEST(LimiterContractTest, ResetAfterIsTheFirstMicrosecondWhenTheLimiterIsFull) {
  ask(this->limiter, 2 * kSec, 3);
  const sim::Micros now = 2 * kSec + 1;
  const sim::Micros reset = ask(this->limiter, now).reset_after;
  TypeParam early = this->limiter;
  EXPECT_FALSE(ask(early, now + reset - 1, 5).allowed);
  EXPECT_TRUE(ask(this->limiter, now + reset, 5).allowed);
}

TYPED_TEST(LimiterContractTest, CostAboveCapacityIsRejectedForever) {
  const Decision d = ask(this->limiter, 0, 6);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after, kNever);
  EXPECT_EQ(d.remaining, 5);
  EXPECT_TRUE(ask(this->limiter, 0, 5).allowed);
}

TYPED_TEST(LimiterContractTest, CostZeroIsAdmittedAndConsumesNothing) {
  ask(this->limiter, kSec, 2);
  const Decision peek = ask(this->limiter, kSec, 0);
  EXPECT_TRUE(peek.allowed);
  EXPECT_EQ(peek.remaining, 3);
  EXPECT_TRUE(ask(this->limiter, kSec, 3).allowed);
}

TYPED_TEST(LimiterContractTest, TimeGoingBackwardsIsAnErrorThatChangesNothing) {
  ask(this->limiter, 5 * kSec, 2);
  const TypeParam before = this->limiter;
  Decision d{true, 42, 7, 7};
  const Status status = this->limiter.request(5 * kSec - 1, 1, &d);
  EXPECT_EQ(status.message(),
            "time went backwards: 4.999999 s is before the last request at 5.000 s");
  EXPECT_EQ(d.remaining, 42);
  EXPECT_EQ(this->limiter.last_seen(), before.last_seen());
  EXPECT_EQ(this->limiter.bytes(), before.bytes());
  EXPECT_EQ(ask(this->limiter, 5 * kSec, 3).remaining, 0);
}

TYPED_TEST(LimiterContractTest, HugeCostIsAnError) {
  Decision d;
  EXPECT_EQ(this->limiter.request(0, kMaxCost + 1, &d).message(),
            "cost must be an integer in [0, 1000000000], got 1000000001");
  EXPECT_EQ(ask(this->limiter, 0, 5).allowed, true);
}

TYPED_TEST(LimiterContractTest, TraceExplainsEachDecisionInWords) {
  sim::Trace trace;
  this->limiter.set_trace(&trace);
  ask(this->limiter, 0, 5);
  ask(this->limiter, 0);
  ASSERT_EQ(trace.steps().size(), 2u);
  EXPECT_EQ(trace.steps()[0].kind, "admit");
  EXPECT_EQ(trace.steps()[0].subject, "0.000 s");
  EXPECT_NE(trace.steps()[0].note.find(": admitted (cost 5), 0 left"), std::string::npos)
      << trace.steps()[0].note;
  EXPECT_EQ(trace.steps()[1].kind, "reject");
  EXPECT_NE(trace.steps()[1].note.find(": rejected, retry in "), std::string::npos)
      << trace.steps()[1].note;
}

TYPED_TEST(LimiterContractTest, TraceCarriesTheDecisionsFigures) {
  sim::Trace trace;
  this->limiter.set_trace(&trace);
  const Decision admitted = ask(this->limiter, 2 * kSec, 5);
  const Decision rejected = ask(this->limiter, 2 * kSec);
  const sim::Step& admit = trace.steps()[0];
  const sim::Step& reject = trace.steps()[1];
  EXPECT_EQ(testing::number(admit, "atMs"), 2000.0);
  EXPECT_EQ(testing::number(admit, "cost"), 5.0);
  EXPECT_EQ(testing::number(admit, "remaining"), admitted.remaining);
  EXPECT_EQ(testing::number(reject, "cost"), 1.0);
  EXPECT_EQ(testing::number(reject, "retryAfterMs"), sim::to_millis(rejected.retry_after));
  EXPECT_EQ(testing::number(reject, "resetAfterMs"), sim::to_millis(rejected.reset_after));
  // Every algorithm also names the state the request met: at least a measure and its ceiling.
  EXPECT_GE(admit.data.size(), 7u);
  EXPECT_STREQ(admit.file, "core/ratelimit/limiter.h");
}

TYPED_TEST(LimiterContractTest, BytesCountTheObjectAndItsHeap) {
  EXPECT_GE(this->limiter.bytes(), sizeof(TypeParam));
}

TYPED_TEST(LimiterContractTest, EvictingClientsIdleForTwoWindowsChangesNoDecision) {
  TrafficSpec spec;
  spec.pattern = Pattern::kPoisson;
  spec.duration_ms = 2'000'000;
  spec.rate_per_sec = 0.4;
  spec.clients = 5;
  KeyedLimiter<TypeParam> evicting(five_per_ten_seconds<TypeParam>(), 20 * kSec);
  KeyedLimiter<TypeParam> keeping(five_per_ten_seconds<TypeParam>(), kSec * kSec);
  std::uint64_t admitted = 0;
  for (const Arrival& a : generate_traffic(spec)) {
    const std::string key = std::to_string(a.client);
    for (int i = 0; i < 4; ++i) {  // little bursts, so that some are rejected
      Decision d1, d2;
      ASSERT_TRUE(evicting.request(key, a.time, 2, &d1).is_ok());
      ASSERT_TRUE(keeping.request(key, a.time, 2, &d2).is_ok());
      ASSERT_EQ(d1.allowed, d2.allowed) << a.time;
      ASSERT_EQ(d1.retry_after, d2.retry_after) << a.time;
      admitted += d1.allowed;
    }
  }
  EXPECT_GT(evicting.evictions(), 100u);
  EXPECT_EQ(keeping.evictions(), 0u);
  EXPECT_GT(admitted, 500u);
}

}  // namespace
}  // namespace sdlab::ratelimit
