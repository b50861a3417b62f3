// sdlab::sim::Simulator — a seeded, deterministic discrete-event simulator of actors that
// exchange messages over a simulated Network, with timers, crashes and restarts.
//
// Events wait in a queue ordered by (time, sequence number): the sequence number counts every
// scheduling in order, so two events due at the same microsecond run in the order they were
// scheduled. One step() takes the first event, moves the clock to its time, runs it and appends
// one StepRecord (who, what, when, why) to history(): a page replays, scrubs and steps back by
// re-running the same seed and calls to any step. Same seed and same calls give the same history,
// natively and in WebAssembly (every draw comes from the one seeded Random).
//
// Actors are made by a factory. A crash throws the actor object away: what it held in memory is
// lost, its pending timers never fire and messages that reach it while it is down are dropped. A
// restart makes a fresh object from the factory, which starts again with only its disk — the
// per-actor Storage that survives crashes (what it persisted).
//
// Events (StepRecord::kind): "start", "deliver", "timer", "drop" (a message reached a down
// actor), "crash", "restart", "partition", "heal". Cancelled and stale timers are discarded
// without a step. Inside a step an actor may send, set and cancel timers, write its disk and add
// notes to the step.
//
// Complexity: O(log events) per scheduling and per step. Invariants: the clock never goes back;
// history()[i].index == i; an event's cause is an earlier step (or kOutside for calls from
// outside). Thread-safety: none; no threads, no wall clock.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <queue>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/status.h"
#include "sim/clock.h"
#include "sim/network.h"
#include "sim/random.h"

namespace sdlab::sim {

using TimerId = std::uint64_t;
using Storage = std::map<std::string, std::string>;

inline constexpr ActorId kOutside = UINT32_MAX;          // the sender of injected messages
inline constexpr std::int64_t kNoCause = -1;             // an event scheduled from outside
inline constexpr Micros kMaxTime = 315'360'000'000'000;  // ten years

// A small typed payload: `type` says what it is ("send", "ack"…), the rest carries its fields.
struct Message {
  std::string type;
  std::string key;
  std::string text;
  std::int64_t value = 0;
};

struct StepRecord {
  std::uint64_t index = 0;
  Micros time = 0;
  std::string kind;                // see the header comment
  std::string actor;               // who the event happened to
  std::string from;                // deliver and drop: the sender
  Message message;                 // deliver, drop: the message; timer: its tag
  std::string why;                 // a sentence: what caused the event
  std::int64_t cause = kNoCause;   // the step that scheduled it
  std::vector<std::string> notes;  // what the actor said while handling it
};

class Simulator;

// What an actor may do while it handles an event.
class Context {
 public:
  Micros now() const;
  ActorId self() const { return self_; }
  void send(ActorId to, Message message);
  // Precondition: delay >= 0. The timer fires `delay` from now unless cancelled or the actor
  // crashes first.
  TimerId set_timer(Micros delay, Message tag);
  void cancel_timer(TimerId timer);
  Storage& disk();
  Random& random();
  void note(std::string text);

 private:
  friend class Simulator;
  Context(Simulator& sim, ActorId self) : sim_(sim), self_(self) {}
  Simulator& sim_;
  ActorId self_;
};

class Actor {
 public:
  virtual ~Actor() = default;
  virtual void start(Context&) {}
  virtual void receive(Context& ctx, ActorId from, const Message& message) = 0;
  virtual void timer(Context&, const Message& /*tag*/) {}
};

using ActorFactory = std::function<std::unique_ptr<Actor>()>;

class Simulator {
 public:
  // Precondition: check_link(default_link) is ok.
  explicit Simulator(std::uint64_t seed, LinkSpec default_link = {});

  // Adds an actor and schedules its start now. Names are for the history; ids count from 0.
  ActorId add(std::string name, ActorFactory make);

  // The calls below schedule an event at `at` (now <= at <= kMaxTime) for a known actor, or
  // fail changing nothing.
  Status inject(ActorId to, Message message, Micros at);
  Status crash_at(ActorId actor, Micros at);
  Status restart_at(ActorId actor, Micros at);  // a restart of a running actor reboots it
  Status partition_at(ActorId a, ActorId b, Micros at);
  Status heal_at(ActorId a, ActorId b, Micros at);
  Status set_link(ActorId from, ActorId to, const LinkSpec& link);

  // Runs the next event; false when there is none.
  bool step();
  // Runs every event due at or before `t`, then moves the clock to `t`; returns the steps run.
  // Stops early, the clock at the last event, after `max_steps`. Precondition: t <= kMaxTime.
  std::uint64_t run_until(Micros t, std::uint64_t max_steps = UINT64_MAX);

  Micros now() const { return clock_.now(); }
  const Clock& clock() const { return clock_; }
  const std::vector<StepRecord>& history() const { return history_; }
  // Events waiting, counting cancelled timers not yet discarded.
  std::size_t pending() const { return events_.size(); }
  std::size_t actors() const { return actors_.size(); }
  const std::string& name(ActorId actor) const { return actors_[actor].name; }
  bool up(ActorId actor) const { return actors_[actor].object != nullptr; }
  Storage& disk(ActorId actor) { return actors_[actor].disk; }
  Network& network() { return network_; }

 private:
  friend class Context;
  enum class Kind { kStart, kDeliver, kTimer, kCrash, kRestart, kPartition, kHeal };
  struct Event {
    Micros time;
    std::uint64_t sequence;
    Kind kind;
    ActorId actor;
    ActorId other;  // deliver: the sender; partition, heal: the far side
    std::uint64_t incarnation;
    TimerId timer;
    Message message;
    std::int64_t cause;
    std::string why;
  };
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      return a.time != b.time ? a.time > b.time : a.sequence > b.sequence;
    }
  };
  struct Slot {
    std::string name;
    ActorFactory make;
    std::unique_ptr<Actor> object;
    std::uint64_t incarnation = 0;
    Storage disk;
  };

  Status check_at(ActorId actor, Micros at) const;
  void discard_stale_timers();
  void schedule(Event event);
  std::int64_t current_cause() const;
  void run(const Event& event, StepRecord& record);
  void boot(ActorId actor, StepRecord& record);

  Clock clock_;
  Random random_;
  Network network_;
  std::vector<Slot> actors_;
  std::priority_queue<Event, std::vector<Event>, Later> events_;
  std::unordered_set<TimerId> live_timers_;
  std::vector<StepRecord> history_;
  std::uint64_t next_sequence_ = 0;
  TimerId next_timer_ = 0;
  StepRecord* current_ = nullptr;  // the step being run, for Context
};

}  // namespace sdlab::sim
