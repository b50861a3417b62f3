// The cron scheduler: the single-runner lease (exactly at its TTL), misfire policies (exactly at
// the threshold), the paused holder refused by fencing tokens, crashes, bad input, invariants.
#include "messaging/cron_scheduler.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../common/invariant_matchers.h"
#include "../trace_data.h"
#include "sim/random.h"

namespace sdlab::messaging {
namespace {

constexpr Micros kSecond = 1'000'000;
constexpr Micros kMinute = 60 * kSecond;

SchedulerConfig config(std::uint32_t replicas = 2, Micros ttl = 10 * kSecond,
                       Micros threshold = kMinute, bool fencing = true) {
  return {replicas, ttl, threshold, fencing};
}

struct SchedulerTest : ::testing::Test {
  sim::Clock clock;
  std::unique_ptr<CronScheduler> scheduler;
  sim::Trace trace;

  void make(SchedulerConfig c) {
    ASSERT_TRUE(check_scheduler_config(c).is_ok());
    scheduler = std::make_unique<CronScheduler>(clock, c);
    scheduler->set_trace(&trace);
  }
  void SetUp() override { make(config()); }
  void at(Micros t) { clock.advance_to(t); }
  void tick(std::uint32_t r) { ASSERT_TRUE(scheduler->tick(r).is_ok()); }
  void add(const std::string& name, const std::string& cron, Misfire policy) {
    ASSERT_TRUE(scheduler->add_job(name, cron, policy).is_ok());
  }
  LeaseView lease() { return scheduler->snapshot().lease; }
  std::vector<std::string> kinds() {
    std::vector<std::string> out;
    for (const sim::Step& step : trace.steps()) out.push_back(step.kind);
    trace.clear();
    return out;
  }
  // The accepted log entries as "first-through xfires token" in write order.
  std::vector<std::string> log() {
    std::vector<std::string> out;
    for (const CronRun& run : scheduler->snapshot().runs) {
      std::string entry = std::to_string(run.first_fire / kSecond);
      if (run.through != run.first_fire) entry += "-" + std::to_string(run.through / kSecond);
      if (run.fires != 1) entry += " x" + std::to_string(run.fires);
      if (run.skipped) entry += " skip";
      if (run.late && !run.skipped) entry += " late";
      entry += " t" + std::to_string(run.token);
      if (!run.accepted) entry += " refused";
      out.push_back(entry);
    }
    return out;
  }
};

TEST_F(SchedulerTest, TheLeaseIsGoneExactlyAtItsTtl) {
  tick(0);
  EXPECT_EQ(kinds(), std::vector<std::string>{"acquire"});
  EXPECT_EQ(lease().holder, 0);
  EXPECT_EQ(lease().token, 1u);
  EXPECT_EQ(lease().expires, 10 * kSecond);
  tick(1);
  EXPECT_EQ(kinds(), std::vector<std::string>{"wait"});
  at(10 * kSecond - 1);  // one µs before the TTL: still held
  tick(1);
  EXPECT_EQ(kinds(), std::vector<std::string>{"wait"});
  EXPECT_TRUE(lease().valid);
  at(10 * kSecond);  // exactly at the TTL: free
  EXPECT_FALSE(lease().valid);
  tick(1);
  EXPECT_EQ(kinds(), std::vector<std::string>{"acquire"});
  EXPECT_EQ(lease().holder, 1);
  EXPECT_EQ(lease().token, 2u);
  tick(0);  // its own clock says its lease ran out; the new one is replica-2's
  EXPECT_EQ(kinds(), (std::vector<std::string>{"expired", "wait"}));
  EXPECT_FALSE(scheduler->snapshot().replicas[0].believes_holder);
  EXPECT_TRUE(AllHold(scheduler->invariants()));
}

TEST_F(SchedulerTest, RenewingKeepsTheLeaseAndALostRenewalIsNoticed) {
  tick(0);
  at(9 * kSecond);
  tick(0);
  EXPECT_EQ(kinds(), (std::vector<std::string>{"acquire", "renew"}));
  EXPECT_EQ(lease().expires, 19 * kSecond);
  at(18 * kSecond);
  tick(1);
  EXPECT_EQ(kinds(), std::vector<std::string>{"wait"});
  at(19 * kSecond);
  tick(1);
  EXPECT_EQ(lease().token, 2u);
  // Renewing at the very end of the lease: the renewal came one µs late for token 1.
  make(config(2, 1));
  tick(0);
  at(clock.now() + 1);
  tick(0);
  EXPECT_EQ(lease().token, 2u);  // the same replica, a new lease
  EXPECT_EQ(scheduler->snapshot().stats.acquired, 2u);
}

// With a clock stepped back, the old holder believes in its lease after the store gave it away:
// two replicas believe at once until its renewal is refused.
TEST_F(SchedulerTest, AClockSteppedBackMakesTwoHoldersUntilTheRenewalIsRefused) {
  tick(0);
  ASSERT_TRUE(scheduler->set_skew(0, -5 * kSecond).is_ok());
  at(10 * kSecond);
  tick(1);
  EXPECT_EQ(lease().holder, 1);
  EXPECT_EQ(Broken(scheduler->invariants(), "at most one running replica holds a valid lease"),
            "replica-1, replica-2 all hold it");
  at(15 * kSecond - 1);  // replica-1's clock reads 10 s − 1 µs: it renews, and is refused
  tick(0);
  EXPECT_EQ(kinds(), (std::vector<std::string>{"acquire", "skew", "acquire", "lost", "wait"}));
  EXPECT_EQ(scheduler->snapshot().stats.lost, 1u);
  EXPECT_TRUE(AllHold(scheduler->invariants()));
  EXPECT_EQ(scheduler->set_skew(0, kMaxSkew + 1).message(),
            "skew must be an integer in [-3600000000, 3600000000], got 3600000001");
  EXPECT_TRUE(scheduler->set_skew(0, -kMaxSkew).is_ok());
  EXPECT_EQ(scheduler->snapshot().replicas[0].skew, -kMaxSkew);
}

TEST_F(SchedulerTest, TheHolderRunsEachFireOnceAndTheOthersWait) {
  make(config(3));
  add("report", "* * * * *", Misfire::kFireOnce);
  for (Micros t = 0; t <= 5 * kMinute; t += 5 * kSecond) {
    at(t);
    for (std::uint32_t r = 0; r < 3; ++r) tick(r);
    ASSERT_TRUE(AllHold(scheduler->invariants()));
  }
  EXPECT_EQ(log(), (std::vector<std::string>{"60 t1", "120 t1", "180 t1", "240 t1", "300 t1"}));
  const CronJobView job = scheduler->snapshot().jobs[0];
  EXPECT_EQ(job.done_through, 5 * kMinute);
  EXPECT_EQ(job.next_fire, 6 * kMinute);
}

// One replica, a job every minute, down from 0 until 10.5 min: the fires at 1..9 min are later
// than the 60 s threshold (missed), the one at 10 min is 30 s late (on time).
struct Misfires : SchedulerTest {
  void down_then_tick(Misfire policy, Micros back_at) {
    clock = sim::Clock();
    make(config(1));
    add("job", "* * * * *", policy);
    tick(0);
    at(back_at);
    tick(0);
  }
};

TEST_F(Misfires, FireAllRunsEveryMissedFire) {
  down_then_tick(Misfire::kFireAll, 630 * kSecond);
  EXPECT_EQ(log(), (std::vector<std::string>{
                       "60 late t2", "120 late t2", "180 late t2", "240 late t2", "300 late t2",
                       "360 late t2", "420 late t2", "480 late t2", "540 late t2", "600 t2"}));
  EXPECT_EQ(scheduler->snapshot().stats.runs, 10u);
}

TEST_F(Misfires, FireOnceCoalescesTheMissedFires) {
  down_then_tick(Misfire::kFireOnce, 630 * kSecond);
  EXPECT_EQ(log(), (std::vector<std::string>{"60-540 x9 late t2", "600 t2"}));
  EXPECT_EQ(kinds(),
            (std::vector<std::string>{"add", "acquire", "expired", "acquire", "coalesce", "run"}));
}

TEST_F(Misfires, SkipDropsTheMissedFires) {
  down_then_tick(Misfire::kSkip, 630 * kSecond);
  EXPECT_EQ(log(), (std::vector<std::string>{"60-540 x9 skip t2", "600 t2"}));
  const SchedulerStats stats = scheduler->snapshot().stats;
  EXPECT_EQ(stats.skipped, 9u);
  EXPECT_EQ(stats.runs, 1u);
}

TEST_F(Misfires, LateByExactlyTheThresholdIsOnTime) {
  down_then_tick(Misfire::kSkip, 660 * kSecond);  // the 10 min fire is exactly 60 s late
  EXPECT_EQ(log(), (std::vector<std::string>{"60-540 x9 skip t2", "600 t2", "660 t2"}));
  down_then_tick(Misfire::kSkip, 660 * kSecond + 1);  // one µs more: missed
  EXPECT_EQ(log(), (std::vector<std::string>{"60-600 x10 skip t2", "660 t2"}));
  down_then_tick(Misfire::kFireAll, 660 * kSecond);
  EXPECT_EQ(log().end()[-2], "600 t2");
  down_then_tick(Misfire::kFireAll, 660 * kSecond + 1);
  EXPECT_EQ(log().end()[-2], "600 late t2");
}

TEST_F(Misfires, AThresholdOfZeroMissesAnyLateFire) {
  make(config(1, 10 * kSecond, 0));
  add("job", "* * * * *", Misfire::kSkip);
  at(kMinute);  // exactly at the fire time: on time
  tick(0);
  at(2 * kMinute + 1);
  tick(0);
  EXPECT_EQ(log(), (std::vector<std::string>{"60 t1", "120 skip t2"}));
}

TEST_F(Misfires, TheLargestThresholdCatchesUpADayAsOnTime) {
  make(config(1, 10 * kSecond, kMaxMisfireThreshold));
  add("job", "0 * * * *", Misfire::kFireOnce);
  at(kMaxMisfireThreshold);
  tick(0);
  EXPECT_EQ(log().size(), 24u);  // 1:00 … 24:00, none later than 24 h
  EXPECT_EQ(scheduler->snapshot().runs.front().late, false);
}

TEST_F(Misfires, CatchingUpIsBoundedPerTick) {
  make(config(1));
  add("all", "* * * * *", Misfire::kFireAll);
  add("once", "* * * * *", Misfire::kFireOnce);
  at(2'500 * kMinute);
  tick(0);
  SchedulerSnapshot snap = scheduler->snapshot();
  EXPECT_EQ(snap.jobs[0].done_through, 1'000 * kMinute);  // 1000 runs, the rest next tick
  ASSERT_EQ(snap.runs.size(), 1'003u);
  const CronRun& once = snap.runs[1'000];  // 2498 missed fires, counted to 1000
  EXPECT_EQ(once.job, "once");
  EXPECT_EQ(once.fires, kMaxRunsPerTick);  // at least this many
  EXPECT_EQ(once.through, 2'499 * kMinute - 1);
  EXPECT_EQ(snap.runs[1'001].first_fire, 2'499 * kMinute);  // exactly 60 s late: on time
  EXPECT_EQ(snap.runs[1'002].first_fire, 2'500 * kMinute);
  tick(0);
  EXPECT_EQ(scheduler->snapshot().jobs[0].done_through, 2'000 * kMinute);
  tick(0);
  snap = scheduler->snapshot();
  EXPECT_EQ(snap.jobs[0].done_through, 2'500 * kMinute);
  EXPECT_EQ(snap.stats.runs, 2'500u + 3u);
  EXPECT_TRUE(AllHold(scheduler->invariants()));
}

// replica-1 takes the lease at 50 s (until 60 s) and pauses; replica-2 takes the lease at 60 s
// and runs the 60 s fire; replica-1 wakes at 70 s still believing in token 1.
struct PausedHolder : SchedulerTest {
  void run(bool fencing) {
    make(config(2, 10 * kSecond, kMinute, fencing));
    add("job", "* * * * *", Misfire::kFireAll);
    at(50 * kSecond);
    tick(0);
    ASSERT_TRUE(scheduler->pause(0).is_ok());
    at(60 * kSecond);
    tick(1);
    at(70 * kSecond);
    ASSERT_TRUE(scheduler->resume(0).is_ok());
  }
};

TEST_F(PausedHolder, FencingRefusesTheStaleWrite) {
  run(true);
  EXPECT_EQ(log(), (std::vector<std::string>{"60 t2", "60 t1 refused"}));
  const SchedulerSnapshot snap = scheduler->snapshot();
  EXPECT_EQ(snap.stats.refused, 1u);
  EXPECT_FALSE(snap.replicas[0].believes_holder);  // the refusal told it
  EXPECT_TRUE(AllHold(scheduler->invariants()));
  const sim::Step& fenced = trace.steps().back();
  EXPECT_EQ(fenced.kind, "fenced");
  EXPECT_EQ(testing::number(fenced, "token"), 1);
  EXPECT_EQ(testing::number(fenced, "fire"), 60 * kSecond);
  EXPECT_EQ(testing::number(fenced, "lateness"), 10 * kSecond);
}

TEST_F(PausedHolder, WithoutFencingTheFireRunsTwice) {
  run(false);
  EXPECT_EQ(log(), (std::vector<std::string>{"60 t2", "60 t1"}));
  const Invariants list = scheduler->invariants();
  EXPECT_TRUE(Named(list, "at most one running replica holds a valid lease").holds);
  EXPECT_EQ(Broken(list, "fencing tokens of accepted writes never decrease"),
            "token 1 of replica-1 accepted after token 2");
  EXPECT_EQ(Broken(list, "no fire time of a job is handled twice"),
            "job: fire time 60000000 µs handled by replica-2 (token 2) and replica-1 (token 1)");
}

TEST_F(SchedulerTest, AStaleWriteBeforeAnyNewerOneIsAccepted) {
  add("job", "* * * * *", Misfire::kFireAll);
  tick(0);
  ASSERT_TRUE(scheduler->pause(0).is_ok());
  at(130 * kSecond);  // its lease ran out at 10 s, but nobody else wrote
  ASSERT_TRUE(scheduler->resume(0).is_ok());
  EXPECT_EQ(log(), (std::vector<std::string>{"60 late t1", "120 t1"}));
  EXPECT_TRUE(AllHold(scheduler->invariants()));
}

TEST_F(SchedulerTest, APausedReplicaKnowsNothingOfJobsAddedSince) {
  tick(0);
  ASSERT_TRUE(scheduler->pause(0).is_ok());
  add("job", "* * * * *", Misfire::kFireAll);
  at(kMinute);
  ASSERT_TRUE(scheduler->resume(0).is_ok());
  EXPECT_TRUE(log().empty());
  at(kMinute + 1);
  tick(0);
  EXPECT_EQ(log(), std::vector<std::string>{"60 t2"});
}

TEST_F(SchedulerTest, ACrashedHoldersLeaseBlocksItsRestartUntilItExpires) {
  tick(0);
  ASSERT_TRUE(scheduler->crash(0).is_ok());
  EXPECT_FALSE(scheduler->snapshot().replicas[0].believes_holder);
  at(2 * kSecond);
  ASSERT_TRUE(scheduler->restart(0).is_ok());
  tick(0);
  EXPECT_EQ(kinds(), (std::vector<std::string>{"acquire", "crash", "restart", "wait"}));
  at(10 * kSecond);
  tick(0);
  EXPECT_EQ(lease().token, 2u);
  ASSERT_TRUE(scheduler->pause(1).is_ok());
  ASSERT_TRUE(scheduler->crash(1).is_ok());  // a paused replica may crash
}

// Random ticks, pauses, resumes, crashes and restarts of three replicas over a simulated hour:
// with fencing, every invariant holds after every call, and stale writes did happen (refused).
TEST_F(SchedulerTest, InvariantsHoldUnderRandomFailures) {
  std::uint64_t refused = 0, runs = 0;
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    clock = sim::Clock();
    make(config(3, 20 * kSecond, kMinute));
    add("a", "* * * * *", Misfire::kFireAll);
    add("b", "*/5 * * * *", Misfire::kFireOnce);
    add("c", "*/2 * * * *", Misfire::kSkip);
    sim::Random random(seed);
    for (int i = 0; i < 1'500; ++i) {
      clock.advance(static_cast<Micros>(random.below(5 * kSecond)));
      const auto r = static_cast<std::uint32_t>(random.below(3));
      const std::uint64_t what = random.below(100);
      const ReplicaState state = scheduler->snapshot().replicas[r].state;
      if (state == ReplicaState::kPaused) {
        if (what < 10) {
          ASSERT_TRUE(scheduler->resume(r).is_ok());
        }
      } else if (state == ReplicaState::kDown) {
        if (what < 10) {
          ASSERT_TRUE(scheduler->restart(r).is_ok());
        }
      } else if (what < 3) {
        ASSERT_TRUE(scheduler->pause(r).is_ok());
      } else if (what < 5) {
        ASSERT_TRUE(scheduler->crash(r).is_ok());
      } else {
        ASSERT_TRUE(scheduler->tick(r).is_ok());
      }
      ASSERT_TRUE(AllHold(scheduler->invariants())) << "call " << i;
    }
    refused += scheduler->snapshot().stats.refused;
    runs += scheduler->snapshot().stats.runs;
    trace.clear();
  }
  EXPECT_GT(refused, 0u);  // paused holders did wake and write stale
  EXPECT_GT(runs, 8u * 60u);
}

TEST(CronSchedulerConfig, RangesAreCheckedAtBothEnds) {
  EXPECT_TRUE(check_scheduler_config(config(1, 1, 0)).is_ok());
  EXPECT_TRUE(
      check_scheduler_config(config(kMaxReplicas, kMaxLeaseTtl, kMaxMisfireThreshold)).is_ok());
  EXPECT_EQ(check_scheduler_config(config(0)).message(),
            "replicas must be an integer in [1, 8], got 0");
  EXPECT_EQ(check_scheduler_config(config(9)).message(),
            "replicas must be an integer in [1, 8], got 9");
  EXPECT_EQ(check_scheduler_config(config(1, 0)).message(),
            "leaseTtl must be an integer in [1, 3600000000], got 0");
  EXPECT_EQ(check_scheduler_config(config(1, kMaxLeaseTtl + 1)).message(),
            "leaseTtl must be an integer in [1, 3600000000], got 3600000001");
  EXPECT_EQ(check_scheduler_config(config(1, 1, -1)).message(),
            "misfireThreshold must be an integer in [0, 86400000000], got -1");
  EXPECT_EQ(check_scheduler_config(config(1, 1, kMaxMisfireThreshold + 1)).message(),
            "misfireThreshold must be an integer in [0, 86400000000], got 86400000001");
}

TEST_F(SchedulerTest, BadCallsAreRefusedAndChangeNothing) {
  add("job", "* * * * *", Misfire::kSkip);
  tick(0);
  trace.clear();
  const std::size_t runs = scheduler->snapshot().runs.size();
  EXPECT_EQ(scheduler->tick(2).message(), "replica must be an integer in [0, 1], got 2");
  EXPECT_EQ(scheduler->resume(1).message(), "replica-2 is up: resume needs it paused");
  EXPECT_EQ(scheduler->restart(1).message(), "replica-2 is up: restart needs it down");
  ASSERT_TRUE(scheduler->crash(1).is_ok());
  EXPECT_EQ(scheduler->tick(1).message(), "replica-2 is down: tick needs it up");
  EXPECT_EQ(scheduler->pause(1).message(), "replica-2 is down: pause needs it up");
  EXPECT_EQ(scheduler->crash(1).message(), "replica-2 is down: crash needs it up or paused");
  EXPECT_EQ(scheduler->add_job("", "* * * * *", Misfire::kSkip).message(),
            "name must not be empty");
  EXPECT_TRUE(
      scheduler->add_job(std::string(kMaxJobNameBytes, 'n'), "0 0 1 1 *", Misfire::kSkip).is_ok());
  EXPECT_EQ(scheduler->add_job(std::string(kMaxJobNameBytes + 1, 'n'), "* * * * *", Misfire::kSkip)
                .message(),
            "name must be at most 64 bytes long, got 65");
  EXPECT_EQ(scheduler->add_job("job", "* * * * *", Misfire::kSkip).message(),
            "a job named job exists already");
  EXPECT_EQ(scheduler->add_job("odd", "* * * * *", static_cast<Misfire>(3)).message(),
            "policy must be fire-all, fire-once or skip");
  EXPECT_EQ(scheduler->add_job("bad", "* * 31 2 8", Misfire::kSkip).message(),
            "day-of-week field \"8\": 8 is out of range [0, 7]");
  for (std::size_t i = 2; i < kMaxJobs; ++i)
    ASSERT_TRUE(scheduler->add_job("j" + std::to_string(i), "0 0 1 1 *", Misfire::kSkip).is_ok());
  EXPECT_EQ(scheduler->add_job("one-too-many", "* * * * *", Misfire::kSkip).message(),
            "at most 100 jobs");
  EXPECT_EQ(scheduler->snapshot().jobs.size(), kMaxJobs);
  EXPECT_EQ(scheduler->snapshot().runs.size(), runs);
  EXPECT_EQ(kinds().size(), 1u + (kMaxJobs - 1));  // the crash, then each job added
}

TEST_F(SchedulerTest, TraceStepsCarryTheirFigures) {
  add("job", "* * * * *", Misfire::kFireOnce);
  at(kMinute);
  tick(0);
  ASSERT_EQ(trace.steps().size(), 3u);
  const sim::Step& add_step = trace.steps()[0];
  EXPECT_EQ(add_step.note, "* * * * *, misfires: fire-once");
  EXPECT_EQ(testing::number(add_step, "next"), kMinute);
  const sim::Step& acquire = trace.steps()[1];
  EXPECT_EQ(acquire.subject, "replica-1");
  EXPECT_EQ(testing::number(acquire, "token"), 1);
  EXPECT_EQ(testing::number(acquire, "expires"), kMinute + 10 * kSecond);
  const sim::Step& run = trace.steps()[2];
  EXPECT_EQ(run.kind, "run");
  EXPECT_EQ(run.subject, "job");
  EXPECT_EQ(run.note, "due now (by replica-1, token 1)");
  EXPECT_EQ(testing::number(run, "lateness"), 0);
  EXPECT_EQ(std::string(run.file), "core/messaging/cron_scheduler.cpp");
}

TEST(CronSchedulerNames, PoliciesAndStates) {
  EXPECT_STREQ(misfire_name(Misfire::kFireAll), "fire-all");
  EXPECT_STREQ(misfire_name(Misfire::kFireOnce), "fire-once");
  EXPECT_STREQ(misfire_name(Misfire::kSkip), "skip");
  EXPECT_STREQ(replica_state_name(ReplicaState::kPaused), "paused");
}

}  // namespace
}  // namespace sdlab::messaging
