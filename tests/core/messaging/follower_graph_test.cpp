// The follower graph: its ranges, its invariants, and the power-law shape of
// its follower counts.
#include "messaging/follower_graph.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace sdlab::messaging {
namespace {

TEST(FollowerGraph, RangesAreCheckedAtBothEnds) {
  const auto message = [](std::uint32_t users, std::uint32_t follows, double skew) {
    return check_graph_spec({1, users, follows, skew}).message();
  };
  EXPECT_EQ(message(2, 1, 0), "");
  EXPECT_EQ(message(kMaxFeedUsers, kMaxFollows, kMaxFeedSkew), "");
  EXPECT_EQ(message(1, 1, 0), "users must be an integer in [2, 100000], got 1");
  EXPECT_EQ(message(100'001, 1, 0), "users must be an integer in [2, 100000], got 100001");
  EXPECT_EQ(message(2, 0, 0), "follows must be an integer in [1, 100], got 0");
  EXPECT_EQ(message(2, 101, 0), "follows must be an integer in [1, 100], got 101");
  EXPECT_EQ(message(2, 1, -0.5), "skew must be a finite number in [0, 3], got -0.5");
  EXPECT_EQ(message(2, 1, 3.5), "skew must be a finite number in [0, 3], got 3.5");
}

void expect_consistent(const FollowerGraph& g, std::uint32_t follows) {
  std::uint64_t followers = 0;
  for (UserId u = 0; u < g.users(); ++u) {
    const auto out = g.followees(u);
    ASSERT_EQ(out.size(), std::min(follows, g.users() - 1)) << "user " << u;
    EXPECT_TRUE(std::is_sorted(out.begin(), out.end()));
    EXPECT_EQ(std::adjacent_find(out.begin(), out.end()), out.end()) << "a repeated edge";
    EXPECT_FALSE(std::binary_search(out.begin(), out.end(), u)) << "a self-follow";
    for (UserId v : out) {
      const auto in = g.followers(v);
      EXPECT_TRUE(std::binary_search(in.begin(), in.end(), u));
    }
    followers += g.follower_count(u);
  }
  EXPECT_EQ(followers, g.edges());
}

TEST(FollowerGraph, EveryUserFollowsDistinctOthers) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    expect_consistent(FollowerGraph({seed, 300, 12, 1.2}), 12);
    expect_consistent(FollowerGraph({seed, 50, 12, kMaxFeedSkew}), 12);
  }
}

TEST(FollowerGraph, TheSmallestGraphsFollowEveryoneElse) {
  const FollowerGraph two({7, 2, 1, 0});
  EXPECT_EQ(std::vector<UserId>(two.followees(0).begin(), two.followees(0).end()),
            std::vector<UserId>{1});
  EXPECT_EQ(std::vector<UserId>(two.followees(1).begin(), two.followees(1).end()),
            std::vector<UserId>{0});
  const FollowerGraph five({7, 5, kMaxFollows, 2});  // more follows than other users
  expect_consistent(five, kMaxFollows);
  EXPECT_EQ(five.max_followers(), 4u);
}

TEST(FollowerGraph, FollowerCountsFollowAPowerLaw) {
  const FollowerGraph g({3, 2'000, 10, 1.0});
  std::vector<std::uint32_t> counts;
  for (UserId u = 0; u < g.users(); ++u) counts.push_back(g.follower_count(u));
  // A few celebrities: user 0 (the heaviest weight) is followed by most users,
  // the median by few.
  EXPECT_EQ(g.max_followers(), counts[0]);
  EXPECT_GT(counts[0], 1'000u);
  std::vector<std::uint32_t> sorted = counts;
  std::nth_element(sorted.begin(), sorted.begin() + 1'000, sorted.end());
  EXPECT_LE(sorted[1'000], 5u);
  // Uniform followees (skew 0) have no celebrity: every count is near the mean
  // of 10.
  EXPECT_LT(FollowerGraph({3, 2'000, 10, 0}).max_followers(), 40u);
}

TEST(FollowerGraph, SameSeedSameGraph) {
  const FollowerGraph a({11, 500, 8, 1.5}), b({11, 500, 8, 1.5}), c({12, 500, 8, 1.5});
  bool differs = false;
  const auto same = [](auto x, auto y) { return std::equal(x.begin(), x.end(), y.begin(), y.end()); };
  for (UserId u = 0; u < a.users(); ++u) {
    EXPECT_TRUE(same(a.followees(u), b.followees(u)));
    differs = differs || !same(a.followees(u), c.followees(u));
  }
  EXPECT_TRUE(differs);
}

}  // namespace
}  // namespace sdlab::messaging
