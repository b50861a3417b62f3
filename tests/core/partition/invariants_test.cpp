// invariants() of the placements (ring, rendezvous, jump hash), Snowflake machines, the sharded
// store and the URL shortener: they hold in use, and a structure broken on purpose (through
// TestPeer) reports what is wrong.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../common/invariant_matchers.h"
#include "partition/hash_ring.h"
#include "partition/jump_hash.h"
#include "partition/rendezvous.h"
#include "partition/sharding.h"
#include "partition/snowflake_cluster.h"
#include "partition/url_shortener.h"

namespace sdlab {

template <>
struct TestPeer<partition::HashRing> {
  static void swap_points(partition::HashRing& ring, std::size_t a, std::size_t b) {
    std::swap(ring.points_[a], ring.points_[b]);
  }
  static void drop_last_point(partition::HashRing& ring) { ring.points_.pop_back(); }
};
template <>
struct TestPeer<partition::SnowflakeGenerator> {
  static void set_last_ms(partition::SnowflakeGenerator& g, std::int64_t ms) { g.last_ms_ = ms; }
};
template <>
struct TestPeer<partition::ShardedStore> {
  static void move_key(partition::ShardedStore& store, const std::string& key, std::size_t shard) {
    store.keys_.find(key)->second = shard;
  }
};
template <>
struct TestPeer<partition::UrlShortener> {
  static void rewind_counter(partition::UrlShortener& s) { s.counter_ = 0; }
  static void set_url(partition::UrlShortener& s, const std::string& code, std::string url) {
    s.entries_.at(code).url = std::move(url);
  }
};

namespace partition {
namespace {

std::vector<std::string> keys(int count) {
  std::vector<std::string> keys;
  for (int i = 0; i < count; ++i) keys.push_back("key-" + std::to_string(i));
  return keys;
}

TEST(PlacementInvariants, HoldThroughJoinsAndLeaves) {
  HashRing ring(8);
  Rendezvous rendezvous;
  JumpHash jump;
  const auto tracked = keys(300);
  for (int n = 0; n < 6; ++n) {
    const std::string name = "node-" + std::to_string(n);
    ASSERT_TRUE(ring.add_node(name, 1 + n % 3).is_ok());
    ASSERT_TRUE(rendezvous.add_node(name, 1 + n % 3).is_ok());
    ASSERT_TRUE(jump.add_node(name, 1).is_ok());
    ASSERT_TRUE(AllHold(ring.invariants(tracked))) << name;
    ASSERT_TRUE(AllHold(rendezvous.invariants(tracked))) << name;
    ASSERT_TRUE(AllHold(jump.invariants(tracked))) << name;
  }
  ASSERT_TRUE(ring.remove_node("node-2").is_ok());
  ASSERT_TRUE(rendezvous.remove_node("node-2").is_ok());
  ASSERT_TRUE(jump.remove_node("node-5").is_ok());
  EXPECT_TRUE(AllHold(ring.invariants(tracked)));
  EXPECT_TRUE(AllHold(rendezvous.invariants(tracked)));
  EXPECT_TRUE(AllHold(jump.invariants(tracked)));
}

TEST(PlacementInvariants, AnUnsortedRingIsReportedAndItsKeysGoAstray) {
  HashRing ring(4);
  ASSERT_TRUE(ring.add_node("a", 1).is_ok());
  ASSERT_TRUE(ring.add_node("b", 1).is_ok());
  TestPeer<HashRing>::swap_points(ring, 0, 7);
  const Invariants list = ring.invariants(keys(200));
  EXPECT_FALSE(Named(list, "points are sorted clockwise").holds);
  EXPECT_FALSE(Named(list, "each key's owner is the first point clockwise").holds);
  EXPECT_TRUE(Named(list, "every node has weight × vnodes points").holds);
}

TEST(PlacementInvariants, ANodeShortOfPointsIsReported) {
  HashRing ring(4);
  ASSERT_TRUE(ring.add_node("a", 2).is_ok());
  TestPeer<HashRing>::drop_last_point(ring);
  EXPECT_EQ(Broken(ring.invariants({}), "every node has weight × vnodes points"),
            "\"a\" has 7 points, not 8");
}

TEST(SnowflakeInvariants, HoldAcrossMachinesAndFullMilliseconds) {
  sim::Clock clock;
  SnowflakeCluster cluster(clock, 3);
  for (int i = 0; i < 10'000; ++i) {
    std::uint64_t id = 0;
    sim::Micros waited = 0;
    ASSERT_TRUE(cluster.next(static_cast<std::uint32_t>(i % 3), id, waited).is_ok());
    if (i % 997 == 0) clock.advance(sim::kMicrosPerMilli);
    ASSERT_TRUE(AllHold(cluster.invariants())) << "after id " << i;
  }
}

TEST(SnowflakeInvariants, AnIdBelowTheOneBeforeIsReported) {
  sim::Clock clock;
  clock.advance(5 * sim::kMicrosPerMilli);
  SnowflakeGenerator machine(clock, 7);
  std::uint64_t id = 0;
  sim::Micros waited = 0;
  ASSERT_TRUE(machine.next(id, waited).is_ok());
  ASSERT_TRUE(machine.next(id, waited).is_ok());
  TestPeer<SnowflakeGenerator>::set_last_ms(machine, 4);  // the last id, stamped a millisecond early
  EXPECT_EQ(Broken(machine.invariants(), "its ids strictly increase"),
            "machine 7: id " + std::to_string(machine.last_id()) + " follows " +
                std::to_string((5ull << 22) | (7ull << 12)));
}

TEST(ShardingInvariants, HoldThroughPutsSplitsAndAddedShards) {
  for (ShardStrategy strategy : {ShardStrategy::kHash, ShardStrategy::kRange, ShardStrategy::kGeo}) {
    ShardedStore store(strategy, 3);
    std::vector<ShardMove> moves;
    for (int i = 0; i < 300; ++i) {
      ASSERT_TRUE(
          store.put("user:" + std::to_string(i % 250), kRegions[static_cast<std::size_t>(i) % 5]).is_ok());
      if (i % 100 == 99) {
        ASSERT_TRUE(store.add_shard(moves).is_ok());
      }
      ASSERT_TRUE(AllHold(store.invariants())) << static_cast<int>(strategy) << " after put " << i;
    }
  }
}

TEST(ShardingInvariants, AKeyOnTheWrongShardIsReported) {
  ShardedStore store(ShardStrategy::kRange, 4);
  ASSERT_TRUE(store.put("Apple", "").is_ok());  // "A…" lies in shard 0's range
  TestPeer<ShardedStore>::move_key(store, "Apple", 2);
  const Invariants list = store.invariants();
  EXPECT_EQ(Named(list, "every key sits on the shard its strategy routes it to").detail,
            "\"Apple\" sits on shard 2, routed to shard 0");
  EXPECT_EQ(Named(list, "each shard's count matches its keys").detail, "shard 0 counts 1 keys, holds 0");
}

TEST(UrlShortenerInvariants, HoldInEveryModeWithAliasesAndExpiry) {
  for (CodeMode mode : {CodeMode::kCounter, CodeMode::kHash, CodeMode::kSnowflake}) {
    sim::Clock clock;
    UrlShortener s(clock, mode, 4);
    std::string code;
    for (int i = 0; i < 200; ++i) {
      const std::string url = "https://example.com/" + std::to_string(i % 150);
      ASSERT_TRUE(s.shorten(url, i % 2 ? 5 * sim::kMicrosPerMilli : kNoExpiry, code).is_ok());
      if (i % 40 == 0) {
        ASSERT_TRUE(s.shorten_with_alias(url, "alias-" + std::to_string(i), kNoExpiry).is_ok());
      }
      clock.advance(sim::kMicrosPerMilli);
      ASSERT_TRUE(AllHold(s.invariants()))
          << kCodeModeNames[static_cast<std::size_t>(mode)] << " after " << i;
    }
  }
}

TEST(UrlShortenerInvariants, ACounterThatWentBackIsReported) {
  sim::Clock clock;
  UrlShortener s(clock, CodeMode::kCounter, 4);
  std::string code;
  ASSERT_TRUE(s.shorten("https://a.example", kNoExpiry, code).is_ok());
  TestPeer<UrlShortener>::rewind_counter(s);
  EXPECT_EQ(Broken(s.invariants(), "no code can be made twice; aliases follow the rules"),
            "\"0000\" is not below the counter 0: it can be made again");
}

TEST(UrlShortenerInvariants, AHashCodeThatDoesNotRoundTripIsReported) {
  sim::Clock clock;
  UrlShortener s(clock, CodeMode::kHash, 6);
  std::string code;
  ASSERT_TRUE(s.shorten("https://a.example", kNoExpiry, code).is_ok());
  TestPeer<UrlShortener>::set_url(s, code, "https://b.example");
  EXPECT_EQ(Broken(s.invariants(), "every code is its URL's hash or a valid alias"),
            "\"" + code + "\" is not the hash of its URL under any salt tried");
}

}  // namespace
}  // namespace partition
}  // namespace sdlab
