#include "messaging/pub_sub.h"

#include <algorithm>

namespace sdlab::messaging {

namespace {

constexpr Overflow kPolicies[] = {Overflow::kDropNewest, Overflow::kDropOldest, Overflow::kRefuse};

}  // namespace

const char* overflow_name(Overflow overflow) {
  switch (overflow) {
    case Overflow::kDropNewest:
      return "drop-newest";
    case Overflow::kDropOldest:
      return "drop-oldest";
    case Overflow::kRefuse:
      break;
  }
  return "refuse";
}

Status parse_overflow(std::string_view name, Overflow& out) {
  for (Overflow policy : kPolicies) {
    if (name == overflow_name(policy)) {
      out = policy;
      return Status::ok();
    }
  }
  return Status::invalid(
      "overflow must be \"drop-newest\", \"drop-oldest\" or "
      "\"refuse\", got \"" +
      std::string(name) + "\"");
}

Status check_subscription_config(const SubscriptionConfig& config) {
  return check_integer("capacity", config.capacity, 1, kMaxSubscriberQueue);
}

Status PubSub::find(std::string_view topic, std::string_view subscriber, Topic*& found,
                    Subscription*& subscription) {
  const auto t = topics_.find(topic);
  const auto s = t == topics_.end() ? Topic::iterator() : t->second.find(subscriber);
  if (t == topics_.end() || s == t->second.end())
    return Status::invalid("\"" + std::string(subscriber) + "\" is not subscribed to topic \"" +
                           std::string(topic) + "\"");
  found = &t->second;
  subscription = &s->second;
  return Status::ok();
}

Status PubSub::subscribe(std::string_view topic, std::string_view subscriber,
                         const SubscriptionConfig& config) {
  Status s = first_error(check_name("topic", topic), check_name("subscriber", subscriber),
                         check_subscription_config(config));
  const auto t = topics_.find(topic);
  if (s && t != topics_.end() && t->second.count(subscriber))
    s = Status::invalid("\"" + std::string(subscriber) + "\" is already subscribed to topic \"" +
                        std::string(topic) + "\"");
  if (s && t == topics_.end() && topics_.size() >= kMaxPubSubTopics)
    s = Status::invalid("at most " + std::to_string(kMaxPubSubTopics) + " topics with subscribers");
  if (s && t != topics_.end() && t->second.size() >= kMaxSubscribers)
    s = Status::invalid("topic \"" + std::string(topic) + "\" has " +
                        std::to_string(kMaxSubscribers) + " subscribers, the most it may have");
  if (s && capacity_total_ + config.capacity > kMaxQueuedTotal)
    s = Status::invalid("the subscriptions' capacities would add up to " +
                        std::to_string(capacity_total_ + config.capacity) +
                        " messages, more than " + std::to_string(kMaxQueuedTotal));
  if (!s) return s;
  topics_[std::string(topic)].emplace(std::string(subscriber), Subscription{config, {}, {}});
  capacity_total_ += config.capacity;
  if (trace_)
    trace_->add("subscribe", std::string(subscriber),
                "subscribes to " + std::string(topic) + ": a queue of " +
                    std::to_string(config.capacity) + ", " + overflow_name(config.overflow) +
                    " when full",
                {{"topic", topic},
                 {"subscriber", subscriber},
                 {"capacity", config.capacity},
                 {"overflow", overflow_name(config.overflow)}});
  return Status::ok();
}

Status PubSub::unsubscribe(std::string_view topic, std::string_view subscriber) {
  Topic* t = nullptr;
  Subscription* subscription = nullptr;
  if (Status s = find(topic, subscriber, t, subscription); !s) return s;
  const std::size_t discarded = subscription->queue.size();
  stats_.discarded += discarded;
  capacity_total_ -= subscription->config.capacity;
  if (trace_)
    trace_->add("unsubscribe", std::string(subscriber),
                "leaves " + std::string(topic) + ": " + std::to_string(discarded) +
                    " queued messages discarded",
                {{"topic", topic}, {"subscriber", subscriber}, {"discarded", discarded}});
  t->erase(t->find(subscriber));
  if (t->empty()) topics_.erase(topics_.find(topic));
  return Status::ok();
}

void PubSub::offer(const std::string& subscriber, Subscription& sub, const Message& message,
                   PublishResult& result) {
  ++sub.stats.offered;
  ++stats_.offered;
  const bool full = sub.queue.size() >= sub.config.capacity;
  const char* kind = "queue";
  std::string why = "queued, " + std::to_string(sub.queue.size() + (full ? 0 : 1)) + " of " +
                    std::to_string(sub.config.capacity);
  std::uint64_t dropped = message->sequence;
  if (full && sub.config.overflow == Overflow::kDropNewest) {
    kind = "drop-newest";
    ++sub.stats.dropped_newest;
    why =
        "its queue is full (" + std::to_string(sub.config.capacity) + "): the new message is lost";
  } else {
    if (full) {
      kind = "drop-oldest";
      dropped = sub.queue.front()->sequence;
      ++sub.stats.dropped_oldest;
      sub.queue.pop_front();
      why = "its queue is full (" + std::to_string(sub.config.capacity) + "): message " +
            std::to_string(dropped) + " dropped to make room";
    }
    sub.queue.push_back(message);
    ++result.queued;
  }
  if (full) {
    ++stats_.dropped;
    result.lost.push_back(subscriber);
  }
  if (trace_) {
    sim::Data data = {{"subscriber", subscriber},
                      {"queued", sub.queue.size()},
                      {"capacity", sub.config.capacity}};
    if (full) data.push_back({"dropped", dropped});  // the number of the message lost
    trace_->add(kind, subscriber, std::move(why), std::move(data));
  }
}

Status PubSub::publish(std::string_view topic, std::string_view body, PublishResult* out) {
  Status s =
      first_error(check_name("topic", topic), check_length("body", body, kMaxPubSubBodyBytes));
  if (!s) return s;
  PublishResult result;
  const auto t = topics_.find(topic);
  if (t != topics_.end()) {
    for (auto& [subscriber, sub] : t->second) {
      if (sub.config.overflow == Overflow::kRefuse && sub.queue.size() >= sub.config.capacity) {
        ++sub.stats.refused;
        result.full.push_back(subscriber);
      }
    }
  }
  if (!result.full.empty()) {
    result.refused = true;
    ++stats_.refused;
    if (trace_) {
      std::string names;
      for (const std::string& name : result.full) names += (names.empty() ? "" : ", ") + name;
      trace_->add("refuse", std::string(topic),
                  "not published: the queues of " + names + " are full (backpressure)",
                  {{"topic", topic}, {"full", names}, {"count", result.full.size()}});
    }
    if (out) *out = std::move(result);
    return Status::ok();
  }
  result.sequence = next_sequence_++;
  ++stats_.published;
  const std::size_t subscribers = t == topics_.end() ? 0 : t->second.size();
  if (trace_)
    trace_->add("publish", std::string(topic),
                "message " + std::to_string(result.sequence) + " offered to " +
                    std::to_string(subscribers) + " subscribers",
                {{"topic", topic}, {"sequence", result.sequence}, {"subscribers", subscribers}});
  if (t != topics_.end()) {
    const sim::Nest nest(trace_);
    const auto message = std::make_shared<const PubSubMessage>(
        PubSubMessage{result.sequence, std::string(topic), std::string(body)});
    for (auto& [subscriber, sub] : t->second) offer(subscriber, sub, message, result);
  }
  if (out) *out = std::move(result);
  return Status::ok();
}

Status PubSub::consume(std::string_view topic, std::string_view subscriber, double max,
                       std::vector<PubSubMessage>* out) {
  Topic* t = nullptr;
  Subscription* sub = nullptr;
  Status s = find(topic, subscriber, t, sub);
  if (s) s = check_integer("max", max, 1, kMaxConsume);
  if (!s) return s;
  const std::size_t count = std::min(sub->queue.size(), static_cast<std::size_t>(max));
  if (out) out->clear();
  for (std::size_t i = 0; i < count; ++i) {
    if (out) out->push_back(*sub->queue.front());
    sub->queue.pop_front();
  }
  sub->stats.delivered += count;
  stats_.delivered += count;
  if (trace_)
    trace_->add("consume", std::string(subscriber),
                std::to_string(count) + " messages from " + std::string(topic) + ", " +
                    std::to_string(sub->queue.size()) + " left",
                {{"topic", topic},
                 {"subscriber", subscriber},
                 {"count", count},
                 {"left", sub->queue.size()}});
  return Status::ok();
}

PubSubSnapshot PubSub::snapshot() const {
  PubSubSnapshot snap;
  for (const auto& [name, topic] : topics_) {
    PubSubTopicView view{name, {}};
    for (const auto& [subscriber, sub] : topic) {
      SubscriptionView s{subscriber, sub.config, {}, sub.stats};
      for (const Message& m : sub.queue) s.queue.push_back(*m);
      view.subscriptions.push_back(std::move(s));
    }
    snap.topics.push_back(std::move(view));
  }
  snap.stats = stats_;
  return snap;
}

Invariants PubSub::invariants() const {
  Invariants list;
  std::string unaccounted, over, order;
  std::uint64_t queued = 0;
  for (const auto& [name, topic] : topics_) {
    for (const auto& [subscriber, sub] : topic) {
      const SubscriberStats& st = sub.stats;
      queued += sub.queue.size();
      const std::uint64_t accounted =
          st.delivered + sub.queue.size() + st.dropped_newest + st.dropped_oldest;
      if (accounted != st.offered && unaccounted.empty())
        unaccounted = subscriber + " on " + name + ": offered " + std::to_string(st.offered) +
                      ", delivered + queued + dropped = " + std::to_string(accounted);
      if (sub.queue.size() > sub.config.capacity && over.empty())
        over = subscriber + " on " + name + " holds " + std::to_string(sub.queue.size()) +
               ", capacity " + std::to_string(sub.config.capacity);
      const auto later = [](const Message& a, const Message& b) {
        return a->sequence >= b->sequence;
      };
      if (std::adjacent_find(sub.queue.begin(), sub.queue.end(), later) != sub.queue.end() &&
          order.empty())
        order = subscriber + " on " + name + " holds messages out of sequence order";
    }
  }
  const std::uint64_t total = stats_.delivered + queued + stats_.dropped + stats_.discarded;
  check_invariant(list, "every message offered to a subscriber is delivered, queued or dropped",
                  unaccounted.empty(), [&] { return unaccounted; });
  check_invariant(list,
                  "over all subscriptions, offered = delivered + queued + "
                  "dropped + discarded",
                  total == stats_.offered, [&] {
                    return "offered " + std::to_string(stats_.offered) + ", accounted " +
                           std::to_string(total);
                  });
  check_invariant(list, "a queue holds at most its capacity", over.empty(), [&] { return over; });
  check_invariant(list, "a queue is in sequence order", order.empty(), [&] { return order; });
  return list;
}

}  // namespace sdlab::messaging
