#include "messaging/job_processor.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "sim/micros.h"

namespace sdlab::messaging {

namespace {

// now + by, stopping at the end of simulated time (both are at most kMaxTime: no overflow).
Micros later(Micros now, Micros by) { return by < sim::kMaxTime - now ? now + by : sim::kMaxTime; }

bool is_final(JobState state) {
  return state == JobState::kSucceeded || state == JobState::kDead || state == JobState::kCancelled;
}

// A cycle error names at most this many jobs: the first and the last half, and how many between.
constexpr std::size_t kShownCycle = 16;

std::string quoted(std::string_view id) { return "\"" + std::string(id) + "\""; }

}  // namespace

const char* state_name(JobState state) {
  switch (state) {
    case JobState::kScheduled:
      return "scheduled";
    case JobState::kQueued:
      return "queued";
    case JobState::kRunning:
      return "running";
    case JobState::kSucceeded:
      return "succeeded";
    case JobState::kFailed:
      return "failed";
    case JobState::kRetrying:
      return "retrying";
    case JobState::kDead:
      return "dead";
    case JobState::kCancelled:
      return "cancelled";
  }
  return "?";
}

Status check_processor_config(const ProcessorConfig& c) {
  Status s = first_error(check_integer("workers", c.workers, 1, kMaxWorkers),
                         check_integer("capacity", c.capacity, 1, kMaxJobs),
                         sim::check_micros("minDuration", c.min_duration, 0, kMaxJobDuration),
                         sim::check_micros("maxDuration", c.max_duration, 0, kMaxJobDuration),
                         check_number("failureRate", c.failure_rate, 0, 1),
                         check_backoff_config(c.backoff));
  if (s.is_ok() && c.max_duration < c.min_duration) {
    return Status::invalid("maxDuration must be at least minDuration (" +
                           sim::format_micros(c.min_duration) + "), got " +
                           sim::format_micros(c.max_duration));
  }
  return s;
}

JobProcessor::JobProcessor(const ProcessorConfig& config)
    : config_(config), random_(config.seed), workers_(config.workers, -1) {}

Status JobProcessor::check_batch(const std::vector<JobSpec>& jobs) const {
  if (jobs.size() > config_.capacity - jobs_.size()) {
    return Status::invalid("the processor is full: capacity " + std::to_string(config_.capacity) +
                           " jobs, " + std::to_string(jobs_.size()) + " submitted, " +
                           std::to_string(jobs.size()) + " more refused");
  }
  std::unordered_set<std::string_view> batch;
  for (const JobSpec& j : jobs) {
    if (j.id.size() <= kMaxJobIdBytes) batch.insert(j.id);
  }
  std::unordered_set<std::string_view> seen;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const JobSpec& j = jobs[i];
    Status s = first_error(check_length("id", j.id, kMaxJobIdBytes),
                           check_integer("priority", j.priority, -kMaxPriority, kMaxPriority),
                           sim::check_micros("runAt", j.run_at, 0, sim::kSimulationEnd),
                           j.duration == kDrawn
                               ? Status::ok()
                               : sim::check_micros("duration", j.duration, 0, kMaxJobDuration),
                           sim::check_micros("timeout", j.timeout, 0, kMaxJobDuration));
    if (s.is_ok() && j.id.empty()) s = Status::invalid("id must not be empty");
    if (s.is_ok() && (index_.count(j.id) || !seen.insert(j.id).second))
      s = Status::invalid("id " + quoted(j.id) + " is already taken");
    if (s.is_ok() && j.script.size() > kMaxAttemptsLimit)
      s = Status::invalid("script must hold at most " + std::to_string(kMaxAttemptsLimit) +
                          " outcomes, got " + std::to_string(j.script.size()));
    if (s.is_ok() && j.depends_on.size() > kMaxDependencies)
      s = Status::invalid("dependsOn must name at most " + std::to_string(kMaxDependencies) +
                          " jobs, got " + std::to_string(j.depends_on.size()));
    std::set<std::string_view> named_deps;
    for (const std::string& dep : j.depends_on) {
      if (!s.is_ok()) break;
      if (!index_.count(dep) && !batch.count(dep))
        s = Status::invalid("dependsOn names " + quoted(dep) +
                            ", which is neither submitted nor in this batch");
      else if (!named_deps.insert(dep).second)
        s = Status::invalid("dependsOn names " + quoted(dep) + " twice");
    }
    if (!s.is_ok()) {
      const bool named = !j.id.empty() && j.id.size() <= kMaxJobIdBytes;
      return Status::invalid(
          (named ? "job " + quoted(j.id) : "job " + std::to_string(i) + " of the batch") + ": " +
          s.message());
    }
  }
  return check_cycles(jobs);
}

// Depth-first search over the batch's edges (a job → a job it depends on): jobs submitted before
// depend only on earlier jobs, so a cycle lies within the batch. Iterative: a batch may be a chain
// of kMaxJobs. The stack is the current path, so a back edge closes the cycle it shows.
Status JobProcessor::check_cycles(const std::vector<JobSpec>& jobs) const {
  std::unordered_map<std::string_view, std::size_t> position;
  for (std::size_t i = 0; i < jobs.size(); ++i) position.emplace(jobs[i].id, i);
  enum Colour : char { kWhite, kGrey, kBlack };
  std::vector<Colour> colour(jobs.size(), kWhite);
  std::vector<std::pair<std::size_t, std::size_t>> path;  // (job, next dependency to follow)
  for (std::size_t root = 0; root < jobs.size(); ++root) {
    if (colour[root] != kWhite) continue;
    path.push_back({root, 0});
    colour[root] = kGrey;
    while (!path.empty()) {
      auto& [job, next] = path.back();
      if (next == jobs[job].depends_on.size()) {
        colour[job] = kBlack;
        path.pop_back();
        continue;
      }
      const auto to = position.find(jobs[job].depends_on[next++]);
      if (to == position.end() || colour[to->second] == kBlack) continue;
      if (colour[to->second] == kWhite) {
        colour[to->second] = kGrey;
        path.push_back({to->second, 0});
        continue;
      }
      const auto from = std::find_if(path.begin(), path.end(),
                                     [&](const auto& p) { return p.first == to->second; });
      const auto length = static_cast<std::size_t>(path.end() - from);
      std::string cycle;
      for (std::size_t k = 0; k < length; ++k) {
        if (length > kShownCycle && k == kShownCycle / 2) {
          cycle += "… (" + std::to_string(length - kShownCycle) + " more) → ";
          k = length - kShownCycle / 2;
        }
        cycle += jobs[from[static_cast<std::ptrdiff_t>(k)].first].id + " → ";
      }
      return Status::invalid("dependsOn has a cycle (→ reads \"depends on\"): " + cycle +
                             jobs[to->second].id);
    }
  }
  return Status::ok();
}

sim::Data JobProcessor::data(const Job& job) const {
  return {{"job", job.spec.id},
          {"state", state_name(job.state)},
          {"attempt", job.attempts},
          {"time", now()}};
}

void JobProcessor::note(const char* kind, const Job& job, std::string why, sim::Data extra,
                        sim::Where where) {
  sim::Data all = data(job);
  for (sim::Datum& d : extra) all.push_back(std::move(d));
  trace_->add(kind, job.spec.id, std::move(why), std::move(all), where);
}

void JobProcessor::record(Job& job, JobState state, std::string why, Micros delay) {
  job.state = state;
  job.history.push_back({state, now(), job.attempts, job.worker, delay, std::move(why)});
  if (is_final(state)) ++finished_;
}

void JobProcessor::schedule(std::size_t i, EventKind kind, Micros at) {
  Job& job = jobs_[i];
  job.event = {at, next_sequence_++};
  job.has_event = true;
  events_.emplace(job.event, Event{kind, i});
}

void JobProcessor::enqueue(std::size_t i, std::string why) {
  Job& job = jobs_[i];
  const std::int64_t rank = config_.order == Order::kPriority ? -job.spec.priority : 0;
  job.ready_key = {rank, next_sequence_++, i};
  job.in_ready = true;
  ready_.insert(job.ready_key);
  record(job, JobState::kQueued, std::move(why));
}

Status JobProcessor::submit(const std::vector<JobSpec>& batch) {
  if (Status s = check_batch(batch); !s.is_ok()) return s;
  const std::size_t first = jobs_.size();
  for (const JobSpec& spec : batch) {
    index_.emplace(spec.id, jobs_.size());
    jobs_.emplace_back().spec = spec;
    ++stats_.submitted;
  }
  for (std::size_t i = first; i < jobs_.size(); ++i) add(i);
  return Status::ok();
}

void JobProcessor::add(std::size_t i) {
  Job& job = jobs_[i];
  const Job* doomed_by = nullptr;
  for (const std::string& name : job.spec.depends_on) {
    const std::size_t d = index_.at(name);
    job.dependencies.push_back(d);
    jobs_[d].dependents.push_back(i);
    if (jobs_[d].state != JobState::kSucceeded) ++job.waiting_on;
    if (!doomed_by && (jobs_[d].state == JobState::kDead || jobs_[d].state == JobState::kCancelled))
      doomed_by = &jobs_[d];
  }
  if (doomed_by) {
    ++stats_.cancelled;
    record(job, JobState::kCancelled,
           "depends on " + doomed_by->spec.id + ", which is " + state_name(doomed_by->state));
    if (trace_) note("submit", job, job.history.back().why);
    cancel_dependents(i);
    return;
  }
  job.due = job.spec.run_at <= now();
  if (!job.due) schedule(i, EventKind::kRelease, job.spec.run_at);
  if (job.due && job.waiting_on == 0) {
    enqueue(i, "submitted");
  } else {
    record(job, JobState::kScheduled,
           job.due ? "waiting for " + std::to_string(job.waiting_on) + " dependencies"
                   : "delayed until " + sim::format_micros(job.spec.run_at));
  }
  if (trace_)
    note("submit", job, job.history.back().why,
         {{"priority", job.spec.priority},
          {"runAt", job.spec.run_at},
          {"dependencies", job.waiting_on}});
}

void JobProcessor::become_due(std::size_t i) {
  Job& job = jobs_[i];
  job.due = true;
  const bool retry = job.state == JobState::kRetrying;
  if (job.waiting_on == 0) enqueue(i, retry ? "backoff over" : "runAt reached");
  if (trace_)
    note("release", job,
         job.waiting_on == 0
             ? std::string(retry ? "backoff over: queued again" : "runAt reached: queued")
             : "runAt reached; waiting for " + std::to_string(job.waiting_on) + " dependencies",
         {{"waitingOn", job.waiting_on}, {"ready", ready_.size()}});
}

bool JobProcessor::idle_worker(std::int32_t& worker) const {
  const auto it = std::find(workers_.begin(), workers_.end(), -1);
  worker = static_cast<std::int32_t>(it - workers_.begin());
  return it != workers_.end();
}

void JobProcessor::dispatch() {
  std::int32_t worker = kNoWorker;
  idle_worker(worker);
  const std::size_t i = std::get<2>(*ready_.begin());
  ready_.erase(ready_.begin());
  Job& job = jobs_[i];
  job.in_ready = false;
  ++job.attempts;
  ++stats_.runs;
  const Micros duration =
      job.spec.duration != kDrawn
          ? job.spec.duration
          : config_.min_duration +
                static_cast<Micros>(random_.below(
                    static_cast<std::uint64_t>(config_.max_duration - config_.min_duration) + 1));
  const bool fails = random_.uniform01() < config_.failure_rate;
  job.outcome = job.attempts <= job.spec.script.size() ? job.spec.script[job.attempts - 1]
                : fails                                ? Outcome::kFail
                                                       : Outcome::kSucceed;
  const bool times_out = job.spec.timeout != kNoTimeout && duration > job.spec.timeout;
  const Micros ends_at = later(now(), times_out ? job.spec.timeout : duration);
  schedule(i, times_out ? EventKind::kTimeout : EventKind::kFinish, ends_at);
  workers_[worker] = static_cast<std::int32_t>(i);
  job.worker = worker;
  record(job, JobState::kRunning, "on worker " + std::to_string(worker));
  if (trace_)
    note("start", job,
         "attempt " + std::to_string(job.attempts) + " on worker " + std::to_string(worker) +
             (times_out ? ", will time out at " : ", ends at ") + sim::format_micros(ends_at),
         {{"worker", worker},
          {"duration", duration},
          {"endsAt", ends_at},
          {"outcome", times_out                          ? "timeout"
                      : job.outcome == Outcome::kSucceed ? "succeed"
                                                         : "fail"}});
}

void JobProcessor::run(const EventKey& key, const Event& event) {
  events_.erase(key);
  jobs_[event.job].has_event = false;
  if (event.kind == EventKind::kRelease) return become_due(event.job);
  finish(event.job, event.kind == EventKind::kTimeout);
}

void JobProcessor::finish(std::size_t i, bool timed_out) {
  Job& job = jobs_[i];
  workers_[job.worker] = -1;
  if (timed_out) {
    ++stats_.timeouts;
    fail(i, true);
  } else if (job.outcome == Outcome::kSucceed) {
    succeed(i);
  } else {
    fail(i, false);
  }
}

void JobProcessor::succeed(std::size_t i) {
  Job& job = jobs_[i];
  ++stats_.succeeded;
  record(job, JobState::kSucceeded, "succeeded on attempt " + std::to_string(job.attempts));
  job.worker = kNoWorker;
  if (trace_) note("succeed", job, job.history.back().why);
  const sim::Nest nest(trace_);
  for (const std::size_t d : job.dependents) {
    Job& dependent = jobs_[d];
    if (dependent.state != JobState::kScheduled || --dependent.waiting_on > 0) continue;
    if (!dependent.due) {
      if (trace_) note("unblocked", dependent, "its dependencies succeeded; still delayed");
      continue;
    }
    enqueue(d, "dependencies succeeded");
    if (trace_) note("ready", dependent, "its dependencies succeeded: queued");
  }
}

void JobProcessor::fail(std::size_t i, bool timed_out) {
  Job& job = jobs_[i];
  ++stats_.failures;
  record(job, JobState::kFailed,
         timed_out ? "timed out after " + sim::format_micros(job.spec.timeout) : "failed");
  job.worker = kNoWorker;
  if (trace_) note(timed_out ? "timeout" : "fail", job, job.history.back().why);
  const sim::Nest nest(trace_);
  if (job.attempts < config_.backoff.max_attempts) {
    const std::uint32_t retry = job.attempts - 1;
    const Micros previous = retry == 0 ? config_.backoff.base : job.previous_delay;
    const Micros delay = backoff_delay(config_.backoff, retry, previous, random_);
    job.previous_delay = delay;
    job.due = false;
    ++stats_.retries;
    schedule(i, EventKind::kRelease, later(now(), delay));
    record(job, JobState::kRetrying, "backoff " + sim::format_micros(delay), delay);
    if (trace_) {
      const DelayBounds b = delay_bounds(config_.backoff, retry, previous);
      note("retry", job, "retry " + std::to_string(retry) + " after " + sim::format_micros(delay),
           {{"retry", retry},
            {"delay", delay},
            {"low", b.low},
            {"high", b.high},
            {"jitter", jitter_name(config_.backoff.jitter)},
            {"at", job.event.first}});
    }
    return;
  }
  ++stats_.dead;
  dead_letters_.push_back(i);
  record(job, JobState::kDead,
         "failed " + std::to_string(job.attempts) + " of " +
             std::to_string(config_.backoff.max_attempts) + " attempts: dead-lettered");
  if (trace_) note("dead", job, job.history.back().why, {{"deadLetters", dead_letters_.size()}});
  cancel_dependents(i);
}

// Dependents of a dead or cancelled job are waiting (a job that ran had every dependency
// succeeded), so each has at most a pending release to drop.
void JobProcessor::cancel_dependents(std::size_t root) {
  std::vector<std::size_t> todo{root};
  while (!todo.empty()) {
    const std::size_t cause = todo.back();
    todo.pop_back();
    for (const std::size_t d : jobs_[cause].dependents) {
      Job& dependent = jobs_[d];
      if (is_final(dependent.state)) continue;
      if (dependent.has_event) events_.erase(dependent.event);
      dependent.has_event = false;
      ++stats_.cancelled;
      record(dependent, JobState::kCancelled,
             "depends on " + jobs_[cause].spec.id + ", which is " + state_name(jobs_[cause].state));
      if (trace_) note("cancel", dependent, dependent.history.back().why);
      todo.push_back(d);
    }
  }
}

bool JobProcessor::step() {
  std::int32_t worker = kNoWorker;
  if (!events_.empty() && events_.begin()->first.first <= now()) {
    const auto [key, event] = *events_.begin();
    run(key, event);
  } else if (!ready_.empty() && idle_worker(worker)) {
    dispatch();
  } else if (!events_.empty()) {
    const auto [key, event] = *events_.begin();
    clock_.advance_to(key.first);
    run(key, event);
  } else {
    return false;
  }
  return true;
}

std::uint64_t JobProcessor::run_until(Micros t, std::uint64_t max_steps) {
  std::uint64_t steps = 0;
  std::int32_t worker = kNoWorker;
  for (;;) {
    const bool due = (!events_.empty() && events_.begin()->first.first <= t) ||
                     (!ready_.empty() && idle_worker(worker));
    if (!due) break;
    if (steps == max_steps) return steps;
    step();
    ++steps;
  }
  clock_.advance_to(t);
  return steps;
}

ProcessorSnapshot JobProcessor::snapshot() const {
  ProcessorSnapshot snap;
  snap.now = now();
  for (const Job& job : jobs_) {
    snap.jobs.push_back({job.spec.id, job.spec.priority, job.spec.run_at, job.spec.timeout,
                         job.spec.depends_on, job.state, job.attempts, job.history});
  }
  for (const ReadyKey& key : ready_) snap.ready.push_back(jobs_[std::get<2>(key)].spec.id);
  for (const std::int32_t job : workers_) snap.workers.push_back(job < 0 ? "" : jobs_[job].spec.id);
  for (const std::size_t job : dead_letters_) snap.dead_letters.push_back(jobs_[job].spec.id);
  snap.stats = stats_;
  return snap;
}

Invariants JobProcessor::invariants() const {
  Invariants list;
  std::string dag, attempts, places, delays;
  std::vector<int> on_workers(jobs_.size(), 0);
  for (const std::int32_t job : workers_) {
    if (job >= 0) ++on_workers[job];
  }
  std::vector<int> in_dlq(jobs_.size(), 0);
  for (const std::size_t job : dead_letters_) ++in_dlq[job];
  auto first = [](const Job& job, JobState state) -> const Transition* {
    for (const Transition& t : job.history) {
      if (t.state == state) return &t;
    }
    return nullptr;
  };
  for (std::size_t i = 0; i < jobs_.size(); ++i) {
    const Job& job = jobs_[i];
    const std::string& id = job.spec.id;
    if (const Transition* start = first(job, JobState::kRunning)) {
      for (const std::size_t d : job.dependencies) {
        const Transition* done = first(jobs_[d], JobState::kSucceeded);
        if (dag.empty() && (!done || done->at > start->at))
          dag = id + " started at " + sim::format_micros(start->at) + " before " +
                jobs_[d].spec.id + " succeeded";
      }
    }
    const auto runs = static_cast<std::uint32_t>(
        std::count_if(job.history.begin(), job.history.end(),
                      [](const auto& t) { return t.state == JobState::kRunning; }));
    if (attempts.empty() && (job.attempts > config_.backoff.max_attempts || runs != job.attempts))
      attempts = id + " has " + std::to_string(job.attempts) + " attempts and " +
                 std::to_string(runs) + " runs, max " +
                 std::to_string(config_.backoff.max_attempts);
    const JobState s = job.state;
    const bool waits = s == JobState::kScheduled && !job.due;
    const bool placed =
        job.in_ready == (s == JobState::kQueued) && on_workers[i] == (s == JobState::kRunning) &&
        in_dlq[i] == (s == JobState::kDead) &&
        job.has_event == (s == JobState::kRunning || s == JobState::kRetrying || waits) &&
        (!job.in_ready || ready_.count(job.ready_key)) &&
        (!job.has_event || events_.count(job.event)) && !job.history.empty() &&
        job.history.back().state == s && s != JobState::kFailed &&
        (s != JobState::kScheduled || !job.due || job.waiting_on > 0);
    if (places.empty() && !placed)
      places = id + " is " + state_name(s) + " but is" + (job.in_ready ? "" : " not") +
               " queued, on " + std::to_string(on_workers[i]) + " workers, " +
               std::to_string(in_dlq[i]) + " times dead-lettered, with" +
               (job.has_event ? "" : "out") + " a pending event";
    std::uint32_t retry = 0;
    Micros previous = config_.backoff.base;
    for (const Transition& t : job.history) {
      if (t.state != JobState::kRetrying) continue;
      const DelayBounds b = delay_bounds(config_.backoff, retry, previous);
      if (delays.empty() && (t.delay < b.low || t.delay > b.high))
        delays = id + " retry " + std::to_string(retry) + " waited " + sim::format_micros(t.delay) +
                 ", outside [" + std::to_string(b.low) + ", " + std::to_string(b.high) + "]";
      previous = t.delay;
      ++retry;
    }
  }
  check_invariant(list, "a job runs only after all its dependencies succeeded", dag.empty(),
                  [&] { return dag; });
  check_invariant(list, "attempts <= max attempts", attempts.empty(), [&] { return attempts; });
  check_invariant(list, "each job is in exactly one state", places.empty(), [&] { return places; });
  check_invariant(list, "every backoff delay is within its strategy's bounds", delays.empty(),
                  [&] { return delays; });
  return list;
}

}  // namespace sdlab::messaging
