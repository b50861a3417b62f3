// sdlab::messaging::NewsFeed — a news feed over a FollowerGraph with the three
// classic strategies, on a simulated clock (integer µs), and compare_feeds(),
// which runs one seeded workload through all three and measures what each
// costs.
//
//   push (fan-out on write)  a post is inserted into the feed of every follower
//   of its author; a
//                            read returns the head of the reader's own feed.
//   pull (fan-out on read)   a post is stored only in its author's timeline; a
//   read fetches the
//                            latest posts of every followee's timeline and
//                            merges them.
//   hybrid                   push for authors with fewer than `threshold`
//   followers, pull for the
//                            "celebrities" with `threshold` or more (an author
//                            with exactly `threshold` followers is pulled).
//                            threshold 0 pulls everyone and behaves as pull; a
//                            threshold above the largest follower count pushes
//                            everyone and behaves as push.
// Every author's timeline and every feed keep the latest `feed_length` posts
// (older ones fall off). A feed shows posts of the reader's followees only,
// newest first (post ids increase with time, so newest means the highest id).
//
// Fan-out workers: the inserts of a pushed post join one FIFO queue served by
// `workers` workers, each taking `insert_time` per insert; an insert becomes
// visible when its worker finishes it, so a follower sees a pushed post after a
// delay — its staleness. Equal insert times keep the queue's finish times in
// queue order, so one follower's inserts arrive in post order. A pulled post is
// visible to every follower at once (staleness 0).
//
// Once fan-out has caught up, the three strategies read the same posts: the
// latest read_limit posts of the reader's followees (the latest feed_length are
// in the feed, or in the followees' timelines, since read_limit <=
// feed_length).
//
// Costs, as a store would pay them: a post costs one insert per pushed follower
// (write amplification); a read fetches min(size, read_limit) entries from each
// source it consults — the reader's feed when it follows at least one pushed
// author, plus the timeline of every pulled followee ("feeds touched", "posts
// touched").
//
// Complexity: post O(1) plus O(followers) inserts when pushed; read O((sources
// + read_limit) · log sources); advance O(inserts finished). Memory: O(users ·
// feed_length) at most. Thread-safety: none.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "common/status.h"
#include "messaging/follower_graph.h"
#include "sim/clock.h"

namespace sdlab::messaging {

using sim::Micros;
using PostId = std::uint32_t;

enum class FeedStrategy { kPush, kPull, kHybrid };

inline constexpr std::uint32_t kMaxFeedLength = 1'000;
inline constexpr std::uint32_t kMaxFanoutWorkers = 1'000;
inline constexpr Micros kMaxInsertTime = 1'000'000;  // one second per insert
inline constexpr double kMaxPostsPerSec = 1'000;
inline constexpr double kMaxReadsPerSec = 1'000;
inline constexpr Micros kMaxFeedDuration = 60'000'000;  // one simulated minute

struct FeedConfig {
  FeedStrategy strategy = FeedStrategy::kHybrid;
  std::uint32_t threshold = 100;   // hybrid: [0, users]
  std::uint32_t feed_length = 50;  // [1, kMaxFeedLength]
  std::uint32_t read_limit = 20;   // [1, feed_length]
  std::uint32_t workers = 4;       // [1, kMaxFanoutWorkers]
  Micros insert_time = 1'000;      // [0, kMaxInsertTime]
};

Status check_feed_config(const FeedConfig& config, std::uint32_t users);

struct FeedRead {
  std::vector<PostId> posts;  // newest first
  std::uint32_t feeds_touched = 0;
  std::uint64_t posts_touched = 0;
};

// Totals so far. Staleness is kept per (post, follower) delivery: 0 for a
// pulled one.
struct FeedTotals {
  std::uint64_t posts = 0;
  std::uint64_t inserts = 0;  // feed inserts queued (pushed deliveries)
  std::uint64_t reads = 0;
  std::uint64_t feeds_touched = 0;
  std::uint64_t posts_touched = 0;
  std::uint64_t pending = 0;           // inserts queued and not yet finished
  std::uint64_t feed_entries = 0;      // entries in all feeds now
  std::uint64_t timeline_entries = 0;  // entries in all authors' timelines now
};

class NewsFeed {
 public:
  // Preconditions: check_feed_config(config, graph.users()) is ok; `graph`
  // outlives the feed.
  NewsFeed(const FollowerGraph& graph, const FeedConfig& config);

  bool pushed(UserId author) const;
  // `now` never decreases from call to call (a caller's clock); authors and
  // readers < users.
  PostId post(UserId author, Micros now);
  FeedRead read(UserId reader, Micros now);
  // Applies every insert that finishes at or before `now`.
  void advance(Micros now);
  // When the last queued insert finishes (the time fan-out has caught up).
  Micros caught_up_at() const { return pending_.empty() ? 0 : pending_.back().at; }

  const FeedTotals& totals() const { return totals_; }
  // Every delivery's staleness in µs, in the order the posts were made.
  const std::vector<Micros>& staleness() const { return staleness_; }

 private:
  // The latest `capacity` post ids, oldest overwritten first.
  struct Ring {
    std::vector<PostId> items;
    std::uint32_t head = 0;  // the oldest once full
    void add(PostId post, std::uint32_t capacity);
    // The i-th newest (i < items.size()).
    PostId newest(std::size_t i) const;
  };
  struct Insert {
    Micros at;
    UserId follower;
    PostId post;
  };

  const FollowerGraph& graph_;
  FeedConfig config_;
  std::vector<Ring> timelines_;                  // per author
  std::vector<Ring> feeds_;                      // per reader
  std::vector<std::uint32_t> pushed_followees_;  // per reader
  std::deque<Micros> workers_free_;              // when each worker is next free, ascending
  std::deque<Insert> pending_;                   // by finish time
  std::vector<Micros> staleness_;
  FeedTotals totals_;
};

// One workload run through all three strategies.
struct FeedSpec {
  GraphSpec graph;
  FeedConfig config;             // its strategy is ignored: compare_feeds runs all three
  double posts_per_sec = 10;     // [0, kMaxPostsPerSec]; authors uniform
  double reads_per_sec = 50;     // [0, kMaxReadsPerSec]; readers uniform
  Micros duration = 10'000'000;  // [1, kMaxFeedDuration]
};

Status check_feed_spec(const FeedSpec& spec);

struct Percentiles {
  Micros p50 = 0;  // nearest rank
  Micros p99 = 0;
  Micros max = 0;
};

struct FeedMetrics {
  FeedTotals totals;               // at the end of the workload, before catching up
  double write_amplification = 0;  // feed inserts per post
  double feeds_per_read = 0;
  double posts_per_read = 0;
  std::uint64_t deliveries = 0;  // (post, follower) pairs
  Percentiles staleness;
  Micros caught_up_at = 0;  // when the last insert finished (0 when none)
};

struct FeedComparison {
  std::uint64_t edges = 0;
  std::uint32_t max_followers = 0;
  std::uint32_t celebrities = 0;  // authors pulled by the hybrid
  FeedMetrics push, pull, hybrid;
};

// The nearest-rank percentiles of `samples` (reordered). All zero when empty.
Percentiles percentiles(std::vector<Micros>& samples);

// Precondition: check_feed_spec(spec) is ok. Deterministic per spec.
FeedComparison compare_feeds(const FeedSpec& spec);

}  // namespace sdlab::messaging
