// JS bindings for core/messaging: MessageQueue (SQS-like: dedup window, visibility timeout,
// receipts, nack, dead-letter queue, FIFO groups).
//
// Lifetimes: a MessageQueue is a handle owned by JS — call delete() when done. It owns its
// simulated clock (starting at 0 ms, moved only by advance()) and the trace of its last call.
// Units: times and durations in milliseconds with microsecond resolution (the core counts µs).
//
// At-least-once delivery lab: runAtLeastOnce(options) runs core/messaging/at_least_once (a
// producer, a broker holding a MessageQueue and consumers on the seeded simulator) and returns a
// plain object that needs no delete(): the side effects per message and per consumer, the acks,
// the queue as the run left it (in ms, as the queue block shows it), the invariants and every step
// of the simulator's history. With maxSteps it stops after that many steps: the state as of any
// step, from the same code. Its options and its history keep the simulator's integer µs.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "binding.h"
#include "messaging/at_least_once.h"
#include "messaging/message_queue.h"
#include "sim/simulator.h"

namespace sdlab::wasm {

// ---- Message queue ---------------------------------------------------------------------------

struct QueueOptions {
  double visibility_timeout_ms = 30'000;
  double max_receives = 3;
  double dedup_window_ms = 300'000;
  double capacity = 10'000;
};

struct QueueDelivery {
  std::string id, body, group, receipt;
  std::uint32_t receives = 0;
  double visible_at_ms = 0;
};

struct QueueMessage {
  double sequence = 0;
  std::string id, body, group, receipt;
  std::uint32_t receives = 0;
  double sent_at_ms = 0;
  double visible_at_ms = 0;
};

struct QueueSendResult {
  bool duplicate = false;
};

struct RememberedId {
  std::string id;
  double until_ms = 0;
};

struct MessageQueueSnapshot {
  double now_ms = 0;
  double visibility_timeout_ms = 0, dedup_window_ms = 0;
  std::uint32_t max_receives = 0, capacity = 0;
  std::vector<QueueMessage> visible, in_flight, dead_letters;
  std::vector<RememberedId> dedup;
  messaging::QueueStats stats;
};

constexpr double kMaxQueueAdvanceMs = 86'400'000;  // a day: twice the longest timeout

template <>
struct Describe<QueueOptions> {
  static constexpr const char* name = "MessageQueueOptions";
  static constexpr const char* doc =
      "A queue's configuration; a field left out keeps SQS's default (30 s, 3 receives, 5 min dedup).";
  static auto fields() {
    using S = QueueOptions;
    const double max_ms = sim::to_millis(messaging::kMaxVisibility);
    return std::tuple{
        field("visibilityTimeoutMs", &S::visibility_timeout_ms, optional(number(0.001, max_ms)),
              "how long a received message stays in flight unless acked; at most 12 h"),
        field("maxReceives", &S::max_receives, optional(integer(1, messaging::kMaxReceivesLimit)),
              "receives before the next receive moves it to the dead-letter queue"),
        field("dedupWindowMs", &S::dedup_window_ms, optional(number(0, sim::to_millis(messaging::kMaxDedupWindow))),
              "a send with an id seen this recently is dropped; 0 turns dedup off"),
        field("capacity", &S::capacity, optional(integer(1, messaging::kMaxCapacity)),
              "messages held: visible, in flight and dead letters")};
  }
};

template <>
struct Describe<QueueDelivery> {
  static constexpr const char* name = "QueueDelivery";
  static constexpr const char* doc = "A received message, now in flight until visibleAtMs.";
  static auto fields() {
    using S = QueueDelivery;
    return std::tuple{field("id", &S::id),
                      field("body", &S::body),
                      field("group", &S::group, "\"\": none"),
                      field("receipt", &S::receipt, "\"r<sequence>.<receives>\": ack or nack with it"),
                      field("receives", &S::receives, "this one included; above 1 is a redelivery"),
                      field("visibleAtMs", &S::visible_at_ms, "redelivered from then unless acked")};
  }
};

template <>
struct Describe<QueueMessage> {
  static constexpr const char* name = "QueueMessage";
  static constexpr const char* doc = "A message held by the queue.";
  static auto fields() {
    using S = QueueMessage;
    return std::tuple{field("sequence", &S::sequence, "send order from 0; unique, unlike the id"),
                      field("id", &S::id),
                      field("body", &S::body),
                      field("group", &S::group, "\"\": none"),
                      field("receipt", &S::receipt, "of its latest receive; \"\" if never received"),
                      field("receives", &S::receives),
                      field("sentAtMs", &S::sent_at_ms),
                      field("visibleAtMs", &S::visible_at_ms,
                            "in flight: its deadline; visible: since when; dead letter: as it was")};
  }
};

template <>
struct Describe<QueueSendResult> {
  static constexpr const char* name = "QueueSendResult";
  static constexpr const char* doc = "Whether the send was dropped as a duplicate.";
  static auto fields() {
    return std::tuple{field("duplicate", &QueueSendResult::duplicate,
                            "true: the id was sent within the dedup window and nothing was queued")};
  }
};

template <>
struct Describe<RememberedId> {
  static constexpr const char* name = "RememberedId";
  static constexpr const char* doc = "An id the dedup window still remembers.";
  static auto fields() {
    return std::tuple{field("id", &RememberedId::id),
                      field("untilMs", &RememberedId::until_ms, "a send of the id from then is queued")};
  }
};

template <>
struct Describe<messaging::QueueStats> {
  static constexpr const char* name = "QueueStats";
  static constexpr const char* doc = "What the queue has done since it was made.";
  static auto fields() {
    using S = messaging::QueueStats;
    return std::tuple{field("sent", &S::sent, "queued, duplicates not counted"),
                      field("duplicates", &S::duplicates),
                      field("deliveries", &S::deliveries),
                      field("redeliveries", &S::redeliveries, "deliveries with a receive count above 1"),
                      field("acks", &S::acks),
                      field("deadLettered", &S::dead_lettered)};
  }
};

template <>
struct Describe<MessageQueueSnapshot> {
  static constexpr const char* name = "MessageQueueSnapshot";
  static constexpr const char* doc =
      "The queue at nowMs: a message whose deadline has passed is shown visible (it is: the move happens on the next "
      "receive).";
  static auto fields() {
    using S = MessageQueueSnapshot;
    return std::tuple{field("nowMs", &S::now_ms, "the queue's simulated time"),
                      field("visibilityTimeoutMs", &S::visibility_timeout_ms),
                      field("maxReceives", &S::max_receives),
                      field("dedupWindowMs", &S::dedup_window_ms),
                      field("capacity", &S::capacity),
                      field("visible", &S::visible, "in delivery order (send order)"),
                      field("inFlight", &S::in_flight, "by deadline, soonest first"),
                      field("deadLetters", &S::dead_letters, "in the order they were moved"),
                      field("dedup", &S::dedup, "ids still remembered, oldest first"),
                      field("stats", &S::stats)};
  }
};

namespace {

using sim::to_millis;

QueueMessage message_to_js(const messaging::QueuedMessage& m) {
  return {static_cast<double>(m.sequence), m.id, m.body, m.group, m.receipt, m.receives, to_millis(m.sent_at),
          to_millis(m.visible_at)};
}

std::vector<QueueMessage> messages_to_js(const std::vector<messaging::QueuedMessage>& list) {
  std::vector<QueueMessage> out;
  out.reserve(list.size());
  for (const messaging::QueuedMessage& m : list) out.push_back(message_to_js(m));
  return out;
}

// A queue's snapshot in ms, for the queue block and the delivery lab.
MessageQueueSnapshot queue_to_js(const messaging::QueueSnapshot& s, const messaging::QueueConfig& c) {
  MessageQueueSnapshot out{to_millis(s.now),
                           to_millis(c.visibility_timeout),
                           to_millis(c.dedup_window),
                           c.max_receives,
                           c.capacity,
                           messages_to_js(s.visible),
                           messages_to_js(s.in_flight),
                           messages_to_js(s.dead_letters),
                           {},
                           s.stats};
  for (const messaging::DedupEntry& e : s.dedup) out.dedup.push_back({e.id, to_millis(e.until)});
  return out;
}

// A queue with its own clock.
class MessageQueueHandle : public Traced {
 public:
  // Null after failed(…): check_queue_config checks the whole µs the options round to.
  static MessageQueueHandle* create(const QueueOptions& o) {
    const messaging::QueueConfig config{sim::from_millis(o.visibility_timeout_ms),
                                        static_cast<std::uint32_t>(o.max_receives), sim::from_millis(o.dedup_window_ms),
                                        static_cast<std::uint32_t>(o.capacity)};
    if (failed(messaging::check_queue_config(config))) return nullptr;
    return new MessageQueueHandle(config);
  }

  void attach(sim::Trace* sink) { queue_.set_trace(sink); }

  QueueSendResult send(const std::string& id, const std::string& body, const std::string& group) {
    messaging::SendResult result;
    if (failed(queue_.send(id, body, group, &result))) return {};
    return {result.duplicate};
  }

  std::optional<QueueDelivery> receive() {
    std::optional<messaging::Delivery> d = queue_.receive();
    if (!d) return std::nullopt;
    return QueueDelivery{d->id, d->body, d->group, d->receipt, d->receives, to_millis(d->visible_at)};
  }

  void ack(const std::string& receipt) { failed(queue_.ack(receipt)); }
  void nack(const std::string& receipt) { failed(queue_.change_visibility(receipt, 0)); }
  void change_visibility(const std::string& receipt, double timeout_ms) {
    failed(queue_.change_visibility(receipt, sim::from_millis(timeout_ms)));
  }

  // Moves the clock only; the clock stops at 2^53 µs (sim::Clock).
  void advance(double ms) { clock_.advance(sim::from_millis(ms)); }
  double now() const { return to_millis(clock_.now()); }

  MessageQueueSnapshot snapshot() const { return queue_to_js(queue_.snapshot(), queue_.config()); }

  Invariants invariants() const { return queue_.invariants(); }

 private:
  explicit MessageQueueHandle(const messaging::QueueConfig& config) : queue_(clock_, config) {}

  sim::Clock clock_;
  messaging::MessageQueue queue_;
};

void bind_message_queue() {
  using H = MessageQueueHandle;
  const Rule receipt = text(messaging::kMaxReceiptBytes);
  Class<H>("MessageQueue",
           "An SQS-like queue on its own simulated clock: at-least-once delivery with a visibility timeout, receipts, "
           "nack, a dead-letter queue, dedup by id and FIFO groups.")
      .constructor<&H::create>({{"options", object<QueueOptions>()}})
      .method<&H::send>(
          "send",
          {{"id", text(messaging::kMaxIdBytes), "1–128 bytes; the dedup key"},
           {"body", text(messaging::kMaxBodyBytes)},
           {"group", text(messaging::kMaxGroupBytes), "\"\": none; a group's messages go one at a time, in order"}},
          "Queues a message, unless its id was sent within the dedup window. Throws when the queue is full.")
      .method<&H::receive>("receive", {},
                           "The oldest deliverable message, now in flight for the visibility timeout; undefined when "
                           "none is. Moves a message received maxReceives times to the dead-letter queue.")
      .method<&H::ack>("ack", {{"receipt", receipt}},
                       "Deletes the message. Throws for a receipt that is unknown or expired (its deadline passed, or "
                       "the message was received again).")
      .method<&H::nack>("nack", {{"receipt", receipt}},
                        "Makes the message visible now, for the next receive: changeVisibility(receipt, 0).")
      .method<&H::change_visibility>(
          "changeVisibility",
          {{"receipt", receipt},
           {"timeoutMs", number(0, sim::to_millis(messaging::kMaxVisibility)), "from now; 0 is a nack; at most 12 h"}},
          "Keeps the message in flight for timeoutMs from now.")
      .method<&H::advance>("advance", {{"ms", number(0, kMaxQueueAdvanceMs), "at most a day per call"}},
                           "Moves the queue's simulated clock forward; messages past their deadline become visible.")
      .method<&H::now>("now", {}, "The queue's simulated time, ms.")
      .snapshot<&H::snapshot>("Visible, in flight and dead messages, the ids remembered for dedup, and counts.")
      .invariants<&H::invariants>();
}

}  // namespace
}  // namespace sdlab::wasm

// ---- At-least-once delivery lab ------------------------------------------------------------
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
  MessageQueueSnapshot queue;
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
  report.queue = queue_to_js(out.queue, spec.queue);
  report.invariants = std::move(out.invariants);
  if (options.with_history) report.history = std::move(out.history);
  report.truncated = out.truncated;
  return report;
}

}  // namespace
}  // namespace sdlab::wasm

EMSCRIPTEN_BINDINGS(sdlab_messaging) {
  using namespace sdlab::wasm;
  bind_message_queue();
  function<&run_at_least_once_js>(
      "runAtLeastOnce", {{"options", object<DeliveryOptions>()}},
      "Runs at-least-once delivery on the seeded simulator: a producer, a broker's queue and "
      "consumers over a lossy network, with crashes; plain or idempotent consumers.");
}
