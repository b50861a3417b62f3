#include "messaging/news_feed.h"

#include <algorithm>
#include <cmath>
#include <queue>
#include <utility>

#include "sim/micros.h"
#include "sim/random.h"

namespace sdlab::messaging {

void NewsFeed::Ring::add(PostId post, std::uint32_t capacity) {
  if (items.size() < capacity) {
    items.push_back(post);
    return;
  }
  items[head] = post;
  head = (head + 1) % capacity;
}

PostId NewsFeed::Ring::newest(std::size_t i) const {
  const std::size_t n = items.size();
  return items[(head + n - 1 - i) % n];
}

Status check_feed_config(const FeedConfig& config, std::uint32_t users) {
  return first_error(check_integer("threshold", config.threshold, 0, users),
                     check_integer("feedLength", config.feed_length, 1, kMaxFeedLength),
                     check_integer("readLimit", config.read_limit, 1, config.feed_length),
                     check_integer("workers", config.workers, 1, kMaxFanoutWorkers),
                     sim::check_micros("insertTime", config.insert_time, 0, kMaxInsertTime));
}

NewsFeed::NewsFeed(const FollowerGraph& graph, const FeedConfig& config)
    : graph_(graph),
      config_(config),
      timelines_(graph.users()),
      feeds_(graph.users()),
      pushed_followees_(graph.users(), 0),
      workers_free_(config.workers, 0) {
  for (UserId reader = 0; reader < graph.users(); ++reader) {
    for (UserId author : graph.followees(reader)) pushed_followees_[reader] += pushed(author);
  }
}

bool NewsFeed::pushed(UserId author) const {
  switch (config_.strategy) {
    case FeedStrategy::kPush:
      return true;
    case FeedStrategy::kPull:
      return false;
    case FeedStrategy::kHybrid:
      return graph_.follower_count(author) < config_.threshold;
  }
  return false;
}

PostId NewsFeed::post(UserId author, Micros now) {
  advance(now);
  const auto id = static_cast<PostId>(totals_.posts++);
  Ring& timeline = timelines_[author];
  totals_.timeline_entries += timeline.items.size() < config_.feed_length;
  timeline.add(id, config_.feed_length);
  const std::span<const UserId> followers = graph_.followers(author);
  if (!pushed(author)) {
    staleness_.insert(staleness_.end(), followers.size(), 0);
    return id;
  }
  for (UserId follower : followers) {
    // The earliest free worker takes the insert; it finishes no earlier than
    // every queued one.
    const Micros start = std::max(now, workers_free_.front());
    const Micros done = start + config_.insert_time;
    workers_free_.pop_front();
    workers_free_.push_back(done);
    pending_.push_back({done, follower, id});
    staleness_.push_back(done - now);
  }
  totals_.inserts += followers.size();
  totals_.pending = pending_.size();
  advance(now);  // inserts that take no time are visible at once
  return id;
}

void NewsFeed::advance(Micros now) {
  while (!pending_.empty() && pending_.front().at <= now) {
    const Insert& insert = pending_.front();
    Ring& feed = feeds_[insert.follower];
    totals_.feed_entries += feed.items.size() < config_.feed_length;
    feed.add(insert.post, config_.feed_length);
    pending_.pop_front();
  }
  totals_.pending = pending_.size();
}

FeedRead NewsFeed::read(UserId reader, Micros now) {
  advance(now);
  FeedRead result;
  // A k-way merge of the sources, newest first: (post, source, index in the
  // source).
  std::vector<const Ring*> sources;
  if (pushed_followees_[reader] > 0) sources.push_back(&feeds_[reader]);
  for (UserId author : graph_.followees(reader)) {
    if (!pushed(author)) sources.push_back(&timelines_[author]);
  }
  result.feeds_touched = static_cast<std::uint32_t>(sources.size());
  using Head = std::pair<PostId, std::pair<std::size_t, std::size_t>>;
  std::priority_queue<Head> heads;
  for (std::size_t s = 0; s < sources.size(); ++s) {
    const std::size_t size = sources[s]->items.size();
    result.posts_touched += std::min<std::size_t>(size, config_.read_limit);
    if (size > 0) heads.push({sources[s]->newest(0), {s, 0}});
  }
  while (!heads.empty() && result.posts.size() < config_.read_limit) {
    const auto [post, at] = heads.top();
    heads.pop();
    result.posts.push_back(post);
    const auto [s, i] = at;
    if (i + 1 < sources[s]->items.size()) heads.push({sources[s]->newest(i + 1), {s, i + 1}});
  }
  ++totals_.reads;
  totals_.feeds_touched += result.feeds_touched;
  totals_.posts_touched += result.posts_touched;
  return result;
}

Status check_feed_spec(const FeedSpec& spec) {
  Status s = first_error(check_graph_spec(spec.graph),
                         check_number("postsPerSec", spec.posts_per_sec, 0, kMaxPostsPerSec),
                         check_number("readsPerSec", spec.reads_per_sec, 0, kMaxReadsPerSec),
                         sim::check_micros("duration", spec.duration, 1, kMaxFeedDuration));
  if (!s.is_ok()) return s;
  return check_feed_config(spec.config, spec.graph.users);
}

Percentiles percentiles(std::vector<Micros>& samples) {
  if (samples.empty()) return {};
  const auto rank = [&](std::size_t percent) {
    const std::size_t r = (samples.size() * percent + 99) / 100;  // ⌈n·p/100⌉, >= 1
    std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(r - 1),
                     samples.end());
    return samples[r - 1];
  };
  return {rank(50), rank(99), *std::max_element(samples.begin(), samples.end())};
}

namespace {

struct Arrival {
  Micros at;
  bool is_post;
  UserId user;
};

// Poisson arrivals of posts and reads in [0, duration), authors and readers
// uniform; at equal times posts come first.
std::vector<Arrival> workload(const FeedSpec& spec) {
  sim::Random random(spec.graph.seed ^ 0x9e3779b97f4a7c15ULL);
  std::vector<Arrival> arrivals;
  for (const bool is_post : {true, false}) {
    const double rate = is_post ? spec.posts_per_sec : spec.reads_per_sec;
    if (rate == 0) continue;
    const double mean = 1e6 / rate;
    for (auto t = static_cast<Micros>(std::llround(random.exponential(mean))); t < spec.duration;
         t += static_cast<Micros>(std::llround(random.exponential(mean)))) {
      arrivals.push_back({t, is_post, static_cast<UserId>(random.below(spec.graph.users))});
    }
  }
  std::stable_sort(arrivals.begin(), arrivals.end(), [](const Arrival& a, const Arrival& b) {
    return a.at != b.at ? a.at < b.at : a.is_post > b.is_post;
  });
  return arrivals;
}

FeedMetrics measure(const FollowerGraph& graph, FeedConfig config, FeedStrategy strategy,
                    const std::vector<Arrival>& arrivals) {
  config.strategy = strategy;
  NewsFeed feed(graph, config);
  for (const Arrival& a : arrivals) {
    if (a.is_post) {
      (void)feed.post(a.user, a.at);
    } else {
      (void)feed.read(a.user, a.at);
    }
  }
  FeedMetrics m;
  m.totals = feed.totals();
  const auto per = [](std::uint64_t n, std::uint64_t d) {
    return d == 0 ? 0.0 : double(n) / double(d);
  };
  m.write_amplification = per(m.totals.inserts, m.totals.posts);
  m.feeds_per_read = per(m.totals.feeds_touched, m.totals.reads);
  m.posts_per_read = per(m.totals.posts_touched, m.totals.reads);
  std::vector<Micros> staleness = feed.staleness();
  m.deliveries = staleness.size();
  m.staleness = percentiles(staleness);
  m.caught_up_at = feed.caught_up_at();
  return m;
}

}  // namespace

FeedComparison compare_feeds(const FeedSpec& spec) {
  const FollowerGraph graph(spec.graph);
  const std::vector<Arrival> arrivals = workload(spec);
  FeedComparison c;
  c.edges = graph.edges();
  c.max_followers = graph.max_followers();
  for (UserId u = 0; u < graph.users(); ++u)
    c.celebrities += graph.follower_count(u) >= spec.config.threshold;
  c.push = measure(graph, spec.config, FeedStrategy::kPush, arrivals);
  c.pull = measure(graph, spec.config, FeedStrategy::kPull, arrivals);
  c.hybrid = measure(graph, spec.config, FeedStrategy::kHybrid, arrivals);
  return c;
}

}  // namespace sdlab::messaging
