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

// Cron, the cron scheduler and idempotency keys (appended; registered by their own initializer).
//
// cron/next_fire: "*/15 9-17 * * MON-FRI" walked from 2024-01-01 through 10,000 fire times.
//   "operations" counts next_fire calls.
// cron/never: "0 0 30 2 *" (never fires) searched once from the epoch to kMaxTime: the bound's
//   cost. "operations" counts searches (one).
// scheduler/day: three replicas, 20 jobs of "* * * * *" (fire-once), each replica ticking every
//   10 s of a simulated day (a lease TTL of 30 s). "operations" counts accepted runs.
// idempotency/cycle: 100,000 keys, each begun, completed and replayed, the clock advancing 1 µs
//   per key with a retention of 10 ms, so keys expire as new ones come. "operations" counts keys.
#include "messaging/cron.h"
#include "messaging/cron_scheduler.h"
#include "messaging/idempotency.h"

namespace {

using namespace sdlab;
using sdlab::bench::timing;

constexpr int kCronFires = 10'000;

void cron_next_fire(benchmark::State& state) {
  messaging::CronExpression cron;
  (void)messaging::CronExpression::parse("*/15 9-17 * * MON-FRI", cron);
  std::uint64_t calls = 0;
  for (auto _ : state) {
    sim::Micros t = messaging::days_from_civil(2024, 1, 1) * messaging::kMicrosPerDay;
    for (int i = 0; i < kCronFires; ++i) t = *cron.next_fire(t);
    calls = kCronFires;
    benchmark::DoNotOptimize(t);
  }
  state.counters["operations"] = double(calls);
}

void cron_never(benchmark::State& state) {
  messaging::CronExpression cron;
  (void)messaging::CronExpression::parse("0 0 30 2 *", cron);
  for (auto _ : state) benchmark::DoNotOptimize(cron.next_fire(0));
  state.counters["operations"] = 1;
}

void scheduler_day(benchmark::State& state) {
  std::uint64_t runs = 0;
  for (auto _ : state) {
    sim::Clock clock;
    messaging::CronScheduler scheduler(clock, {3, 30'000'000, 60'000'000, true});
    for (int j = 0; j < 20; ++j)
      (void)scheduler.add_job("job-" + std::to_string(j), "* * * * *",
                              messaging::Misfire::kFireOnce);
    for (sim::Micros t = 0; t < messaging::kMicrosPerDay; t += 10'000'000) {
      clock.advance_to(t);
      for (std::uint32_t r = 0; r < 3; ++r) (void)scheduler.tick(r);
    }
    runs = scheduler.snapshot().stats.runs;
  }
  state.counters["operations"] = double(runs);
}

constexpr int kKeys = 100'000;

void idempotency_cycle(benchmark::State& state) {
  std::vector<std::string> keys;
  for (int i = 0; i < kKeys; ++i) keys.push_back("key-" + std::to_string(i));
  std::uint64_t replays = 0;
  for (auto _ : state) {
    sim::Clock clock;
    messaging::IdempotencyStore store(clock, {10'000, 100'000});
    messaging::BeginResult result;
    for (int i = 0; i < kKeys; ++i, clock.advance(1)) {
      (void)store.begin(keys[i], "amount=100", &result);
      (void)store.complete(keys[i], "200 ok");
      (void)store.begin(keys[i], "amount=100", &result);
    }
    replays = store.snapshot().stats.replays;
  }
  state.counters["operations"] = double(replays);
}

const bool registered_cron = [] {
  benchmark::RegisterBenchmark("cron/next_fire", cron_next_fire)->Apply(timing);
  benchmark::RegisterBenchmark("cron/never", cron_never)->Apply(timing);
  benchmark::RegisterBenchmark("scheduler/day", scheduler_day)->Apply(timing);
  benchmark::RegisterBenchmark("idempotency/cycle", idempotency_cycle)->Apply(timing);
  return true;
}();

}  // namespace

// Job processor benchmarks (issue 9).
//
// backoff/draw: 1,000,000 backoff delays, the four jitter strategies in turn, retries 0..69 (far
//   past a 10 s cap from a 1 ms base), each decorrelated draw chained on the one before.
//   "operations" counts delays.
// jobs/run: 10,000 jobs submitted in one batch to a JobProcessor (8 workers, priority order, drawn
//   durations of 1–10 ms, 20% failures, every fifth job with a 6 ms timeout, 4 attempts with full
//   jitter), each depending on one of the 8 jobs before it with probability 1/4; timed: the
//   submit and the run to the end. "operations" counts jobs brought to an end state.
// pool/tasks: 100,000 empty tasks through a 2-thread WorkerPool (the machine's cores), priorities
//   0..3, then a draining shutdown. "operations" counts tasks run.
#include "messaging/backoff.h"
#include "messaging/job_processor.h"
#include "messaging/worker_pool.h"

namespace {  // the same unnamed namespace: its using-declarations hold here

constexpr int kDelays = 1'000'000;

void backoff_draw(benchmark::State& state) {
  sim::Micros sum = 0;
  for (auto _ : state) {
    sim::Random random(1);
    sim::Micros previous = 1'000;
    for (int i = 0; i < kDelays; ++i) {
      const messaging::BackoffConfig config{1'000, 10'000'000, 100,
                                            static_cast<messaging::Jitter>(i % 4)};
      previous =
          messaging::backoff_delay(config, static_cast<std::uint32_t>(i % 70), previous, random);
      sum += previous;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.counters["operations"] = kDelays;
}

constexpr int kJobs = 10'000;

void jobs_run(benchmark::State& state) {
  sim::Random shape(7);
  std::vector<messaging::JobSpec> jobs(kJobs);
  for (int i = 0; i < kJobs; ++i) {
    jobs[i].id = "job-" + std::to_string(i);
    jobs[i].priority = static_cast<std::int32_t>(shape.below(5));
    if (i % 5 == 0) jobs[i].timeout = 6'000;
    if (i > 8 && shape.below(4) == 0)
      jobs[i].depends_on = {"job-" + std::to_string(i - 1 - static_cast<int>(shape.below(8)))};
  }
  messaging::ProcessorConfig config;
  config.workers = 8;
  config.order = messaging::Order::kPriority;
  config.capacity = kJobs;
  config.min_duration = 1'000;
  config.max_duration = 10'000;
  config.failure_rate = 0.2;
  config.backoff = {1'000, 100'000, 4, messaging::Jitter::kFull};
  std::uint64_t ended = 0;
  for (auto _ : state) {
    messaging::JobProcessor processor(config);
    (void)processor.submit(jobs);
    processor.run_until(sim::kMaxTime);
    const messaging::ProcessorStats s = processor.snapshot().stats;
    ended = s.succeeded + s.dead + s.cancelled;
  }
  state.counters["operations"] = double(ended);
}

constexpr int kTasks = 100'000;

void pool_tasks(benchmark::State& state) {
  std::uint64_t ran = 0;
  for (auto _ : state) {
    messaging::WorkerPool pool(2);
    for (int i = 0; i < kTasks; ++i) (void)pool.submit([] {}, i % 4);
    pool.shutdown(messaging::WorkerPool::Shutdown::kDrain);
    ran = pool.stats().completed;
  }
  state.counters["operations"] = double(ran);
}

const bool jobs_registered = [] {
  benchmark::RegisterBenchmark("backoff/draw", backoff_draw)->Apply(timing);
  benchmark::RegisterBenchmark("jobs/run", jobs_run)->Apply(timing);
  benchmark::RegisterBenchmark("pool/tasks", pool_tasks)->Apply(timing);
  return true;
}();

}  // namespace
