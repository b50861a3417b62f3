// Limiters broken on purpose (through TestPeer) report what is wrong in invariants(); that they
// hold in use is part of the limiter contract (limiter_contract_test.cpp).
#include <gtest/gtest.h>

#include "../common/invariant_matchers.h"
#include "ask.h"
#include "ratelimit/fixed_window.h"
#include "ratelimit/gcra.h"
#include "ratelimit/leaky_bucket_meter.h"
#include "ratelimit/leaky_bucket_queue.h"
#include "ratelimit/sliding_window_counter.h"
#include "ratelimit/sliding_window_log.h"
#include "ratelimit/token_bucket.h"

namespace sdlab {

template <>
struct TestPeer<ratelimit::TokenBucket> {
  static void set_tokens(ratelimit::TokenBucket& b, std::uint64_t tokens) { b.tokens_ = b.rate_.units(tokens); }
};
template <>
struct TestPeer<ratelimit::LeakyBucketMeter> {
  static void set_level(ratelimit::LeakyBucketMeter& m, std::uint64_t level) { m.level_ = m.leak_.units(level); }
};
template <>
struct TestPeer<ratelimit::TimedQueue> {
  static void set_total(ratelimit::TimedQueue& q, std::uint64_t total) { q.total_ = total; }
};
template <>
struct TestPeer<ratelimit::LeakyBucketQueue> {
  static ratelimit::TimedQueue& queue(ratelimit::LeakyBucketQueue& q) { return q.queue_; }
};
template <>
struct TestPeer<ratelimit::FixedWindow> {
  static void set(ratelimit::FixedWindow& w, sim::Micros start, std::uint64_t count) {
    w.start_ = start;
    w.count_ = count;
  }
};
template <>
struct TestPeer<ratelimit::SlidingWindowLog> {
  static ratelimit::TimedQueue& log(ratelimit::SlidingWindowLog& l) { return l.log_; }
};
template <>
struct TestPeer<ratelimit::SlidingWindowCounter> {
  static void set_current(ratelimit::SlidingWindowCounter& c, std::uint64_t current) {
    c.counts_.current = current;
  }
};
template <>
struct TestPeer<ratelimit::Gcra> {
  static void set_tat(ratelimit::Gcra& g, sim::Micros tat) { g.tat_ = tat; }
};

namespace ratelimit {
namespace {

TEST(LimiterInvariants, ATokenBucketOverItsBurstIsReported) {
  TokenBucket bucket({1, 5});
  TestPeer<TokenBucket>::set_tokens(bucket, 6);
  EXPECT_EQ(Broken(bucket.invariants(), "holds between 0 and burst tokens"), "6 tokens, burst 5");
}

TEST(LimiterInvariants, AMeterOverItsCapacityIsReported) {
  LeakyBucketMeter meter({5, 1});
  TestPeer<LeakyBucketMeter>::set_level(meter, 6);
  EXPECT_EQ(Broken(meter.invariants(), "its level stays between 0 and capacity"), "level 6, capacity 5");
}

TEST(LimiterInvariants, AQueueWhoseTotalDisagreesWithItsRequestsIsReported) {
  LeakyBucketQueue queue({5, 1});
  ask(queue, 0, 2);
  ask(queue, 0, 1);
  TestPeer<TimedQueue>::set_total(TestPeer<LeakyBucketQueue>::queue(queue), 6);
  const Invariants list = queue.invariants();
  EXPECT_EQ(Named(list, "queues at most capacity").detail, "6 queued, capacity 5");
  EXPECT_EQ(Named(list, "departures are in order and add up to the queued cost").detail,
            "the entries cost 3 in all, the total says 6");
}

TEST(LimiterInvariants, AFixedWindowOverItsLimitOffABoundaryIsReported) {
  FixedWindow window({5, 1'000});
  TestPeer<FixedWindow>::set(window, 1'500 * kMs, 6);
  const Invariants list = window.invariants();
  EXPECT_EQ(Named(list, "admits at most limit per window").detail, "6 admitted, limit 5");
  EXPECT_EQ(Named(list, "the window starts on a boundary").detail, "starts at 1.500 s, windows of 1.000 s");
}

TEST(LimiterInvariants, ALogHoldingARequestOlderThanTheWindowIsReported) {
  SlidingWindowLog log({5, 1'000});
  ask(log, 0);
  TestPeer<SlidingWindowLog>::log(log).push(1'000 * kMs, 1);  // an entry that left at 1 s
  ask(log, 2'000 * kMs, 0);  // drops both (both have left by 2 s): the log is sound again
  EXPECT_TRUE(AllHold(log.invariants()));
  TestPeer<SlidingWindowLog>::log(log).push(1'500 * kMs, 1);  // admitted at 0.5 s, left at 1.5 s
  EXPECT_EQ(Broken(log.invariants(), "every logged request is still in the window"),
            "a request at 0.500 s is logged, the last request at 2.000 s");
}

TEST(LimiterInvariants, ACounterOverItsLimitIsReported) {
  SlidingWindowCounter counter({5, 1'000});
  TestPeer<SlidingWindowCounter>::set_current(counter, 7);
  EXPECT_EQ(Broken(counter.invariants(), "each window's count is at most the limit"),
            "previous 0, current 7, limit 5");
}

TEST(LimiterInvariants, ATatBeyondTheToleranceIsReported) {
  Gcra gcra({4, 5, 10'000});  // T = 2 s, τ = 10 s
  ask(gcra, kSec);
  TestPeer<Gcra>::set_tat(gcra, 12 * kSec);
  EXPECT_EQ(Broken(gcra.invariants(), "the TAT is at most τ ahead of the last request"),
            "TAT 12.000 s is 11.000 s ahead, τ 10.000 s");
}

}  // namespace
}  // namespace ratelimit
}  // namespace sdlab
