// sdlab::messaging::PubSub — topics with fan-out to per-subscriber bounded queues, each
// subscriber consuming at its own pace (Redis Streams' consumers, Google Pub/Sub subscriptions,
// a broker's per-client output buffer).
//
//   subscribe(topic, s, {capacity, overflow})   s receives what is published from now on.
//   unsubscribe(topic, s)       its queued messages are discarded (and counted as such).
//   publish(topic, body)        one message, numbered by a global sequence, offered to every
//                               current subscriber of the topic; with none it goes nowhere (as
//                               Redis PUBLISH to a channel nobody listens to).
//   consume(topic, s, max)      the oldest up to max messages of s's queue.
// When a subscriber's queue is full, its overflow policy decides:
//   drop-newest   the new message is not queued for it (a counter says how many it lost);
//   drop-oldest   its oldest queued message is dropped to make room (a bounded buffer that
//                 keeps the newest);
//   refuse        backpressure: the whole publish is refused, for every subscriber, and the
//                 publisher is told which subscribers were full (it may retry after they
//                 consume). A refusal is an outcome, not an error.
//
// Ranges (checked; a refused call changes nothing): topic and subscriber names [1, 64] bytes;
// body [0, 65536] bytes; capacity [1, 100000] messages, the capacities of all subscriptions
// adding up to at most 1000000; at most 256 topics with subscribers and 256 subscribers a topic;
// max per consume [1, 10000].
//
// Trace: "subscribe", "unsubscribe", "consume", "publish" with a sub-step per subscriber:
// "queue", "drop-newest" or "drop-oldest"; "refuse" naming the full subscribers.
//
// Complexity: publish O(S + log T) for S subscribers (the body is shared, not copied);
// consume O(max + log); subscribe, unsubscribe O(log). Invariants (invariants(), O(queued)):
// for every subscription, each message offered to it (published while it was subscribed) is
// delivered, queued or counted dropped; the same over all subscriptions ever, with the
// messages discarded by unsubscribes; a queue holds at most its capacity, in sequence order.
// Thread-safety: none.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/invariant.h"
#include "common/status.h"
#include "messaging/names.h"
#include "sim/trace.h"

namespace sdlab::messaging {

inline constexpr std::size_t kMaxPubSubBodyBytes = 65'536;
inline constexpr std::uint32_t kMaxSubscriberQueue = 100'000;
inline constexpr std::uint64_t kMaxQueuedTotal = 1'000'000;
inline constexpr std::size_t kMaxPubSubTopics = 256;
inline constexpr std::size_t kMaxSubscribers = 256;
inline constexpr std::uint32_t kMaxConsume = 10'000;

enum class Overflow { kDropNewest, kDropOldest, kRefuse };

// "drop-newest", "drop-oldest", "refuse".
const char* overflow_name(Overflow overflow);
Status parse_overflow(std::string_view name, Overflow& out);

struct SubscriptionConfig {
  std::uint32_t capacity = 100;
  Overflow overflow = Overflow::kDropOldest;
};

Status check_subscription_config(const SubscriptionConfig& config);

struct PubSubMessage {
  std::uint64_t sequence = 0;  // global publish order, from 0
  std::string topic;
  std::string body;
};

struct SubscriberStats {
  std::uint64_t offered = 0;  // published while subscribed (refused publishes excluded)
  std::uint64_t delivered = 0;
  std::uint64_t dropped_newest = 0;
  std::uint64_t dropped_oldest = 0;
  std::uint64_t refused = 0;  // publishes refused because this queue was full
};

struct PublishResult {
  bool refused = false;
  std::vector<std::string> full;  // refused: the subscribers whose queues were full
  std::uint64_t sequence = 0;     // not refused: the message's number
  std::uint32_t queued = 0;       // subscribers that queued it
  std::vector<std::string> lost;  // subscribers that dropped a message to overflow (either end)
};

struct SubscriptionView {
  std::string subscriber;
  SubscriptionConfig config;
  std::vector<PubSubMessage> queue;  // oldest first
  SubscriberStats stats;
};

struct PubSubTopicView {
  std::string name;
  std::vector<SubscriptionView> subscriptions;  // by subscriber
};

struct PubSubStats {
  std::uint64_t published = 0;
  std::uint64_t refused = 0;
  std::uint64_t offered = 0;  // one per subscriber per published message
  std::uint64_t delivered = 0;
  std::uint64_t dropped = 0;    // newest and oldest
  std::uint64_t discarded = 0;  // queued when their subscriber unsubscribed
};

struct PubSubSnapshot {
  std::vector<PubSubTopicView> topics;  // by name; only topics with subscribers
  PubSubStats stats;
};

class PubSub {
 public:
  Status subscribe(std::string_view topic, std::string_view subscriber,
                   const SubscriptionConfig& config);
  Status unsubscribe(std::string_view topic, std::string_view subscriber);
  Status publish(std::string_view topic, std::string_view body, PublishResult* out = nullptr);
  Status consume(std::string_view topic, std::string_view subscriber, double max,
                 std::vector<PubSubMessage>* out);

  PubSubSnapshot snapshot() const;
  Invariants invariants() const;
  void set_trace(sim::Trace* trace) { trace_ = trace; }

 private:
  template <class>
  friend struct ::sdlab::TestPeer;

  using Message = std::shared_ptr<const PubSubMessage>;
  struct Subscription {
    SubscriptionConfig config;
    std::deque<Message> queue;
    SubscriberStats stats;
  };
  using Topic = std::map<std::string, Subscription, std::less<>>;  // by subscriber

  Status find(std::string_view topic, std::string_view subscriber, Topic*& found,
              Subscription*& subscription);
  // Offers `message` to one subscription (there is room, or the policy drops).
  void offer(const std::string& subscriber, Subscription& subscription, const Message& message,
             PublishResult& result);

  std::map<std::string, Topic, std::less<>> topics_;
  std::uint64_t next_sequence_ = 0;
  std::uint64_t capacity_total_ = 0;
  PubSubStats stats_;
  sim::Trace* trace_ = nullptr;
};

}  // namespace sdlab::messaging
