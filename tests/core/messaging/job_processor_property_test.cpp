// The job processor's promises over many seeds (random DAGs, priorities, delays, durations,
// failures, timeouts, backoff strategies, batches submitted while it runs), checked after every
// step by invariants() and at the end from the snapshot alone; and invariants() reporting a
// processor broken on purpose.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "../common/invariant_matchers.h"
#include "messaging/job_processor.h"

namespace sdlab {

template <>
struct TestPeer<messaging::JobProcessor> {
  static std::vector<messaging::Transition>& history(messaging::JobProcessor& p, std::size_t job) {
    return p.jobs_[job].history;
  }
  static void set_attempts(messaging::JobProcessor& p, std::size_t job, std::uint32_t attempts) {
    p.jobs_[job].attempts = attempts;
  }
  static void set_state(messaging::JobProcessor& p, std::size_t job, messaging::JobState state) {
    p.jobs_[job].state = state;
  }
};

namespace messaging {
namespace {

using Peer = TestPeer<JobProcessor>;

ProcessorConfig random_config(sim::Random& r, std::uint64_t seed) {
  ProcessorConfig c;
  c.workers = 1 + static_cast<std::uint32_t>(r.below(4));
  c.order = r.below(2) ? Order::kPriority : Order::kFifo;
  c.min_duration = static_cast<Micros>(r.below(50));
  c.max_duration = c.min_duration + static_cast<Micros>(r.below(100));
  c.failure_rate = static_cast<double>(r.below(5)) / 4;
  c.backoff.base = 1 + static_cast<Micros>(r.below(50));
  c.backoff.cap = c.backoff.base + static_cast<Micros>(r.below(500));
  c.backoff.max_attempts = 1 + static_cast<std::uint32_t>(r.below(5));
  c.backoff.jitter = static_cast<Jitter>(r.below(4));
  c.seed = seed;
  return c;
}

// Job i depends only on jobs before it, so the graph is a DAG.
std::vector<JobSpec> random_jobs(sim::Random& r) {
  std::vector<JobSpec> jobs(5 + r.below(25));
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    JobSpec& j = jobs[i];
    j.id = "j" + std::to_string(i);
    j.priority = static_cast<std::int32_t>(r.below(7)) - 3;
    j.run_at = r.below(3) == 0 ? static_cast<Micros>(r.below(300)) : 0;
    j.duration = r.below(2) ? kDrawn : static_cast<Micros>(r.below(60));
    j.timeout = r.below(3) == 0 ? 1 + static_cast<Micros>(r.below(60)) : kNoTimeout;
    for (std::uint64_t k = r.below(3); k > 0; --k)
      j.script.push_back(r.below(2) ? Outcome::kFail : Outcome::kSucceed);
    for (std::size_t d = 0; d < i && j.depends_on.size() < 3; ++d) {
      if (r.below(7) == 0) j.depends_on.push_back("j" + std::to_string(d));
    }
  }
  return jobs;
}

const Transition* first(const JobView& job, JobState state) {
  for (const Transition& t : job.history) {
    if (t.state == state) return &t;
  }
  return nullptr;
}

struct Outcomes {
  std::string histories;
  std::uint64_t steps = 0;
  ProcessorStats stats;
};

// Submits the jobs in random batches while the processor runs, checking invariants() after every
// step, then checks the end from the snapshot.
Outcomes run_and_check(std::uint64_t seed) {
  sim::Random r(seed);
  const ProcessorConfig c = random_config(r, seed);
  EXPECT_TRUE(check_processor_config(c).is_ok());
  JobProcessor p(c);
  const std::vector<JobSpec> jobs = random_jobs(r);
  Outcomes run;
  for (std::size_t next = 0; next < jobs.size();) {
    const std::size_t size = 1 + r.below(jobs.size() - next);
    EXPECT_TRUE(
        p.submit(std::vector<JobSpec>(jobs.begin() + next, jobs.begin() + next + size)).is_ok());
    next += size;
    const Micros until = p.now() + static_cast<Micros>(r.below(200));
    while (p.run_until(until, 1) == 1) {
      ++run.steps;
      EXPECT_TRUE(AllHold(p.invariants())) << "seed " << seed << " step " << run.steps;
    }
  }
  for (; p.step(); ++run.steps) {
    EXPECT_TRUE(AllHold(p.invariants())) << "seed " << seed << " step " << run.steps;
  }
  EXPECT_TRUE(p.finished()) << "seed " << seed;
  const ProcessorSnapshot snap = p.snapshot();
  run.stats = snap.stats;
  std::map<std::string, const JobView*> by_id;
  for (const JobView& job : snap.jobs) by_id[job.id] = &job;
  for (const JobView& job : snap.jobs) {
    bool doomed = false;
    const Transition* start = first(job, JobState::kRunning);
    for (const std::string& dep : job.depends_on) {
      const JobView& d = *by_id.at(dep);
      doomed |= d.state == JobState::kDead || d.state == JobState::kCancelled;
      const Transition* done = first(d, JobState::kSucceeded);
      if (start) {
        EXPECT_TRUE(done && done->at <= start->at) << job.id << " ran before " << dep;
      }
    }
    EXPECT_EQ(job.state == JobState::kCancelled, doomed) << "seed " << seed << " " << job.id;
    EXPECT_TRUE(job.state == JobState::kSucceeded || job.state == JobState::kDead ||
                job.state == JobState::kCancelled)
        << job.id << " ended " << state_name(job.state);
    EXPECT_LE(job.attempts, c.backoff.max_attempts);
    if (job.state == JobState::kDead) {
      EXPECT_EQ(job.attempts, c.backoff.max_attempts);
    }
    std::uint32_t retry = 0;
    Micros previous = c.backoff.base;
    for (const Transition& t : job.history) {
      run.histories += job.id + ":" + state_name(t.state) + "@" + std::to_string(t.at) + " ";
      if (t.state != JobState::kRetrying) continue;
      const DelayBounds b = delay_bounds(c.backoff, retry++, previous);
      EXPECT_GE(t.delay, b.low) << "seed " << seed << " " << job.id;
      EXPECT_LE(t.delay, b.high) << "seed " << seed << " " << job.id;
      previous = t.delay;
    }
  }
  return run;
}

TEST(JobProcessorProperties, OverManySeedsEveryJobEndsAndEveryPromiseHolds) {
  std::uint64_t steps = 0;
  ProcessorStats all;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const Outcomes once = run_and_check(seed);
    ASSERT_FALSE(HasFailure()) << "seed " << seed;
    EXPECT_EQ(once.histories, run_and_check(seed).histories) << "seed " << seed;
    steps += once.steps;
    all.succeeded += once.stats.succeeded;
    all.timeouts += once.stats.timeouts;
    all.retries += once.stats.retries;
    all.dead += once.stats.dead;
    all.cancelled += once.stats.cancelled;
  }
  // The seeds reach every path: many steps, and jobs that succeed, time out, retry, die and are
  // cancelled.
  EXPECT_GT(steps, 2'000u);
  for (const std::uint64_t count :
       {all.succeeded, all.timeouts, all.retries, all.dead, all.cancelled})
    EXPECT_GT(count, 50u);
}

struct BrokenProcessor : ::testing::Test {
  JobProcessor p{[] {
    ProcessorConfig c;
    c.workers = 1;
    c.backoff = {100, 1'000, 3, Jitter::kEqual};
    return c;
  }()};
  void SetUp() override {
    JobSpec a{"a", 0, 0, 10, kNoTimeout, {Outcome::kFail, Outcome::kSucceed}, {}};
    JobSpec b{"b", 0, 0, 10, kNoTimeout, {}, {"a"}};
    ASSERT_TRUE(p.submit({a, b}).is_ok());
    p.run_until(sim::kMaxTime);
    ASSERT_TRUE(AllHold(p.invariants()));
  }
};

TEST_F(BrokenProcessor, ADependentStartedTooEarlyIsReported) {
  Peer::history(p, 1)[2].at = 5;  // b's running
  EXPECT_EQ(Broken(p.invariants(), "a job runs only after all its dependencies succeeded"),
            "b started at 5 µs before a succeeded");
}

TEST_F(BrokenProcessor, TooManyAttemptsAreReported) {
  Peer::set_attempts(p, 0, 4);
  EXPECT_EQ(Broken(p.invariants(), "attempts <= max attempts"),
            "a has 4 attempts and 2 runs, max 3");
}

TEST_F(BrokenProcessor, AStateWithoutItsPlaceIsReported) {
  Peer::set_state(p, 0, JobState::kQueued);
  EXPECT_EQ(Broken(p.invariants(), "each job is in exactly one state"),
            "a is queued but is not queued, on 0 workers, 0 times "
            "dead-lettered, without a "
            "pending event");
}

TEST_F(BrokenProcessor, ABackoffOutsideItsBoundsIsReported) {
  Peer::history(p, 0)[3].delay = 99;  // equal jitter, retry 0: [50, 100]
  EXPECT_TRUE(AllHold(p.invariants()));
  Peer::history(p, 0)[3].delay = 101;
  EXPECT_EQ(Broken(p.invariants(), "every backoff delay is within its strategy's bounds"),
            "a retry 0 waited 101 µs, outside [50, 100]");
}

}  // namespace
}  // namespace messaging
}  // namespace sdlab
