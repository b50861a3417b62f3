// Native benchmarks of the notification fan-out.
//
//   duplicates, 10% opt-outs, gateways failing 5% of attempts), daily limit 5, 4 workers, every
//   step recorded in the history. "operations" counts steps.
#include <benchmark/benchmark.h>

#include "messaging/news_feed.h"
#include "messaging/notifications.h"
#include "timing.h"

namespace {

using namespace sdlab;
using sdlab::bench::timing;

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

const bool registered = [] {
  benchmark::RegisterBenchmark("notifications/day", notifications_day)->Apply(timing);
  return true;
}();

}  // namespace
