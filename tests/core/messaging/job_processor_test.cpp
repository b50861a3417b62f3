// The job processor on simulated time: FIFO, priority and delayed dispatch over N workers, scripted
// and drawn outcomes, retries with backoff, timeouts (exactly at the boundary), the dead-letter
// queue, dependencies (order, cancellation, cycles), stepping and the trace.
#include "messaging/job_processor.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../common/invariant_matchers.h"
#include "../trace_data.h"

namespace sdlab::messaging {
namespace {

using testing::number;
using testing::text;

ProcessorConfig config(std::uint32_t workers = 1, Order order = Order::kFifo) {
  ProcessorConfig c;
  c.workers = workers;
  c.order = order;
  c.backoff = {100, 1'000, 3, Jitter::kNone};
  return c;
}

JobSpec job(std::string id, Micros duration = 10, std::vector<Outcome> script = {}) {
  JobSpec j;
  j.id = std::move(id);
  j.duration = duration;
  j.script = std::move(script);
  return j;
}

JobSpec after(std::string id, std::vector<std::string> depends_on, Micros duration = 10) {
  JobSpec j = job(std::move(id), duration);
  j.depends_on = std::move(depends_on);
  return j;
}

// "queued@0 running@0/w0 succeeded@10/w0": each transition, its time and its worker.
std::string history(const JobProcessor& p, const std::string& id) {
  for (const JobView& view : p.snapshot().jobs) {
    if (view.id != id) continue;
    std::string out;
    for (const Transition& t : view.history) {
      out += (out.empty() ? "" : " ") + std::string(state_name(t.state)) + "@" +
             std::to_string(t.at) + (t.worker >= 0 ? "/w" + std::to_string(t.worker) : "");
    }
    return out;
  }
  return "(no job " + id + ")";
}

JobState state(const JobProcessor& p, const std::string& id) {
  for (const JobView& view : p.snapshot().jobs) {
    if (view.id == id) return view.state;
  }
  ADD_FAILURE() << "no job " << id;
  return JobState::kScheduled;
}

void drain(JobProcessor& p) {
  p.run_until(sim::kMaxTime);
  ASSERT_TRUE(p.finished());
  ASSERT_TRUE(AllHold(p.invariants()));
}

constexpr Outcome kOk = Outcome::kSucceed;
constexpr Outcome kFail = Outcome::kFail;

TEST(JobProcessor, FifoRunsInSubmitOrderOnOneWorker) {
  JobProcessor p(config());
  ASSERT_TRUE(p.submit({job("a"), job("b"), job("c")}).is_ok());
  EXPECT_EQ(p.snapshot().ready, (std::vector<std::string>{"a", "b", "c"}));
  drain(p);
  EXPECT_EQ(history(p, "a"), "queued@0 running@0/w0 succeeded@10/w0");
  EXPECT_EQ(history(p, "b"), "queued@0 running@10/w0 succeeded@20/w0");
  EXPECT_EQ(history(p, "c"), "queued@0 running@20/w0 succeeded@30/w0");
  EXPECT_EQ(p.now(), sim::kMaxTime);
}

TEST(JobProcessor, PriorityRunsTheHighestFirstAndFifoAmongEquals) {
  JobProcessor p(config(1, Order::kPriority));
  std::vector<JobSpec> jobs = {job("low"), job("high"), job("mid-1"), job("mid-2"), job("lowest")};
  jobs[1].priority = kMaxPriority;
  jobs[2].priority = jobs[3].priority = 5;
  jobs[4].priority = -kMaxPriority;
  ASSERT_TRUE(p.submit(jobs).is_ok());
  EXPECT_EQ(p.snapshot().ready,
            (std::vector<std::string>{"high", "mid-1", "mid-2", "low", "lowest"}));
  // The same jobs under FIFO ignore priorities.
  JobProcessor fifo(config(1, Order::kFifo));
  ASSERT_TRUE(fifo.submit(jobs).is_ok());
  EXPECT_EQ(fifo.snapshot().ready,
            (std::vector<std::string>{"low", "high", "mid-1", "mid-2", "lowest"}));
}

TEST(JobProcessor, DelayedJobWaitsForItsRunAt) {
  JobProcessor p(config());
  JobSpec late = job("late");
  late.run_at = 100;
  ASSERT_TRUE(p.submit({late, job("now")}).is_ok());
  EXPECT_EQ(state(p, "late"), JobState::kScheduled);
  p.run_until(99);
  EXPECT_EQ(state(p, "late"), JobState::kScheduled);
  EXPECT_EQ(p.now(), 99);
  p.run_until(100);
  EXPECT_EQ(history(p, "late"), "scheduled@0 queued@100 running@100/w0");
  drain(p);
  EXPECT_EQ(history(p, "late"), "scheduled@0 queued@100 running@100/w0 succeeded@110/w0");
}

TEST(JobProcessor, WorkersRunInParallelAndTheLowestFreeWorkerTakesTheNextJob) {
  JobProcessor p(config(2));
  ASSERT_TRUE(p.submit({job("a", 30), job("b", 10), job("c", 10)}).is_ok());
  p.run_until(0);
  EXPECT_EQ(p.snapshot().workers, (std::vector<std::string>{"a", "b"}));
  drain(p);
  EXPECT_EQ(history(p, "c"), "queued@0 running@10/w1 succeeded@20/w1");
}

TEST(JobProcessor, MaxWorkersAllStartAtOnce) {
  JobProcessor p(config(kMaxWorkers));
  std::vector<JobSpec> jobs;
  for (std::uint32_t i = 0; i <= kMaxWorkers; ++i) jobs.push_back(job("j" + std::to_string(i)));
  ASSERT_TRUE(p.submit(jobs).is_ok());
  p.run_until(0);
  EXPECT_EQ(p.snapshot().ready, std::vector<std::string>{"j64"});
  drain(p);
  EXPECT_EQ(history(p, "j64"), "queued@0 running@10/w0 succeeded@20/w0");
}

TEST(JobProcessor, ScriptedFailuresRetryAfterExponentialBackoff) {
  JobProcessor p(config());
  ASSERT_TRUE(p.submit(job("a", 10, {kFail, kFail, kOk})).is_ok());
  drain(p);
  // backoff none, base 100: retry 0 waits 100, retry 1 waits 200.
  EXPECT_EQ(history(p, "a"),
            "queued@0 running@0/w0 failed@10/w0 retrying@10 queued@110 "
            "running@110/w0 "
            "failed@120/w0 retrying@120 queued@320 running@320/w0 succeeded@330/w0");
  const JobView view = p.snapshot().jobs[0];
  EXPECT_EQ(view.attempts, 3u);
  EXPECT_EQ(view.history[3].delay, 100);
  EXPECT_EQ(view.history[7].delay, 200);
  EXPECT_EQ(p.snapshot().stats.retries, 2u);
}

TEST(JobProcessor, AfterMaxAttemptsAJobIsDeadLettered) {
  JobProcessor p(config());
  ASSERT_TRUE(p.submit({job("doomed", 10, {kFail, kFail, kFail}), job("fine")}).is_ok());
  drain(p);
  EXPECT_EQ(state(p, "doomed"), JobState::kDead);
  EXPECT_EQ(p.snapshot().dead_letters, std::vector<std::string>{"doomed"});
  EXPECT_EQ(p.snapshot().jobs[0].attempts, 3u);
  EXPECT_EQ(p.snapshot().stats.failures, 3u);
  EXPECT_EQ(p.snapshot().stats.dead, 1u);
  EXPECT_EQ(history(p, "doomed").substr(history(p, "doomed").rfind("failed")),
            "failed@330/w0 dead@330");
}

TEST(JobProcessor, OneAttemptNeverRetriesAndAHundredRetryNinetyNineTimes) {
  for (const std::uint32_t max : {1u, kMaxAttemptsLimit}) {
    ProcessorConfig c = config();
    c.failure_rate = 1;
    c.backoff.max_attempts = max;
    JobProcessor p(c);
    ASSERT_TRUE(p.submit(job("a")).is_ok());
    drain(p);
    EXPECT_EQ(p.snapshot().jobs[0].attempts, max);
    EXPECT_EQ(p.snapshot().stats.retries, max - 1);
    EXPECT_EQ(state(p, "a"), JobState::kDead);
  }
}

TEST(JobProcessor, FailureRateZeroNeverFailsAndOneAlwaysFails) {
  for (const double rate : {0.0, 1.0}) {
    ProcessorConfig c = config(4);
    c.failure_rate = rate;
    JobProcessor p(c);
    std::vector<JobSpec> jobs;
    for (int i = 0; i < 50; ++i) jobs.push_back(job("j" + std::to_string(i)));
    ASSERT_TRUE(p.submit(jobs).is_ok());
    drain(p);
    EXPECT_EQ(p.snapshot().stats.succeeded, rate == 0 ? 50u : 0u);
    EXPECT_EQ(p.snapshot().stats.dead, rate == 0 ? 0u : 50u);
  }
}

// A script overrides the failure rate for the attempts it covers; past its end the rate decides.
TEST(JobProcessor, ScriptWinsOverTheFailureRateThenTheRateDecides) {
  ProcessorConfig c = config();
  c.failure_rate = 1;
  JobProcessor p(c);
  ASSERT_TRUE(p.submit({job("scripted", 10, {kOk}), job("rest", 10, {kFail, kOk})}).is_ok());
  drain(p);
  EXPECT_EQ(state(p, "scripted"), JobState::kSucceeded);
  EXPECT_EQ(state(p, "rest"), JobState::kSucceeded);
  c.failure_rate = 0;
  JobProcessor q(c);
  ASSERT_TRUE(q.submit(job("past-the-script", 10, {kFail})).is_ok());
  drain(q);
  EXPECT_EQ(q.snapshot().jobs[0].attempts, 2u);
  EXPECT_EQ(state(q, "past-the-script"), JobState::kSucceeded);
}

// Decision: a run that lasts exactly its timeout finished within its time, so it succeeds; one
// microsecond longer and it is failed at start + timeout, its worker freed then.
TEST(JobProcessor, AJobFinishingExactlyAtItsTimeoutSucceedsOneMicrosecondMoreTimesOut) {
  JobProcessor p(config());
  JobSpec exact = job("exact", 50), over = job("over", 51, {kFail, kFail, kOk}), next = job("next");
  exact.timeout = 50;
  over.timeout = 50;
  ASSERT_TRUE(p.submit({exact, over, next}).is_ok());
  drain(p);
  EXPECT_EQ(history(p, "exact"), "queued@0 running@0/w0 succeeded@50/w0");
  // Timed out at 100, not 101, whatever its script says; "next" takes the worker at 100.
  EXPECT_EQ(history(p, "over"),
            "queued@0 running@50/w0 failed@100/w0 "
            "retrying@100 queued@200 running@200/w0 "
            "failed@250/w0 retrying@250 queued@450 "
            "running@450/w0 failed@500/w0 dead@500");
  EXPECT_EQ(p.snapshot().jobs[1].history[2].why, "timed out after 50 µs");
  EXPECT_EQ(history(p, "next"), "queued@0 running@100/w0 succeeded@110/w0");
  EXPECT_EQ(state(p, "over"), JobState::kDead);
  EXPECT_EQ(p.snapshot().stats.timeouts, 3u);
}

TEST(JobProcessor, TimeoutsAndDurationsAtTheEndsOfTheirRanges) {
  JobProcessor p(config(3));
  JobSpec none = job("no-timeout", kMaxJobDuration), longest = job("longest", kMaxJobDuration),
          zero = job("zero", 0);
  longest.timeout = kMaxJobDuration;
  zero.timeout = 1;
  ASSERT_TRUE(p.submit({none, longest, zero}).is_ok());
  drain(p);
  EXPECT_EQ(history(p, "no-timeout"), "queued@0 running@0/w0 succeeded@86400000000/w0");
  EXPECT_EQ(history(p, "longest"), "queued@0 running@0/w1 succeeded@86400000000/w1");
  EXPECT_EQ(history(p, "zero"), "queued@0 running@0/w2 succeeded@0/w2");
}

TEST(JobProcessor, DrawnDurationsAreWithinTheRangeAndTheSameForTheSameSeed) {
  ProcessorConfig c = config(3);
  c.min_duration = 5;
  c.max_duration = 8;
  c.failure_rate = 0.3;
  auto run = [&](std::uint64_t seed) {
    c.seed = seed;
    JobProcessor p(c);
    std::vector<JobSpec> jobs;
    for (int i = 0; i < 40; ++i) jobs.push_back(job("j" + std::to_string(i), kDrawn));
    EXPECT_TRUE(p.submit(jobs).is_ok());
    p.run_until(sim::kMaxTime);
    std::string all;
    for (const JobView& v : p.snapshot().jobs) all += history(p, v.id) + "\n";
    for (const JobView& v : p.snapshot().jobs) {
      for (std::size_t i = 0; i + 1 < v.history.size(); ++i) {
        if (v.history[i].state != JobState::kRunning) continue;
        const Micros took = v.history[i + 1].at - v.history[i].at;
        EXPECT_GE(took, 5) << v.id;
        EXPECT_LE(took, 8) << v.id;
      }
    }
    return all;
  };
  EXPECT_EQ(run(3), run(3));
  EXPECT_NE(run(3), run(4));
}

TEST(JobProcessor, AJobRunsOnlyAfterAllItsDependenciesSucceeded) {
  JobProcessor p(config(4));
  ASSERT_TRUE(p.submit({after("report", {"left", "right"}), job("left", 30),
                        after("right", {"root"}), job("root", 10)})
                  .is_ok());
  EXPECT_EQ(state(p, "report"), JobState::kScheduled);
  drain(p);
  EXPECT_EQ(history(p, "root"), "queued@0 running@0/w1 succeeded@10/w1");
  EXPECT_EQ(history(p, "right"), "scheduled@0 queued@10 running@10/w1 succeeded@20/w1");
  EXPECT_EQ(history(p, "report"), "scheduled@0 queued@30 running@30/w0 succeeded@40/w0");
}

TEST(JobProcessor, ADelayedJobWhoseDependenciesSucceedWaitsForItsRunAt) {
  JobProcessor p(config(2));
  JobSpec late = after("late", {"a"});
  late.run_at = 100;
  ASSERT_TRUE(p.submit({job("a"), late}).is_ok());
  drain(p);
  EXPECT_EQ(history(p, "late"), "scheduled@0 queued@100 running@100/w0 succeeded@110/w0");
}

TEST(JobProcessor, ADeadDependencyCancelsItsDependentsTransitively) {
  JobProcessor p(config(2));
  JobSpec delayed = after("delayed", {"b"});
  delayed.run_at = 5'000;
  ASSERT_TRUE(p.submit({job("a", 10, {kFail, kFail, kFail}), after("b", {"a"}),
                        after("c", {"b", "other"}), job("other"), delayed})
                  .is_ok());
  drain(p);
  EXPECT_EQ(state(p, "a"), JobState::kDead);
  EXPECT_EQ(history(p, "b"), "scheduled@0 cancelled@330");
  EXPECT_EQ(history(p, "c"), "scheduled@0 cancelled@330");
  EXPECT_EQ(history(p, "delayed"),
            "scheduled@0 cancelled@330");  // its release is dropped
  EXPECT_EQ(p.snapshot().jobs[1].history[1].why, "depends on a, which is dead");
  EXPECT_EQ(p.snapshot().jobs[2].history[1].why, "depends on b, which is cancelled");
  EXPECT_EQ(state(p, "other"), JobState::kSucceeded);
  EXPECT_EQ(p.snapshot().stats.cancelled, 3u);
  EXPECT_EQ(p.now(), sim::kMaxTime);
  // Submitting after a dead job: cancelled at once, and so is what depends on it.
  ASSERT_TRUE(p.submit({after("late-1", {"a"}), after("late-2", {"late-1"})}).is_ok());
  EXPECT_EQ(history(p, "late-2"), "cancelled@9007199254740992");
  EXPECT_TRUE(p.finished());
  EXPECT_TRUE(AllHold(p.invariants()));
}

TEST(JobProcessor, ADependencyThatAlreadySucceededCountsAsMet) {
  JobProcessor p(config());
  ASSERT_TRUE(p.submit(job("a")).is_ok());
  drain(p);
  ASSERT_TRUE(p.submit(after("b", {"a"})).is_ok());
  EXPECT_EQ(state(p, "b"), JobState::kQueued);
}

TEST(JobProcessor, CyclesAreRefusedNamingTheCycle) {
  JobProcessor p(config());
  EXPECT_EQ(p.submit(after("a", {"a"})).message(),
            "dependsOn has a cycle (→ reads \"depends on\"): a → a");
  EXPECT_EQ(
      p.submit({job("x"), after("a", {"x", "b"}), after("b", {"c"}), after("c", {"a"})}).message(),
      "dependsOn has a cycle (→ reads \"depends on\"): a → b → c → a");
  EXPECT_TRUE(p.snapshot().jobs.empty());
  // A diamond is not a cycle.
  EXPECT_TRUE(
      p.submit({after("d", {"b", "c"}), after("b", {"a"}), after("c", {"a"}), job("a")}).is_ok());
}

// A chain of kMaxJobs closed into a cycle: found without recursion (a recursive search would
// overflow the stack, in WebAssembly first), and named in a message of bounded length.
TEST(JobProcessor, ACycleThroughEveryJobIsFoundAndNamedBriefly) {
  ProcessorConfig c = config();
  c.capacity = kMaxJobs;
  JobProcessor p(c);
  std::vector<JobSpec> chain;
  for (std::uint32_t i = 0; i < kMaxJobs; ++i)
    chain.push_back(
        after("j" + std::to_string(i), {"j" + std::to_string((i + kMaxJobs - 1) % kMaxJobs)}, 0));
  EXPECT_EQ(p.submit(chain).message(),
            "dependsOn has a cycle (→ reads \"depends on\"): j0 → j99999 → j99998 → j99997 → "
            "j99996 → j99995 → j99994 → j99993 → … (99984 more) → j8 → j7 → j6 → j5 → j4 → j3 "
            "→ j2 → j1 → j0");
  EXPECT_TRUE(p.snapshot().jobs.empty());
}

// The root of a chain dies: every job after it is cancelled, transitively, in one step.
TEST(JobProcessor, ADeadRootCancelsALongChain) {
  JobProcessor p(config());
  std::vector<JobSpec> chain = {job("j0", 0, {kFail, kFail, kFail})};
  for (int i = 1; i < 2'000; ++i)
    chain.push_back(after("j" + std::to_string(i), {"j" + std::to_string(i - 1)}, 0));
  ASSERT_TRUE(p.submit(chain).is_ok());
  drain(p);
  EXPECT_EQ(p.snapshot().stats.cancelled, 1'999u);
  EXPECT_EQ(history(p, "j1999"), "scheduled@0 cancelled@300");
}

TEST(JobProcessor, BadJobsAreRefusedNamingTheFieldAndChangeNothing) {
  JobProcessor p(config());
  ASSERT_TRUE(p.submit(job("taken")).is_ok());
  auto refused = [&](JobSpec bad) {
    const Status s = p.submit({job("good"), std::move(bad)});
    EXPECT_EQ(p.snapshot().jobs.size(), 1u) << s.message();
    return s.message();
  };
  auto with = [](auto change) {
    JobSpec j = job("bad");
    change(j);
    return j;
  };
  EXPECT_EQ(refused(job("")), "job 1 of the batch: id must not be empty");
  EXPECT_EQ(refused(job(std::string(129, 'x'))),
            "job 1 of the batch: id must be at most 128 bytes long, got 129");
  EXPECT_EQ(refused(job("taken")), "job \"taken\": id \"taken\" is already taken");
  EXPECT_EQ(refused(job("good")), "job \"good\": id \"good\" is already taken");
  EXPECT_EQ(refused(with([](JobSpec& j) { j.priority = 1'001; })),
            "job \"bad\": priority must be an integer in [-1000, 1000], got 1001");
  EXPECT_EQ(refused(with([](JobSpec& j) { j.priority = -1'001; })),
            "job \"bad\": priority must be an integer in [-1000, 1000], got -1001");
  EXPECT_EQ(refused(with([](JobSpec& j) { j.run_at = -1; })),
            "job \"bad\": runAt must be an integer in [0, 315360000000000], got -1");
  EXPECT_EQ(refused(with([](JobSpec& j) { j.run_at = sim::kSimulationEnd + 1; })),
            "job \"bad\": runAt must be an integer in [0, 315360000000000], got "
            "315360000000001");
  EXPECT_EQ(refused(with([](JobSpec& j) { j.duration = -2; })),
            "job \"bad\": duration must be an integer in [0, 86400000000], got -2");
  EXPECT_EQ(refused(with([](JobSpec& j) { j.duration = kMaxJobDuration + 1; })),
            "job \"bad\": duration must be an integer in [0, 86400000000], got "
            "86400000001");
  EXPECT_EQ(refused(with([](JobSpec& j) { j.timeout = -1; })),
            "job \"bad\": timeout must be an integer in [0, 86400000000], got -1");
  EXPECT_EQ(refused(with([](JobSpec& j) { j.timeout = kMaxJobDuration + 1; })),
            "job \"bad\": timeout must be an integer in [0, 86400000000], got "
            "86400000001");
  EXPECT_EQ(refused(with([](JobSpec& j) { j.script.assign(kMaxAttemptsLimit + 1, kOk); })),
            "job \"bad\": script must hold at most 100 outcomes, got 101");
  EXPECT_EQ(refused(with([](JobSpec& j) { j.depends_on.assign(kMaxDependencies + 1, "taken"); })),
            "job \"bad\": dependsOn must name at most 64 jobs, got 65");
  EXPECT_EQ(refused(with([](JobSpec& j) { j.depends_on = {"nobody"}; })),
            "job \"bad\": dependsOn names \"nobody\", which is neither "
            "submitted nor in this batch");
  EXPECT_EQ(refused(with([](JobSpec& j) {
              j.depends_on = {"taken", "good", "taken"};
            })),
            "job \"bad\": dependsOn names \"taken\" twice");
  // The largest values of each range are taken.
  EXPECT_TRUE(p.submit(with([](JobSpec& j) {
                 j.priority = kMaxPriority;
                 j.run_at = sim::kSimulationEnd;
                 j.duration = kMaxJobDuration;
                 j.timeout = kMaxJobDuration;
                 j.script.assign(kMaxAttemptsLimit, kOk);
               })).is_ok());
}

TEST(JobProcessor, CapacityCountsEveryJobEverSubmitted) {
  ProcessorConfig c = config();
  c.capacity = 2;
  JobProcessor p(c);
  ASSERT_TRUE(p.submit(job("a")).is_ok());
  EXPECT_EQ(p.submit({job("b"), job("c")}).message(),
            "the processor is full: capacity 2 jobs, 1 submitted, 2 more refused");
  ASSERT_TRUE(p.submit(job("b")).is_ok());
  drain(p);
  EXPECT_FALSE(p.submit(job("c")).is_ok());
}

// The smallest capacity, and a drawn duration whose range is one value (each end of the range).
TEST(JobProcessor, CapacityOneAndADrawnDurationOfOneValue) {
  for (const Micros fixed : {Micros{0}, kMaxJobDuration}) {
    ProcessorConfig c = config();
    c.capacity = 1;
    c.min_duration = c.max_duration = fixed;
    JobProcessor p(c);
    ASSERT_TRUE(p.submit(job("only", kDrawn)).is_ok());
    EXPECT_EQ(p.submit(job("more")).message(),
              "the processor is full: capacity 1 jobs, 1 submitted, 1 more refused");
    drain(p);
    EXPECT_EQ(history(p, "only"),
              "queued@0 running@0/w0 succeeded@" + std::to_string(fixed) + "/w0");
  }
}

TEST(JobProcessor, ConfigRangesNameTheField) {
  auto message = [](auto change) {
    ProcessorConfig c = config();
    change(c);
    return check_processor_config(c).message();
  };
  EXPECT_EQ(message([](ProcessorConfig&) {}), "");
  EXPECT_EQ(message([](ProcessorConfig& c) { c.workers = 0; }),
            "workers must be an integer in [1, 64], got 0");
  EXPECT_EQ(message([](ProcessorConfig& c) { c.workers = 65; }),
            "workers must be an integer in [1, 64], got 65");
  EXPECT_EQ(message([](ProcessorConfig& c) { c.capacity = 0; }),
            "capacity must be an integer in [1, 100000], got 0");
  EXPECT_EQ(message([](ProcessorConfig& c) { c.capacity = kMaxJobs + 1; }),
            "capacity must be an integer in [1, 100000], got 100001");
  EXPECT_EQ(message([](ProcessorConfig& c) { c.min_duration = -1; }),
            "minDuration must be an integer in [0, 86400000000], got -1");
  EXPECT_EQ(message([](ProcessorConfig& c) { c.max_duration = kMaxJobDuration + 1; }),
            "maxDuration must be an integer in [0, 86400000000], got 86400000001");
  EXPECT_EQ(message([](ProcessorConfig& c) { c.min_duration = c.max_duration + 1; }),
            "maxDuration must be at least minDuration (10001 µs), got 10000 µs");
  EXPECT_EQ(message([](ProcessorConfig& c) { c.failure_rate = -0.01; }),
            "failureRate must be a finite number in [0, 1], got -0.01");
  EXPECT_EQ(message([](ProcessorConfig& c) { c.failure_rate = 1.01; }),
            "failureRate must be a finite number in [0, 1], got 1.01");
  EXPECT_EQ(message([](ProcessorConfig& c) { c.backoff.base = 0; }),
            "base must be an integer in [1, 315360000000000], got 0");
  EXPECT_EQ(message([](ProcessorConfig& c) {
              c.workers = kMaxWorkers;
              c.capacity = kMaxJobs;
              c.min_duration = 0;
              c.max_duration = kMaxJobDuration;
              c.failure_rate = 1;
            }),
            "");
}

// The longest delays: a job due at the last runAt retrying every ten years reaches the end of
// simulated time (about 285 years) and its later runs and retries stop there.
TEST(JobProcessor, TimesSaturateAtTheEndOfSimulatedTime) {
  ProcessorConfig c = config();
  c.failure_rate = 1;
  c.backoff = {kMaxBackoff, kMaxBackoff, kMaxAttemptsLimit, Jitter::kNone};
  JobProcessor p(c);
  JobSpec last = job("last", kMaxJobDuration);
  last.run_at = sim::kSimulationEnd;
  JobSpec early = job("early", 10, {kFail, kOk});
  ASSERT_TRUE(p.submit({last, early}).is_ok());
  drain(p);
  EXPECT_EQ(state(p, "last"), JobState::kDead);
  EXPECT_EQ(p.snapshot().jobs[0].attempts, kMaxAttemptsLimit);
  EXPECT_EQ(p.snapshot().jobs[0].history.back().at, sim::kMaxTime);
  EXPECT_EQ(state(p, "early"), JobState::kSucceeded);
}

TEST(JobProcessor, StepDoesOneThingAtATimeAndRunUntilStopsAtTheTimeOrTheStepBudget) {
  JobProcessor p(config());
  ASSERT_TRUE(p.submit({job("a"), job("b")}).is_ok());
  EXPECT_TRUE(p.step());  // a starts
  EXPECT_EQ(p.snapshot().workers, std::vector<std::string>{"a"});
  EXPECT_EQ(p.now(), 0);
  EXPECT_TRUE(p.step());  // the clock moves to 10: a succeeds
  EXPECT_EQ(p.now(), 10);
  EXPECT_EQ(state(p, "a"), JobState::kSucceeded);
  EXPECT_EQ(p.snapshot().workers, std::vector<std::string>{""});
  EXPECT_EQ(p.run_until(19), 1u);  // b starts; its end at 20 is after 19
  EXPECT_EQ(p.now(), 19);
  EXPECT_EQ(p.run_until(100, 0), 0u);
  EXPECT_EQ(p.now(), 19);  // the budget stopped it before the clock moved
  EXPECT_EQ(p.run_until(100), 1u);
  EXPECT_EQ(p.now(), 100);
  EXPECT_FALSE(p.step());
  EXPECT_TRUE(p.finished());
}

TEST(JobProcessor, TraceReportsEachStepWithItsFigures) {
  sim::Trace trace;
  JobProcessor p(config());
  p.set_trace(&trace);
  ASSERT_TRUE(p.submit({job("a", 10, {kFail, kFail, kFail}), after("b", {"a"})}).is_ok());
  drain(p);
  std::vector<std::string> kinds;
  for (const sim::Step& s : trace.steps()) kinds.push_back(s.kind + "/" + std::to_string(s.depth));
  EXPECT_EQ(kinds,
            (std::vector<std::string>{"submit/0", "submit/0", "start/0", "fail/0", "retry/1",
                                      "release/0", "start/0", "fail/0", "retry/1", "release/0",
                                      "start/0", "fail/0", "dead/1", "cancel/1"}));
  const sim::Step& start = trace.steps()[2];
  EXPECT_EQ(text(start, "job"), "a");
  EXPECT_EQ(number(start, "worker"), 0);
  EXPECT_EQ(number(start, "duration"), 10);
  EXPECT_EQ(number(start, "endsAt"), 10);
  EXPECT_EQ(text(start, "outcome"), "fail");
  const sim::Step& retry = trace.steps()[8];
  EXPECT_EQ(number(retry, "retry"), 1);
  EXPECT_EQ(number(retry, "delay"), 200);
  EXPECT_EQ(number(retry, "low"), 200);
  EXPECT_EQ(number(retry, "high"), 200);
  EXPECT_EQ(text(retry, "jitter"), "none");
  EXPECT_EQ(number(retry, "at"), 320);
  EXPECT_EQ(retry.parent, 7);
  EXPECT_EQ(trace.steps()[13].subject, "b");
  EXPECT_EQ(text(trace.steps()[13], "state"), "cancelled");
  EXPECT_EQ(std::string(trace.steps()[2].file), "core/messaging/job_processor.cpp");
}

// A success makes ready the dependents it was the last wait of (a sub-step each); a delayed one is
// only unblocked, and queues at its runAt.
TEST(JobProcessor, TraceShowsTheDependentsASuccessReleases) {
  sim::Trace trace;
  JobProcessor p(config(2));
  p.set_trace(&trace);
  JobSpec late = after("late", {"root"});
  late.run_at = 50;
  ASSERT_TRUE(p.submit({job("root"), after("next", {"root"}), late}).is_ok());
  drain(p);
  std::vector<std::string> steps;
  for (const sim::Step& s : trace.steps())
    steps.push_back(s.kind + "/" + std::to_string(s.depth) + "/" + s.subject);
  EXPECT_EQ(steps, (std::vector<std::string>{"submit/0/root", "submit/0/next", "submit/0/late",
                                             "start/0/root", "succeed/0/root", "ready/1/next",
                                             "unblocked/1/late", "start/0/next", "succeed/0/next",
                                             "release/0/late", "start/0/late", "succeed/0/late"}));
  EXPECT_EQ(number(trace.steps()[9], "waitingOn"), 0);
}

TEST(JobProcessor, StateNames) {
  std::string all;
  for (int s = 0; s <= static_cast<int>(JobState::kCancelled); ++s)
    all += std::string(state_name(static_cast<JobState>(s))) + " ";
  EXPECT_EQ(all, "scheduled queued running succeeded failed retrying dead cancelled ");
}

}  // namespace
}  // namespace sdlab::messaging
