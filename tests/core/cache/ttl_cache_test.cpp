// TtlCache: expiry on the simulated clock, lazy and swept, over every eviction policy.
#include "cache/ttl_cache.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "cache/fifo_cache.h"
#include "cache/lfu_cache.h"

namespace sdlab::cache {
namespace {

constexpr sim::Micros kMs = sim::kMicrosPerMilli;

template <template <class, class, class> class Policy>
struct Over {
  using Cache = TtlCache<std::string, std::string, Policy>;
};

template <class P>
class TtlCacheTest : public ::testing::Test {
 protected:
  sim::Clock clock;
  typename P::Cache cache{4, clock, 10 * kMs};
};

using Policies = ::testing::Types<Over<LruCache>, Over<LfuCache>, Over<FifoCache>>;
TYPED_TEST_SUITE(TtlCacheTest, Policies);

TYPED_TEST(TtlCacheTest, EntryIsLiveUntilItsTtlEnds) {
  this->cache.put("a", "1");
  this->clock.advance(10 * kMs - 1);
  ASSERT_NE(this->cache.get("a"), nullptr);
  this->clock.advance(1);
  EXPECT_EQ(this->cache.get("a"), nullptr);
}

TYPED_TEST(TtlCacheTest, ExpiredGetIsAMissAndRemovesTheEntry) {
  this->cache.put("a", "1");
  this->clock.advance(10 * kMs);
  sim::Trace trace;
  this->cache.set_trace(&trace);
  EXPECT_EQ(this->cache.get("a"), nullptr);
  EXPECT_EQ(this->cache.size(), 0u);
  const TtlStats stats = this->cache.stats();
  EXPECT_EQ(stats.misses, 1u);
  EXPECT_EQ(stats.hits, 0u);
  EXPECT_EQ(stats.expirations, 1u);
  ASSERT_EQ(trace.steps().size(), 2u);
  EXPECT_EQ(trace.steps()[0].kind, "expire");
  EXPECT_EQ(trace.steps()[0].subject, "a");
  EXPECT_EQ(trace.steps()[1].kind, "miss");
}

TYPED_TEST(TtlCacheTest, PeekAndContainsNeverSeeExpiredEntries) {
  this->cache.put("a", "1");
  this->cache.put("b", "2", 20 * kMs);
  this->clock.advance(15 * kMs);
  EXPECT_EQ(this->cache.peek("a"), nullptr);
  EXPECT_FALSE(this->cache.contains("a"));
  EXPECT_TRUE(this->cache.contains("b"));
  EXPECT_EQ(this->cache.stats().expirations, 1u);
  EXPECT_EQ(this->cache.stats().hits + this->cache.stats().misses, 0u);
}

TYPED_TEST(TtlCacheTest, ErasingAnExpiredEntryAnswersFalseAsContainsWould) {
  this->cache.put("a", "1");
  this->cache.put("b", "2", 20 * kMs);
  this->clock.advance(10 * kMs);
  sim::Trace trace;
  this->cache.set_trace(&trace);
  EXPECT_FALSE(this->cache.erase("a"));  // expired, not yet swept: it was not there to remove
  ASSERT_EQ(trace.steps().size(), 1u);
  EXPECT_EQ(trace.steps()[0].kind, "expire");
  EXPECT_EQ(this->cache.size(), 1u);
  EXPECT_EQ(this->cache.stats().expirations, 1u);
  EXPECT_TRUE(this->cache.erase("b"));
  EXPECT_FALSE(this->cache.erase("b"));
  EXPECT_EQ(this->cache.stats().expirations, 1u);
}

TYPED_TEST(TtlCacheTest, PerEntryTtlOverridesTheDefault) {
  this->cache.put("short", "1", 1 * kMs);
  this->cache.put("long", "2", 100 * kMs);
  this->cache.put("zero", "3", 0);
  EXPECT_EQ(this->cache.get("zero"), nullptr);
  this->clock.advance(50 * kMs);
  EXPECT_EQ(this->cache.get("short"), nullptr);
  EXPECT_EQ(*this->cache.get("long"), "2");
}

TYPED_TEST(TtlCacheTest, PutRenewsTheTtl) {
  this->cache.put("a", "1");
  this->clock.advance(8 * kMs);
  this->cache.put("a", "2");
  this->clock.advance(8 * kMs);
  EXPECT_EQ(*this->cache.get("a"), "2");
}

TYPED_TEST(TtlCacheTest, SweepRemovesExactlyTheExpiredEntries) {
  this->cache.put("a", "1", 5 * kMs);
  this->cache.put("b", "2", 5 * kMs);
  this->cache.put("c", "3", 50 * kMs);
  this->clock.advance(5 * kMs);
  EXPECT_EQ(this->cache.size(), 3u);  // lazy: still there
  EXPECT_EQ(this->cache.sweep(), 2u);
  EXPECT_EQ(this->cache.size(), 1u);
  EXPECT_TRUE(this->cache.contains("c"));
  EXPECT_EQ(this->cache.sweep(), 0u);
  EXPECT_EQ(this->cache.stats().expirations, 2u);
}

TYPED_TEST(TtlCacheTest, ForEachShowsExpiryTimes) {
  this->clock.advance(3 * kMs);
  this->cache.put("a", "1");
  std::vector<sim::Micros> expiries;
  this->cache.for_each([&](const std::string&, const std::string&, sim::Micros expires_at) {
    expiries.push_back(expires_at);
  });
  EXPECT_EQ(expiries, (std::vector<sim::Micros>{13 * kMs}));
}

TYPED_TEST(TtlCacheTest, CapacityEvictionStillFollowsThePolicy) {
  for (const char* key : {"a", "b", "c", "d"}) this->cache.put(key, "v");
  auto evicted = this->cache.put("e", "v");
  ASSERT_TRUE(evicted.has_value());
  EXPECT_EQ(evicted->first, "a");
  EXPECT_EQ(this->cache.size(), 4u);
  EXPECT_EQ(this->cache.stats().evictions, 1u);
  EXPECT_EQ(this->cache.stats().expirations, 0u);
}

TEST(TtlLruCache, ExpiredEntriesTakeSpaceUntilTouched) {
  sim::Clock clock;
  TtlCache<std::string, std::string> cache(2, clock, 1 * kMs);
  cache.put("old", "1");
  cache.put("hot", "2", 100 * kMs);
  clock.advance(2 * kMs);
  cache.get("hot");
  // "old" expired but is still the LRU tail: the policy evicts it rather than "hot".
  EXPECT_EQ(cache.put("new", "3")->first, "old");
  EXPECT_EQ(cache.stats().expirations, 0u);
}

TEST(TtlCacheChecks, TtlMustBeFiniteAndInRange) {
  EXPECT_TRUE(check_ttl_ms("ttlMs", 0).is_ok());
  EXPECT_TRUE(check_ttl_ms("ttlMs", kMaxTtlMs).is_ok());
  EXPECT_EQ(check_ttl_ms("ttlMs", -1).message(),
            "ttlMs must be a finite number in [0, 31536000000], got -1");
  EXPECT_FALSE(check_ttl_ms("defaultTtlMs", std::numeric_limits<double>::infinity()).is_ok());
}

TEST(TtlCacheChecks, TheClockStaysWithinACentury) {
  sim::Clock clock;
  EXPECT_TRUE(check_clock_step(clock, kMaxTtlMs).is_ok());
  EXPECT_EQ(check_clock_step(clock, kMaxTtlMs + 1).message(),
            "ms must be a finite number in [0, 31536000000], got 31536000001");
  clock.advance(sim::from_millis(kMaxTtlClockMs - 5));
  EXPECT_TRUE(check_clock_step(clock, 5).is_ok());
  EXPECT_EQ(check_clock_step(clock, 5.5).message(),
            "ms must be a finite number in [0, 5], got 5.5");
  // At the end of the century a TTL of a year still fits in the clock's integer microseconds.
  TtlCache<std::string, std::string> cache(1, clock, sim::from_millis(kMaxTtlMs));
  clock.advance(sim::from_millis(5));
  cache.put("a", "1");
  cache.for_each([&](const std::string&, const std::string&, sim::Micros expires_at) {
    EXPECT_EQ(expires_at, sim::from_millis(kMaxTtlClockMs + kMaxTtlMs));
  });
}

}  // namespace
}  // namespace sdlab::cache
