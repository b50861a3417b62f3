#include "messaging/payment.h"

#include <memory>
#include <utility>

#include "sim/micros.h"

namespace sdlab::messaging {

namespace {

using sim::ActorId;
using sim::Context;
using sim::Message;

constexpr const char* kKey = "key-1";

// The server's database: the ledger and the idempotency keys survive everything.
struct Database {
  explicit Database(const sim::Simulator& sim, const IdempotencyConfig& config)
      : keys(sim.clock(), config) {}
  IdempotencyStore keys;
  sim::Trace keys_trace;
  PaymentOutcome outcome;
};

class Server : public sim::Actor {
 public:
  Server(Database& db, Micros process_time) : db_(db), process_time_(process_time) {}

  void receive(Context& ctx, ActorId from, const Message& m) override {
    if (m.type != "charge") return;
    if (m.key.empty()) {
      ctx.note("no idempotency key: every request is a new charge");
      process(ctx, m);
      return;
    }
    BeginResult begun;
    (void)db_.keys.begin(m.key, m.text, &begun);  // one valid key: never refused
    report(ctx);
    switch (begun.kind) {
      case BeginKind::kFirst:
        process(ctx, m);
        break;
      case BeginKind::kReplay:
        ctx.send(from, {"answer", m.key, begun.response, m.value});
        break;
      case BeginKind::kConflict:
        ctx.send(from, {"answer", m.key, "409 in flight", m.value});
        break;
      case BeginKind::kMismatch:
        ctx.send(from, {"answer", m.key, "400 " + begun.error, m.value});
        break;
    }
  }

  void timer(Context& ctx, const Message& request) override { charge(ctx, request); }

 private:
  // The charge now, or after the processing time.
  void process(Context& ctx, const Message& m) {
    if (process_time_ == 0) {
      charge(ctx, m);
    } else {
      ctx.set_timer(process_time_, m);
    }
  }

  // Charges and answers the client.
  void charge(Context& ctx, const Message& m) {
    const std::string id = "ch_" + std::to_string(db_.outcome.charges.size() + 1);
    db_.outcome.charges.push_back(id);
    ctx.note("charged " + m.text + " as " + id +
             (db_.outcome.charges.size() > 1
                  ? ": charge " + std::to_string(db_.outcome.charges.size()) + " of one payment"
                  : ""));
    const std::string answer = "200 " + id;
    if (!m.key.empty()) {
      // Refused only when the key expired while the charge was processed: then nothing is
      // stored, and a retry is a first again (a retention shorter than the retries charges twice).
      (void)db_.keys.complete(m.key, answer);
      report(ctx);
    }
    ctx.send(kPaymentClient, {"answer", m.key, answer, m.value});
  }

  void report(Context& ctx) {
    for (const sim::Step& step : db_.keys_trace.steps())
      ctx.note("key " + step.subject + ": " + step.kind + ", " + step.note);
    db_.keys_trace.clear();
  }

  Database& db_;
  Micros process_time_;
};

class Client : public sim::Actor {
 public:
  Client(Database& db, const PaymentSpec& spec) : db_(db), spec_(spec) {}

  void start(Context& ctx) override { attempt(ctx); }

  void receive(Context& ctx, ActorId, const Message& m) override {
    if (!db_.outcome.response.empty()) return;
    if (m.text.rfind("200 ", 0) == 0) {
      db_.outcome.response = m.text;
      ctx.note("paid: " + m.text + " (answer to attempt " + std::to_string(m.value) + ")");
    } else {
      ctx.note("not paid yet: " + m.text + "; retry at the timeout");
    }
  }

  void timer(Context& ctx, const Message&) override {
    if (!db_.outcome.response.empty()) return;
    if (db_.outcome.attempts >= spec_.max_attempts) {
      ctx.note("no answer after " + std::to_string(spec_.max_attempts) + " attempts: gave up");
      return;
    }
    ctx.note("no answer within the timeout: retry" +
             std::string(spec_.use_keys ? " with the same key" : ", without a key"));
    attempt(ctx);
  }

 private:
  void attempt(Context& ctx) {
    const std::uint32_t n = ++db_.outcome.attempts;
    ctx.send(kPaymentServer,
             {"charge", spec_.use_keys ? kKey : "", "amount=" + std::to_string(spec_.amount), n});
    ctx.set_timer(spec_.timeout, {"timeout", "", "", n});
  }

  Database& db_;
  const PaymentSpec& spec_;
};

}  // namespace

Status check_payment_spec(const PaymentSpec& spec) {
  return first_error(check_integer("amount", spec.amount, 1, 1'000'000), sim::check_link(spec.link),
                     sim::check_micros("cutAt", spec.cut_at, 0, spec.horizon),
                     sim::check_micros("cutFor", spec.cut_for, 0, spec.horizon),
                     sim::check_micros("processTime", spec.process_time, 0, kMaxPaymentHorizon),
                     sim::check_micros("timeout", spec.timeout, 1, kMaxPaymentHorizon),
                     check_integer("maxAttempts", spec.max_attempts, 1, kMaxPaymentAttempts),
                     check_idempotency_config(spec.store),
                     sim::check_micros("horizon", spec.horizon, 1, kMaxPaymentHorizon));
}

PaymentOutcome run_payment(const PaymentSpec& spec) {
  sim::Simulator sim(spec.seed, spec.link);
  Database db(sim, spec.store);
  db.keys.set_trace(&db.keys_trace);
  sim.add("server", [&db, &spec] { return std::make_unique<Server>(db, spec.process_time); });
  sim.add("client", [&db, &spec] { return std::make_unique<Client>(db, spec); });
  if (spec.cut_for > 0) {
    (void)sim.partition_at(kPaymentServer, kPaymentClient, spec.cut_at);  // checked by the spec
    (void)sim.heal_at(kPaymentServer, kPaymentClient, spec.cut_at + spec.cut_for);
  }
  sim.run_until(spec.horizon, kMaxPaymentSteps);
  PaymentOutcome outcome = std::move(db.outcome);
  outcome.store = db.keys.snapshot();
  outcome.history = sim.history();
  return outcome;
}

}  // namespace sdlab::messaging
