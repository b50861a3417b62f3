// The flat structure under LruCache and FifoCache (slab, intrusive list, SlotIndex): lookups by
// view, storage reused on eviction, erased entries reused, both ends of capacity.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "../trace_data.h"
#include "cache/cache_stats.h"
#include "cache/fifo_cache.h"
#include "cache/lru_cache.h"

namespace sdlab::cache {
namespace {

template <class C>
std::vector<typename C::Entry> entries_of(const C& cache) {
  std::vector<typename C::Entry> entries;
  cache.for_each([&](const auto& key, const auto& value) { entries.push_back({key, value}); });
  return entries;
}

template <class C>
std::vector<std::string> keys_of(const C& cache) {
  std::vector<std::string> keys;
  for (const auto& entry : entries_of(cache)) keys.push_back(entry.key);
  return keys;
}

TEST(ListCache, ViewsFindStringKeysWithoutBuildingThem) {
  LruCache<std::string, std::string> cache(2);
  cache.put("alpha", "1");
  const std::string_view key = "alpha";
  ASSERT_NE(cache.get(key), nullptr);
  EXPECT_EQ(*cache.peek(key), "1");
  EXPECT_TRUE(cache.contains(key));
  EXPECT_FALSE(cache.contains(std::string_view("alph")));
  EXPECT_TRUE(cache.erase(key));
  EXPECT_EQ(cache.size(), 0u);
}

TEST(ListCache, PutOfViewsReportsTheVictimBeforeReusingItsEntry) {
  LruCache<std::string, std::string> cache(1);
  cache.put("old-key-longer-than-sso", "old-value-longer-than-sso");
  std::string evicted_key, evicted_value;
  cache.put(std::string_view("new"), std::string_view("v"), [&](std::string& k, std::string& v) {
    evicted_key = k;
    evicted_value = v;
  });
  EXPECT_EQ(evicted_key, "old-key-longer-than-sso");
  EXPECT_EQ(evicted_value, "old-value-longer-than-sso");
  EXPECT_EQ(keys_of(cache), std::vector<std::string>{"new"});
  EXPECT_EQ(*cache.peek("new"), "v");
  EXPECT_EQ(cache.stats().evictions, 1u);
}

TEST(ListCache, ErasedEntriesAreReusedAndTheOrderHolds) {
  LruCache<std::string, std::string> cache(3);
  for (const char* key : {"a", "b", "c"}) cache.put(key, key);
  EXPECT_TRUE(cache.erase("b"));
  cache.put("d", "d");
  EXPECT_EQ(keys_of(cache), (std::vector<std::string>{"d", "c", "a"}));
  cache.get("a");
  EXPECT_EQ(cache.put("e", "e")->first, "c");
  EXPECT_EQ(keys_of(cache), (std::vector<std::string>{"e", "a", "d"}));
}

TEST(ListCache, EraseOfHeadTailAndOnlyEntryKeepsTheList) {
  FifoCache<int, int> cache(3);
  for (int key : {1, 2, 3}) cache.put(key, key);
  EXPECT_TRUE(cache.erase(3));  // head
  EXPECT_TRUE(cache.erase(1));  // tail
  EXPECT_EQ(entries_of(cache).size(), 1u);
  EXPECT_TRUE(cache.erase(2));  // the only one
  EXPECT_TRUE(entries_of(cache).empty());
  cache.put(4, 4);
  cache.put(5, 5);
  EXPECT_EQ(entries_of(cache).front().key, 5);
  EXPECT_EQ(entries_of(cache).back().key, 4);
}

TEST(ListCache, CapacityOneKeepsOnlyTheLatest) {
  LruCache<int, int> cache(1);
  EXPECT_FALSE(cache.put(1, 10).has_value());
  EXPECT_EQ(cache.put(1, 11), std::nullopt);  // an update evicts nothing
  for (int key = 2; key <= 100; ++key) EXPECT_EQ(cache.put(key, key)->first, key - 1);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(*cache.get(100), 100);
  EXPECT_EQ(cache.get(99), nullptr);
}

TEST(ListCache, TheLargestCapacityTheApiAllowsFillsAndThenEvictsTheOldest) {
  const auto capacity = static_cast<std::size_t>(kMaxCapacity);
  LruCache<std::uint64_t, std::uint64_t> cache(capacity);
  for (std::uint64_t key = 0; key < capacity; ++key) ASSERT_FALSE(cache.put(key, key).has_value());
  EXPECT_EQ(cache.size(), capacity);
  for (std::uint64_t key = 0; key < capacity; key += 9973) ASSERT_EQ(*cache.peek(key), key);
  EXPECT_EQ(cache.put(capacity, 0)->first, 0u);
  EXPECT_EQ(cache.put(capacity + 1, 0)->first, 1u);
  EXPECT_EQ(cache.size(), capacity);
}

TEST(ListCache, GrowsPastManyIndexSizesAndClearStartsOver) {
  LruCache<std::string, int> cache(5000);
  for (int i = 0; i < 5000; ++i) cache.put("key-" + std::to_string(i), i);
  for (int i = 0; i < 5000; i += 7) ASSERT_EQ(*cache.peek("key-" + std::to_string(i)), i);
  cache.clear();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_TRUE(entries_of(cache).empty());
  cache.put("again", 1);
  EXPECT_EQ(keys_of(cache), std::vector<std::string>{"again"});
}

TEST(ListCache, KeysThatDifferOnlyInTheirHighWordsStayDistinct) {
  // (i + 1) * 2^32: identical low words, for a hash that would keep only those.
  const auto key = [](int i) { return static_cast<std::uint64_t>(i + 1) << 32; };
  LruCache<std::uint64_t, int> cache(64);
  for (int i = 0; i < 64; ++i) cache.put(key(i), i);
  for (int i = 0; i < 64; i += 2) EXPECT_TRUE(cache.erase(key(i)));
  for (int i = 1; i < 64; i += 2) {
    ASSERT_NE(cache.peek(key(i)), nullptr) << i;
    EXPECT_EQ(*cache.peek(key(i)), i);
  }
  EXPECT_EQ(cache.size(), 32u);
}

TEST(ListCache, TraceNamesKeysLookedUpByView) {
  LruCache<std::string, std::string> cache(1);
  sim::Trace trace;
  cache.set_trace(&trace);
  cache.get(std::string_view("absent"));
  cache.put(std::string_view("k"), std::string_view("v"), [](std::string&, std::string&) {});
  cache.get(std::string_view("k"));
  ASSERT_EQ(trace.steps().size(), 3u);
  EXPECT_EQ(trace.steps()[0].kind, "miss");
  EXPECT_EQ(trace.steps()[0].subject, "absent");
  EXPECT_EQ(trace.steps()[1].kind, "insert");
  EXPECT_EQ(trace.steps()[2].kind, "hit");
  EXPECT_EQ(trace.steps()[2].subject, "k");
}

TEST(ListCache, TraceGivesEachKeysPlaceInTheList) {
  LruCache<std::string, int> cache(3);
  for (const char* key : {"a", "b", "c"}) cache.put(key, 1);  // c b a, head first
  sim::Trace trace;
  cache.set_trace(&trace);
  cache.get("a");
  ASSERT_EQ(trace.steps().size(), 2u);
  EXPECT_EQ(trace.steps()[0].kind, "hit");
  EXPECT_EQ(testing::number(trace.steps()[0], "position"), 2.0);
  EXPECT_EQ(trace.steps()[1].kind, "promote");
  EXPECT_EQ(testing::number(trace.steps()[1], "from"), 2.0);
  EXPECT_EQ(testing::number(trace.steps()[1], "position"), 0.0);
  trace.clear();
  cache.put("d", 1);  // a c b: b is the tail
  EXPECT_EQ(trace.steps()[0].kind, "evict");
  EXPECT_EQ(trace.steps()[0].subject, "b");
  EXPECT_EQ(testing::number(trace.steps()[0], "position"), 2.0);
  EXPECT_EQ(testing::number(trace.steps()[1], "position"), 0.0);
  trace.clear();
  cache.erase("c");  // d a c
  EXPECT_EQ(testing::number(trace.steps()[0], "position"), 2.0);
}

}  // namespace
}  // namespace sdlab::cache
