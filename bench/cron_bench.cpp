// Cron, the cron scheduler and idempotency keys.
//
// cron/next_fire: "*/15 9-17 * * MON-FRI" walked from 2024-01-01 through 10,000 fire times.
//   "operations" counts next_fire calls.
// cron/never: "0 0 30 2 *" (never fires) searched once from the epoch to kMaxTime: the bound's
//   cost. "operations" counts searches (one).
// scheduler/day: three replicas, 20 jobs of "* * * * *" (fire-once), each replica ticking every
//   10 s of a simulated day (a lease TTL of 30 s). "operations" counts accepted runs.
// idempotency/cycle: 100,000 keys, each begun, completed and replayed, the clock advancing 1 µs
//   per key with a retention of 10 ms, so keys expire as new ones come. "operations" counts keys.
#include <benchmark/benchmark.h>

#include "messaging/cron.h"
#include "messaging/cron_scheduler.h"
#include "messaging/idempotency.h"
#include "timing.h"

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
