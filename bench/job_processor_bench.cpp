// Native benchmarks of the job processor, its backoff and the worker pool.
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
#include <benchmark/benchmark.h>

#include "messaging/backoff.h"
#include "messaging/job_processor.h"
#include "messaging/worker_pool.h"
#include "timing.h"

namespace {

using namespace sdlab;
using sdlab::bench::timing;

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
