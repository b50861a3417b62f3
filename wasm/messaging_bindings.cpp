// JS bindings for core/messaging.
//
// At-least-once delivery lab: runAtLeastOnce(options) runs core/messaging/at_least_once (a
// producer, a broker holding a MessageQueue and consumers on the seeded simulator) and returns a
// plain object that needs no delete(): the side effects per message and per consumer, the acks,
// the queue as the run left it, the invariants and every step of the simulator's history. With
// maxSteps it stops after that many steps: the state as of any step, from the same code.
// Units: times and durations in integer microseconds, as the simulator keeps them.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "binding.h"
#include "messaging/at_least_once.h"
#include "sim/simulator.h"

// At-least-once delivery lab

namespace sdlab::wasm {

// The options of runAtLeastOnce: the DeliverySpec with its queue and link flattened.
struct DeliveryOptions : messaging::DeliverySpec {
  sim::Micros visibility_timeout = messaging::QueueConfig{}.visibility_timeout;
  std::uint32_t max_receives = messaging::QueueConfig{}.max_receives;
  sim::Micros dedup_window = messaging::QueueConfig{}.dedup_window;
  std::uint32_t capacity = messaging::QueueConfig{}.capacity;
  sim::Micros min_latency = sim::LinkSpec{}.min_latency;
  sim::Micros max_latency = sim::LinkSpec{}.max_latency;
  double loss = sim::LinkSpec{}.loss;
  double duplicate = sim::LinkSpec{}.duplicate;
  bool reorder = sim::LinkSpec{}.reorder;
  bool with_history = true;
};

struct MessageCount {
  std::string id;
  std::uint32_t count = 0;
};

struct DeliveryReport {
  std::vector<MessageCount> effects;
  std::vector<std::vector<MessageCount>> consumer_effects;
  std::vector<std::string> duplicates;
  std::vector<MessageCount> receives;
  std::vector<std::string> acked;
  messaging::QueueSnapshot queue;
  Invariants invariants;
  std::vector<sim::StepRecord> history;
  bool truncated = false;
};

template <>
struct Describe<sim::Message> {
  static constexpr const char* name = "SimMessage";
  static constexpr const char* doc =
      "A simulator message: its type and fields (a timer's tag too).";
  static auto fields() {
    using S = sim::Message;
    return std::tuple{field("type", &S::type, "what it is: \"send\", \"ack\", \"poll\"…"),
                      field("key", &S::key), field("text", &S::text), field("value", &S::value)};
  }
};

template <>
struct Describe<sim::StepRecord> {
  static constexpr const char* name = "SimStep";
  static constexpr const char* doc =
      "One step of a simulator run (core/sim/simulator.h): what happened to which actor, when, "
      "why, "
      "and the step that caused it.";
  static auto fields() {
    using S = sim::StepRecord;
    return std::tuple{
        field("index", &S::index, "its place in the history, from 0"),
        field("time", &S::time, "simulated time in microseconds"),
        field(
            "kind", &S::kind,
            "\"start\", \"deliver\", \"timer\", \"drop\", \"crash\", \"restart\", \"partition\" or "
            "\"heal\""),
        field("actor", &S::actor, "who the event happened to"),
        field("from", &S::from, "deliver and drop: the sender"),
        field("message", &S::message, "deliver, drop: the message; timer: its tag"),
        field("why", &S::why, "what caused the event, in a sentence"),
        field("cause", &S::cause, "the index of the step that scheduled it; -1 from outside"),
        field("notes", &S::notes, "what the actor said while handling it")};
  }
};

template <>
struct Describe<messaging::ConsumerCrash> {
  static constexpr const char* name = "ConsumerCrash";
  static constexpr const char* doc =
      "Consumer `consumer` crashes at `at` and restarts downFor later.";
  static auto fields() {
    using S = messaging::ConsumerCrash;
    const double horizon = messaging::kMaxHorizon;
    return std::tuple{field("consumer", &S::consumer, integer(0, messaging::kMaxConsumers - 1),
                            "0-based, below consumers"),
                      field("at", &S::at, integer(0, horizon), "µs, at most horizon"),
                      field("downFor", &S::down_for, integer(0, horizon), "µs, at most horizon")};
  }
};

template <>
struct Describe<DeliveryOptions> {
  static constexpr const char* name = "DeliveryOptions";
  static constexpr const char* doc =
      "A producer sends `messages` through a broker's queue to `consumers` over a lossy, "
      "duplicating network; consumers apply a side effect per message and ack workTime later "
      "(see core/messaging/at_least_once.h). Every field may be left out (its default stays). "
      "Times in µs.";
  static auto fields() {
    using S = DeliveryOptions;
    using namespace messaging;
    const double horizon = kMaxHorizon;
    const double latency = sim::kMaxLatency;
    return std::tuple{
        field("seed", &S::seed, optional(integer(0, 4294967295.0)), "the same seed, the same run"),
        field("messages", &S::messages, optional(integer(1, kMaxDeliveryMessages))),
        field("consumers", &S::consumers, optional(integer(1, kMaxConsumers))),
        field("idempotent", &S::idempotent, optional(flag()),
              "the consumer skips an id already in the ledger's dedup table"),
        field("visibilityTimeout", &S::visibility_timeout,
              optional(integer(1, static_cast<double>(kMaxVisibility)))),
        field("maxReceives", &S::max_receives, optional(integer(1, kMaxReceivesLimit)),
              "received this often, a message goes to the dead-letter queue"),
        field("dedupWindow", &S::dedup_window,
              optional(integer(0, static_cast<double>(kMaxDedupWindow))), "0: off"),
        field("capacity", &S::capacity, optional(integer(1, kMaxCapacity))),
        field("minLatency", &S::min_latency, optional(integer(0, latency))),
        field("maxLatency", &S::max_latency, optional(integer(0, latency)), "at least minLatency"),
        field("loss", &S::loss, optional(number(0, 1)), "probability a message is lost"),
        field("duplicate", &S::duplicate, optional(number(0, 1)),
              "probability a message arrives twice"),
        field("reorder", &S::reorder, optional(flag()), "false: every link delivers in order"),
        field("workTime", &S::work_time, optional(integer(0, horizon)),
              "from the side effect to the ack"),
        field("pollInterval", &S::poll_interval, optional(integer(1, horizon)),
              "after an empty answer"),
        field("horizon", &S::horizon, optional(integer(1, horizon)), "the run ends then"),
        field("crashes", &S::crashes,
              optional(list(object<ConsumerCrash>(), 0, kMaxDeliveryMessages))),
        field("maxSteps", &S::max_steps,
              optional(integer(1, static_cast<double>(kMaxDeliverySteps))),
              "stop after this many steps: the state as of step maxSteps - 1"),
        field("withHistory", &S::with_history, optional(flag()),
              "false leaves the history out (the state at a step, cheaply)")};
  }
};

template <>
struct Describe<MessageCount> {
  static constexpr const char* name = "MessageCount";
  static constexpr const char* doc = "A count per message id.";
  static auto fields() {
    return std::tuple{field("id", &MessageCount::id), field("count", &MessageCount::count)};
  }
};

template <>
struct Describe<messaging::QueuedMessage> {
  static constexpr const char* name = "QueuedMessage";
  static constexpr const char* doc = "A message in the queue.";
  static auto fields() {
    using S = messaging::QueuedMessage;
    return std::tuple{field("id", &S::id),
                      field("body", &S::body),
                      field("group", &S::group),
                      field("receipt", &S::receipt, "the latest receipt; \"\" if never received"),
                      field("receives", &S::receives),
                      field("sentAt", &S::sent_at, "µs"),
                      field("visibleAt", &S::visible_at,
                            "µs; in flight: its deadline; visible: when it became visible")};
  }
};

template <>
struct Describe<messaging::DedupEntry> {
  static constexpr const char* name = "DedupEntry";
  static constexpr const char* doc = "An id the queue still remembers, and until when (µs).";
  static auto fields() {
    return std::tuple{field("id", &messaging::DedupEntry::id),
                      field("until", &messaging::DedupEntry::until)};
  }
};

template <>
struct Describe<messaging::QueueStats> {
  static constexpr const char* name = "QueueStats";
  static constexpr const char* doc = "What the queue has done so far.";
  static auto fields() {
    using S = messaging::QueueStats;
    return std::tuple{field("sent", &S::sent),
                      field("duplicates", &S::duplicates),
                      field("deliveries", &S::deliveries),
                      field("redeliveries", &S::redeliveries, "with a receive count above 1"),
                      field("acks", &S::acks),
                      field("deadLettered", &S::dead_lettered)};
  }
};

template <>
struct Describe<messaging::QueueSnapshot> {
  static constexpr const char* name = "QueueSnapshot";
  static constexpr const char* doc = "The queue at `now` (µs).";
  static auto fields() {
    using S = messaging::QueueSnapshot;
    return std::tuple{field("now", &S::now),
                      field("visible", &S::visible, "in delivery order"),
                      field("inFlight", &S::in_flight, "by deadline"),
                      field("deadLetters", &S::dead_letters, "in the order they were moved"),
                      field("dedup", &S::dedup, "oldest first"),
                      field("stats", &S::stats)};
  }
};

template <>
struct Describe<DeliveryReport> {
  static constexpr const char* name = "DeliveryResult";
  static constexpr const char* doc =
      "An at-least-once run as of its last step: effects, acks, the queue, the invariants and the "
      "history.";
  static auto fields() {
    using S = DeliveryReport;
    return std::tuple{
        field("effects", &S::effects, "side effects applied, per message id (the ledger)"),
        field("consumerEffects", &S::consumer_effects, "per consumer: the effects it applied"),
        field("duplicates", &S::duplicates, "ids whose effect was applied more than once"),
        field("receives", &S::receives, "the highest receive count delivered, per id"),
        field("acked", &S::acked),
        field("queue", &S::queue),
        field("invariants", &S::invariants,
              "\"no message lost\" and \"no duplicate effect\" (with the step that broke it)"),
        field("history", &S::history, "every step; empty with withHistory: false"),
        field("truncated", &S::truncated, "stopped at maxSteps before the horizon")};
  }
};

namespace {

std::vector<MessageCount> counts(const std::map<std::string, std::uint32_t>& by_id) {
  std::vector<MessageCount> list;
  for (const auto& [id, count] : by_id) list.push_back({id, count});
  return list;
}

DeliveryReport run_at_least_once_js(const DeliveryOptions& options) {
  messaging::DeliverySpec spec = options;
  spec.queue = {options.visibility_timeout, options.max_receives, options.dedup_window,
                options.capacity};
  spec.link = {options.min_latency, options.max_latency, options.loss, options.duplicate,
               options.reorder};
  if (failed(messaging::check_delivery_spec(spec))) return {};
  messaging::DeliveryOutcome out = messaging::run_at_least_once(spec);
  DeliveryReport report;
  report.effects = counts(out.effects);
  for (const auto& applied : out.consumer_effects)
    report.consumer_effects.push_back(counts(applied));
  for (const auto& [id, count] : out.effects) {
    if (count > 1) report.duplicates.push_back(id);
  }
  report.receives = counts(out.receives);
  report.acked.assign(out.acked.begin(), out.acked.end());
  report.queue = std::move(out.queue);
  report.invariants = std::move(out.invariants);
  if (options.with_history) report.history = std::move(out.history);
  report.truncated = out.truncated;
  return report;
}

}  // namespace
}  // namespace sdlab::wasm

EMSCRIPTEN_BINDINGS(sdlab_messaging_delivery) {
  using namespace sdlab::wasm;
  function<&run_at_least_once_js>(
      "runAtLeastOnce", {{"options", object<DeliveryOptions>()}},
      "Runs at-least-once delivery on the seeded simulator: a producer, a broker's queue and "
      "consumers over a lossy network, with crashes; plain or idempotent consumers.");
}
