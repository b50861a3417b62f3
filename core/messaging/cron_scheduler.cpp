#include "messaging/cron_scheduler.h"

#include <algorithm>
#include <map>
#include <utility>

#include "sim/micros.h"

namespace sdlab::messaging {

const char* misfire_name(Misfire policy) {
  switch (policy) {
    case Misfire::kFireAll:
      return "fire-all";
    case Misfire::kFireOnce:
      return "fire-once";
    case Misfire::kSkip:
      return "skip";
  }
  return "";
}

const char* replica_state_name(ReplicaState state) {
  switch (state) {
    case ReplicaState::kUp:
      return "up";
    case ReplicaState::kPaused:
      return "paused";
    case ReplicaState::kDown:
      return "down";
  }
  return "";
}

Status check_scheduler_config(const SchedulerConfig& config) {
  return first_error(
      check_integer("replicas", config.replicas, 1, kMaxReplicas),
      sim::check_micros("leaseTtl", config.lease_ttl, 1, kMaxLeaseTtl),
      sim::check_micros("misfireThreshold", config.misfire_threshold, 0, kMaxMisfireThreshold));
}

CronScheduler::CronScheduler(const sim::Clock& clock, SchedulerConfig config)
    : clock_(clock), config_(config), replicas_(config.replicas) {}

std::string CronScheduler::name(std::uint32_t r) const {
  return "replica-" + std::to_string(r + 1);
}

Status CronScheduler::add_job(std::string_view name, std::string_view expression, Misfire policy) {
  Status s = check_length("name", name, kMaxJobNameBytes);
  if (s.is_ok() && name.empty()) s = Status::invalid("name must not be empty");
  if (s.is_ok() && *misfire_name(policy) == '\0')
    s = Status::invalid("policy must be fire-all, fire-once or skip");
  if (!s.is_ok()) return s;
  for (const Job& job : jobs_) {
    if (job.name == name) return Status::invalid("a job named " + job.name + " exists already");
  }
  if (jobs_.size() >= kMaxJobs) {
    return Status::invalid("at most " + std::to_string(kMaxJobs) + " jobs");
  }
  CronExpression parsed;
  s = CronExpression::parse(expression, parsed);
  if (!s.is_ok()) return s;
  jobs_.push_back({std::string(name), std::move(parsed), policy, clock_.now()});
  if (trace_)
    trace_->add("add", std::string(name),
                std::string(expression) + ", misfires: " + misfire_name(policy),
                {{"next", jobs_.back().expression.next_fire(clock_.now()).value_or(-1)}});
  return Status::ok();
}

Status CronScheduler::check_replica(std::uint32_t replica, const char* call,
                                    std::initializer_list<ReplicaState> allowed) const {
  Status s = check_integer("replica", replica, 0, config_.replicas - 1.0);
  if (!s.is_ok()) return s;
  const ReplicaState state = replicas_[replica].state;
  std::string needed;
  for (ReplicaState a : allowed) {
    if (a == state) return Status::ok();
    needed += (needed.empty() ? "" : " or ") + std::string(replica_state_name(a));
  }
  return Status::invalid(name(replica) + " is " + replica_state_name(state) + ": " + call +
                         " needs it " + needed);
}

void CronScheduler::hold_lease(std::uint32_t r) {
  Replica& rep = replicas_[r];
  const Micros now = clock_.now();
  const Micros mine = own_now(r);
  const bool valid = lease_.holder != kNoHolder && now < lease_.expires;
  const auto lease_data = [&] {
    return sim::Data{{"replica", r}, {"token", lease_.token}, {"expires", lease_.expires}};
  };
  if (rep.believes && mine < rep.believed_expires) {
    if (valid && lease_.holder == static_cast<std::int32_t>(r) && lease_.token == rep.token) {
      lease_.expires = now + config_.lease_ttl;
      rep.believed_expires = mine + config_.lease_ttl;
      if (trace_)
        trace_->add("renew", name(r), "holds the lease until " + sim::format_micros(lease_.expires),
                    lease_data());
      return;
    }
    ++stats_.lost;
    if (trace_)
      trace_->add(
          "lost", name(r),
          "renewal of token " + std::to_string(rep.token) + " refused: the store's lease is " +
              (valid ? "token " + std::to_string(lease_.token) + " of " + name(lease_.holder)
                     : std::string("free")),
          lease_data());
  } else if (rep.believes && trace_) {
    trace_->add(
        "expired", name(r),
        "its lease ran out at " + sim::format_micros(rep.believed_expires) + " by its clock",
        lease_data());
  }
  rep.believes = false;
  if (valid) {
    if (trace_)
      trace_->add("wait", name(r),
                  "the lease is held by " + name(lease_.holder) + " until " +
                      sim::format_micros(lease_.expires),
                  lease_data());
    return;
  }
  lease_ = {static_cast<std::int32_t>(r), ++last_token_, now + config_.lease_ttl, false};
  rep.believes = true;
  rep.token = lease_.token;
  rep.believed_expires = mine + config_.lease_ttl;
  ++stats_.acquired;
  if (trace_)
    trace_->add("acquire", name(r),
                "the lease was free: token " + std::to_string(lease_.token) + " until " +
                    sim::format_micros(lease_.expires),
                lease_data());
}

bool CronScheduler::write(std::uint32_t r, std::size_t j, CronRun run) {
  Replica& rep = replicas_[r];
  Job& job = jobs_[j];
  run.job = job.name;
  run.at = clock_.now();
  run.replica = static_cast<std::int32_t>(r);
  run.token = rep.token;
  const sim::Data data = {{"replica", r},           {"token", run.token},
                          {"fire", run.first_fire}, {"through", run.through},
                          {"fires", run.fires},     {"lateness", run.at - run.first_fire}};
  if (config_.fencing && run.token < last_token_) {
    run.accepted = false;
    ++stats_.refused;
    rep.believes = false;
    if (trace_)
      trace_->add("fenced", job.name,
                  "write of " + name(r) + " refused: token " + std::to_string(run.token) +
                      " is older than the lease's token " + std::to_string(last_token_),
                  data);
    runs_.push_back(std::move(run));
    return false;
  }
  job.done_through = std::max(job.done_through, run.through);
  rep.view[j] = run.through;
  if (run.skipped) {
    stats_.skipped += run.fires;
  } else {
    ++stats_.runs;
  }
  if (trace_) {
    const char* kind = run.skipped     ? "skip"
                       : run.fires > 1 ? "coalesce"
                       : run.late      ? "catch-up"
                                       : "run";
    std::string why = run.skipped     ? std::to_string(run.fires) + " missed fires dropped"
                      : run.fires > 1 ? "one run for " + std::to_string(run.fires) + " missed fires"
                      : run.late      ? "a missed fire, run late"
                                      : "due now";
    trace_->add(kind, job.name,
                why + " (by " + name(r) + ", token " + std::to_string(run.token) + ")", data);
  }
  runs_.push_back(std::move(run));
  return true;
}

void CronScheduler::run_job(std::uint32_t r, std::size_t j) {
  const Replica& rep = replicas_[r];
  if (j >= rep.view.size()) return;  // added after this replica last read the store
  const CronExpression& cron = jobs_[j].expression;
  const Micros now = clock_.now();
  const Micros late_before = now - config_.misfire_threshold;  // f < late_before was missed
  Micros cursor = rep.view[j];
  std::uint32_t budget = kMaxRunsPerTick;
  if (jobs_[j].policy != Misfire::kFireAll) {
    CronRun missed;
    missed.late = true;
    missed.skipped = jobs_[j].policy == Misfire::kSkip;
    missed.fires = 0;
    for (auto f = cron.next_fire(cursor); f && *f < late_before && missed.fires < budget;
         f = cron.next_fire(cursor)) {
      if (missed.fires++ == 0) missed.first_fire = *f;
      cursor = *f;
    }
    if (missed.fires == budget) cursor = late_before - 1;  // stands for all the missed fires
    missed.through = cursor;
    if (missed.fires > 0 && !write(r, j, missed)) return;
  }
  for (auto f = cron.next_fire(cursor); f && *f <= now && budget > 0; f = cron.next_fire(cursor)) {
    CronRun run;
    run.first_fire = run.through = cursor = *f;
    run.late = *f < late_before;
    --budget;
    if (!write(r, j, run)) return;
  }
}

void CronScheduler::run_due(std::uint32_t r) {
  for (std::size_t j = 0; j < jobs_.size() && replicas_[r].believes; ++j) run_job(r, j);
}

Status CronScheduler::tick(std::uint32_t replica) {
  Status s = check_replica(replica, "tick", {ReplicaState::kUp});
  if (!s.is_ok()) return s;
  hold_lease(replica);
  Replica& rep = replicas_[replica];
  if (!rep.believes) return Status::ok();
  rep.view.clear();
  for (const Job& job : jobs_) rep.view.push_back(job.done_through);
  run_due(replica);
  return Status::ok();
}

Status CronScheduler::pause(std::uint32_t replica) {
  Status s = check_replica(replica, "pause", {ReplicaState::kUp});
  if (!s.is_ok()) return s;
  replicas_[replica].state = ReplicaState::kPaused;
  if (trace_)
    trace_->add(
        "pause", name(replica),
        "stops between its lease check and its writes" +
            std::string(replicas_[replica].believes ? ", believing it holds the lease" : ""),
        {{"replica", replica}});
  return Status::ok();
}

Status CronScheduler::resume(std::uint32_t replica) {
  Status s = check_replica(replica, "resume", {ReplicaState::kPaused});
  if (!s.is_ok()) return s;
  Replica& rep = replicas_[replica];
  rep.state = ReplicaState::kUp;
  if (trace_)
    trace_->add("resume", name(replica),
                rep.believes
                    ? "wakes believing it holds the lease (token " + std::to_string(rep.token) +
                          ", until " + sim::format_micros(rep.believed_expires) +
                          " by its clock): it acts on what it last read"
                    : "wakes holding nothing",
                {{"replica", replica}, {"token", rep.token}, {"expires", rep.believed_expires}});
  if (rep.believes) run_due(replica);
  return Status::ok();
}

Status CronScheduler::crash(std::uint32_t replica) {
  Status s = check_replica(replica, "crash", {ReplicaState::kUp, ReplicaState::kPaused});
  if (!s.is_ok()) return s;
  replicas_[replica] = Replica{ReplicaState::kDown, false, 0, 0, replicas_[replica].skew, {}};
  if (trace_)
    trace_->add("crash", name(replica), "down: it forgets what it held", {{"replica", replica}});
  return Status::ok();
}

Status CronScheduler::restart(std::uint32_t replica) {
  Status s = check_replica(replica, "restart", {ReplicaState::kDown});
  if (!s.is_ok()) return s;
  replicas_[replica].state = ReplicaState::kUp;
  if (trace_) trace_->add("restart", name(replica), "up, holding nothing", {{"replica", replica}});
  return Status::ok();
}

Status CronScheduler::set_skew(std::uint32_t replica, Micros skew) {
  Status s = first_error(check_integer("replica", replica, 0, config_.replicas - 1.0),
                         sim::check_micros("skew", skew, -kMaxSkew, kMaxSkew));
  if (!s.is_ok()) return s;
  replicas_[replica].skew = skew;
  if (trace_)
    trace_->add("skew", name(replica), "its clock now reads " + sim::format_micros(skew) + " off",
                {{"replica", replica}, {"skew", skew}});
  return Status::ok();
}

SchedulerSnapshot CronScheduler::snapshot() const {
  SchedulerSnapshot snap;
  snap.now = clock_.now();
  snap.lease = lease_;
  snap.lease.valid = lease_.holder != kNoHolder && snap.now < lease_.expires;
  for (std::uint32_t r = 0; r < replicas_.size(); ++r) {
    const Replica& rep = replicas_[r];
    snap.replicas.push_back(
        {name(r), rep.state, rep.believes, rep.token, rep.believed_expires, rep.skew});
  }
  for (const Job& job : jobs_) {
    snap.jobs.push_back({job.name, job.expression.text(), job.policy, job.done_through,
                         job.expression.next_fire(job.done_through)});
  }
  snap.runs = runs_;
  snap.stats = stats_;
  return snap;
}

Invariants CronScheduler::invariants() const {
  Invariants list;
  std::string holders;
  std::uint32_t holding = 0;
  for (std::uint32_t r = 0; r < replicas_.size(); ++r) {
    const Replica& rep = replicas_[r];
    if (rep.state == ReplicaState::kUp && rep.believes && own_now(r) < rep.believed_expires) {
      ++holding;
      holders += (holders.empty() ? "" : ", ") + name(r);
    }
  }
  check_invariant(list, "at most one running replica holds a valid lease", holding <= 1,
                  [&] { return holders + " all hold it"; });

  std::uint64_t highest = 0;
  std::string decrease;
  for (const CronRun& run : runs_) {
    if (!run.accepted) continue;
    if (run.token < highest && decrease.empty())
      decrease = "token " + std::to_string(run.token) + " of " + name(run.replica) +
                 " accepted after token " + std::to_string(highest);
    highest = std::max(highest, run.token);
  }
  check_invariant(list, "fencing tokens of accepted writes never decrease", decrease.empty(),
                  [&] { return decrease; });

  std::map<std::string, std::vector<const CronRun*>> by_job;
  for (const CronRun& run : runs_) {
    if (run.accepted) by_job[run.job].push_back(&run);
  }
  std::string twice;
  for (auto& [job, runs] : by_job) {
    std::stable_sort(runs.begin(), runs.end(), [](const CronRun* a, const CronRun* b) {
      return a->first_fire < b->first_fire;
    });
    const CronRun* widest = runs.front();  // the earlier run that reaches furthest
    for (std::size_t i = 1; i < runs.size() && twice.empty(); ++i) {
      if (runs[i]->first_fire <= widest->through)
        twice = job + ": fire time " + sim::format_micros(runs[i]->first_fire) + " handled by " +
                name(widest->replica) + " (token " + std::to_string(widest->token) + ") and " +
                name(runs[i]->replica) + " (token " + std::to_string(runs[i]->token) + ")";
      if (runs[i]->through > widest->through) widest = runs[i];
    }
  }
  check_invariant(list, "no fire time of a job is handled twice", twice.empty(),
                  [&] { return twice; });
  return list;
}

}  // namespace sdlab::messaging
