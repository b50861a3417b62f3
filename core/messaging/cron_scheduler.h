// sdlab::messaging::CronScheduler — cron jobs on the simulated clock, run by one of several
// replicas that compete for a single-runner lease, with misfire policies and fencing tokens.
//
// The shared store (think etcd or a database row) holds three things that no crash loses:
//   the lease   holder, fencing token, expiry. acquire grants it when it is free or expired
//               (now >= expiry: a lease is valid on [granted, granted + ttl) and gone exactly at
//               its TTL), with the next token (1, 2, …); renew extends it for the holder that
//               presents the current token, while it is valid.
//   the jobs    name, cron expression, misfire policy, and `done_through`: every fire time up
//               to it has been handled (run, or skipped by the policy).
//   the runs    each write a replica made to record a run (or a skip); with fencing on, the
//               store refuses a write whose token is older than the lease's latest (fencing
//               tokens, checked by the service that issues them, as etcd or ZooKeeper can). A
//               store that knew only the tokens of past writes (Kleppmann's storage) would take
//               a stale write made before the new holder's first write, and then that holder,
//               reading its jobs before the stale write, could run a fire again.
// A replica is up, paused or down. tick(r) is one round of replica r at the clock's now:
//   1. the lease: renew it if r believes it holds it (and its own clock says it has not
//      expired), else try to acquire it; a refused renew makes r drop its belief. A replica
//      measures its lease on its own clock, which reads now + skew (set_skew: a clock stepped
//      back or forth). With correct clocks (no skew) two running replicas never both believe
//      they hold a valid lease; a clock stepped back makes an old holder believe too long;
//      its renewal is refused, but until it ticks it acts as a holder (invariants() shows it).
//   2. as holder, it reads the jobs' progress and runs what is due, writing each run with its
//      token: the fire times f with done_through < f <= now.
// Misfires (Quartz's misfireThreshold): a fire time later than threshold (now − f > threshold)
// was missed — the scheduler was down, or no replica held the lease. Per job:
//   fire-all   runs every missed fire, oldest first, at most kMaxRunsPerTick per tick (the rest
//              on the next ticks);
//   fire-once  one run stands for all the missed fires (Quartz's FireOnceNow, anacron's way);
//   skip       the missed fires are dropped (one log entry records them); only fires within
//              the threshold run.
// Counting missed fires stops at kMaxRunsPerTick: a run's `fires` then says "at least".
// The paused holder (a stop-the-world pause between its lease check and its writes): pause(r)
// freezes r with what it believes; resume(r) wakes it and it acts at once on that belief — it
// runs what its stale view of the jobs says is due, with its old token, without asking the
// store. If another replica has taken the lease (a newer token), fencing makes the store refuse
// the stale writes (and r learns it lost the lease); with fencing off they are accepted and a
// fire time runs twice, which invariants() then reports. crash(r) loses r's memory (not its
// clock's skew); restart(r) brings it back holding nothing (its old lease, while valid, blocks it
// as it blocks the others).
//
// Ranges (checked; a refused call changes nothing): replicas [1, 8]; lease TTL [1 µs, 1 h];
// misfire threshold [0, 24 h]; at most 100 jobs; job name [1, 64] bytes, unique; a known policy;
// the replica index of a call [0, replicas − 1] and in the state the call needs; skew [−1 h, 1 h].
//
// Complexity: tick O(jobs · (next_fire + runs due)); the run log grows by one entry per run (a
// page-driven scheduler). Invariants (invariants(), O(runs log runs)): at most one running
// replica holds a valid lease by its own clock; fencing tokens of accepted writes never
// decrease; no fire time of a job is handled (run or skipped) twice. Thread-safety: none.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/invariant.h"
#include "common/status.h"
#include "messaging/cron.h"
#include "sim/clock.h"
#include "sim/trace.h"

namespace sdlab::messaging {

inline constexpr std::uint32_t kMaxReplicas = 8;
inline constexpr Micros kMaxLeaseTtl = 3'600'000'000;           // 1 hour
inline constexpr Micros kMaxMisfireThreshold = 86'400'000'000;  // 24 hours
inline constexpr std::size_t kMaxJobs = 100;
inline constexpr std::size_t kMaxJobNameBytes = 64;
inline constexpr std::uint32_t kMaxRunsPerTick = 1'000;  // per job
inline constexpr Micros kMaxSkew = 3'600'000'000;        // 1 hour either way
inline constexpr std::int32_t kNoHolder = -1;

enum class Misfire { kFireAll, kFireOnce, kSkip };
const char* misfire_name(Misfire policy);  // "fire-all", "fire-once", "skip"

struct SchedulerConfig {
  std::uint32_t replicas = 3;
  Micros lease_ttl = 15'000'000;          // 15 s
  Micros misfire_threshold = 60'000'000;  // Quartz's default, 60 s
  bool fencing = true;
};

Status check_scheduler_config(const SchedulerConfig& config);

enum class ReplicaState { kUp, kPaused, kDown };
const char* replica_state_name(ReplicaState state);  // "up", "paused", "down"

struct LeaseView {
  std::int32_t holder = kNoHolder;  // a replica index
  std::uint64_t token = 0;
  Micros expires = 0;
  bool valid = false;  // holder set and now < expires
};

struct ReplicaView {
  std::string name;  // "replica-1", …
  ReplicaState state = ReplicaState::kUp;
  bool believes_holder = false;  // what it thinks, right or wrong
  std::uint64_t token = 0;
  Micros believed_expires = 0;  // by its own clock
  Micros skew = 0;              // its clock reads now + skew
};

struct CronJobView {
  std::string name;
  std::string expression;
  Misfire policy = Misfire::kFireOnce;
  Micros done_through = 0;
  std::optional<Micros> next_fire;  // the first fire time after done_through
};

struct CronRun {
  std::string job;
  Micros first_fire = 0;    // the fire time it runs (the oldest one, when it stands for several)
  Micros through = 0;       // it stands for the job's fire times in [first_fire, through]
  std::uint32_t fires = 1;  // how many (at least, when it reached kMaxRunsPerTick)
  bool late = false;        // a missed fire (caught up, or coalesced)
  Micros at = 0;
  std::int32_t replica = 0;
  std::uint64_t token = 0;
  bool skipped = false;  // dropped by the skip policy: recorded as handled, not run
  bool accepted = true;  // false: refused by fencing
};

struct SchedulerStats {
  std::uint64_t runs = 0;     // accepted
  std::uint64_t refused = 0;  // stale writes refused by fencing
  std::uint64_t skipped = 0;  // missed fires dropped by skip (at least)
  std::uint64_t acquired = 0;
  std::uint64_t lost = 0;  // renewals refused
};

struct SchedulerSnapshot {
  Micros now = 0;
  LeaseView lease;
  std::vector<ReplicaView> replicas;
  std::vector<CronJobView> jobs;  // in the order they were added
  std::vector<CronRun> runs;  // the log, in write order; skips and refused writes included
  SchedulerStats stats;
};

class CronScheduler {
 public:
  // Preconditions: check_scheduler_config(config) is ok; `clock` outlives the scheduler.
  CronScheduler(const sim::Clock& clock, SchedulerConfig config);

  // The job's first fire is the first after now.
  Status add_job(std::string_view name, std::string_view expression, Misfire policy);

  Status tick(std::uint32_t replica);
  Status pause(std::uint32_t replica);    // up → paused
  Status resume(std::uint32_t replica);   // paused → up, acting on what it believed
  Status crash(std::uint32_t replica);    // up or paused → down
  Status restart(std::uint32_t replica);  // down → up
  // The replica's clock reads now + skew from here on (a clock stepped back or forth).
  Status set_skew(std::uint32_t replica, Micros skew);

  SchedulerSnapshot snapshot() const;
  Invariants invariants() const;
  const SchedulerConfig& config() const { return config_; }
  void set_trace(sim::Trace* trace) { trace_ = trace; }

 private:
  friend struct ::sdlab::TestPeer<CronScheduler>;

  struct Job {
    std::string name;
    CronExpression expression;
    Misfire policy;
    Micros done_through;
  };
  struct Replica {
    ReplicaState state = ReplicaState::kUp;
    bool believes = false;
    std::uint64_t token = 0;
    Micros believed_expires = 0;  // by its own clock
    Micros skew = 0;
    std::vector<Micros> view;  // done_through per job, as last read from the store
  };

  Status check_replica(std::uint32_t replica, const char* call,
                       std::initializer_list<ReplicaState> allowed) const;
  void hold_lease(std::uint32_t r);
  void run_due(std::uint32_t r);
  void run_job(std::uint32_t r, std::size_t j);
  // Writes one run to the store; false when fencing refused it.
  bool write(std::uint32_t r, std::size_t j, CronRun run);
  std::string name(std::uint32_t r) const;
  Micros own_now(std::uint32_t r) const { return clock_.now() + replicas_[r].skew; }

  const sim::Clock& clock_;
  SchedulerConfig config_;
  LeaseView lease_;  // `valid` unused here: computed in snapshot()
  std::uint64_t last_token_ = 0;
  std::vector<Job> jobs_;
  std::vector<Replica> replicas_;
  std::vector<CronRun> runs_;
  SchedulerStats stats_;
  sim::Trace* trace_ = nullptr;
};

}  // namespace sdlab::messaging
