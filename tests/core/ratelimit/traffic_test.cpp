// Traffic patterns, the comparison runner and the distributed simulation.
#include "ratelimit/traffic.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "../common/invariant_matchers.h"
#include "ask.h"
#include "ratelimit/comparison.h"
#include "ratelimit/distributed.h"

namespace sdlab::ratelimit {
namespace {

TrafficSpec spec(Pattern pattern) {
  TrafficSpec s;
  s.pattern = pattern;
  return s;
}

TEST(Traffic, SteadyIsEvenlySpacedAndTakesTurns) {
  TrafficSpec s = spec(Pattern::kSteady);
  s.duration_ms = 1'000;
  s.rate_per_sec = 4;
  s.clients = 3;
  const auto traffic = generate_traffic(s);
  ASSERT_EQ(traffic.size(), 4u);
  EXPECT_EQ(traffic[3].time, 750 * kMs);
  EXPECT_EQ(traffic[3].client, 0u);
  EXPECT_EQ(traffic[2].client, 2u);
}

TEST(Traffic, BoundaryAttackBurstsEitherSideOfEveryOtherBoundary) {
  TrafficSpec s = spec(Pattern::kBoundary);
  s.duration_ms = 4'000;
  s.window_ms = 1'000;
  s.burst = 5;
  const auto traffic = generate_traffic(s);
  ASSERT_EQ(traffic.size(), 20u);
  EXPECT_EQ(traffic[0].time, kSec - 1);
  EXPECT_EQ(traffic[5].time, kSec);
  EXPECT_EQ(traffic[10].time, 3 * kSec - 1);
}

TEST(Traffic, PoissonHasTheRateOnAverageAndIsSeeded) {
  TrafficSpec s = spec(Pattern::kPoisson);
  s.duration_ms = 100'000;
  s.rate_per_sec = 100;
  s.clients = 10;
  const auto traffic = generate_traffic(s);
  EXPECT_NEAR(static_cast<double>(traffic.size()), 10'000, 400);  // 4 standard deviations
  EXPECT_TRUE(std::is_sorted(traffic.begin(), traffic.end(),
                             [](const Arrival& a, const Arrival& b) { return a.time < b.time; }));
  const auto again = generate_traffic(s);
  EXPECT_EQ(again.back().time, traffic.back().time);
  s.seed = 2;
  EXPECT_NE(generate_traffic(s).back().time, traffic.back().time);
}

TEST(Traffic, AbuserIsClientZeroAndSendsMost) {
  TrafficSpec s = spec(Pattern::kAbuser);
  s.clients = 50;
  s.rate_per_sec = 50;
  s.abuser_rate_per_sec = 200;
  const auto traffic = generate_traffic(s);
  const auto abuser = std::count_if(traffic.begin(), traffic.end(),
                                    [](const Arrival& a) { return a.client == 0; });
  EXPECT_NEAR(static_cast<double>(abuser), 2000, 200);
  EXPECT_TRUE(std::is_sorted(traffic.begin(), traffic.end(),
                             [](const Arrival& a, const Arrival& b) { return a.time < b.time; }));
}

TEST(Traffic, UnknownNamesListTheChoices) {
  Pattern pattern = Pattern::kSteady;
  EXPECT_TRUE(parse_pattern("poisson", pattern).is_ok());
  EXPECT_EQ(pattern, Pattern::kPoisson);
  EXPECT_EQ(parse_pattern("spiky", pattern).message(),
            "pattern must be \"steady\", \"bursty\", \"poisson\", \"boundary\" or \"abuser\", "
            "got \"spiky\"");
  EXPECT_EQ(pattern, Pattern::kPoisson);
  FailMode fail = FailMode::kOpen;
  EXPECT_EQ(parse_fail_mode("ajar", fail).message(),
            "failMode must be \"open\" or \"closed\", got \"ajar\"");
}

TEST(Traffic, ChecksNameTheField) {
  TrafficSpec s = spec(Pattern::kAbuser);
  s.clients = 1;
  EXPECT_EQ(check_traffic(s).message(), "clients must be an integer in [2, 100000], got 1");
  s = spec(Pattern::kSteady);
  s.rate_per_sec = 1e6;
  s.duration_ms = 1e4;
  EXPECT_EQ(check_traffic(s).message(),
            "the traffic would have about 10000000 requests, more than 2000000");
}

TEST(Comparison, BoundaryAttackExposesTheFixedWindowsDoubleBurst) {
  TrafficSpec s = spec(Pattern::kBoundary);
  s.duration_ms = 10'000;
  s.window_ms = 1'000;
  s.burst = 10;
  const auto runs = run_comparison(generate_traffic(s), {10, 1'000});
  ASSERT_EQ(runs.size(), 7u);
  for (const AlgorithmRun& run : runs) {
    const std::string name = algorithm_name(run.algorithm);
    EXPECT_EQ(run.admitted + run.rejected, 100u) << name;
    EXPECT_EQ(run.allowed.size(), 100u) << name;
    EXPECT_EQ(run.max_in_window, name == "fixedWindow" ? 20u : 10u) << name;
    EXPECT_EQ(run.clients, 1u) << name;
    EXPECT_GT(run.bytes, 0u) << name;
  }
  EXPECT_EQ(runs[3].admitted, 100u);  // the fixed window admits every request
  EXPECT_EQ(runs[4].admitted, 50u);   // the log: one burst per two windows
}

TEST(Comparison, TheFixedWindowBreaksTheWindowLimitAtTheFirstRequestPastTheBoundary) {
  TrafficSpec s = spec(Pattern::kBoundary);
  s.duration_ms = 10'000;
  s.burst = 10;
  const auto runs = run_comparison(generate_traffic(s), {10, 1'000});
  const Invariant fixed = runs[3].invariants.at(0);
  EXPECT_EQ(fixed.name, "admits at most limit per client within any window");
  EXPECT_FALSE(fixed.holds);
  EXPECT_EQ(fixed.step, 10u);  // the first of the burst at 1 s, after ten at 0.999999 s
  EXPECT_EQ(fixed.detail, "at 1.000 s, client 0 had 11 admitted within one window, limit 10");
  EXPECT_TRUE(AllHold(runs[4].invariants));  // the log is exact
}

TEST(Comparison, SteppingARequestAtATimeGivesTheSameRuns) {
  TrafficSpec s = spec(Pattern::kAbuser);
  s.clients = 4;
  s.duration_ms = 3'000;
  const auto traffic = generate_traffic(s);
  const auto whole = run_comparison(traffic, {5, 500});
  ComparisonRun run(traffic, {5, 500});
  while (!run.finished()) ASSERT_EQ(run.step(1), 1u);
  EXPECT_EQ(run.step(1), 0u);
  const auto stepped = run.runs();
  ASSERT_EQ(stepped.size(), whole.size());
  for (std::size_t i = 0; i < whole.size(); ++i) {
    EXPECT_EQ(stepped[i].allowed, whole[i].allowed) << i;
    EXPECT_EQ(stepped[i].max_in_window, whole[i].max_in_window) << i;
    EXPECT_EQ(stepped[i].invariants.at(0).step, whole[i].invariants.at(0).step) << i;
    EXPECT_EQ(stepped[i].bytes, whole[i].bytes) << i;
  }
}

TEST(Comparison, RunsOnlyTheAlgorithmsAskedForInThatOrder) {
  TrafficSpec s = spec(Pattern::kBoundary);
  s.duration_ms = 10'000;
  const auto traffic = generate_traffic(s);
  const auto all = run_comparison(traffic, {10, 1'000});
  const auto two = run_comparison(traffic, {10, 1'000}, {Algorithm::kGcra, Algorithm::kFixedWindow});
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].algorithm, Algorithm::kGcra);
  EXPECT_EQ(two[0].allowed, all[6].allowed);
  EXPECT_EQ(two[1].allowed, all[3].allowed);
  Algorithm parsed;
  EXPECT_TRUE(parse_algorithm("slidingWindowLog", parsed));
  EXPECT_EQ(parsed, Algorithm::kSlidingWindowLog);
  EXPECT_FALSE(parse_algorithm("leakyBucket", parsed));
}

TEST(Comparison, ChecksTheBudget) {
  EXPECT_EQ(check_comparison({0, 1000}).message(),
            "limit must be an integer in [1, 1000000000], got 0");
  EXPECT_EQ(check_comparison({2000, 1}).message(),
            "periodMs / countPerPeriod must be at least 0.001 ms, got 0.0005");
}

std::vector<Arrival> simultaneous(int clients, int each, sim::Micros at) {
  std::vector<Arrival> traffic;
  for (int i = 0; i < each; ++i) {
    for (int c = 0; c < clients; ++c) traffic.push_back({at, static_cast<std::uint32_t>(c), 1});
  }
  return traffic;
}

DistributedSpec distributed(Placement placement) {
  DistributedSpec s;
  s.placement = placement;
  s.servers = 4;
  s.limit = 5;
  s.latency_ms = 10;
  return s;
}

TEST(Distributed, AtomicNeverOverAdmits) {
  TrafficSpec t = spec(Pattern::kPoisson);
  t.rate_per_sec = 2'000;
  t.clients = 20;
  const auto r = simulate_distributed(generate_traffic(t), distributed(Placement::kAtomic));
  EXPECT_EQ(r.over_admitted, 0u);
  EXPECT_EQ(r.admitted, r.exact_admitted);
  EXPECT_EQ(r.store_round_trips, r.admitted + r.rejected);
  EXPECT_TRUE(AllHold(r.invariants));
}

TEST(Distributed, RacyOverAdmitsRequestsThatOverlapWithinTheLatency) {
  const auto traffic = simultaneous(2, 10, 0);
  const auto racy = simulate_distributed(traffic, distributed(Placement::kRacy));
  EXPECT_EQ(racy.admitted, 20u);  // all read 0 before any write lands
  EXPECT_EQ(racy.over_admitted, 10u);
  EXPECT_EQ(racy.store_round_trips, 40u);
  DistributedSpec no_latency = distributed(Placement::kRacy);
  no_latency.latency_ms = 0;
  EXPECT_EQ(simulate_distributed(traffic, no_latency).over_admitted, 0u);
}

TEST(Distributed, RacyBreaksTheLimitAtTheFirstRequestOverIt) {
  const auto racy = simulate_distributed(simultaneous(2, 10, 0), distributed(Placement::kRacy));
  const Invariant over = Named(racy.invariants, "admitted never exceeds the limit");
  EXPECT_FALSE(over.holds);
  EXPECT_EQ(over.step, 10u);  // client 0's sixth request: clients alternate
  EXPECT_EQ(over.detail, "at 0.000 s, client 0's window from 0.000 s holds 6 admitted, limit 5");
  EXPECT_TRUE(Named(racy.invariants, "a request is rejected only when its window is full").holds);
}

TEST(Distributed, SplitLimitsRejectBelowTheLimit) {
  const auto split = simulate_distributed(simultaneous(1, 10, 0), distributed(Placement::kLocalSplit));
  const Invariant under = Named(split.invariants, "a request is rejected only when its window is full");
  EXPECT_FALSE(under.holds);
  EXPECT_EQ(under.step, 4u);  // each of 4 servers admits 1: the fifth request meets a full server
  EXPECT_TRUE(Named(split.invariants, "admitted never exceeds the limit").holds);
}

TEST(Distributed, LocalFullLimitAdmitsUpToNTimesTheLimit) {
  const auto traffic = simultaneous(3, 100, 0);
  const auto full = simulate_distributed(traffic, distributed(Placement::kLocalFull));
  EXPECT_EQ(full.admitted, 3u * 4 * 5);
  EXPECT_EQ(full.exact_admitted, 15u);
  EXPECT_EQ(full.over_admitted, 45u);
  EXPECT_EQ(full.store_round_trips, 0u);
  const auto split = simulate_distributed(traffic, distributed(Placement::kLocalSplit));
  EXPECT_EQ(split.admitted, 12u);  // 5 / 4 → 1 per server per client
  EXPECT_EQ(split.over_admitted, 0u);
  EXPECT_EQ(split.server_admitted, (std::vector<std::uint64_t>{3, 3, 3, 3}));
}

TEST(Distributed, OutageFailsOpenOrClosed) {
  TrafficSpec t = spec(Pattern::kSteady);
  t.rate_per_sec = 100;
  t.duration_ms = 2'000;
  DistributedSpec s = distributed(Placement::kAtomic);
  s.limit = 1'000;
  s.outage_start_ms = 500;
  s.outage_end_ms = 1'500;
  const auto traffic = generate_traffic(t);
  const auto open = simulate_distributed(traffic, s);
  s.fail = FailMode::kClosed;
  const auto closed = simulate_distributed(traffic, s);
  EXPECT_EQ(open.unchecked, 100u);
  EXPECT_EQ(open.admitted, 200u);
  EXPECT_EQ(closed.admitted, 100u);
  EXPECT_EQ(closed.store_round_trips, 100u);
  EXPECT_TRUE(AllHold(open.invariants));  // a limit of 1000 per second is never reached
  EXPECT_EQ(Named(closed.invariants, "a request is rejected only when its window is full").step, 50u);
}

TEST(Distributed, RandomRoutingIsSeeded) {
  TrafficSpec t = spec(Pattern::kPoisson);
  t.clients = 5;
  DistributedSpec s = distributed(Placement::kLocalSplit);
  s.routing = Routing::kRandom;
  const auto traffic = generate_traffic(t);
  const auto a = simulate_distributed(traffic, s);
  EXPECT_EQ(simulate_distributed(traffic, s).server_requests, a.server_requests);
  s.seed = 9;
  EXPECT_NE(simulate_distributed(traffic, s).server_requests, a.server_requests);
}

TEST(Distributed, ChecksNameTheField) {
  DistributedSpec s = distributed(Placement::kAtomic);
  s.outage_start_ms = 10;
  s.outage_end_ms = 5;
  EXPECT_EQ(check_distributed(s).message(),
            "outageEndMs must be a finite number in [10, 31536000000], got 5");
  s.servers = 0;
  EXPECT_EQ(check_distributed(s).message(), "servers must be an integer in [1, 1000], got 0");
}

}  // namespace
}  // namespace sdlab::ratelimit
