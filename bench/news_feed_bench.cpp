// Native benchmarks of the news feed: its follower graph and the three fan-out strategies.
//
// feed/graph: the follower graph of 100,000 users following 20 each (Zipf skew 1), built from its
//   seed. "operations" counts edges.
// feed/compare: compare_feeds at the lab's largest size — that graph, 100 posts/s and 100 reads/s
//   for 10 simulated seconds, feeds of 50, reads of 20, 4 workers at 1 ms per insert, celebrity
//   threshold 1,000 — push, pull and hybrid, graph included. "operations" counts posts and reads
//   over the three strategies.
// notifications/day: run_notifications with 1,000 users and 10,000 events over one day (10%
#include <benchmark/benchmark.h>

#include "messaging/news_feed.h"
#include "timing.h"

namespace {

using namespace sdlab;
using sdlab::bench::timing;

messaging::FeedSpec largest_feed() {
  messaging::FeedSpec spec;
  spec.graph = {1, messaging::kMaxFeedUsers, 20, 1.0};
  spec.config.threshold = 1'000;
  spec.posts_per_sec = 100;
  spec.reads_per_sec = 100;
  spec.duration = 10'000'000;
  return spec;
}

void feed_graph(benchmark::State& state) {
  std::uint64_t edges = 0;
  for (auto _ : state) {
    const messaging::FollowerGraph graph(largest_feed().graph);
    edges = graph.edges();
    benchmark::DoNotOptimize(edges);
  }
  state.counters["operations"] = double(edges);
}

void feed_compare(benchmark::State& state) {
  std::uint64_t operations = 0;
  for (auto _ : state) {
    const messaging::FeedComparison c = messaging::compare_feeds(largest_feed());
    operations = 3 * (c.push.totals.posts + c.push.totals.reads);
    benchmark::DoNotOptimize(c);
  }
  state.counters["operations"] = double(operations);
}

const bool registered = [] {
  benchmark::RegisterBenchmark("feed/graph", feed_graph)->Apply(timing);
  benchmark::RegisterBenchmark("feed/compare", feed_compare)->Apply(timing);
  return true;
}();

}  // namespace
