#include "sim/simulator.h"

#include <utility>

#include "sim/micros.h"

namespace sdlab::sim {

// ---- Context ---------------------------------------------------------------------------------

Micros Context::now() const { return sim_.now(); }
Storage& Context::disk() { return sim_.actors_[self_].disk; }
Random& Context::random() { return sim_.random_; }
void Context::note(std::string text) { sim_.current_->notes.push_back(std::move(text)); }

void Context::send(ActorId to, Message message) {
  if (to >= sim_.actors_.size()) {
    note("sent " + message.type + " to no such actor " + std::to_string(to));
    return;
  }
  const Arrivals arrivals = sim_.network_.transmit(self_, to, now(), sim_.random_);
  if (arrivals.empty()) {
    note(message.type + " to " + sim_.name(to) +
         (sim_.network_.partitioned(self_, to) ? " dropped by a partition"
                                               : " lost by the network"));
    return;
  }
  const std::string sent = "sent by " + sim_.name(self_) + " at step " +
                           std::to_string(sim_.current_->index) + " (" + format_micros(now()) + ")";
  for (std::size_t copy = 0; copy < arrivals.size(); ++copy) {
    sim_.schedule({arrivals[copy], 0, Simulator::Kind::kDeliver, to, self_, 0, 0, message,
                   sim_.current_cause(),
                   copy == 0 ? sent : "a duplicate made by the network of the message " + sent});
  }
}

TimerId Context::set_timer(Micros delay, Message tag) {
  const TimerId id = sim_.next_timer_++;
  sim_.live_timers_.insert(id);
  sim_.schedule({now() + delay, 0, Simulator::Kind::kTimer, self_, self_,
                 sim_.actors_[self_].incarnation, id, std::move(tag), sim_.current_cause(),
                 "set at step " + std::to_string(sim_.current_->index) + " to fire after " +
                     format_micros(delay)});
  return id;
}

void Context::cancel_timer(TimerId timer) { sim_.live_timers_.erase(timer); }

// ---- Simulator -------------------------------------------------------------------------------

Simulator::Simulator(std::uint64_t seed, LinkSpec default_link)
    : random_(seed), network_(default_link) {}

ActorId Simulator::add(std::string name, ActorFactory make) {
  const auto id = static_cast<ActorId>(actors_.size());
  actors_.push_back({std::move(name), std::move(make), nullptr, 0, {}});
  schedule({now(), 0, Kind::kStart, id, kOutside, 0, 0, {}, current_cause(), "added"});
  return id;
}

Status Simulator::check_at(ActorId actor, Micros at) const {
  if (actor >= actors_.size()) {
    return Status::invalid("actor must be one of the " + std::to_string(actors_.size()) +
                           " actors added, got " + std::to_string(actor));
  }
  return check_micros("at", at, now(), kMaxTime);
}

Status Simulator::inject(ActorId to, Message message, Micros at) {
  Status s = check_at(to, at);
  if (s.is_ok()) {
    schedule({at, 0, Kind::kDeliver, to, kOutside, 0, 0, std::move(message), kNoCause,
              "injected from outside"});
  }
  return s;
}

Status Simulator::crash_at(ActorId actor, Micros at) {
  Status s = check_at(actor, at);
  if (s.is_ok())
    schedule({at, 0, Kind::kCrash, actor, kOutside, 0, 0, {}, kNoCause, "scheduled crash"});
  return s;
}

Status Simulator::restart_at(ActorId actor, Micros at) {
  Status s = check_at(actor, at);
  if (s.is_ok()) {
    schedule({at, 0, Kind::kRestart, actor, kOutside, 0, 0, {}, kNoCause, "scheduled restart"});
  }
  return s;
}

Status Simulator::partition_at(ActorId a, ActorId b, Micros at) {
  Status s = first_error(check_at(a, at), check_at(b, at));
  if (s.is_ok())
    schedule({at, 0, Kind::kPartition, a, b, 0, 0, {}, kNoCause, "scheduled partition"});
  return s;
}

Status Simulator::heal_at(ActorId a, ActorId b, Micros at) {
  Status s = first_error(check_at(a, at), check_at(b, at));
  if (s.is_ok()) schedule({at, 0, Kind::kHeal, a, b, 0, 0, {}, kNoCause, "scheduled heal"});
  return s;
}

Status Simulator::set_link(ActorId from, ActorId to, const LinkSpec& link) {
  Status s = first_error(check_at(from, now()), check_at(to, now()));
  return s.is_ok() ? network_.set_link(from, to, link) : s;
}

void Simulator::schedule(Event event) {
  event.sequence = next_sequence_++;
  events_.push(std::move(event));
}

std::int64_t Simulator::current_cause() const {
  return current_ ? static_cast<std::int64_t>(current_->index) : kNoCause;
}

void Simulator::discard_stale_timers() {
  while (!events_.empty()) {
    const Event& next = events_.top();
    if (next.kind != Kind::kTimer) return;
    const bool same_life = up(next.actor) && next.incarnation == actors_[next.actor].incarnation;
    if (same_life && live_timers_.count(next.timer)) return;
    live_timers_.erase(next.timer);
    events_.pop();
  }
}

bool Simulator::step() {
  discard_stale_timers();
  if (events_.empty()) return false;
  // Moving out of the top is safe: pop() moves it to the back and never compares it again.
  const Event event = std::move(const_cast<Event&>(events_.top()));
  events_.pop();
  if (event.kind == Kind::kTimer) live_timers_.erase(event.timer);
  clock_.advance_to(event.time);
  StepRecord record;
  record.index = history_.size();
  record.time = now();
  record.actor = name(event.actor);
  record.cause = event.cause;
  record.why = event.why;
  current_ = &record;
  run(event, record);
  current_ = nullptr;
  history_.push_back(std::move(record));
  return true;
}

std::uint64_t Simulator::run_until(Micros t, std::uint64_t max_steps) {
  std::uint64_t steps = 0;
  for (; steps < max_steps; ++steps) {
    discard_stale_timers();
    if (events_.empty() || events_.top().time > t) {
      clock_.advance_to(t);
      break;
    }
    step();
  }
  return steps;
}

void Simulator::boot(ActorId actor, StepRecord& record) {
  Slot& slot = actors_[actor];
  slot.object = slot.make();
  ++slot.incarnation;
  record.notes.push_back("incarnation " + std::to_string(slot.incarnation) + " with " +
                         std::to_string(slot.disk.size()) + " entries on disk");
  Context ctx(*this, actor);
  slot.object->start(ctx);
}

void Simulator::run(const Event& event, StepRecord& record) {
  Slot& slot = actors_[event.actor];
  Context ctx(*this, event.actor);
  switch (event.kind) {
    case Kind::kStart:
      record.kind = "start";
      boot(event.actor, record);
      return;
    case Kind::kDeliver:
      record.from = event.other == kOutside ? "outside" : name(event.other);
      record.message = event.message;
      if (!slot.object) {
        record.kind = "drop";
        record.notes.push_back(slot.name + " is down");
        return;
      }
      record.kind = "deliver";
      slot.object->receive(ctx, event.other, event.message);
      return;
    case Kind::kTimer:
      record.kind = "timer";
      record.message = event.message;
      slot.object->timer(ctx, event.message);
      return;
    case Kind::kCrash:
      record.kind = "crash";
      record.notes.push_back(slot.object ? "memory and timers lost; disk kept" : "already down");
      slot.object.reset();
      return;
    case Kind::kRestart:
      record.kind = "restart";
      if (slot.object) record.notes.push_back("was running: rebooted, memory and timers lost");
      slot.object.reset();
      boot(event.actor, record);
      return;
    case Kind::kPartition:
    case Kind::kHeal:
      record.kind = event.kind == Kind::kPartition ? "partition" : "heal";
      record.from = name(event.other);
      if (event.kind == Kind::kPartition) {
        network_.partition(event.actor, event.other);
      } else {
        network_.heal(event.actor, event.other);
      }
      return;
  }
}

}  // namespace sdlab::sim
