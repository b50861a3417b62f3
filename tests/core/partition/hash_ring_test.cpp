// HashRing, Rendezvous and JumpHash: who owns a key, what a join or leave moves (against
// hash-mod-N), replicas, load spread, and the jump hash paper's reference values.
#include "partition/hash_ring.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>

#include "../trace_data.h"
#include "partition/jump_hash.h"
#include "partition/load_spread.h"
#include "partition/rebalance.h"
#include "partition/rendezvous.h"

namespace sdlab::partition {
namespace {

std::vector<std::string> make_keys(int count) {
  std::vector<std::string> keys;
  for (int i = 0; i < count; ++i) keys.push_back("key-" + std::to_string(i));
  return keys;
}

template <class P>
void add_nodes(P& placement, int count) {
  for (int n = 0; n < count; ++n) ASSERT_TRUE(placement.add_node("node-" + std::to_string(n), 1).is_ok());
}

template <class P>
Rebalance join(P& placement, const std::vector<std::string>& keys, const std::string& name) {
  Rebalance out;
  EXPECT_TRUE(rebalance(placement, keys, [&](P& p) { return p.add_node(name, 1); }, out).is_ok());
  return out;
}

template <class P>
Rebalance leave(P& placement, const std::vector<std::string>& keys, const std::string& name) {
  Rebalance out;
  EXPECT_TRUE(rebalance(placement, keys, [&](P& p) { return p.remove_node(name); }, out).is_ok());
  return out;
}

template <class P>
class PlacementTest : public ::testing::Test {};

struct Ring : HashRing {
  Ring() : HashRing(200) {}
};
using Placements = ::testing::Types<Ring, Rendezvous, JumpHash>;
TYPED_TEST_SUITE(PlacementTest, Placements);

TYPED_TEST(PlacementTest, AJoinMovesAboutKOverNPlusOneKeysAndModNMovesMost) {
  TypeParam placement;
  add_nodes(placement, 9);
  const auto keys = make_keys(20000);
  const Rebalance r = join(placement, keys, "node-9");
  const double expected = 20000.0 / 10;
  EXPECT_GT(static_cast<double>(r.moves.size()), expected * 0.75);
  EXPECT_LT(static_cast<double>(r.moves.size()), expected * 1.25);
  for (const Move& move : r.moves) ASSERT_EQ(move.to, "node-9") << move.key;  // only to the newcomer
  EXPECT_GT(static_cast<double>(r.mod_n_moved), 20000 * 0.85);  // mod-N: about N/(N+1) of keys
}

TYPED_TEST(PlacementTest, ALeaveMovesOnlyTheKeysOfTheNodeThatLeft) {
  TypeParam placement;
  add_nodes(placement, 8);
  const auto keys = make_keys(5000);
  std::size_t owned = 0;
  for (const auto& key : keys) owned += placement.owner(key) == "node-7";
  const Rebalance r = leave(placement, keys, "node-7");
  EXPECT_EQ(r.moves.size(), owned);
  for (const Move& move : r.moves) ASSERT_EQ(move.from, "node-7") << move.key;
}

TYPED_TEST(PlacementTest, ARejectedChangeMovesNothing) {
  TypeParam placement;
  add_nodes(placement, 3);
  Rebalance r;
  const Status status = rebalance(placement, make_keys(10), [](TypeParam& p) { return p.add_node("node-0", 1); }, r);
  EXPECT_EQ(status.message(), "node \"node-0\" is already present");
  EXPECT_EQ(placement.nodes().size(), 3u);
  EXPECT_EQ(placement.remove_node("ghost").message(), "no node named \"ghost\"");
  EXPECT_EQ(placement.add_node("", 1).message(), "node name must not be empty");
}

TEST(HashRing, JoinsAndLeavesKeepThePointsOfARingBuiltFromTheNodesLeft) {
  HashRing ring(5);
  for (const char* name : {"a", "b", "c", "d"}) ASSERT_TRUE(ring.add_node(name, 2).is_ok());
  ASSERT_TRUE(ring.remove_node("b").is_ok());  // from the middle: the nodes after it renumbered
  ASSERT_TRUE(ring.add_node("e", 3).is_ok());
  ASSERT_TRUE(ring.remove_node("a").is_ok());
  HashRing fresh(5);
  for (const char* name : {"c", "d"}) ASSERT_TRUE(fresh.add_node(name, 2).is_ok());
  ASSERT_TRUE(fresh.add_node("e", 3).is_ok());
  ASSERT_EQ(ring.points().size(), fresh.points().size());
  for (std::size_t i = 0; i < ring.points().size(); ++i) {
    const HashRing::Point& p = ring.points()[i];
    const HashRing::Point& q = fresh.points()[i];
    ASSERT_EQ(std::tie(p.hash, ring.nodes()[p.node].name, p.index), std::tie(q.hash, fresh.nodes()[q.node].name, q.index)) << i;
  }
}

TEST(HashRing, HoldsAtMostItsPointLimitExactly) {
  HashRing ring(10, 30);
  ASSERT_TRUE(ring.add_node("a", 2).is_ok());
  EXPECT_TRUE(ring.add_node("b", 1).is_ok());  // 30 points: at the limit
  EXPECT_EQ(ring.add_node("c", 1).message(), "the ring would hold 40 points, more than 30");
  EXPECT_EQ(ring.points().size(), 30u);
}

TEST(HashRing, LookupTracesTheHashTheSearchAndTheWalkToTheOwnerUnderTheLookup) {
  HashRing ring(3);
  ASSERT_TRUE(ring.add_node("a", 1).is_ok());
  ASSERT_TRUE(ring.add_node("b", 2).is_ok());
  EXPECT_EQ(ring.points().size(), 9u);
  sim::Trace trace;
  ring.set_trace(&trace);
  const std::vector<std::string> replicas = ring.replicas("user:42", 2);
  ASSERT_EQ(replicas.size(), 2u);
  EXPECT_NE(replicas[0], replicas[1]);
  const auto& steps = trace.steps();
  ASSERT_GE(steps.size(), 5u);
  EXPECT_EQ(steps[0].kind, "lookup");
  EXPECT_EQ(steps[0].subject, "user:42");
  EXPECT_EQ(steps[0].depth, 0u);
  for (std::size_t i = 1; i < steps.size(); ++i) {
    EXPECT_EQ(steps[i].depth, 1u) << steps[i].kind;
    EXPECT_EQ(steps[i].parent, 0) << steps[i].kind;
    EXPECT_STREQ(steps[i].file, "core/partition/hash_ring.cpp");
  }
  const std::uint64_t hash = hash64("user:42");
  EXPECT_EQ(steps[1].kind, "hash");
  EXPECT_EQ(testing::text(steps[1], "hash"), hex64(hash));
  EXPECT_DOUBLE_EQ(testing::number(steps[1], "position"), ring_fraction(hash));
  // The search lands on the first point at or after the key's hash (wrapping).
  const auto& points = ring.points();
  std::size_t expected = 0;
  while (expected < points.size() && points[expected].hash < hash) ++expected;
  expected %= points.size();
  EXPECT_EQ(steps[2].kind, "search");
  EXPECT_EQ(testing::number(steps[2], "point"), static_cast<double>(expected));
  EXPECT_EQ(testing::number(steps[2], "points"), 9.0);
  // The walk ends on the owner's and the replica's points, named with their node.
  const sim::Step& owner = *std::find_if(steps.begin(), steps.end(),
                                         [](const sim::Step& s) { return s.kind == "owner"; });
  EXPECT_EQ(testing::text(owner, "node"), replicas[0]);
  EXPECT_EQ(points[static_cast<std::size_t>(testing::number(owner, "point"))].node == 0 ? "a" : "b",
            replicas[0]);
  EXPECT_EQ(testing::text(steps.back(), "node"), replicas[1]);
  EXPECT_EQ(steps.back().kind, "replica");
  EXPECT_EQ(ring.owner("user:42"), replicas[0]);
  EXPECT_EQ(ring.replicas("user:42", 5).size(), 2u);  // no more replicas than nodes
}

TEST(HashRing, JoinAndLeaveReportTheirPoints) {
  HashRing ring(4);
  sim::Trace trace;
  ring.set_trace(&trace);
  ASSERT_TRUE(ring.add_node("a", 3).is_ok());
  EXPECT_EQ(testing::number(trace.steps().back(), "points"), 12.0);
  ASSERT_TRUE(ring.add_node("b", 1).is_ok());
  ASSERT_TRUE(ring.remove_node("a").is_ok());
  EXPECT_EQ(trace.steps().back().kind, "leave");
  EXPECT_EQ(testing::number(trace.steps().back(), "points"), 12.0);
  EXPECT_EQ(testing::number(trace.steps().back(), "ringPoints"), 4.0);
}

TEST(Rendezvous, LookupTracesEveryScoreAndTheOwnerHasTheHighest) {
  Rendezvous placement;
  for (const char* name : {"a", "b", "c"}) ASSERT_TRUE(placement.add_node(name, 1).is_ok());
  sim::Trace trace;
  placement.set_trace(&trace);
  const std::string owner = placement.owner("user:42");
  const auto& steps = trace.steps();
  ASSERT_EQ(steps.size(), 5u);  // lookup, three scores, owner
  EXPECT_EQ(steps[0].kind, "lookup");
  double best = 0;
  std::string best_node;
  for (std::size_t i = 1; i <= 3; ++i) {
    EXPECT_EQ(steps[i].kind, "score");
    EXPECT_EQ(steps[i].parent, 0);
    if (testing::number(steps[i], "score") > best)
      best = testing::number(steps[i], "score"), best_node = steps[i].subject;
  }
  EXPECT_EQ(steps[4].kind, "owner");
  EXPECT_EQ(best_node, owner);
  EXPECT_EQ(testing::number(steps[4], "score"), best);
}

TEST(JumpHash, LookupTracesEachJumpAndEndsInTheOwnersBucket) {
  JumpHash placement;
  for (const char* name : {"a", "b", "c", "d", "e"})
    ASSERT_TRUE(placement.add_node(name, 1).is_ok());
  sim::Trace trace;
  placement.set_trace(&trace);
  const std::string owner = placement.owner("user:42");
  const auto& steps = trace.steps();
  ASSERT_GE(steps.size(), 3u);
  EXPECT_EQ(steps.front().kind, "lookup");
  EXPECT_EQ(steps.back().kind, "owner");
  EXPECT_EQ(testing::text(steps.back(), "node"), owner);
  // Jumps go forward while the candidate is a bucket; the last one overshoots and stays.
  const sim::Step& last_jump = steps[steps.size() - 2];
  EXPECT_EQ(last_jump.kind, "jump");
  EXPECT_EQ(testing::number(last_jump, "from"), testing::number(steps.back(), "bucket"));
  EXPECT_GE(testing::number(last_jump, "to"), 5.0);
  for (std::size_t i = 1; i + 2 < steps.size(); ++i) {
    EXPECT_EQ(testing::number(steps[i], "to"), testing::number(steps[i + 1], "from"));
    EXPECT_EQ(steps[i].depth, 1u);
  }
}

TEST(HashRing, WeightGivesAProportionalShareOfTheRing) {
  HashRing ring(100);
  ASSERT_TRUE(ring.add_node("small", 1).is_ok());
  ASSERT_TRUE(ring.add_node("big", 3).is_ok());
  const auto shares = ring.shares();
  EXPECT_NEAR(shares[0] + shares[1], 1.0, 1e-9);
  EXPECT_NEAR(shares[1], 0.75, 0.05);
  EXPECT_EQ(ring.add_node("huge", 101).message(), "weight must be an integer in [1, 100], got 101");
}

TEST(LoadSpread, MoreVirtualNodesEvenTheLoad) {
  const LoadSpreadSpec spec{10, 100'000, 256, 1};
  ASSERT_TRUE(check_load_spread(spec).is_ok());
  const auto points = ring_load_spread(spec);
  ASSERT_EQ(points.size(), 9u);  // 1, 2, 4, … 256
  EXPECT_EQ(points.back().vnodes, 256u);
  EXPECT_GT(points.front().stddev_over_mean, 0.3);
  EXPECT_LT(points.back().stddev_over_mean, 0.1);
  EXPECT_LT(points.back().max_over_mean, 1.25);
  EXPECT_EQ(ring_load_spread({10, 1000, 6, 1}).back().vnodes, 6u);
}

TEST(JumpHash, MatchesTheReferenceValues) {
  // Values of the paper's algorithm as published by reference implementations (e.g. go-jump).
  EXPECT_EQ(jump_consistent_hash(1, 1), 0);
  EXPECT_EQ(jump_consistent_hash(42, 57), 43);
  EXPECT_EQ(jump_consistent_hash(0xDEAD10CC, 1), 0);
  EXPECT_EQ(jump_consistent_hash(0xDEAD10CC, 666), 361);
  EXPECT_EQ(jump_consistent_hash(256, 1024), 520);
}

TEST(JumpHash, OnlyTheLastBucketLeavesAndNodesHaveNoWeight) {
  JumpHash jump;
  add_nodes(jump, 3);
  EXPECT_EQ(jump.remove_node("node-0").message(),
            "jump hash can only remove the last bucket (\"node-2\"), not \"node-0\"");
  EXPECT_EQ(jump.add_node("x", 2).message(), "jump hash has no weights: weight must be 1, got 2");
  EXPECT_TRUE(jump.remove_node("node-2").is_ok());
}

TEST(Rendezvous, WeightsSplitKeysInProportion) {
  Rendezvous hrw;
  ASSERT_TRUE(hrw.add_node("a", 1).is_ok());
  ASSERT_TRUE(hrw.add_node("b", 3).is_ok());
  int b = 0;
  for (const auto& key : make_keys(20000)) b += hrw.owner(key) == "b";
  EXPECT_NEAR(b / 20000.0, 0.75, 0.02);
  const auto replicas = hrw.replicas("k", 2);
  EXPECT_EQ(replicas[0], hrw.owner("k"));
  EXPECT_EQ(std::set<std::string>(replicas.begin(), replicas.end()).size(), 2u);
}

}  // namespace
}  // namespace sdlab::partition
