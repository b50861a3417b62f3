// ShardedStore: routing per strategy, the cost of resharding, the sequential-key hotspot, and
// rejected input that changes nothing.
#include "partition/sharding.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "../trace_data.h"
#include "partition/nodes.h"

namespace sdlab::partition {
namespace {

std::string sequential(int i) {
  char key[32];
  std::snprintf(key, sizeof key, "order-%06d", i);
  return key;
}

void put_all(ShardedStore& store, int count, std::string (*key)(int),
             std::string_view region = "") {
  for (int i = 0; i < count; ++i) ASSERT_TRUE(store.put(key(i), region).is_ok());
}

std::string user(int i) { return "user:" + std::to_string(i); }
std::string timestamp(int i) { return std::to_string(1'700'000'000'000 + i); }  // ms since 1970

TEST(Sharding, HashModNSpreadsEvenlyAndAddingAShardMovesMostKeys) {
  ShardedStore store(ShardStrategy::kHash, 4);
  put_all(store, 10000, user);
  for (std::size_t s = 0; s < 4; ++s) {
    EXPECT_NEAR(static_cast<double>(store.count(s)), 2500, 200) << s;
  }
  std::vector<ShardMove> moves;
  ASSERT_TRUE(store.add_shard(moves).is_ok());
  // A key stays only when hash mod 4 == hash mod 5: about 1 in 5.
  EXPECT_NEAR(static_cast<double>(moves.size()), 8000, 200);
  EXPECT_EQ(store.shard_count(), 5u);
  for (const auto& [key, shard] : store.keys()) ASSERT_EQ(shard, mod_n_index(key, 5));
}

TEST(Sharding, SequentialKeysAllLandOnTheRangeHoldingTheirPrefix) {
  ShardedStore store(ShardStrategy::kRange, 4);
  EXPECT_EQ(store.range(0), std::make_pair(std::string(""), std::string("F")));
  EXPECT_EQ(store.range(3), std::make_pair(std::string("k"), std::string("")));
  put_all(store, 1000, sequential);  // "order-…": the range holding "o", the last
  EXPECT_EQ(store.count(3), 1000u);
  EXPECT_EQ(store.count(0) + store.count(1) + store.count(2), 0u);
}

TEST(Sharding, NumericSequentialKeysLandOnTheFirstRangeAndASplitOnlyMovesTheHotspot) {
  ShardedStore store(ShardStrategy::kRange, 4);
  put_all(store, 1000, timestamp);
  EXPECT_EQ(store.count(0), 1000u);  // digits sort before every letter
  std::vector<ShardMove> moves;
  ASSERT_TRUE(store.split_shard(0, moves).is_ok());
  EXPECT_EQ(moves.size(), 500u);
  EXPECT_EQ(store.range(4), std::make_pair(timestamp(500), std::string("F")));
  ASSERT_TRUE(store.put(timestamp(1000), "").is_ok());
  EXPECT_EQ(store.get(timestamp(1000)), 4u);  // the next key lands on the split-off upper half
}

TEST(Sharding, SplittingAHotRangeMovesOnlyItsUpperHalf) {
  ShardedStore store(ShardStrategy::kRange, 4);
  put_all(store, 1000, sequential);
  ASSERT_TRUE(store.put("Apple", "").is_ok());
  std::vector<ShardMove> moves;
  ASSERT_TRUE(store.split_shard(3, moves).is_ok());
  EXPECT_EQ(moves.size(), 500u);
  for (const ShardMove& m : moves) {
    ASSERT_EQ(m.from, 3u);
    ASSERT_EQ(m.to, 4u);
  }
  EXPECT_EQ(store.range(3), std::make_pair(std::string("k"), std::string("order-000500")));
  EXPECT_EQ(store.range(4), std::make_pair(std::string("order-000500"), std::string("")));
  EXPECT_EQ(store.get("Apple"), 0u);
  // Sequential keys keep landing on the last range: the split only moved the hotspot.
  ASSERT_TRUE(store.put(sequential(1000), "").is_ok());
  EXPECT_EQ(store.get(sequential(1000)), 4u);
  // Adding a shard splits the busiest one.
  ASSERT_TRUE(store.add_shard(moves).is_ok());
  EXPECT_EQ(moves.front().from, 4u);
  EXPECT_EQ(moves.size(), 251u);  // order-000500 … order-001000: the upper 251 of 501
}

TEST(Sharding, GeoRoutesByRegionAndAddingAShardMovesOneRegion) {
  ShardedStore store(ShardStrategy::kGeo, 3);
  EXPECT_EQ(store.regions(0), (std::vector<std::string_view>{"us-east", "eu-central", "sa-east"}));
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(store.put(user(i), i % 3 == 0 ? "eu-central" : "us-east").is_ok());
  }
  ASSERT_TRUE(store.put("user:x", "ap-south").is_ok());
  EXPECT_EQ(store.count(0), 300u);
  EXPECT_EQ(store.get("user:x"), 1u);
  std::vector<ShardMove> moves;
  ASSERT_TRUE(store.add_shard(moves).is_ok());
  EXPECT_EQ(moves.size(), 200u);  // us-east, the busiest region of shard 0, moved whole
  EXPECT_EQ(store.regions(3), (std::vector<std::string_view>{"us-east"}));
  ASSERT_TRUE(store.put(user(0), "us-east").is_ok());  // a key can change region
  EXPECT_EQ(store.get(user(0)), 3u);
  EXPECT_EQ(store.count(0), 99u);
}

TEST(Sharding, RejectedCallsAreNamedAndChangeNothing) {
  ShardedStore geo(ShardStrategy::kGeo, 8);
  ASSERT_TRUE(geo.put("k", "eu-west").is_ok());
  std::vector<ShardMove> moves;
  EXPECT_EQ(geo.add_shard(moves).message(),
            "every shard serves at most one region: none to hand a new shard");
  EXPECT_EQ(geo.put("k", "mars").message(),
            "region must be \"us-east\", \"us-west\", \"eu-west\", \"eu-central\", \"ap-south\", "
            "\"ap-northeast\", \"sa-east\" or \"af-south\", got \"mars\"");
  EXPECT_EQ(geo.split_shard(0, moves).message(), "only range sharding splits a shard");
  EXPECT_EQ(geo.shard_count(), 8u);
  EXPECT_EQ(geo.get("k"), 2u);

  ShardedStore range(ShardStrategy::kRange, 2);
  ASSERT_TRUE(range.put("zz", "").is_ok());
  EXPECT_EQ(range.split_shard(1, moves).message(),
            "shard 1 holds 1 keys: a split needs at least 2");
  EXPECT_EQ(range.split_shard(2, moves).message(), "index must be an integer in [0, 1], got 2");
  EXPECT_EQ(range.put("", "").message(), "key must not be empty");
  EXPECT_EQ(range.put(std::string(257, 'k'), "").message(),
            "key must be at most 256 bytes long, got 257");
  EXPECT_EQ(range.shard_count(), 2u);
  EXPECT_EQ(range.key_count(), 1u);

  ShardStrategy strategy = ShardStrategy::kHash;
  EXPECT_EQ(parse_shard_strategy("list", strategy).message(),
            "strategy must be \"hash\", \"range\" or \"geo\", got \"list\"");
  EXPECT_EQ(check_shards(33).message(), "shards must be an integer in [1, 32], got 33");
  ShardedStore full(ShardStrategy::kHash, 32);
  for (int i = 0; i < 32; ++i) ASSERT_TRUE(full.add_shard(moves).is_ok());
  EXPECT_EQ(full.add_shard(moves).message(), "at most 64 shards");
}

TEST(Sharding, TraceNamesTheShardOfEachKeyAndWhatMoved) {
  ShardedStore store(ShardStrategy::kHash, 4);
  sim::Trace trace;
  store.set_trace(&trace);
  ASSERT_TRUE(store.put("user:1", "").is_ok());
  const double shard = static_cast<double>(store.get("user:1"));
  EXPECT_EQ(testing::number(trace.steps()[0], "shard"), shard);
  EXPECT_EQ(testing::number(trace.steps()[1], "shard"), shard);
  EXPECT_EQ(testing::number(trace.steps()[1], "keys"), 1.0);
  put_all(store, 100, user);
  trace.clear();
  std::vector<ShardMove> moves;
  ASSERT_TRUE(store.add_shard(moves).is_ok());
  EXPECT_EQ(trace.steps().back().kind, "moved");
  EXPECT_EQ(testing::number(trace.steps().back(), "moved"), static_cast<double>(moves.size()));
  EXPECT_EQ(testing::number(trace.steps().back(), "keys"), 100.0);  // user:1 was put again
}

}  // namespace
}  // namespace sdlab::partition
