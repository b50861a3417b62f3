// WriteCache over a SlowStore: what each write mode costs, defers and loses.
#include "cache/write_cache.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sdlab::cache {
namespace {

constexpr sim::Micros kLatency = 5 * sim::kMicrosPerMilli;

struct Rig {
  explicit Rig(WriteMode mode, std::size_t capacity = 2) : cache(mode, capacity, store) {}
  sim::Clock clock;
  SlowStore<std::string, std::string> store{clock, kLatency};
  WriteCache<std::string, std::string> cache;
};

std::vector<std::string> stored_keys(const SlowStore<std::string, std::string>& store) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : store.data()) keys.push_back(key);
  return keys;
}

TEST(SlowStore, EveryCallCostsItsLatencyAndIsCounted) {
  sim::Clock clock;
  SlowStore<std::string, int> store(clock, kLatency);
  store.write("a", 1);
  EXPECT_EQ(store.read("a"), 1);
  EXPECT_EQ(store.read("b"), std::nullopt);
  EXPECT_TRUE(store.erase("a"));
  EXPECT_EQ(store.reads(), 2u);
  EXPECT_EQ(store.writes(), 2u);
  EXPECT_EQ(clock.now(), 4 * kLatency);
}

TEST(WriteThrough, PutReachesTheStoreAtOnce) {
  Rig rig(WriteMode::kThrough);
  rig.cache.put("a", "1");
  EXPECT_EQ(rig.store.data().at("a"), "1");
  EXPECT_FALSE(rig.cache.dirty("a"));
  EXPECT_EQ(rig.clock.now(), kLatency);
}

TEST(WriteThrough, CrashLosesNoAcknowledgedWrite) {
  Rig rig(WriteMode::kThrough);
  rig.cache.put("a", "1");
  rig.cache.put("b", "2");
  EXPECT_TRUE(rig.cache.crash().empty());
  EXPECT_EQ(rig.cache.size(), 0u);
  EXPECT_EQ(rig.cache.get("a"), "1");  // read through from the store
  EXPECT_EQ(rig.cache.lost_writes(), 0u);
}

TEST(WriteBack, PutTouchesOnlyTheCacheAndMarksDirty) {
  Rig rig(WriteMode::kBack);
  rig.cache.put("a", "1");
  EXPECT_TRUE(rig.cache.dirty("a"));
  EXPECT_TRUE(rig.store.data().empty());
  EXPECT_EQ(rig.clock.now(), 0);
}

TEST(WriteBack, EvictedDirtyEntryIsWrittenBack) {
  Rig rig(WriteMode::kBack);
  sim::Trace trace;
  rig.cache.set_trace(&trace);
  rig.cache.put("a", "1");
  rig.cache.put("b", "2");
  rig.cache.put("c", "3");  // evicts "a"
  EXPECT_EQ(stored_keys(rig.store), (std::vector<std::string>{"a"}));
  EXPECT_EQ(rig.cache.write_backs(), 1u);
  EXPECT_EQ(trace.steps().back().kind, "write-back");
  EXPECT_EQ(trace.steps().back().subject, "a");
}

TEST(WriteBack, FlushWritesEveryDirtyEntryOnce) {
  Rig rig(WriteMode::kBack);
  rig.cache.put("a", "1");
  rig.cache.put("b", "2");
  EXPECT_EQ(rig.cache.flush(), 2u);
  EXPECT_EQ(rig.cache.flush(), 0u);
  EXPECT_FALSE(rig.cache.dirty("a"));
  EXPECT_EQ(stored_keys(rig.store), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(rig.store.writes(), 2u);
}

TEST(WriteBack, CrashLosesTheDirtyKeysOnly) {
  Rig rig(WriteMode::kBack, 3);
  rig.cache.put("a", "1");
  rig.cache.flush();
  rig.cache.put("b", "2");
  rig.cache.put("c", "3");
  EXPECT_EQ(rig.cache.crash(), (std::vector<std::string>{"c", "b"}));
  EXPECT_EQ(rig.cache.lost_writes(), 2u);
  EXPECT_EQ(rig.cache.get("a"), "1");
  EXPECT_EQ(rig.cache.get("b"), std::nullopt);
}

TEST(WriteCache, MissReadsThroughAndCachesTheValue) {
  Rig rig(WriteMode::kThrough);
  rig.store.write("a", "1");
  EXPECT_EQ(rig.cache.get("a"), "1");
  EXPECT_EQ(rig.cache.get("a"), "1");
  EXPECT_EQ(rig.store.reads(), 1u);
  EXPECT_EQ(rig.cache.stats().misses, 1u);
  EXPECT_EQ(rig.cache.stats().hits, 1u);
  EXPECT_FALSE(rig.cache.dirty("a"));
}

TEST(WriteCache, MissOfUnknownKeyCachesNothing) {
  Rig rig(WriteMode::kBack);
  EXPECT_EQ(rig.cache.get("x"), std::nullopt);
  EXPECT_EQ(rig.cache.size(), 0u);
  EXPECT_EQ(rig.store.reads(), 1u);
}

TEST(WriteCache, EraseRemovesFromCacheAndStore) {
  Rig rig(WriteMode::kBack);
  rig.cache.put("a", "1");
  rig.cache.flush();
  EXPECT_TRUE(rig.cache.erase("a"));
  EXPECT_FALSE(rig.cache.erase("a"));
  EXPECT_TRUE(rig.store.data().empty());
  EXPECT_TRUE(rig.cache.crash().empty());
}

TEST(WriteCache, ParseWriteModeAcceptsOnlyTheTwoModes) {
  WriteMode mode = WriteMode::kThrough;
  EXPECT_TRUE(parse_write_mode("back", mode));
  EXPECT_EQ(mode, WriteMode::kBack);
  EXPECT_FALSE(parse_write_mode("around", mode));
  EXPECT_EQ(mode, WriteMode::kBack);
}

TEST(WriteBack, BytesCountTheCacheAndItsDirtyKeysAndTheStoreItsOwn) {
  sim::Clock clock;
  SlowStore<std::string, std::string> store(clock, kLatency);
  WriteCache<std::string, std::string> cache(WriteMode::kBack, 1, store);
  const std::size_t empty_cache = cache.bytes(), empty_store = store.bytes();
  const std::string big_key(500, 'k'), big(10'000, 'v');
  cache.put(big_key, big);  // dirty: the key is held twice, in the LRU and in the dirty set
  EXPECT_GE(cache.bytes(), empty_cache + 2 * big_key.size() + big.size());
  EXPECT_EQ(store.bytes(), empty_store);
  cache.put("b", "2");  // evicts the big entry dirty: written back
  EXPECT_LT(cache.bytes(), empty_cache + 2 * big_key.size() + 1'000);
  EXPECT_GE(store.bytes(), empty_store + big_key.size() + big.size());
  store.erase(big_key);
  EXPECT_LT(store.bytes(), 1'000u);
}

}  // namespace
}  // namespace sdlab::cache
