// Every cache's invariants(): they hold after every call of ordinary use, and a cache broken on
// purpose (through TestPeer) reports what is wrong.
#include <gtest/gtest.h>

#include <string>

#include "../common/invariant_matchers.h"
#include "cache/fifo_cache.h"
#include "cache/lfu_cache.h"
#include "cache/lru_cache.h"
#include "cache/ttl_cache.h"
#include "cache/write_cache.h"

namespace sdlab {

template <class K, class V, cache::Order O, class H>
struct TestPeer<cache::ListCache<K, V, O, H>> {
  using Cache = cache::ListCache<K, V, O, H>;
  static void set_capacity(Cache& c, std::size_t capacity) { c.capacity_ = capacity; }
  // The head entry stays in the list but leaves the index.
  static void unindex_head(Cache& c) { c.index_.erase(c.slab_[c.head_].hash, c.head_); }
};

template <class K, class V, class H>
struct TestPeer<cache::LfuCache<K, V, H>> {
  using Cache = cache::LfuCache<K, V, H>;
  // The first two buckets trade frequencies, so the first no longer holds the least.
  static void swap_first_frequencies(Cache& c) {
    std::swap(c.buckets_.front().frequency, std::next(c.buckets_.begin())->frequency);
  }
  static void drop_from_index(Cache& c, const K& key) { c.index_.erase(key); }
};

template <class K, class V, template <class, class, class> class P, class H>
struct TestPeer<cache::TtlCache<K, V, P, H>> {
  // As if the cache had served a value 1 µs past its deadline.
  static void serve_stale(cache::TtlCache<K, V, P, H>& c) { c.last_served_ = {{10, 11}}; }
};

template <class K, class V, class H>
struct TestPeer<cache::WriteCache<K, V, H>> {
  static void mark_dirty(cache::WriteCache<K, V, H>& c, const K& key) { c.dirty_.insert(key); }
};

namespace cache {
namespace {

template <class C>
class ListInvariantsTest : public ::testing::Test {};
using Lists = ::testing::Types<LruCache<std::string, std::string>, FifoCache<std::string, std::string>,
                               LruCache<std::int64_t, std::int64_t>>;
TYPED_TEST_SUITE(ListInvariantsTest, Lists);

TYPED_TEST(ListInvariantsTest, HoldAfterEveryCall) {
  using Key = decltype(TypeParam::Entry::key);
  TypeParam cache(4);
  EXPECT_TRUE(AllHold(cache.invariants()));
  for (int i = 0; i < 200; ++i) {
    const Key key = [&] {
      if constexpr (std::is_same_v<Key, std::string>)
        return std::to_string(i * 7 % 11);
      else
        return Key{i * 7 % 11};
    }();
    switch (i % 4) {
      case 0:
        cache.put(key, {});
        break;
      case 1:
        cache.get(key);
        break;
      case 2:
        cache.erase(key);
        break;
      default:
        cache.put(key, {});
        break;
    }
    ASSERT_TRUE(AllHold(cache.invariants())) << "after call " << i;
  }
  cache.clear();
  EXPECT_TRUE(AllHold(cache.invariants()));
}

TYPED_TEST(ListInvariantsTest, MoreEntriesThanCapacityIsReported) {
  TypeParam cache(3);
  cache.put({}, {});
  TestPeer<TypeParam>::set_capacity(cache, 0);
  EXPECT_EQ(Broken(cache.invariants(), "holds at most capacity entries"), "1 held, capacity 0");
}

TEST(ListInvariants, AnEntryTheIndexLostIsReported) {
  LruCache<std::string, std::string> cache(3);
  cache.put("a", "1");
  cache.put("b", "2");
  TestPeer<LruCache<std::string, std::string>>::unindex_head(cache);
  EXPECT_EQ(Broken(cache.invariants(), "the index and the list hold the same entries"),
            "\"b\" is in the list, but the index does not lead to it");
  EXPECT_TRUE(Named(cache.invariants(), "holds at most capacity entries").holds);
}

TEST(LfuInvariants, HoldAfterEveryCall) {
  LfuCache<std::string, std::string> cache(3);
  for (int i = 0; i < 200; ++i) {
    const std::string key = std::to_string(i * 5 % 7);
    if (i % 3 == 2)
      cache.erase(key);
    else if (i % 3 == 1)
      cache.get(key);
    else
      cache.put(key, "v");
    ASSERT_TRUE(AllHold(cache.invariants())) << "after call " << i;
  }
}

TEST(LfuInvariants, BucketsOutOfOrderAreReported) {
  LfuCache<std::string, std::string> cache(3);
  cache.put("a", "1");
  cache.put("b", "2");
  cache.get("b");  // buckets: 1 {a}, 2 {b}
  TestPeer<LfuCache<std::string, std::string>>::swap_first_frequencies(cache);
  EXPECT_EQ(
      Broken(cache.invariants(), "the first bucket holds the least frequency: buckets ascend, none empty"),
      "the bucket of frequency 1 follows that of frequency 2");
}

TEST(LfuInvariants, AnEntryMissingFromTheIndexIsReported) {
  LfuCache<std::string, std::string> cache(3);
  cache.put("a", "1");
  TestPeer<LfuCache<std::string, std::string>>::drop_from_index(cache, "a");
  EXPECT_EQ(Broken(cache.invariants(), "the index and the buckets hold the same entries"),
            "\"a\" is in a bucket, but the index does not lead to it");
}

TEST(TtlInvariants, HoldWhileEntriesExpireAndAreServed) {
  sim::Clock clock;
  TtlCache<std::string, std::string> cache(2, clock, 5 * sim::kMicrosPerMilli);
  for (int i = 0; i < 100; ++i) {
    const std::string key = std::to_string(i % 3);
    cache.put(key, "v", (i % 4) * sim::kMicrosPerMilli);
    clock.advance(2 * sim::kMicrosPerMilli);
    cache.get(key);
    cache.contains(std::to_string((i + 1) % 3));
    if (i % 10 == 0) cache.sweep();
    ASSERT_TRUE(AllHold(cache.invariants())) << "after round " << i;
  }
}

TEST(TtlInvariants, AValueServedPastItsDeadlineIsReported) {
  sim::Clock clock;
  TtlCache<std::string, std::string> cache(2, clock, 5);
  TestPeer<TtlCache<std::string, std::string>>::serve_stale(cache);
  EXPECT_EQ(Broken(cache.invariants(), "never serves a value at or past its deadline"),
            "served a value at 0.011 ms, its deadline 0.01 ms");
}

TEST(WriteCacheInvariants, HoldThroughWritesEvictionsFlushesAndCrashes) {
  for (WriteMode mode : {WriteMode::kThrough, WriteMode::kBack}) {
    sim::Clock clock;
    SlowStore<std::string, std::string> store(clock, 1);
    WriteCache<std::string, std::string> cache(mode, 2, store);
    for (int i = 0; i < 60; ++i) {
      const std::string key = std::to_string(i % 5);
      cache.put(key, std::to_string(i));
      cache.get(std::to_string((i + 2) % 5));
      if (i % 7 == 0) cache.flush();
      if (i % 11 == 0) cache.crash();
      if (i % 13 == 0) cache.erase(key);
      ASSERT_TRUE(AllHold(cache.invariants())) << "after round " << i;
    }
  }
}

TEST(WriteCacheInvariants, ADirtyEntryUnderWriteThroughIsReported) {
  sim::Clock clock;
  SlowStore<std::string, std::string> store(clock, 1);
  WriteCache<std::string, std::string> cache(WriteMode::kThrough, 2, store);
  cache.put("a", "1");
  TestPeer<WriteCache<std::string, std::string>>::mark_dirty(cache, "a");
  TestPeer<WriteCache<std::string, std::string>>::mark_dirty(cache, "gone");
  const Invariants list = cache.invariants();
  EXPECT_FALSE(Named(list, "write-through holds no dirty entry").holds);
  EXPECT_EQ(Named(list, "every dirty key is cached").detail, "\"gone\" is dirty but not cached");
}

TEST(WriteCacheInvariants, ACleanEntryThatDiffersFromTheStoreIsReported) {
  sim::Clock clock;
  SlowStore<std::string, std::string> store(clock, 1);
  WriteCache<std::string, std::string> cache(WriteMode::kBack, 2, store);
  cache.put("a", "1");    // dirty: the store has nothing yet
  cache.flush();          // clean, and in the store
  store.write("a", "2");  // someone else writes the store behind the cache's back
  EXPECT_EQ(Broken(cache.invariants(), "every clean entry holds the store's value"),
            "\"a\" is clean but differs from the store");
}

}  // namespace
}  // namespace cache
}  // namespace sdlab
