// What distinguishes LRU, LFU and FIFO: each test pins one policy's choice of victim.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../trace_data.h"
#include "cache/fifo_cache.h"
#include "cache/lfu_cache.h"
#include "cache/lru_cache.h"

namespace sdlab::cache {
namespace {

template <class C>
std::vector<std::string> keys_in_order(const C& cache) {
  std::vector<std::string> keys;
  cache.for_each([&](const std::string& key, const std::string&) { keys.push_back(key); });
  return keys;
}

TEST(LruCache, HitMovesKeyToHeadSoTheOtherIsEvicted) {
  LruCache<std::string, std::string> cache(2);
  cache.put("a", "1");
  cache.put("b", "2");
  cache.get("a");
  EXPECT_EQ(keys_in_order(cache), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(cache.put("c", "3")->first, "b");
  EXPECT_EQ(keys_in_order(cache), (std::vector<std::string>{"c", "a"}));
}

TEST(LruCache, UpdateCountsAsUse) {
  LruCache<std::string, std::string> cache(2);
  cache.put("a", "1");
  cache.put("b", "2");
  cache.put("a", "9");
  EXPECT_EQ(cache.put("c", "3")->first, "b");
}

TEST(FifoCache, HitDoesNotSaveTheOldestKey) {
  FifoCache<std::string, std::string> cache(2);
  cache.put("a", "1");
  cache.put("b", "2");
  cache.get("a");
  cache.put("a", "9");
  EXPECT_EQ(keys_in_order(cache), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(cache.put("c", "3")->first, "a");
}

TEST(LfuCache, EvictsTheLeastFrequentlyUsed) {
  LfuCache<std::string, std::string> cache(2);
  cache.put("a", "1");
  cache.put("b", "2");
  cache.get("a");
  cache.get("a");
  cache.get("b");
  EXPECT_EQ(cache.frequency("a"), 3u);
  EXPECT_EQ(cache.frequency("b"), 2u);
  EXPECT_EQ(cache.put("c", "3")->first, "b");
}

TEST(LfuCache, TieBrokenByLeastRecentlyUsed) {
  LfuCache<std::string, std::string> cache(3);
  cache.put("a", "1");
  cache.put("b", "2");
  cache.put("c", "3");
  cache.get("a");
  cache.get("c");  // a and c at 2, b at 1
  cache.get("b");  // all at 2; a is the least recent
  EXPECT_EQ(cache.put("d", "4")->first, "a");
}

TEST(LfuCache, NewEntryIsTheNextVictimAgainstOlderUsedKeys) {
  LfuCache<std::string, std::string> cache(2);
  cache.put("hot", "1");
  cache.get("hot");
  cache.put("x", "2");
  EXPECT_EQ(cache.put("y", "3")->first, "x");
  EXPECT_TRUE(cache.contains("hot"));
}

TEST(LfuCache, BucketsAscendAndHoldEntriesMostRecentFirst) {
  LfuCache<std::string, std::string> cache(4);
  for (const char* key : {"a", "b", "c"}) cache.put(key, "v");
  cache.get("a");
  cache.get("b");
  std::vector<std::pair<std::uint64_t, std::vector<std::string>>> buckets;
  cache.for_each_bucket([&](std::uint64_t frequency, const auto& entries) {
    std::vector<std::string> keys;
    for (const auto& entry : entries) keys.push_back(entry.key);
    buckets.emplace_back(frequency, keys);
  });
  ASSERT_EQ(buckets.size(), 2u);
  EXPECT_EQ(buckets[0].first, 1u);
  EXPECT_EQ(buckets[0].second, (std::vector<std::string>{"c"}));
  EXPECT_EQ(buckets[1].first, 2u);
  EXPECT_EQ(buckets[1].second, (std::vector<std::string>{"b", "a"}));
}

TEST(LfuCache, EraseOfOnlyEntryInBucketRemovesBucket) {
  LfuCache<std::string, std::string> cache(2);
  cache.put("a", "1");
  cache.get("a");
  cache.put("b", "2");
  EXPECT_TRUE(cache.erase("a"));
  int buckets = 0;
  cache.for_each_bucket([&](std::uint64_t, const auto&) { ++buckets; });
  EXPECT_EQ(buckets, 1);
}

TEST(LfuCache, TraceGivesTheUseCounts) {
  LfuCache<std::string, std::string> cache(2);
  sim::Trace trace;
  cache.set_trace(&trace);
  cache.put("a", "1");
  cache.put("b", "2");
  cache.get("a");
  cache.put("c", "3");  // evicts b, used once
  const auto& steps = trace.steps();
  const std::string kinds[] = {"insert", "insert", "hit", "promote", "evict", "insert"};
  const double counts[] = {1, 1, 1, 2, 1, 1};
  ASSERT_EQ(steps.size(), 6u);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    EXPECT_EQ(steps[i].kind, kinds[i]);
    EXPECT_EQ(testing::number(steps[i], "count"), counts[i]) << steps[i].kind;
  }
  EXPECT_EQ(steps[4].subject, "b");
}

}  // namespace
}  // namespace sdlab::cache
