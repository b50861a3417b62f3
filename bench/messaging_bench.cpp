// Native messaging benchmarks: the simulator's events per second and the message queue's
// send + receive + ack per second.
//
// simulator/ring: 16 actors in a ring pass 64 tokens on, each hop over a link of uniform
//   latency in [100, 1000] µs with 1% loss and 1% duplication (reordering on); a restart tops
//   the tokens up so the ring never runs dry. Timed: one Simulator built and run for 200,000
//   steps, every step recorded in its history. "operations" counts steps.
// queue/cycle: 100,000 messages through one MessageQueue (visibility 30 s, dedup window 5 min,
//   so every id stays remembered), in rounds of 100 sends then 100 receive + ack pairs, the clock
//   advancing 1 µs per call. "operations" counts messages (each a send, a receive and an ack).
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "messaging/message_queue.h"
#include "sim/simulator.h"
#include "timing.h"

namespace {

using namespace sdlab;
using sdlab::bench::timing;

constexpr sim::ActorId kRing = 16;
constexpr int kTokens = 64;
constexpr std::uint64_t kSteps = 200'000;

struct Hop : sim::Actor {
  void start(sim::Context& ctx) override {
    for (int t = 0; ctx.self() == 0 && t < kTokens; ++t) ctx.send(1, {"token", "", "", t});
  }
  void receive(sim::Context& ctx, sim::ActorId, const sim::Message& m) override {
    ctx.send((ctx.self() + 1) % kRing, m);
  }
};

void simulator_ring(benchmark::State& state) {
  std::uint64_t steps = 0;
  for (auto _ : state) {
    sim::Simulator sim(1, {100, 1'000, 0.01, 0.01, true});
    for (sim::ActorId i = 0; i < kRing; ++i)
      sim.add("a" + std::to_string(i), [] { return std::make_unique<Hop>(); });
    for (sim::Micros t = 100'000; t < sim::kMaxTime && sim.history().size() < kSteps;
         t += 100'000) {
      (void)sim.restart_at(0, t);
      sim.run_until(t, kSteps - sim.history().size());
    }
    steps = sim.history().size();
    benchmark::DoNotOptimize(steps);
  }
  state.counters["operations"] = double(steps);
}

constexpr int kMessages = 100'000;
constexpr int kRound = 100;

void queue_cycle(benchmark::State& state) {
  std::vector<std::string> ids;
  for (int i = 0; i < kMessages; ++i) ids.push_back("message-" + std::to_string(i));
  std::uint64_t acks = 0;
  for (auto _ : state) {
    sim::Clock clock;
    messaging::MessageQueue queue(clock, {30'000'000, 3, 300'000'000, 10'000});
    for (int start = 0; start < kMessages; start += kRound) {
      for (int i = start; i < start + kRound; ++i, clock.advance(1))
        (void)queue.send(ids[i], "payload", "");
      for (int i = 0; i < kRound; ++i, clock.advance(1)) (void)queue.ack(queue.receive()->receipt);
    }
    acks = queue.snapshot().stats.acks;
  }
  state.counters["operations"] = double(acks);
}

const bool registered = [] {
  benchmark::RegisterBenchmark("simulator/ring", simulator_ring)->Apply(timing);
  benchmark::RegisterBenchmark("queue/cycle", queue_cycle)->Apply(timing);
  return true;
}();

}  // namespace

BENCHMARK_MAIN();

// feed/graph: the follower graph of 100,000 users following 20 each (Zipf skew 1), built from its
//   seed. "operations" counts edges.
// feed/compare: compare_feeds at the lab's largest size — that graph, 100 posts/s and 100 reads/s
//   for 10 simulated seconds, feeds of 50, reads of 20, 4 workers at 1 ms per insert, celebrity
//   threshold 1,000 — push, pull and hybrid, graph included. "operations" counts posts and reads
//   over the three strategies.
// notifications/day: run_notifications with 1,000 users and 10,000 events over one day (10%
//   duplicates, 10% opt-outs, gateways failing 5% of attempts), daily limit 5, 4 workers, every
//   step recorded in the history. "operations" counts steps.
#include "messaging/news_feed.h"
#include "messaging/notifications.h"

namespace {

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

void notifications_day(benchmark::State& state) {
  messaging::NotificationSpec spec;
  spec.users = 1'000;
  spec.events = messaging::random_events(1, 10'000, spec.users, messaging::kDay, 0.1);
  spec.opted_out = messaging::random_opt_outs(1, spec.users, 0.1);
  for (messaging::GatewaySpec& g : spec.gateways) g.failure = 0.05;
  spec.daily_limit = 5;
  spec.workers = 4;
  std::uint64_t steps = 0;
  for (auto _ : state) {
    const messaging::NotificationOutcome out = messaging::run_notifications(spec);
    steps = out.history.size();
    benchmark::DoNotOptimize(steps);
  }
  state.counters["operations"] = double(steps);
}

const bool registered_feed = [] {
  benchmark::RegisterBenchmark("feed/graph", feed_graph)->Apply(timing);
  benchmark::RegisterBenchmark("feed/compare", feed_compare)->Apply(timing);
  benchmark::RegisterBenchmark("notifications/day", notifications_day)->Apply(timing);
  return true;
}();

}  // namespace
