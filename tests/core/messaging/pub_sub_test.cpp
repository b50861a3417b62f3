// Pub/sub: fan-out to bounded per-subscriber queues, the three overflow policies exactly at the
// capacity, unsubscribe, bad input, trace, broken invariants.
#include "messaging/pub_sub.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../common/invariant_matchers.h"
#include "../trace_data.h"

namespace sdlab {

template <>
struct TestPeer<messaging::PubSub> {
  static messaging::SubscriberStats& stats(messaging::PubSub& p, const std::string& topic,
                                           const std::string& subscriber) {
    return p.topics_.find(topic)->second.find(subscriber)->second.stats;
  }
  static void swap_first_two(messaging::PubSub& p, const std::string& topic,
                             const std::string& subscriber) {
    auto& queue = p.topics_.find(topic)->second.find(subscriber)->second.queue;
    std::swap(queue[0], queue[1]);
  }
  static messaging::PubSubStats& totals(messaging::PubSub& p) { return p.stats_; }
  static void set_capacity(messaging::PubSub& p, const std::string& topic,
                           const std::string& subscriber, std::uint32_t capacity) {
    p.topics_.find(topic)->second.find(subscriber)->second.config.capacity = capacity;
  }
};

namespace messaging {
namespace {

struct PubSubTest : ::testing::Test {
  PubSub bus;

  void subscribe(const std::string& s, std::uint32_t capacity, Overflow overflow,
                 const std::string& topic = "t") {
    ASSERT_TRUE(bus.subscribe(topic, s, {capacity, overflow}).is_ok());
  }
  PublishResult publish(const std::string& body, const std::string& topic = "t") {
    PublishResult result;
    EXPECT_TRUE(bus.publish(topic, body, &result).is_ok());
    return result;
  }
  std::vector<std::string> consume(const std::string& s, double max = 100,
                                   const std::string& topic = "t") {
    std::vector<PubSubMessage> messages;
    EXPECT_TRUE(bus.consume(topic, s, max, &messages).is_ok());
    std::vector<std::string> bodies;
    for (const PubSubMessage& m : messages) bodies.push_back(m.body);
    return bodies;
  }
  SubscriberStats stats(const std::string& s) {
    const PubSubSnapshot snap = bus.snapshot();
    for (const auto& sub : snap.topics.at(0).subscriptions)
      if (sub.subscriber == s) return sub.stats;
    ADD_FAILURE() << "no subscriber " << s;
    return {};
  }
};

using Bodies = std::vector<std::string>;

TEST_F(PubSubTest, EverySubscriberGetsEveryMessageAtItsOwnPace) {
  subscribe("fast", 10, Overflow::kDropNewest);
  subscribe("slow", 10, Overflow::kDropNewest);
  publish("a");
  EXPECT_EQ(consume("fast"), Bodies{"a"});
  const PublishResult result = publish("b");
  EXPECT_EQ(result.sequence, 1u);
  EXPECT_EQ(result.queued, 2u);
  EXPECT_EQ(consume("fast"), Bodies{"b"});
  EXPECT_EQ(consume("slow", 1), Bodies{"a"});
  EXPECT_EQ(consume("slow"), Bodies{"b"});
  EXPECT_EQ(consume("slow"), Bodies{});
  EXPECT_EQ(bus.snapshot().stats.delivered, 4u);
  EXPECT_TRUE(AllHold(bus.invariants()));
}

TEST_F(PubSubTest, OnlyTheSubscribersOfThatTopicAtPublishTimeGetIt) {
  publish("before");  // nobody listens: it goes nowhere
  subscribe("s", 5, Overflow::kDropOldest);
  subscribe("other", 5, Overflow::kDropOldest, "u");
  const PublishResult result = publish("after");
  EXPECT_EQ(result.sequence, 1u);
  EXPECT_EQ(consume("s"), Bodies{"after"});
  EXPECT_EQ(consume("other", 5, "u"), Bodies{});
  EXPECT_EQ(bus.snapshot().stats.published, 2u);
  EXPECT_EQ(bus.snapshot().stats.offered, 1u);
}

TEST_F(PubSubTest, DropNewestKeepsTheQueueAndLosesTheNewMessageOnlyPastTheCapacity) {
  subscribe("s", 2, Overflow::kDropNewest);
  EXPECT_TRUE(publish("1").lost.empty());
  EXPECT_TRUE(publish("2").lost.empty());  // exactly full: nothing lost yet
  const PublishResult third = publish("3");
  EXPECT_EQ(third.lost, std::vector<std::string>{"s"});
  EXPECT_EQ(third.queued, 0u);
  EXPECT_EQ(consume("s"), (Bodies{"1", "2"}));
  EXPECT_EQ(stats("s").dropped_newest, 1u);
  EXPECT_TRUE(AllHold(bus.invariants()));
}

TEST_F(PubSubTest, DropOldestMakesRoomForTheNewMessage) {
  subscribe("s", 2, Overflow::kDropOldest);
  publish("1");
  publish("2");
  EXPECT_EQ(publish("3").lost, std::vector<std::string>{"s"});
  EXPECT_EQ(consume("s"), (Bodies{"2", "3"}));
  EXPECT_EQ(stats("s").dropped_oldest, 1u);
  EXPECT_TRUE(AllHold(bus.invariants()));
}

TEST_F(PubSubTest, RefuseBlocksThePublishForEverySubscriberUntilTheFullOneConsumes) {
  subscribe("a", 1, Overflow::kRefuse);
  subscribe("b", 5, Overflow::kDropNewest);
  ASSERT_FALSE(publish("1").refused);  // fills a exactly
  const PublishResult refused = publish("2");
  EXPECT_TRUE(refused.refused);
  EXPECT_EQ(refused.full, std::vector<std::string>{"a"});
  EXPECT_EQ(consume("b"), Bodies{"1"});  // b did not get "2" either
  EXPECT_EQ(stats("a").refused, 1u);
  EXPECT_EQ(stats("a").offered, 1u);
  EXPECT_EQ(bus.snapshot().stats.refused, 1u);
  EXPECT_EQ(consume("a"), Bodies{"1"});
  const PublishResult retried = publish("2");
  EXPECT_FALSE(retried.refused);
  EXPECT_EQ(retried.sequence, 1u);  // a refused publish takes no number
  EXPECT_EQ(consume("a"), Bodies{"2"});
  EXPECT_TRUE(AllHold(bus.invariants()));
}

TEST_F(PubSubTest, UnsubscribeDiscardsTheQueueAndCountsIt) {
  subscribe("s", 3, Overflow::kDropNewest);
  publish("1");
  publish("2");
  ASSERT_TRUE(bus.unsubscribe("t", "s").is_ok());
  EXPECT_TRUE(bus.snapshot().topics.empty());
  EXPECT_EQ(bus.snapshot().stats.discarded, 2u);
  EXPECT_EQ(bus.unsubscribe("t", "s").message(), "\"s\" is not subscribed to topic \"t\"");
  subscribe("s", 3, Overflow::kDropNewest);  // again: a fresh queue
  EXPECT_EQ(consume("s"), Bodies{});
  EXPECT_TRUE(AllHold(bus.invariants()));
}

TEST(PubSub, SubscriptionRangesAreCheckedAtBothEnds) {
  struct Case {
    std::string topic;
    std::string subscriber;
    std::uint32_t capacity;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"t", "s", 1, ""},
      {std::string(64, 't'), std::string(64, 's'), kMaxSubscriberQueue, ""},
      {"", "s", 1, "topic must not be empty"},
      {std::string(65, 't'), "s", 1, "topic must be at most 64 bytes long, got 65"},
      {"t", "", 1, "subscriber must not be empty"},
      {"t", std::string(65, 's'), 1, "subscriber must be at most 64 bytes long, got 65"},
      {"t", "s", 0, "capacity must be an integer in [1, 100000], got 0"},
      {"t", "s", kMaxSubscriberQueue + 1, "capacity must be an integer in [1, 100000], got 100001"},
  };
  for (const Case& c : cases) {
    PubSub bus;
    const Status s = bus.subscribe(c.topic, c.subscriber, {c.capacity, Overflow::kRefuse});
    EXPECT_EQ(s.is_ok() ? "" : s.message(), c.error);
    EXPECT_EQ(bus.snapshot().topics.size(), c.error.empty() ? 1u : 0u);
  }
  Overflow o = Overflow::kRefuse;
  ASSERT_TRUE(parse_overflow("drop-oldest", o).is_ok());
  EXPECT_EQ(o, Overflow::kDropOldest);
  EXPECT_EQ(parse_overflow("block", o).message(),
            "overflow must be \"drop-newest\", \"drop-oldest\" or \"refuse\", got \"block\"");
}

TEST_F(PubSubTest, LimitsOnSubscriptionsAreCheckedExactly) {
  subscribe("s", 5, Overflow::kRefuse);
  EXPECT_EQ(bus.subscribe("t", "s", {5, Overflow::kRefuse}).message(),
            "\"s\" is already subscribed to topic \"t\"");
  for (std::size_t i = 1; i < kMaxSubscribers; ++i)
    subscribe("s" + std::to_string(i), 1, Overflow::kRefuse);
  EXPECT_EQ(bus.subscribe("t", "late", {1, Overflow::kRefuse}).message(),
            "topic \"t\" has 256 subscribers, the most it may have");
  for (std::size_t i = 1; i < kMaxPubSubTopics; ++i)
    subscribe("s", 1, Overflow::kRefuse, "t" + std::to_string(i));
  EXPECT_EQ(bus.subscribe("new", "s", {1, Overflow::kRefuse}).message(),
            "at most 256 topics with subscribers");
  // Capacities so far: 5 + 255 + 255 = 515.
  EXPECT_EQ(bus.subscribe("t1", "big", {kMaxSubscriberQueue, Overflow::kRefuse}).is_ok(), true);
  for (int i = 0; i < 8; ++i)
    subscribe("big" + std::to_string(i), kMaxSubscriberQueue, Overflow::kRefuse, "t2");
  // 515 + 900000: room for 99485 more and no more.
  EXPECT_EQ(bus.subscribe("t3", "x", {99'486, Overflow::kRefuse}).message(),
            "the subscriptions' capacities would add up to 1000001 messages, more than 1000000");
  subscribe("x", 99'485, Overflow::kRefuse, "t3");
  ASSERT_TRUE(bus.unsubscribe("t3", "x").is_ok());  // frees its capacity
  subscribe("x", 99'485, Overflow::kRefuse, "t3");
}

TEST_F(PubSubTest, PublishAndConsumeRefuseBadArgumentsChangingNothing) {
  subscribe("s", 5, Overflow::kDropNewest);
  EXPECT_EQ(bus.publish("", "x").message(), "topic must not be empty");
  EXPECT_EQ(bus.publish("t", std::string(kMaxPubSubBodyBytes + 1, 'x')).message(),
            "body must be at most 65536 bytes long, got 65537");
  EXPECT_EQ(bus.snapshot().stats.published, 0u);
  publish(std::string(kMaxPubSubBodyBytes, 'x'));
  EXPECT_EQ(bus.consume("t", "s", 0, nullptr).message(),
            "max must be an integer in [1, 10000], got 0");
  EXPECT_EQ(bus.consume("t", "s", kMaxConsume + 1, nullptr).message(),
            "max must be an integer in [1, 10000], got 10001");
  EXPECT_EQ(bus.consume("t", "nobody", 1, nullptr).message(),
            "\"nobody\" is not subscribed to topic \"t\"");
  EXPECT_EQ(bus.consume("u", "s", 1, nullptr).message(), "\"s\" is not subscribed to topic \"u\"");
  EXPECT_EQ(bus.snapshot().topics[0].subscriptions[0].queue.size(), 1u);
  EXPECT_TRUE(bus.consume("t", "s", kMaxConsume, nullptr).is_ok());
  EXPECT_EQ(bus.snapshot().stats.delivered, 1u);
}

TEST_F(PubSubTest, TraceShowsEachSubscribersFateUnderThePublish) {
  subscribe("a", 1, Overflow::kDropOldest);
  subscribe("b", 1, Overflow::kDropNewest);
  subscribe("c", 2, Overflow::kRefuse);
  publish("1");
  sim::Trace trace;
  bus.set_trace(&trace);
  publish("2");
  publish("3");
  std::vector<std::string> steps;
  for (const sim::Step& step : trace.steps())
    steps.push_back(step.kind + ":" + step.subject + ":" + std::to_string(step.depth));
  EXPECT_EQ(steps, (std::vector<std::string>{"publish:t:0", "drop-oldest:a:1", "drop-newest:b:1",
                                             "queue:c:1", "refuse:t:0"}));
  EXPECT_EQ(testing::number(trace.steps()[1], "dropped"), 0);  // message 0 made room
  EXPECT_EQ(testing::number(trace.steps()[3], "queued"), 2);
  EXPECT_EQ(trace.steps()[4].note, "not published: the queues of c are full (backpressure)");
}

TEST_F(PubSubTest, BrokenAccountingIsReportedByTheInvariants) {
  subscribe("s", 3, Overflow::kDropNewest);
  publish("1");
  publish("2");
  TestPeer<PubSub>::stats(bus, "t", "s").offered = 3;
  const Invariants broken = bus.invariants();
  EXPECT_EQ(Broken(broken, "every message offered to a subscriber is delivered, queued or dropped"),
            "s on t: offered 3, delivered + queued + dropped = 2");
  EXPECT_EQ(
      Broken(broken, "over all subscriptions, offered = delivered + queued + dropped + discarded"),
      "(holds)");
  ++TestPeer<PubSub>::totals(bus).delivered;
  EXPECT_EQ(Broken(bus.invariants(),
                   "over all subscriptions, offered = delivered + queued + dropped + discarded"),
            "offered 2, accounted 3");
  TestPeer<PubSub>::swap_first_two(bus, "t", "s");
  EXPECT_EQ(Broken(bus.invariants(), "a queue is in sequence order"),
            "s on t holds messages out of sequence order");
  TestPeer<PubSub>::set_capacity(bus, "t", "s", 1);
  EXPECT_EQ(Broken(bus.invariants(), "a queue holds at most its capacity"),
            "s on t holds 2, capacity 1");
}

}  // namespace
}  // namespace messaging
}  // namespace sdlab
