#include "messaging/at_least_once.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>

#include "sim/micros.h"

namespace sdlab::messaging {

namespace {

using sim::ActorId;
using sim::Context;
using sim::Message;

// What outlives every crash: the queue, the ledger of side effects, and the broker's record of
// what it delivered and what was acked.
struct Durable {
  explicit Durable(const sim::Simulator& simulator, const QueueConfig& config)
      : sim(simulator), queue(simulator.clock(), config) {}
  const sim::Simulator& sim;
  MessageQueue queue;
  sim::Trace queue_trace;
  std::set<std::string> applied;  // the idempotent consumers' dedup table
  DeliveryOutcome outcome;
  std::map<std::string, std::string> receipt_ids;
  std::optional<std::uint64_t> first_duplicate;  // the step that first applied an effect twice
};

std::string message_id(std::uint32_t i) { return "m" + std::to_string(i); }

class Broker : public sim::Actor {
 public:
  explicit Broker(Durable& durable) : d_(durable) {}

  void receive(Context& ctx, ActorId from, const Message& m) override {
    if (m.type == "send") {
      if (d_.queue.send(m.key, m.text, "").is_ok()) ctx.send(from, {"sent", m.key, "", 0});
    } else if (m.type == "receive") {
      answer_receive(ctx, from, m.value);
    } else if (m.type == "ack") {
      Status s = d_.queue.ack(m.text);
      if (s.is_ok()) {
        d_.outcome.acked.insert(d_.receipt_ids[m.text]);
      } else {
        ctx.note(s.message());
      }
    }
    for (const sim::Step& step : d_.queue_trace.steps()) {
      ctx.note(step.kind + (step.subject.empty() ? "" : " " + step.subject) + ": " + step.note);
    }
    d_.queue_trace.clear();
  }

 private:
  void answer_receive(Context& ctx, ActorId from, std::int64_t poll) {
    const auto delivery = d_.queue.receive();
    if (!delivery) {
      ctx.send(from, {"empty", "", "", poll});
      return;
    }
    d_.receipt_ids[delivery->receipt] = delivery->id;
    std::uint32_t& most = d_.outcome.receives[delivery->id];
    most = std::max(most, delivery->receives);
    ctx.send(from, {"message", delivery->id, delivery->receipt, poll});
  }

  Durable& d_;
};

class Producer : public sim::Actor {
 public:
  Producer(std::uint32_t messages, Micros reply_timeout)
      : messages_(messages), reply_timeout_(reply_timeout) {}

  void start(Context& ctx) override { send_unconfirmed(ctx); }

  void receive(Context& ctx, ActorId, const Message& m) override {
    if (m.type == "sent") ctx.disk()["sent:" + m.key] = "confirmed";
  }

  void timer(Context& ctx, const Message&) override { send_unconfirmed(ctx); }

 private:
  void send_unconfirmed(Context& ctx) {
    bool any = false;
    for (std::uint32_t i = 0; i < messages_; ++i) {
      const std::string id = message_id(i);
      if (ctx.disk().count("sent:" + id)) continue;
      ctx.send(kBroker, {"send", id, "payload of " + id, 0});
      any = true;
    }
    if (any) ctx.set_timer(reply_timeout_, {"resend", "", "", 0});
  }

  std::uint32_t messages_;
  Micros reply_timeout_;
};

class Consumer : public sim::Actor {
 public:
  Consumer(Durable& durable, const DeliverySpec& spec, Micros reply_timeout)
      : d_(durable), spec_(spec), reply_timeout_(reply_timeout) {}

  void start(Context& ctx) override { poll(ctx); }

  void receive(Context& ctx, ActorId, const Message& m) override {
    if (m.value != poll_ || answered_) {
      ctx.note("a stale answer: ignored (" + (m.key.empty() ? m.type : m.key) +
               " stays in flight until its timeout)");
      return;
    }
    answered_ = true;
    if (m.type == "empty") {
      ctx.set_timer(spec_.poll_interval, {"poll", "", "", poll_});
      return;
    }
    apply(ctx, m.key);
    ctx.set_timer(spec_.work_time, {"ack", m.key, m.text, poll_});
  }

  void timer(Context& ctx, const Message& tag) override {
    if (tag.value != poll_) return;
    if (tag.type == "ack") {
      ctx.send(kBroker, {"ack", tag.key, tag.text, 0});
      poll(ctx);
    } else if (tag.type == "poll" || !answered_) {  // a poll, or no answer in time
      poll(ctx);
    }
  }

 private:
  void poll(Context& ctx) {
    ++poll_;
    answered_ = false;
    ctx.send(kBroker, {"receive", "", "", poll_});
    ctx.set_timer(reply_timeout_, {"reply-timeout", "", "", poll_});
  }

  void apply(Context& ctx, const std::string& id) {
    if (spec_.idempotent && !d_.applied.insert(id).second) {
      ctx.note(id + " is in the dedup table: already applied, skipped");
      return;
    }
    const std::uint32_t times = ++d_.outcome.effects[id];
    ++d_.outcome.consumer_effects[ctx.self() - kFirstConsumer][id];
    if (times > 1 && !d_.first_duplicate) d_.first_duplicate = d_.sim.history().size();
    ctx.note("side effect of " + id +
             (times > 1 ? ": applied " + std::to_string(times) + " times" : ""));
  }

  Durable& d_;
  const DeliverySpec& spec_;
  Micros reply_timeout_;
  std::int64_t poll_ = 0;
  bool answered_ = false;
};

Invariants delivery_invariants(const DeliverySpec& spec, const DeliveryOutcome& out,
                               std::optional<std::uint64_t> first_duplicate) {
  std::set<std::string> dead;
  for (const QueuedMessage& m : out.queue.dead_letters) dead.insert(m.id);
  std::vector<std::string> open;
  for (std::uint32_t i = 0; i < spec.messages; ++i) {
    const std::string id = message_id(i);
    if (!out.acked.count(id) && !dead.count(id)) open.push_back(id);
  }
  Invariants list;
  check_invariant(list, "no message lost: every message is acked or dead-lettered", open.empty(),
                  [&] {
                    return open.front() + " is neither acked nor dead-lettered (" +
                           std::to_string(open.size()) + " such)";
                  });
  check_invariant(list, "no duplicate effect: each side effect is applied at most once",
                  !first_duplicate, [&] {
                    for (const auto& [id, times] : out.effects) {
                      if (times > 1) return id + " applied " + std::to_string(times) + " times";
                    }
                    return std::string();
                  });
  list.back().step = first_duplicate;
  return list;
}

}  // namespace

Status check_delivery_spec(const DeliverySpec& spec) {
  Status s = first_error(check_integer("messages", spec.messages, 1, kMaxDeliveryMessages),
                         check_integer("consumers", spec.consumers, 1, kMaxConsumers),
                         check_queue_config(spec.queue), sim::check_link(spec.link),
                         sim::check_micros("workTime", spec.work_time, 0, kMaxHorizon),
                         sim::check_micros("pollInterval", spec.poll_interval, 1, kMaxHorizon),
                         sim::check_micros("horizon", spec.horizon, 1, kMaxHorizon),
                         check_integer("maxSteps", static_cast<double>(spec.max_steps), 1,
                                       static_cast<double>(kMaxDeliverySteps)));
  for (const ConsumerCrash& crash : spec.crashes) {
    if (!s.is_ok()) return s;
    s = first_error(check_integer("crash consumer", crash.consumer, 0, spec.consumers - 1.0),
                    sim::check_micros("crash at", crash.at, 0, spec.horizon),
                    sim::check_micros("crash downFor", crash.down_for, 0, spec.horizon));
  }
  return s;
}

DeliveryOutcome run_at_least_once(const DeliverySpec& spec) {
  sim::Simulator sim(spec.seed, spec.link);
  Durable durable(sim, spec.queue);
  durable.queue.set_trace(&durable.queue_trace);
  durable.outcome.consumer_effects.resize(spec.consumers);
  const Micros reply_timeout = 2 * spec.link.max_latency + 1'000;
  sim.add("broker", [&durable] { return std::make_unique<Broker>(durable); });
  sim.add("producer", [&spec, reply_timeout] {
    return std::make_unique<Producer>(spec.messages, reply_timeout);
  });
  for (std::uint32_t i = 0; i < spec.consumers; ++i) {
    sim.add("consumer-" + std::to_string(i + 1), [&durable, &spec, reply_timeout] {
      return std::make_unique<Consumer>(durable, spec, reply_timeout);
    });
  }
  for (const ConsumerCrash& crash : spec.crashes) {
    const ActorId consumer = kFirstConsumer + crash.consumer;
    (void)sim.crash_at(consumer, crash.at);  // checked by check_delivery_spec
    (void)sim.restart_at(consumer, crash.at + crash.down_for);
  }
  const std::uint64_t steps = sim.run_until(spec.horizon, spec.max_steps);
  DeliveryOutcome outcome = std::move(durable.outcome);
  outcome.truncated = steps == spec.max_steps && sim.now() < spec.horizon;
  outcome.queue = durable.queue.snapshot();
  outcome.invariants = delivery_invariants(spec, outcome, durable.first_duplicate);
  outcome.history = sim.history();
  return outcome;
}

std::vector<ConsumerCrash> random_crashes(std::uint64_t seed, std::uint32_t count,
                                          std::uint32_t consumers, Micros before, Micros max_down) {
  sim::Random random(seed);
  std::vector<ConsumerCrash> crashes;
  for (std::uint32_t i = 0; i < count; ++i) {
    ConsumerCrash crash;
    crash.consumer = static_cast<std::uint32_t>(random.below(consumers));
    crash.at = static_cast<Micros>(random.below(static_cast<std::uint64_t>(before)));
    crash.down_for = static_cast<Micros>(random.below(static_cast<std::uint64_t>(max_down) + 1));
    crashes.push_back(crash);
  }
  return crashes;
}

}  // namespace sdlab::messaging
