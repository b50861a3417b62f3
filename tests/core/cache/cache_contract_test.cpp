// The contract every eviction policy keeps, run as one typed suite against LRU, LFU and FIFO.
#include <gtest/gtest.h>

#include <string>

#include "cache/fifo_cache.h"
#include "cache/lfu_cache.h"
#include "cache/lru_cache.h"

namespace sdlab::cache {
namespace {

template <class C>
class CacheContractTest : public ::testing::Test {};

using Policies = ::testing::Types<LruCache<std::string, std::string>,
                                  LfuCache<std::string, std::string>,
                                  FifoCache<std::string, std::string>>;
TYPED_TEST_SUITE(CacheContractTest, Policies);

TYPED_TEST(CacheContractTest, GetReturnsWhatPutStored) {
  TypeParam cache(2);
  cache.put("a", "1");
  ASSERT_NE(cache.get("a"), nullptr);
  EXPECT_EQ(*cache.get("a"), "1");
  EXPECT_EQ(cache.get("b"), nullptr);
}

TYPED_TEST(CacheContractTest, PutOfCachedKeyReplacesValueWithoutGrowing) {
  TypeParam cache(2);
  cache.put("a", "1");
  cache.put("a", "2");
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(*cache.peek("a"), "2");
}

TYPED_TEST(CacheContractTest, SizeNeverExceedsCapacity) {
  TypeParam cache(3);
  for (int i = 0; i < 100; ++i) {
    cache.put(std::to_string(i), "v");
    EXPECT_LE(cache.size(), 3u);
  }
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(cache.stats().evictions, 97u);
}

TYPED_TEST(CacheContractTest, PutReturnsTheEvictedEntry) {
  TypeParam cache(1);
  EXPECT_FALSE(cache.put("a", "1").has_value());
  auto evicted = cache.put("b", "2");
  ASSERT_TRUE(evicted.has_value());
  EXPECT_EQ(evicted->first, "a");
  EXPECT_EQ(evicted->second, "1");
}

TYPED_TEST(CacheContractTest, ZeroCapacityStoresNothing) {
  TypeParam cache(0);
  EXPECT_FALSE(cache.put("a", "1").has_value());
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.get("a"), nullptr);
  EXPECT_EQ(cache.stats().evictions, 0u);
}

TYPED_TEST(CacheContractTest, EraseRemovesOnlyThatKey) {
  TypeParam cache(3);
  cache.put("a", "1");
  cache.put("b", "2");
  EXPECT_TRUE(cache.erase("a"));
  EXPECT_FALSE(cache.erase("a"));
  EXPECT_FALSE(cache.contains("a"));
  EXPECT_TRUE(cache.contains("b"));
  EXPECT_EQ(cache.size(), 1u);
}

TYPED_TEST(CacheContractTest, PeekNeitherCountsNorReorders) {
  TypeParam cache(2);
  cache.put("a", "1");
  cache.put("b", "2");
  EXPECT_EQ(*cache.peek("a"), "1");
  EXPECT_EQ(cache.peek("z"), nullptr);
  EXPECT_EQ(cache.stats().hits + cache.stats().misses, 0u);
  // "a" was inserted first and only peeked: every policy evicts it next.
  auto evicted = cache.put("c", "3");
  ASSERT_TRUE(evicted.has_value());
  EXPECT_EQ(evicted->first, "a");
}

TYPED_TEST(CacheContractTest, StatsCountHitsAndMisses) {
  TypeParam cache(2);
  cache.put("a", "1");
  cache.get("a");
  cache.get("a");
  cache.get("b");
  EXPECT_EQ(cache.stats().hits, 2u);
  EXPECT_EQ(cache.stats().misses, 1u);
  EXPECT_DOUBLE_EQ(cache.stats().hit_ratio(), 2.0 / 3.0);
}

TYPED_TEST(CacheContractTest, ClearEmptiesButKeepsCapacityAndStats) {
  TypeParam cache(2);
  cache.put("a", "1");
  cache.get("a");
  cache.clear();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.capacity(), 2u);
  EXPECT_EQ(cache.stats().hits, 1u);
  cache.put("b", "2");
  EXPECT_TRUE(cache.contains("b"));
}

TYPED_TEST(CacheContractTest, TraceReportsTheEviction) {
  TypeParam cache(1);
  sim::Trace trace;
  cache.set_trace(&trace);
  cache.put("a", "1");
  trace.clear();
  cache.put("b", "2");
  ASSERT_EQ(trace.steps().size(), 2u);
  EXPECT_EQ(trace.steps()[0].kind, "evict");
  EXPECT_EQ(trace.steps()[0].subject, "a");
  EXPECT_EQ(trace.steps()[1].kind, "insert");
  EXPECT_EQ(trace.steps()[1].subject, "b");
}

TYPED_TEST(CacheContractTest, WorksWithIntegerKeys) {
  using Cache = std::conditional_t<
      std::is_same_v<TypeParam, LfuCache<std::string, std::string>>, LfuCache<int, int>,
      std::conditional_t<std::is_same_v<TypeParam, LruCache<std::string, std::string>>,
                         LruCache<int, int>, FifoCache<int, int>>>;
  Cache cache(2);
  cache.put(1, 10);
  EXPECT_EQ(*cache.get(1), 10);
}

// bytes(): what the cache holds, counted as it changes. Long texts are counted by their buffers;
// short ones live inline in the entries.
TYPED_TEST(CacheContractTest, BytesCountTheTextsHeldAndFallBackWhenTheyGo) {
  TypeParam cache(2);
  const std::size_t empty = cache.bytes();
  const std::string big(10'000, 'v');
  cache.put("a", big);
  const std::size_t one = cache.bytes();
  EXPECT_GE(one, empty + big.size());
  EXPECT_LT(one, empty + big.size() + 1'000);  // the entry's own structure is small
  cache.put("b", "short");
  cache.put("c", big);  // evicts one of them: never more than two entries' worth
  cache.put("d", big);
  EXPECT_LT(cache.bytes(), one + big.size() + 2'000);
  EXPECT_GE(cache.bytes(), 2 * big.size());
  cache.put("c", "x");  // an update may keep the old buffer: still counted, never more
  EXPECT_LT(cache.bytes(), one + big.size() + 2'000);
  cache.erase("c");
  cache.erase("d");
  EXPECT_LE(cache.bytes(), one - big.size());
  cache.put("e", big);
  cache.clear();
  EXPECT_LE(cache.bytes(), one - big.size());
}

}  // namespace
}  // namespace sdlab::cache
