// KeyedLimiter: one limiter per client, idle clients evicted, memory measured.
#include "ratelimit/keyed_limiter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "ask.h"
#include "ratelimit/sliding_window_log.h"
#include "ratelimit/token_bucket.h"

namespace sdlab::ratelimit {
namespace {

Decision ask_key(KeyedLimiter<TokenBucket>& limiter, const std::string& key, sim::Micros now) {
  Decision d;
  const Status status = limiter.request(key, now, 1, &d);
  EXPECT_TRUE(status.is_ok()) << status.message();
  return d;
}

TEST(KeyedLimiter, EachClientHasItsOwnLimiter) {
  KeyedLimiter<TokenBucket> limiter({1, 2}, 10 * kSec);
  EXPECT_TRUE(ask_key(limiter, "alice", 0).allowed);
  EXPECT_TRUE(ask_key(limiter, "alice", 0).allowed);
  EXPECT_FALSE(ask_key(limiter, "alice", 0).allowed);
  EXPECT_TRUE(ask_key(limiter, "bob", 0).allowed);
  EXPECT_EQ(limiter.clients(), 2u);
  EXPECT_EQ(limiter.find("alice")->tokens(), 0);
  EXPECT_EQ(limiter.find("carol"), nullptr);
}

TEST(KeyedLimiter, IdleClientsAreEvictedOldestFirst) {
  KeyedLimiter<TokenBucket> limiter({1, 2}, 10 * kSec);
  sim::Trace trace;
  limiter.set_trace(&trace);
  ask_key(limiter, "a", 0);
  ask_key(limiter, "b", 3 * kSec);
  ask_key(limiter, "a", 5 * kSec);
  EXPECT_EQ(limiter.sweep(13 * kSec - 1), 0u);
  EXPECT_EQ(limiter.sweep(13 * kSec), 1u);  // b, idle for 10 s
  EXPECT_EQ(limiter.find("b"), nullptr);
  ask_key(limiter, "c", 15 * kSec);  // a, idle for 10 s, goes on access
  EXPECT_EQ(limiter.clients(), 1u);
  EXPECT_EQ(limiter.evictions(), 2u);
  EXPECT_EQ(trace.steps().back().kind, "admit");
  EXPECT_EQ(trace.steps()[trace.steps().size() - 2].kind, "track");
  EXPECT_EQ(trace.steps()[trace.steps().size() - 3].note, "idle since 5.000 s");
}

TEST(KeyedLimiter, BytesGrowPerClientAndEvictionFreesTheirHeapForReuse) {
  KeyedLimiter<SlidingWindowLog> limiter({100, 1000}, 2 * kSec);
  const std::size_t empty = limiter.bytes();
  Decision d;
  auto ask_all = [&](sim::Micros now) {
    for (int i = 0; i < 100; ++i) {
      ASSERT_TRUE(limiter.request("client-" + std::to_string(i), now, 1, &d).is_ok());
    }
  };
  ask_all(0);
  const std::size_t hundred = limiter.bytes();
  const std::size_t per_client = (hundred - empty) / 100;
  EXPECT_GT(per_client, sizeof(SlidingWindowLog));
  EXPECT_LT(per_client, 400u);
  for (int i = 0; i < 99; ++i) ASSERT_TRUE(limiter.request("client-7", 0, 1, &d).is_ok());
  EXPECT_GE(limiter.bytes(), hundred + 90 * sizeof(TimedQueue::Entry));  // client-7's log grew
  limiter.sweep(2 * kSec);
  EXPECT_EQ(limiter.clients(), 0u);
  EXPECT_LT(limiter.bytes(), hundred);  // the logs and any long keys are freed; the slots stay
  ask_all(3 * kSec);                    // and are reused: no more memory than the first time
  EXPECT_EQ(limiter.clients(), 100u);
  EXPECT_EQ(limiter.bytes(), hundred);
}

// The index (open addressing, deletion by backward shift) against a plain map of last requests,
// through growth and thousands of evictions and returns.
TEST(KeyedLimiter, ChurnKeepsExactlyTheClientsSeenWithinTheIdleTimeout) {
  constexpr sim::Micros kIdle = 50;
  KeyedLimiter<TokenBucket> limiter({1, 2}, kIdle);
  std::map<std::string, sim::Micros> last;
  Decision d;
  std::uint64_t state = 7;
  for (sim::Micros now = 0; now < 20000; ++now) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    const std::string key = "k" + std::to_string((state >> 33) % 3000);
    ASSERT_TRUE(limiter.request(key, now, 1, &d).is_ok());
    last[key] = now;
    if (now % 997 != 0) continue;
    std::size_t live = 0;
    for (const auto& [k, seen] : last) {
      const bool tracked = now - seen < kIdle;
      live += tracked;
      EXPECT_EQ(limiter.find(k) != nullptr, tracked) << k << " at " << now;
    }
    EXPECT_EQ(limiter.clients(), live);
  }
  EXPECT_GT(limiter.evictions(), 15000u);
  std::vector<sim::Micros> order;
  limiter.for_each([&](const std::string&, const TokenBucket&, sim::Micros seen) { order.push_back(seen); });
  EXPECT_TRUE(std::is_sorted(order.rbegin(), order.rend()));  // most recently seen first
  EXPECT_EQ(order.size(), limiter.clients());
}

TEST(KeyedLimiter, BadInputChangesNothing) {
  KeyedLimiter<TokenBucket> limiter({1, 2}, 10 * kSec);
  ask_key(limiter, "a", 5 * kSec);
  Decision d;
  EXPECT_EQ(limiter.request("a", 4 * kSec, 1, &d).message(),
            "time went backwards: 4.000 s is before the last request at 5.000 s");
  EXPECT_EQ(limiter.request(std::string(300, 'k'), 6 * kSec, 1, &d).message(),
            "client must be at most 256 bytes long, got 300");
  EXPECT_EQ(limiter.request("b", 6 * kSec, kMaxCost + 1, &d).message(),
            "cost must be an integer in [0, 1000000000], got 1000000001");
  EXPECT_EQ(limiter.clients(), 1u);
  EXPECT_EQ(limiter.find("a")->tokens(), 1);
}

}  // namespace
}  // namespace sdlab::ratelimit
