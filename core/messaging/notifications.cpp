#include "messaging/notifications.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <utility>

#include "ratelimit/fixed_window.h"
#include "ratelimit/keyed_limiter.h"
#include "sim/micros.h"

namespace sdlab::messaging {

namespace {

using sim::ActorId;
using sim::Context;
using sim::Message;

constexpr ActorId kQueue = 0;
constexpr ActorId kEventProducer = 1;
constexpr ActorId kFirstWorker = 2;

// What the actors share and no crash could lose: the queue, the dedup table,
// the limiters and the outcome.
struct Shared {
  Shared(const sim::Simulator& sim, const NotificationSpec& spec)
      : spec(spec),
        queue(sim.clock(), {30'000'000, 3, 0, kMaxCapacity}),
        limits({static_cast<double>(spec.daily_limit), static_cast<double>(kDay / 1'000)},
               2 * kDay) {}
  const NotificationSpec& spec;
  MessageQueue queue;
  sim::Trace queue_trace;
  std::set<std::pair<std::uint32_t, std::uint32_t>> seen;  // (user, event)
  ratelimit::KeyedLimiter<ratelimit::FixedWindow> limits;
  NotificationOutcome outcome;
};

ActorId gateway_actor(const NotificationSpec& spec, Channel c) {
  return kFirstWorker + spec.workers + c;
}

std::string event_body(std::uint32_t user, std::uint32_t event) {
  return "u" + std::to_string(user) + " e" + std::to_string(event);
}

class Broker : public sim::Actor {
 public:
  explicit Broker(Shared& shared) : s_(shared) {}

  void receive(Context& ctx, ActorId from, const Message& m) override {
    if (m.type == "send") {
      (void)s_.queue.send(m.key, m.text,
                          "");  // ids are unique and the queue far from full
    } else if (m.type == "receive") {
      waiting_.push_back(from);
    } else if (m.type == "ack") {
      (void)s_.queue.ack(m.text);  // acked in the step that received it: always in flight
    }
    while (!waiting_.empty()) {
      const auto delivery = s_.queue.receive();
      if (!delivery) break;
      ctx.send(waiting_.front(), {"event", delivery->body, delivery->receipt, 0});
      waiting_.erase(waiting_.begin());
    }
    for (const sim::Step& step : s_.queue_trace.steps()) {
      ctx.note(step.kind + (step.subject.empty() ? "" : " " + step.subject) + ": " + step.note);
    }
    s_.queue_trace.clear();
  }

 private:
  Shared& s_;
  std::vector<ActorId> waiting_;  // workers long-polling, in arrival order
};

class Producer : public sim::Actor {
 public:
  // Sends the events in time order (listed order at equal times), one timer at
  // a time.
  explicit Producer(const NotificationSpec& spec) : spec_(spec), order_(spec.events.size()) {
    for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = i;
    std::stable_sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
      return spec.events[a].at < spec.events[b].at;
    });
  }

  void start(Context& ctx) override { schedule(ctx, 0); }

  void receive(Context&, ActorId, const Message&) override {}

  void timer(Context& ctx, const Message& tag) override {
    const auto next = static_cast<std::size_t>(tag.value);
    const NotifyEvent& e = spec_.events[order_[next]];
    ctx.send(kQueue, {"send", "n" + std::to_string(order_[next]), event_body(e.user, e.event), 0});
    schedule(ctx, next + 1);
  }

 private:
  void schedule(Context& ctx, std::size_t next) {
    if (next == order_.size()) return;
    ctx.set_timer(spec_.events[order_[next]].at - ctx.now(),
                  {"event", "", "", static_cast<std::int64_t>(next)});
  }

  const NotificationSpec& spec_;
  std::vector<std::size_t> order_;  // event indices by time
};

class Worker : public sim::Actor {
 public:
  explicit Worker(Shared& shared) : s_(shared) {}

  void start(Context& ctx) override { ctx.send(kQueue, {"receive", "", "", 0}); }

  void receive(Context& ctx, ActorId, const Message& m) override {
    if (m.type == "event") {
      ctx.send(kQueue, {"ack", "", m.text, 0});
      ctx.send(kQueue, {"receive", "", "", 0});
      std::uint32_t user = 0, event = 0;
      (void)std::sscanf(m.key.c_str(), "u%u e%u", &user,
                        &event);  // written by event_body
      fan_out(ctx, user, event);
      return;
    }
    // A gateway's answer: key is the notification's, value its attempt.
    auto it = pending_.find(m.key);
    Notification& n = it->second;
    ChannelCounts& counts = s_.outcome.channels[n.channel];
    if (m.type == "sent") {
      ++counts.sent;
      n.sent_at = ctx.now() - kNotifyLinkLatency;
      n.attempts = static_cast<std::uint32_t>(m.value);
      s_.outcome.sent.push_back(n);
      pending_.erase(it);
    } else if (m.value < s_.spec.max_attempts) {
      const Micros delay = s_.spec.retry_delay << (m.value - 1);
      ctx.note(m.key + ": attempt " + std::to_string(m.value) + " failed, retry in " +
               sim::format_micros(delay));
      ctx.set_timer(delay, {"retry", m.key, "", m.value + 1});
    } else {
      ++counts.failed;
      ctx.note(m.key + ": all " + std::to_string(m.value) + " attempts failed");
      pending_.erase(it);
    }
  }

  void timer(Context& ctx, const Message& tag) override {
    if (tag.type == "retry") {
      attempt(ctx, tag.key, tag.value);
    } else {  // "quiet": quiet hours are over
      admit(ctx, pending_.extract(tag.key).mapped());
    }
  }

 private:
  void fan_out(Context& ctx, std::uint32_t user, std::uint32_t event) {
    ++s_.outcome.events;
    if (!s_.seen.insert({user, event}).second) {
      ++s_.outcome.deduplicated;
      ctx.note(event_body(user, event) + " was seen before: a duplicate, dropped");
      return;
    }
    const std::uint8_t opted_out = user < s_.spec.opted_out.size() ? s_.spec.opted_out[user] : 0;
    for (std::size_t i = 0; i < kChannels; ++i) {
      const auto c = static_cast<Channel>(i);
      const Notification n{user, event, c, 0, 0, 0};
      if (opted_out & (1u << c)) {
        ++s_.outcome.channels[c].opted_out;
        ctx.note(key(n) + ": opted out");
      } else if (const Micros wait = quiet_for(c, ctx.now()); wait > 0) {
        ++s_.outcome.channels[c].deferred;
        ctx.note(key(n) + ": quiet hours, held for " + sim::format_micros(wait));
        pending_[key(n)] = n;
        ctx.set_timer(wait, {"quiet", key(n), "", 0});
      } else {
        admit(ctx, n);
      }
    }
  }

  // How long quiet hours hold back a notification on `c` at `now` (0: not
  // held).
  Micros quiet_for(Channel c, Micros now) const {
    const Micros start = s_.spec.quiet_start, end = s_.spec.quiet_end, at = now % kDay;
    if (c == kEmail || start == end) return 0;
    const bool quiet = start < end ? start <= at && at < end : at >= start || at < end;
    return quiet ? (end - at + kDay) % kDay : 0;
  }

  void admit(Context& ctx, Notification n) {
    ratelimit::Decision d;
    // Simulated time never goes back and user keys are short: the request is
    // always valid.
    (void)s_.limits.request("u" + std::to_string(n.user), ctx.now(), 1, &d);
    if (!d.allowed) {
      ++s_.outcome.channels[n.channel].limited;
      ctx.note(key(n) + ": daily limit reached, dropped");
      return;
    }
    n.admitted_at = ctx.now();
    const std::string k = key(n);
    pending_[k] = n;
    attempt(ctx, k, 1);
  }

  void attempt(Context& ctx, const std::string& k, std::int64_t attempt) {
    ++s_.outcome.channels[pending_.at(k).channel].attempts;
    ctx.send(gateway_actor(s_.spec, pending_.at(k).channel), {"deliver", k, "", attempt});
  }

  static std::string key(const Notification& n) {
    return event_body(n.user, n.event) + " " + channel_name(n.channel);
  }

  Shared& s_;
  std::map<std::string, Notification> pending_;  // held by quiet hours or awaiting a gateway
};

class Gateway : public sim::Actor {
 public:
  explicit Gateway(const GatewaySpec& spec) : spec_(spec) {}

  void receive(Context& ctx, ActorId from, const Message& m) override {
    const auto spread = static_cast<std::uint64_t>(spec_.max_latency - spec_.min_latency) + 1;
    const Micros latency = spec_.min_latency + static_cast<Micros>(ctx.random().below(spread));
    const bool fails = ctx.random().uniform01() < spec_.failure;
    ctx.set_timer(latency, {fails ? "failed" : "sent", m.key, std::to_string(from), m.value});
  }

  void timer(Context& ctx, const Message& tag) override {
    ctx.note(tag.key + (tag.type == "sent" ? ": delivered" : ": the gateway failed"));
    ctx.send(static_cast<ActorId>(std::stoul(tag.text)), {tag.type, tag.key, "", tag.value});
  }

 private:
  GatewaySpec spec_;
};

}  // namespace

const char* channel_name(Channel channel) {
  static constexpr const char* kNames[kChannels] = {"push", "email", "sms"};
  return kNames[channel];
}

Status check_notification_spec(const NotificationSpec& spec) {
  Status s = first_error(
      check_integer("users", spec.users, 1, kMaxNotifyUsers),
      check_integer("events", static_cast<double>(spec.events.size()), 0, kMaxNotifyEvents),
      check_integer("optedOut entries", static_cast<double>(spec.opted_out.size()), 0, spec.users),
      check_integer("dailyLimit", spec.daily_limit, 1, kMaxDailyLimit),
      check_integer("workers", spec.workers, 1, kMaxNotifyWorkers),
      check_integer("maxAttempts", spec.max_attempts, 1, kMaxAttempts),
      sim::check_micros("retryDelay", spec.retry_delay, 0, kMaxRetryDelay),
      sim::check_micros("quietStart", spec.quiet_start, 0, kDay - 1),
      sim::check_micros("quietEnd", spec.quiet_end, 0, kDay - 1));
  for (std::size_t c = 0; c < kChannels && s.is_ok(); ++c) {
    const GatewaySpec& g = spec.gateways[c];
    const std::string name = channel_name(static_cast<Channel>(c));
    s = first_error(
        check_number(name + " failure", g.failure, 0, 1),
        sim::check_micros(name + " minLatency", g.min_latency, 0, kMaxGatewayLatency),
        sim::check_micros(name + " maxLatency", g.max_latency, g.min_latency, kMaxGatewayLatency));
  }
  for (std::size_t i = 0; i < spec.opted_out.size() && s.is_ok(); ++i) {
    s = check_integer("optedOut[" + std::to_string(i) + "]", spec.opted_out[i], 0, 7);
  }
  for (const NotifyEvent& e : spec.events) {
    if (!s.is_ok()) break;
    s = first_error(sim::check_micros("event at", e.at, 0, kMaxEventTime),
                    check_integer("event user", e.user, 0, spec.users - 1.0));
  }
  return s;
}

NotificationOutcome run_notifications(const NotificationSpec& spec) {
  sim::Simulator sim(spec.seed, {kNotifyLinkLatency, kNotifyLinkLatency, 0, 0, false});
  Shared shared(sim, spec);
  shared.queue.set_trace(&shared.queue_trace);
  sim.add("queue", [&shared] { return std::make_unique<Broker>(shared); });
  sim.add("producer", [&spec] { return std::make_unique<Producer>(spec); });
  for (std::uint32_t i = 0; i < spec.workers; ++i) {
    sim.add("worker-" + std::to_string(i + 1),
            [&shared] { return std::make_unique<Worker>(shared); });
  }
  for (std::size_t c = 0; c < kChannels; ++c) {
    sim.add(std::string(channel_name(static_cast<Channel>(c))) + "-gateway",
            [&spec, c] { return std::make_unique<Gateway>(spec.gateways[c]); });
  }
  std::uint64_t steps = 0;
  while (steps < kMaxNotifySteps && sim.step()) ++steps;
  NotificationOutcome outcome = std::move(shared.outcome);
  outcome.truncated = steps == kMaxNotifySteps && sim.pending() > 0;
  outcome.queue = shared.queue.snapshot();
  outcome.history = sim.history();
  return outcome;
}

std::vector<NotifyEvent> random_events(std::uint64_t seed, std::uint32_t count, std::uint32_t users,
                                       Micros before, double duplicate) {
  sim::Random random(seed);
  std::vector<Micros> times;
  for (std::uint32_t i = 0; i < count; ++i)
    times.push_back(static_cast<Micros>(random.below(static_cast<std::uint64_t>(before))));
  std::sort(times.begin(), times.end());
  std::vector<NotifyEvent> events;
  std::uint32_t next_id = 0;
  for (const Micros at : times) {
    if (!events.empty() && random.uniform01() < duplicate) {
      NotifyEvent again = events[random.below(events.size())];
      again.at = at;
      events.push_back(again);
    } else {
      events.push_back({at, static_cast<std::uint32_t>(random.below(users)), next_id++});
    }
  }
  return events;
}

std::vector<std::uint8_t> random_opt_outs(std::uint64_t seed, std::uint32_t users,
                                          double probability) {
  sim::Random random(seed);
  std::vector<std::uint8_t> opted_out(users, 0);
  for (std::uint8_t& mask : opted_out) {
    for (std::size_t c = 0; c < kChannels; ++c) {
      if (random.uniform01() < probability) mask |= static_cast<std::uint8_t>(1u << c);
    }
  }
  return opted_out;
}

}  // namespace sdlab::messaging
