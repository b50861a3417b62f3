// The news feed: fan-out on write, on read and the hybrid read the same posts
// once fan-out has caught up; the hybrid's threshold at its edges; staleness
// from the fan-out workers; the costs.
#include "messaging/news_feed.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "sim/random.h"

namespace sdlab::messaging {
namespace {

FeedConfig config(FeedStrategy strategy, std::uint32_t threshold = 0) {
  FeedConfig c;
  c.strategy = strategy;
  c.threshold = threshold;
  c.feed_length = 5;
  c.read_limit = 3;
  c.workers = 1;
  c.insert_time = 10;
  return c;
}

// The user with the most followers in a graph of 2 users or more.
UserId celebrity(const FollowerGraph& g) {
  UserId best = 0;
  for (UserId u = 1; u < g.users(); ++u)
    best = g.follower_count(u) > g.follower_count(best) ? u : best;
  return best;
}

TEST(NewsFeed, ConfigRangesAreCheckedAtBothEnds) {
  const auto message = [](auto change) {
    FeedConfig c;
    change(c);
    return check_feed_config(c, 100).message();
  };
  EXPECT_EQ(message([](FeedConfig& c) { c.threshold = 0; }), "");
  EXPECT_EQ(message([](FeedConfig& c) { c.threshold = 100; }), "");
  EXPECT_EQ(message([](FeedConfig& c) { c.threshold = 101; }),
            "threshold must be an integer in [0, 100], got 101");
  EXPECT_EQ(message([](FeedConfig& c) { c.feed_length = c.read_limit = 1; }), "");
  EXPECT_EQ(message([](FeedConfig& c) { c.feed_length = c.read_limit = kMaxFeedLength; }), "");
  EXPECT_EQ(message([](FeedConfig& c) { c.feed_length = 0; }),
            "feedLength must be an integer in [1, 1000], got 0");
  EXPECT_EQ(message([](FeedConfig& c) { c.feed_length = 1'001; }),
            "feedLength must be an integer in [1, 1000], got 1001");
  EXPECT_EQ(message([](FeedConfig& c) { c.read_limit = 0; }),
            "readLimit must be an integer in [1, 50], got 0");
  EXPECT_EQ(message([](FeedConfig& c) { c.read_limit = 51; }),
            "readLimit must be an integer in [1, 50], got 51");
  EXPECT_EQ(message([](FeedConfig& c) { c.workers = 1; }), "");
  EXPECT_EQ(message([](FeedConfig& c) { c.workers = kMaxFanoutWorkers; }), "");
  EXPECT_EQ(message([](FeedConfig& c) { c.workers = 0; }),
            "workers must be an integer in [1, 1000], got 0");
  EXPECT_EQ(message([](FeedConfig& c) { c.workers = 1'001; }),
            "workers must be an integer in [1, 1000], got 1001");
  EXPECT_EQ(message([](FeedConfig& c) { c.insert_time = 0; }), "");
  EXPECT_EQ(message([](FeedConfig& c) { c.insert_time = kMaxInsertTime; }), "");
  EXPECT_EQ(message([](FeedConfig& c) { c.insert_time = -1; }),
            "insertTime must be an integer in [0, 1000000], got -1");
  EXPECT_EQ(message([](FeedConfig& c) { c.insert_time = kMaxInsertTime + 1; }),
            "insertTime must be an integer in [0, 1000000], got 1000001");
}

TEST(NewsFeed, SpecRangesAreCheckedAtBothEnds) {
  const auto message = [](auto change) {
    FeedSpec s;
    change(s);
    return check_feed_spec(s).message();
  };
  EXPECT_EQ(message([](FeedSpec& s) { s.posts_per_sec = s.reads_per_sec = 0; }), "");
  EXPECT_EQ(message([](FeedSpec& s) {
              s.posts_per_sec = kMaxPostsPerSec;
              s.reads_per_sec = kMaxReadsPerSec;
            }),
            "");
  EXPECT_EQ(message([](FeedSpec& s) { s.posts_per_sec = -1; }),
            "postsPerSec must be a finite number in [0, 1000], got -1");
  EXPECT_EQ(message([](FeedSpec& s) { s.posts_per_sec = 1'000.5; }),
            "postsPerSec must be a finite number in [0, 1000], got 1000.5");
  EXPECT_EQ(message([](FeedSpec& s) { s.reads_per_sec = -0.5; }),
            "readsPerSec must be a finite number in [0, 1000], got -0.5");
  EXPECT_EQ(message([](FeedSpec& s) { s.graph.users = kMaxFeedUsers; }), "");
  EXPECT_EQ(message([](FeedSpec& s) { s.reads_per_sec = 1'001; }),
            "readsPerSec must be a finite number in [0, 1000], got 1001");
  EXPECT_EQ(message([](FeedSpec& s) { s.duration = 1; }), "");
  EXPECT_EQ(message([](FeedSpec& s) { s.duration = kMaxFeedDuration; }), "");
  EXPECT_EQ(message([](FeedSpec& s) { s.duration = 0; }),
            "duration must be an integer in [1, 60000000], got 0");
  EXPECT_EQ(message([](FeedSpec& s) { s.duration = kMaxFeedDuration + 1; }),
            "duration must be an integer in [1, 60000000], got 60000001");
  EXPECT_EQ(message([](FeedSpec& s) { s.graph.users = 1; }),
            "users must be an integer in [2, 100000], got 1");
  EXPECT_EQ(message([](FeedSpec& s) { s.config.threshold = 1'001; }),
            "threshold must be an integer in [0, 1000], got 1001");
}

TEST(NewsFeed, APushedPostIsVisibleExactlyWhenItsInsertFinishes) {
  const FollowerGraph g({1, 30, 5, 1.0});
  const UserId author = celebrity(g);
  const auto followers = g.followers(author);
  ASSERT_GE(followers.size(), 3u);
  NewsFeed feed(g, config(FeedStrategy::kPush));
  const PostId post = feed.post(author, 1'000);
  // One worker, 10 µs per insert: the k-th follower (1-based) sees it at 1000 +
  // 10·k.
  for (std::size_t k = 0; k < followers.size(); ++k)
    EXPECT_EQ(feed.staleness()[k], 10 * Micros(k + 1));
  EXPECT_EQ(feed.caught_up_at(), 1'000 + 10 * Micros(followers.size()));
  const UserId second = followers[1];
  EXPECT_TRUE(feed.read(second, 1'019).posts.empty());
  EXPECT_EQ(feed.read(second, 1'020).posts, std::vector<PostId>{post});
  EXPECT_EQ(feed.totals().pending, followers.size() - 2);
}

TEST(NewsFeed, WorkersShareTheInsertsAndZeroInsertTimeIsImmediate) {
  const FollowerGraph g({1, 30, 5, 1.0});
  const UserId author = celebrity(g);
  FeedConfig two = config(FeedStrategy::kPush);
  two.workers = 2;
  NewsFeed feed(g, two);
  (void)feed.post(author, 0);
  EXPECT_EQ(std::vector<Micros>(feed.staleness().begin(), feed.staleness().begin() + 4),
            (std::vector<Micros>{10, 10, 20, 20}));
  FeedConfig instant = config(FeedStrategy::kPush);
  instant.insert_time = 0;
  NewsFeed now(g, instant);
  const PostId post = now.post(author, 0);
  EXPECT_EQ(now.totals().pending, 0u);
  EXPECT_EQ(now.read(g.followers(author)[0], 0).posts, std::vector<PostId>{post});
}

TEST(NewsFeed, AQueueBacklogDelaysLaterPosts) {
  const FollowerGraph g({1, 30, 5, 1.0});
  const UserId author = celebrity(g);
  const Micros fanout = 10 * Micros(g.follower_count(author));
  NewsFeed feed(g, config(FeedStrategy::kPush));
  (void)feed.post(author, 0);
  (void)feed.post(author, 1);  // waits behind the first post's inserts
  EXPECT_EQ(feed.staleness().back(), 2 * fanout - 1);
  EXPECT_EQ(feed.caught_up_at(), 2 * fanout);
}

TEST(NewsFeed, AnAuthorWithExactlyThresholdFollowersIsPulled) {
  const FollowerGraph g({2, 40, 5, 1.0});
  const UserId author = celebrity(g);
  const std::uint32_t n = g.follower_count(author);
  NewsFeed at(g, config(FeedStrategy::kHybrid, n));
  NewsFeed above(g, config(FeedStrategy::kHybrid, n + 1));
  EXPECT_FALSE(at.pushed(author));
  EXPECT_TRUE(above.pushed(author));
  (void)at.post(author, 0);
  (void)above.post(author, 0);
  EXPECT_EQ(at.totals().inserts, 0u);
  EXPECT_EQ(above.totals().inserts, n);
  // Pulled: visible to a follower at once, by reading the author's timeline.
  const FeedRead read = at.read(g.followers(author)[0], 0);
  EXPECT_EQ(read.posts, std::vector<PostId>{0});
  EXPECT_GE(read.feeds_touched, 1u);
}

TEST(NewsFeed, ReadsAreBoundedByTheReadLimitAndFeedsByTheirLength) {
  const FollowerGraph g({4, 10, 3, 1.0});
  const UserId author = celebrity(g);
  FeedConfig c = config(FeedStrategy::kPush);
  c.insert_time = 0;
  NewsFeed feed(g, c);
  for (Micros t = 0; t < 8; ++t) (void)feed.post(author, t);
  const UserId reader = g.followers(author)[0];
  EXPECT_EQ(feed.read(reader, 8).posts, (std::vector<PostId>{7, 6, 5}));  // read limit 3
  EXPECT_EQ(feed.totals().feed_entries,
            5u * g.follower_count(author));  // feed length 5
  EXPECT_EQ(feed.totals().timeline_entries, 5u);
}

// The latest `limit` posts by the reader's followees: what every strategy must
// show once caught up.
std::vector<PostId> expected_feed(const FollowerGraph& g, const std::vector<UserId>& authors,
                                  UserId reader, std::size_t limit) {
  std::vector<PostId> posts;
  for (PostId p = static_cast<PostId>(authors.size()); p-- > 0 && posts.size() < limit;) {
    const auto out = g.followees(reader);
    if (std::binary_search(out.begin(), out.end(), authors[p])) posts.push_back(p);
  }
  return posts;
}

TEST(NewsFeed, AllStrategiesReadTheSamePostsOnceFanOutHasCaughtUp) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    sim::Random random(seed);
    const GraphSpec gs{seed, 2 + static_cast<std::uint32_t>(random.below(60)),
                       1 + static_cast<std::uint32_t>(random.below(8)), random.uniform01() * 2};
    const FollowerGraph g(gs);
    FeedConfig c;
    c.feed_length = 1 + static_cast<std::uint32_t>(random.below(6));
    c.read_limit = 1 + static_cast<std::uint32_t>(random.below(c.feed_length));
    c.workers = 1 + static_cast<std::uint32_t>(random.below(3));
    c.insert_time = static_cast<Micros>(random.below(50));
    c.threshold = static_cast<std::uint32_t>(random.below(g.max_followers() + 2));
    std::vector<NewsFeed> feeds;
    for (FeedStrategy s : {FeedStrategy::kPush, FeedStrategy::kPull, FeedStrategy::kHybrid}) {
      c.strategy = s;
      feeds.emplace_back(g, c);
    }
    std::vector<UserId> authors;
    Micros now = 0;
    for (int i = 0; i < 200; ++i) {
      now += static_cast<Micros>(random.below(40));
      const auto user = static_cast<UserId>(random.below(g.users()));
      if (random.below(2) == 0) {
        authors.push_back(user);
        for (NewsFeed& f : feeds) (void)f.post(user, now);
      } else {
        for (NewsFeed& f : feeds) (void)f.read(user, now);
      }
    }
    Micros caught_up = now;
    for (const NewsFeed& f : feeds) caught_up = std::max(caught_up, f.caught_up_at());
    for (UserId u = 0; u < g.users(); ++u) {
      const std::vector<PostId> want = expected_feed(g, authors, u, c.read_limit);
      for (NewsFeed& f : feeds)
        ASSERT_EQ(f.read(u, caught_up).posts, want) << "seed " << seed << " user " << u;
    }
  }
}

FeedSpec workload(std::uint32_t threshold) {
  FeedSpec spec;
  spec.graph = {5, 500, 10, 1.0};
  spec.config.threshold = threshold;
  spec.posts_per_sec = 200;
  spec.reads_per_sec = 200;
  spec.duration = 2'000'000;
  return spec;
}

void expect_same(const FeedMetrics& a, const FeedMetrics& b) {
  EXPECT_EQ(a.totals.inserts, b.totals.inserts);
  EXPECT_EQ(a.totals.feeds_touched, b.totals.feeds_touched);
  EXPECT_EQ(a.totals.posts_touched, b.totals.posts_touched);
  EXPECT_EQ(a.totals.feed_entries, b.totals.feed_entries);
  EXPECT_EQ(a.totals.timeline_entries, b.totals.timeline_entries);
  EXPECT_EQ(a.deliveries, b.deliveries);
  EXPECT_EQ(a.staleness.p50, b.staleness.p50);
  EXPECT_EQ(a.staleness.p99, b.staleness.p99);
  EXPECT_EQ(a.staleness.max, b.staleness.max);
  EXPECT_EQ(a.caught_up_at, b.caught_up_at);
}

TEST(CompareFeeds, HybridWithThresholdZeroIsPullAndAboveTheMostFollowedIsPush) {
  const FeedComparison zero = compare_feeds(workload(0));
  EXPECT_EQ(zero.celebrities, 500u);
  expect_same(zero.hybrid, zero.pull);
  const FeedComparison above = compare_feeds(workload(zero.max_followers + 1));
  EXPECT_EQ(above.celebrities, 0u);
  expect_same(above.hybrid, above.push);
  // At exactly the largest count, the most followed author is pulled: fewer
  // inserts than push.
  const FeedComparison at = compare_feeds(workload(zero.max_followers));
  EXPECT_EQ(at.celebrities, 1u);
  EXPECT_LT(at.hybrid.totals.inserts, at.push.totals.inserts);
}

TEST(CompareFeeds, EachStrategyPaysWhereItShould) {
  const FeedComparison c = compare_feeds(workload(50));
  ASSERT_GT(c.push.totals.posts, 300u);
  ASSERT_GT(c.push.totals.reads, 300u);
  // Push: every delivery an insert, one feed per read. Pull: no insert, no
  // staleness, a timeline per followee. Hybrid: between the two on writes and
  // reads.
  EXPECT_EQ(c.push.totals.inserts, c.push.deliveries);
  EXPECT_DOUBLE_EQ(c.push.feeds_per_read, 1.0);
  EXPECT_EQ(c.pull.totals.inserts, 0u);
  EXPECT_EQ(c.pull.write_amplification, 0.0);
  EXPECT_EQ(c.pull.staleness.max, 0);
  EXPECT_EQ(c.pull.totals.feed_entries, 0u);
  EXPECT_DOUBLE_EQ(c.pull.feeds_per_read, 10.0);
  EXPECT_LT(c.hybrid.write_amplification, c.push.write_amplification);
  EXPECT_GT(c.hybrid.write_amplification, 0.0);
  EXPECT_LT(c.hybrid.feeds_per_read, c.pull.feeds_per_read);
  EXPECT_GT(c.hybrid.feeds_per_read, 1.0);
  EXPECT_LE(c.hybrid.staleness.max, c.push.staleness.max);
  EXPECT_LE(c.push.staleness.p50, c.push.staleness.p99);
  EXPECT_LE(c.push.staleness.p99, c.push.staleness.max);
  EXPECT_GT(c.push.staleness.max, 0);
  EXPECT_EQ(c.push.deliveries, c.pull.deliveries);
  EXPECT_EQ(c.push.totals.timeline_entries, c.pull.totals.timeline_entries);
}

TEST(CompareFeeds, SameSpecSameResultAndNoTrafficAtZeroRates) {
  const FeedComparison a = compare_feeds(workload(50)), b = compare_feeds(workload(50));
  expect_same(a.push, b.push);
  expect_same(a.hybrid, b.hybrid);
  FeedSpec quiet = workload(50);
  quiet.posts_per_sec = quiet.reads_per_sec = 0;
  const FeedComparison none = compare_feeds(quiet);
  EXPECT_EQ(none.push.totals.posts + none.push.totals.reads, 0u);
  EXPECT_EQ(none.push.write_amplification, 0.0);
  EXPECT_EQ(none.push.staleness.max, 0);
}

TEST(Percentiles, NearestRank) {
  std::vector<Micros> none;
  EXPECT_EQ(percentiles(none).max, 0);
  std::vector<Micros> one{7};
  const Percentiles p1 = percentiles(one);
  EXPECT_EQ(p1.p50, 7);
  EXPECT_EQ(p1.p99, 7);
  std::vector<Micros> hundred;
  for (Micros i = 100; i >= 1; --i) hundred.push_back(i);
  const Percentiles p = percentiles(hundred);
  EXPECT_EQ(p.p50, 50);
  EXPECT_EQ(p.p99, 99);
  EXPECT_EQ(p.max, 100);
  std::vector<Micros> hundred_one = hundred;
  hundred_one.push_back(101);
  EXPECT_EQ(percentiles(hundred_one).p99, 100);  // ⌈101 · 0.99⌉ = 100th
}

}  // namespace
}  // namespace sdlab::messaging
