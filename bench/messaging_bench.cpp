// Native messaging benchmarks: the simulator's events per second and the message queue's
// send + receive + ack per second. The domain's other blocks have their workloads in files of
// their own, linked into the same binary (bench/CMakeLists.txt): cron_bench.cpp,
// job_processor_bench.cpp, news_feed_bench.cpp, notifications_bench.cpp, partitioned_log_bench.cpp.
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
