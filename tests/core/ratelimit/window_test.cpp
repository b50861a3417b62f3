// Window algorithms and the leaky-bucket queue: the behaviour each is known for.
#include <gtest/gtest.h>

#include <vector>

#include "ask.h"
#include "ratelimit/fixed_window.h"
#include "ratelimit/leaky_bucket_queue.h"
#include "ratelimit/sliding_window_counter.h"
#include "ratelimit/sliding_window_log.h"

namespace sdlab::ratelimit {
namespace {

// `limit` requests just before the boundary at 10 s and `limit` just after.
template <class A>
int admitted_in_boundary_attack(A limiter) {
  int admitted = 0;
  for (int i = 0; i < 10; ++i) admitted += ask(limiter, 10 * kSec - 1).allowed;
  for (int i = 0; i < 10; ++i) admitted += ask(limiter, 10 * kSec).allowed;
  return admitted;
}

TEST(FixedWindow, LetsTwiceTheLimitThroughAcrossABoundary) {
  EXPECT_EQ(admitted_in_boundary_attack(FixedWindow({5, 10'000})), 10);
}

TEST(SlidingWindowLog, NeverAdmitsMoreThanTheLimitInAnyWindow) {
  EXPECT_EQ(admitted_in_boundary_attack(SlidingWindowLog({5, 10'000})), 5);
}

TEST(SlidingWindowCounter, WeighsThePreviousWindowAcrossABoundary) {
  EXPECT_EQ(admitted_in_boundary_attack(SlidingWindowCounter({5, 10'000})), 5);
}

TEST(FixedWindow, CountRestartsAtTheWindowBoundaryAlignedToZero) {
  FixedWindow window({5, 10'000});
  sim::Trace trace;
  window.set_trace(&trace);
  ask(window, 12 * kSec, 5);
  const Decision d = ask(window, 18'800 * kMs);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after, 1'200 * kMs);
  EXPECT_EQ(d.reset_after, 1'200 * kMs);
  EXPECT_EQ(trace.steps().back().note,
            "window 10.000 s–20.000 s holds 5 of 5: rejected, retry in 1.200 s");
  EXPECT_EQ(window.window_start(), 10 * kSec);
  EXPECT_TRUE(ask(window, 20 * kSec).allowed);
  EXPECT_EQ(window.window_start(), 20 * kSec);
  EXPECT_EQ(window.count(), 1u);
}

TEST(SlidingWindowLog, AnEntryCountsForExactlyOneWindow) {
  SlidingWindowLog log({2, 1'000});
  ask(log, 100 * kMs);
  ask(log, 400 * kMs);
  const Decision d = ask(log, 900 * kMs);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after, 200 * kMs);  // the entry at 0.1 s leaves at 1.1 s
  EXPECT_EQ(d.reset_after, 500 * kMs);
  EXPECT_FALSE(ask(log, 1'100 * kMs - 1).allowed);
  EXPECT_TRUE(ask(log, 1'100 * kMs).allowed);
  std::vector<sim::Micros> times;
  log.for_each([&](sim::Micros at, std::uint64_t) { times.push_back(at); });
  EXPECT_EQ(times, (std::vector<sim::Micros>{400 * kMs, 1'100 * kMs}));
}

TEST(SlidingWindowLog, MemoryGrowsWithTheEntriesAndIsReclaimed) {
  SlidingWindowLog log({1000, 1'000});
  const std::size_t empty = log.bytes();
  for (int i = 0; i < 1000; ++i) ask(log, i);
  EXPECT_GE(log.bytes(), empty + 1000 * sizeof(TimedQueue::Entry));
  for (int i = 0; i < 5000; ++i) ask(log, 10 * kSec + i * kSec);
  EXPECT_LE(log.bytes(), empty + 2000 * sizeof(TimedQueue::Entry));
  EXPECT_EQ(log.count(), 1u);
}

TEST(SlidingWindowCounter, EstimateIsPreviousTimesOverlapPlusCurrent) {
  // The seeds' example: 80 in the previous minute, 40 so far, 30 s in: 80 × 0.5 + 40 = 80.
  SlidingWindowCounter counter({100, 60'000});
  ask(counter, 0, 80);
  EXPECT_TRUE(ask(counter, 90 * kSec, 40).allowed);
  EXPECT_EQ(counter.estimate_at(90 * kSec), 80);
  EXPECT_EQ(counter.weight_at(90 * kSec), 0.5);
  const Decision d = ask(counter, 90 * kSec, 21);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.remaining, 20);
  EXPECT_EQ(d.retry_after, 750 * kMs);  // 80 × (1 − 30.75/60) + 40 = 79 → 79 + 21 = 100
  EXPECT_EQ(d.reset_after, 90 * kSec);  // the current 40 decays over the next window
  EXPECT_TRUE(ask(counter, 90 * kSec, 20).allowed);
  EXPECT_EQ(counter.counts().current, 60u);
  EXPECT_EQ(counter.counts().previous, 80u);
}

TEST(SlidingWindowCounter, ForgetsEverythingAfterTwoWindows) {
  SlidingWindowCounter counter({3, 1'000});
  ask(counter, 500 * kMs, 3);
  EXPECT_EQ(counter.estimate_at(1'500 * kMs), 1.5);
  EXPECT_EQ(counter.estimate_at(2 * kSec), 0);
  EXPECT_TRUE(ask(counter, 2 * kSec, 3).allowed);
  EXPECT_EQ(counter.counts().previous, 0u);
}

TEST(LeakyBucketQueue, RequestsWaitAndDepartAtTheLeakRate) {
  LeakyBucketQueue queue({3, 2});  // one unit every 0.5 s
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(ask(queue, 1 * kSec).allowed);
  std::vector<sim::Micros> departures;
  queue.for_each([&](sim::Micros at, std::uint64_t) { departures.push_back(at); });
  EXPECT_EQ(departures, (std::vector<sim::Micros>{1'500 * kMs, 2 * kSec, 2'500 * kMs}));
  EXPECT_EQ(queue.last_departure(1 * kSec), 2'500 * kMs);
  const Decision full = ask(queue, 1'200 * kMs);
  EXPECT_FALSE(full.allowed);
  EXPECT_EQ(full.retry_after, 300 * kMs);
  EXPECT_EQ(full.reset_after, 1'300 * kMs);
  const Decision next = ask(queue, 1'500 * kMs);
  EXPECT_TRUE(next.allowed);
  EXPECT_EQ(queue.last_departure(1'500 * kMs), 3 * kSec);  // behind the others: smooth output
}

TEST(LeakyBucketQueue, AnIdleQueueStartsDrainingOnArrival) {
  LeakyBucketQueue queue({4, 3});
  ask(queue, 0);
  ask(queue, 10 * kSec, 2);
  EXPECT_EQ(queue.last_departure(10 * kSec), 10 * kSec + 666'667);  // 2/3 s, rounded up
  EXPECT_EQ(queue.queued(), 2u);
  ask(queue, 10 * kSec + 666'667);
  EXPECT_EQ(queue.queued(), 1u);
  // The drain finished at 10.6666667 s, so this one starts on arrival: 1/3 s later, rounded up.
  EXPECT_EQ(queue.last_departure(10 * kSec + 666'667), 11 * kSec + 1);
}

}  // namespace
}  // namespace sdlab::ratelimit
