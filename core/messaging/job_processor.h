// sdlab::messaging::JobProcessor — a job processor on simulated time: FIFO, priority and delayed
// jobs, a pool of N simulated workers, timeouts, retries with exponential backoff and jitter
// (backoff.h), a dead-letter queue, and dependencies between jobs as a DAG.
//
// A job waits until its run_at time and until every job it depends on has succeeded, then queues
// for a worker. Dispatch order: FIFO by the time a job was queued (a retry queues again at the
// back), or, with Order::kPriority, the highest priority first and FIFO among equals. A free worker
// (the lowest-numbered) takes the first queued job; a run lasts the job's duration (given, or
// uniform in [min_duration, max_duration] from the seeded Random) and succeeds or fails as the
// job's script says for that attempt, or else fails with probability failure_rate. Timeouts: a run
// that would last longer than the job's timeout is failed at start + timeout and its worker freed
// then. A run that lasts exactly its timeout succeeds (or fails) on its own: it finished within its
// time, so the completion wins over the timeout. Retries: a failed run n (1-based) with n <
// max_attempts waits backoff_delay(retry n − 1), then queues again; after max_attempts failed runs
// the job is dead: it goes to the dead-letter queue, and every job that depends on it, directly or
// not, is cancelled. Dependencies: depends_on names jobs already submitted or in the same submit()
// batch; an unknown id, a repeated one or a cycle ("a → b → a") is an error naming them, and the
// batch is refused whole. A job depending on a job that is already dead or cancelled is cancelled
// at submit.
//
// States and their history (JobView::history, with times): scheduled (waiting for run_at or for
// dependencies), queued (waiting for a worker), running, then succeeded, or failed — recorded at
// the failure and followed at the same microsecond by retrying (waiting out the backoff) or dead —
// and cancelled. A job's current state is never failed: succeeded, dead and cancelled are final.
//
// Stepping: step() does the next thing that happens — an event due now, else a dispatch of a queued
// job to a free worker, else the clock moves to the next event and runs it. Events due at the same
// microsecond run in the order they were scheduled, all before any dispatch at that time. Every
// step reports one sim::Trace step with structured data (and sub-steps for what it caused: a retry,
// a dead letter, cancellations, jobs made ready). Same seed and calls, same run. Times saturate at
// sim::kMaxTime.
//
// Ranges (checked; a refused call changes nothing): workers [1, kMaxWorkers], capacity [1,
// kMaxJobs] jobs, durations [0, kMaxJobDuration], failureRate [0, 1], backoff as in backoff.h; a
// job's id [1, 128] bytes, priority [−kMaxPriority, kMaxPriority], runAt [0, sim::kSimulationEnd],
// duration kDrawn or [0, kMaxJobDuration], timeout 0 (none) or [1, kMaxJobDuration], at most
// kMaxAttemptsLimit scripted outcomes and kMaxDependencies dependencies.
//
// Complexity: submit O(b log n + edges of the batch); step O(log n) plus one sub-step per job it
// cancels or makes ready. invariants() O(jobs + edges + history). Invariants: a job runs only after
// all its dependencies succeeded; attempts <= max_attempts; each job is in exactly the one
// structure its state says (queued: the ready queue, running: one worker, …); every backoff delay
// is within its strategy's bounds. Thread-safety: none (see worker_pool.h for real threads).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "common/invariant.h"
#include "common/status.h"
#include "messaging/backoff.h"
#include "sim/clock.h"
#include "sim/random.h"
#include "sim/trace.h"

namespace sdlab::messaging {

inline constexpr std::uint32_t kMaxWorkers = 64;
inline constexpr std::uint32_t kMaxJobs = 100'000;
inline constexpr Micros kMaxJobDuration = 86'400'000'000;  // one day
inline constexpr std::int32_t kMaxPriority = 1'000;
inline constexpr std::size_t kMaxJobIdBytes = 128;
inline constexpr std::size_t kMaxDependencies = 64;
inline constexpr Micros kDrawn = -1;  // JobSpec::duration: drawn from the processor's range
inline constexpr Micros kNoTimeout = 0;

enum class Order { kFifo, kPriority };

struct ProcessorConfig {
  std::uint32_t workers = 2;
  Order order = Order::kFifo;
  std::uint32_t capacity = 10'000;
  Micros min_duration = 1'000;  // drawn durations: uniform in [min, max]
  Micros max_duration = 10'000;
  double failure_rate = 0;  // unscripted attempts fail with this probability
  BackoffConfig backoff;
  std::uint64_t seed = 1;
};

Status check_processor_config(const ProcessorConfig& config);

enum class Outcome { kSucceed, kFail };

struct JobSpec {
  std::string id;
  std::int32_t priority = 0;  // larger first, with Order::kPriority
  Micros run_at = 0;          // not before; at or before now: at once
  Micros duration = kDrawn;   // every run's length
  Micros timeout = kNoTimeout;
  std::vector<Outcome> script;  // attempt k's outcome is script[k − 1]; past its end: drawn
  std::vector<std::string> depends_on;
};

enum class JobState {
  kScheduled,
  kQueued,
  kRunning,
  kSucceeded,
  kFailed,
  kRetrying,
  kDead,
  kCancelled
};

// "scheduled", "queued", "running", "succeeded", "failed", "retrying", "dead", "cancelled".
const char* state_name(JobState state);

inline constexpr std::int32_t kNoWorker = -1;

struct Transition {
  JobState state = JobState::kScheduled;
  Micros at = 0;
  std::uint32_t attempt = 0;        // runs started so far
  std::int32_t worker = kNoWorker;  // running, and the end of a run
  Micros delay = 0;                 // retrying: the backoff drawn
  std::string why;
};

struct JobView {
  std::string id;
  std::int32_t priority = 0;
  Micros run_at = 0;
  Micros timeout = kNoTimeout;
  std::vector<std::string> depends_on;
  JobState state = JobState::kScheduled;
  std::uint32_t attempts = 0;
  std::vector<Transition> history;
};

struct ProcessorStats {
  std::uint64_t submitted = 0;
  std::uint64_t runs = 0;
  std::uint64_t succeeded = 0;
  std::uint64_t failures = 0;  // failed runs, timeouts included
  std::uint64_t timeouts = 0;
  std::uint64_t retries = 0;
  std::uint64_t dead = 0;
  std::uint64_t cancelled = 0;
};

struct ProcessorSnapshot {
  Micros now = 0;
  std::vector<JobView> jobs;              // submission order
  std::vector<std::string> ready;         // queued jobs in dispatch order
  std::vector<std::string> workers;       // the job on each worker, "" when idle
  std::vector<std::string> dead_letters;  // in the order they died
  ProcessorStats stats;
};

class JobProcessor {
 public:
  // Precondition: check_processor_config(config) is ok.
  explicit JobProcessor(const ProcessorConfig& config);

  // Submits a batch at now(): all of it, or nothing with an error naming the job and field.
  Status submit(const std::vector<JobSpec>& jobs);
  Status submit(const JobSpec& job) { return submit(std::vector<JobSpec>{job}); }

  // Does the next thing that happens (see the header); false when nothing is left to happen.
  bool step();
  // Steps through everything due at or before `t` (at most max_steps steps), then moves the clock
  // to `t` unless max_steps stopped it first; returns the steps taken. t <= kMaxTime.
  std::uint64_t run_until(Micros t, std::uint64_t max_steps = UINT64_MAX);

  Micros now() const { return clock_.now(); }
  // True when every job is succeeded, dead or cancelled.
  bool finished() const { return finished_ == jobs_.size(); }
  ProcessorSnapshot snapshot() const;
  const ProcessorConfig& config() const { return config_; }
  Invariants invariants() const;
  void set_trace(sim::Trace* trace) { trace_ = trace; }

 private:
  using EventKey = std::pair<Micros, std::uint64_t>;                      // (time, sequence)
  using ReadyKey = std::tuple<std::int64_t, std::uint64_t, std::size_t>;  // (−prio, seq, job)
  enum class EventKind { kRelease, kFinish, kTimeout };
  struct Event {
    EventKind kind;
    std::size_t job;
  };
  struct Job {
    JobSpec spec;
    JobState state = JobState::kScheduled;
    std::uint32_t attempts = 0;
    std::size_t waiting_on = 0;  // dependencies not yet succeeded
    bool due = false;            // run_at (or the retry's time) has come
    std::vector<std::size_t> dependencies, dependents;
    Micros previous_delay = 0;
    Outcome outcome = Outcome::kSucceed;  // of the current run
    std::int32_t worker = kNoWorker;
    bool has_event = false;
    EventKey event{};
    bool in_ready = false;
    ReadyKey ready_key{};
    std::vector<Transition> history;
  };

  Status check_batch(const std::vector<JobSpec>& jobs) const;
  Status check_cycles(const std::vector<JobSpec>& jobs) const;
  void add(std::size_t job);  // a job of the batch just stored: its edges and
                              // first state
  void record(Job& job, JobState state, std::string why, Micros delay = 0);
  void schedule(std::size_t job, EventKind kind, Micros at);
  void enqueue(std::size_t job, std::string why);
  void become_due(std::size_t job);
  void run(const EventKey& key, const Event& event);
  void dispatch();
  void finish(std::size_t job, bool timed_out);
  void succeed(std::size_t job);
  void fail(std::size_t job, bool timed_out);
  void cancel_dependents(std::size_t job);
  bool idle_worker(std::int32_t& worker) const;
  sim::Data data(const Job& job) const;
  void note(const char* kind, const Job& job, std::string why, sim::Data extra = {},
            sim::Where where = {});

  ProcessorConfig config_;
  sim::Clock clock_;
  sim::Random random_;
  std::vector<Job> jobs_;
  std::map<std::string, std::size_t, std::less<>> index_;
  std::map<EventKey, Event> events_;
  std::set<ReadyKey> ready_;
  std::vector<std::int32_t> workers_;  // the job index on each worker, or -1
  std::vector<std::size_t> dead_letters_;
  std::uint64_t next_sequence_ = 0;
  std::size_t finished_ = 0;
  ProcessorStats stats_;
  sim::Trace* trace_ = nullptr;

  template <class Block>
  friend struct ::sdlab::TestPeer;
};

}  // namespace sdlab::messaging
