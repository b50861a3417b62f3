// Properties over many seeded random runs of the partitioned log with consumer groups and of
// pub/sub: committed offsets never move backwards except by a recorded seek; after a rebalance
// with members, every subscribed partition has exactly one owner; a rebalance reports exactly
// the partitions whose owner changed and the offsets between the commit and the old position;
// polls read each partition in offset order from its position; pub/sub delivers what a plain
// model of bounded queues says and accounts for every message.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "../common/invariant_matchers.h"
#include "messaging/partitioned_log.h"
#include "messaging/pub_sub.h"
#include "sim/random.h"

namespace sdlab::messaging {
namespace {

constexpr int kSeeds = 40;
constexpr int kOps = 300;

std::map<TopicPartition, std::string> owners(const ConsumerGroup& group) {
  std::map<TopicPartition, std::string> out;
  for (const auto& [consumer, member] : group.members)
    for (const TopicPartition& tp : member.assigned) out[tp] = consumer;
  return out;
}

// After a rebalance: every partition of a topic some member subscribes to is held by exactly one
// member, which subscribes to it.
void expect_exactly_one_owner(const RebalanceReport& report, const ConsumerGroup& group,
                              const std::map<std::string, std::uint32_t>& partitions) {
  std::map<TopicPartition, int> held;
  for (const auto& [consumer, member] : group.members)
    for (const std::string& topic : member.topics)
      for (std::uint32_t p = 0; p < partitions.at(topic); ++p) held[{topic, p}];
  for (const auto& [consumer, assigned] : report.assignment) {
    for (const TopicPartition& tp : assigned) {
      ASSERT_TRUE(held.count(tp)) << partition_name(tp) << " is no partition of a subscribed topic";
      ++held[tp];
      const auto& topics = group.members.at(consumer).topics;
      EXPECT_TRUE(std::count(topics.begin(), topics.end(), tp.topic)) << consumer;
    }
  }
  for (const auto& [tp, count] : held) EXPECT_EQ(count, 1) << partition_name(tp);
}

void run_log(std::uint64_t seed) {
  SCOPED_TRACE("seed " + std::to_string(seed));
  sim::Random random(seed);
  sim::Clock clock;
  PartitionedLog log(clock);
  const std::map<std::string, std::uint32_t> partitions = {
      {"a", 1 + static_cast<std::uint32_t>(random.below(5))},
      {"b", 1 + static_cast<std::uint32_t>(random.below(5))}};
  ASSERT_TRUE(log.create_topic("a", {partitions.at("a"), 1 + random.below(20), 0}).is_ok());
  ASSERT_TRUE(
      log.create_topic("b", {partitions.at("b"), 1'000, 1 + static_cast<Micros>(random.below(200))})
          .is_ok());
  const Assignor assignor = random.below(2) ? Assignor::kRange : Assignor::kRoundRobin;
  ASSERT_TRUE(log.create_group("g", assignor).is_ok());
  const std::vector<std::string> consumers = {"c0", "c1", "c2", "c3"};
  const std::vector<std::vector<std::string>> subscriptions = {{"a"}, {"b"}, {"a", "b"}};
  for (int op = 0; op < kOps; ++op) {
    SCOPED_TRACE("op " + std::to_string(op));
    log.expire();  // so the snapshot below is what the next call starts from
    const LogSnapshot before = log.snapshot();
    const ConsumerGroup& group = before.groups.at("g");
    const std::string consumer = consumers[random.below(consumers.size())];
    const bool member = group.members.count(consumer) > 0;
    const std::string topic = random.below(2) ? "a" : "b";
    const std::uint32_t p = static_cast<std::uint32_t>(random.below(partitions.at(topic)));
    bool seeked = false;
    switch (random.below(9)) {
      case 0:
      case 1: {
        const std::string key = random.below(3) ? "k" + std::to_string(random.below(10)) : "";
        ASSERT_TRUE(log.append(topic, key, "v").is_ok());
        break;
      }
      case 2: {
        RebalanceReport report;
        const Status s = member
                             ? log.leave("g", consumer, &report)
                             : log.join("g", consumer,
                                        subscriptions[random.below(subscriptions.size())], &report);
        ASSERT_TRUE(s.is_ok()) << s.message();
        const ConsumerGroup after = log.snapshot().groups.at("g");
        if (!after.members.empty()) expect_exactly_one_owner(report, after, partitions);
        // The moves are exactly the changed owners, each with the old owner's position.
        const auto was = owners(group);
        const auto is = owners(after);
        std::vector<PartitionMove> expected;
        for (const auto& [tp, state] : after.partitions) {
          const std::string from = was.count(tp) ? was.at(tp) : "";
          const std::string to = is.count(tp) ? is.at(tp) : "";
          if (from == to) continue;
          const auto old = group.partitions.find(tp);
          const Offset committed =
              old == group.partitions.end() ? state.committed : old->second.committed;
          expected.push_back(
              {tp, from, to, committed, from.empty() ? committed : old->second.position});
          EXPECT_EQ(state.position, committed) << partition_name(tp);
        }
        ASSERT_EQ(report.moved.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
          EXPECT_EQ(report.moved[i].tp, expected[i].tp);
          EXPECT_EQ(report.moved[i].from, expected[i].from);
          EXPECT_EQ(report.moved[i].to, expected[i].to);
          EXPECT_EQ(report.moved[i].committed, expected[i].committed);
          EXPECT_EQ(report.moved[i].reached, expected[i].reached);
        }
        break;
      }
      case 3:
      case 4: {
        std::vector<Fetched> fetched;
        const Status s = log.poll("g", consumer, 1 + random.below(6), &fetched);
        ASSERT_EQ(s.is_ok(), member);
        std::map<TopicPartition, Offset> next;
        for (const auto& [tp, state] : group.partitions) next[tp] = state.position;
        for (const Fetched& f : fetched) EXPECT_EQ(f.record.offset, next[f.tp]++);
        break;
      }
      case 5:
        ASSERT_EQ(log.commit_positions("g", consumer).is_ok(), member);
        break;
      case 6: {
        // Any offset, often a backwards or unowned one: refused unless the rules allow it.
        (void)log.commit("g", consumer, topic, p, static_cast<Offset>(random.below(30)));
        break;
      }
      case 7:
        if (random.below(4) == 0) {
          const auto& view = before.topics[topic == "a" ? 0 : 1].partitions[p];
          const Offset to =
              view.log_start + static_cast<Offset>(random.below(
                                   static_cast<std::uint64_t>(view.end - view.log_start) + 1));
          ASSERT_TRUE(log.seek("g", topic, p, to).is_ok());
          seeked = true;
        }
        break;
      default:
        clock.advance(static_cast<Micros>(random.below(50)));
        break;
    }
    ASSERT_TRUE(AllHold(log.invariants()));
    const LogSnapshot after = log.snapshot();
    EXPECT_EQ(after.replays.size(), before.replays.size() + (seeked ? 1 : 0));
    for (const auto& [tp, state] : group.partitions) {
      const Offset now = after.groups.at("g").partitions.at(tp).committed;
      if (!(seeked && tp == TopicPartition{topic, p})) {
        EXPECT_GE(now, state.committed) << partition_name(tp) << " moved backwards";
      }
    }
  }
}

TEST(MessagingProperties, LogCommitsNeverMoveBackAndRebalancesOwnEveryPartitionOnce) {
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) run_log(seed);
}

// A subscriber's queue as the policies describe it, for comparison.
struct ModelQueue {
  std::uint32_t capacity;
  Overflow overflow;
  std::deque<std::uint64_t> queue;
  std::uint64_t offered = 0, dropped = 0;
};

void run_pub_sub(std::uint64_t seed) {
  SCOPED_TRACE("seed " + std::to_string(seed));
  sim::Random random(seed);
  PubSub bus;
  std::map<std::pair<std::string, std::string>, ModelQueue> model;  // (topic, subscriber)
  std::uint64_t next = 0;
  const std::vector<std::string> topics = {"x", "y"};
  const std::vector<std::string> subscribers = {"s0", "s1", "s2"};
  for (int op = 0; op < kOps; ++op) {
    SCOPED_TRACE("op " + std::to_string(op));
    const std::string topic = topics[random.below(topics.size())];
    const std::string subscriber = subscribers[random.below(subscribers.size())];
    const auto key = std::make_pair(topic, subscriber);
    switch (random.below(6)) {
      case 0: {
        if (model.count(key)) {
          ASSERT_TRUE(bus.unsubscribe(topic, subscriber).is_ok());
          model.erase(key);
        } else {
          const SubscriptionConfig config{1 + static_cast<std::uint32_t>(random.below(4)),
                                          static_cast<Overflow>(random.below(3))};
          ASSERT_TRUE(bus.subscribe(topic, subscriber, config).is_ok());
          model[key] = {config.capacity, config.overflow, {}};
        }
        break;
      }
      case 1:
      case 2:
      case 3: {
        PublishResult result;
        ASSERT_TRUE(bus.publish(topic, "m", &result).is_ok());
        bool refuse = false;
        for (auto& [k, q] : model)
          refuse |=
              k.first == topic && q.overflow == Overflow::kRefuse && q.queue.size() == q.capacity;
        ASSERT_EQ(result.refused, refuse);
        if (refuse) break;
        EXPECT_EQ(result.sequence, next);
        for (auto& [k, q] : model) {
          if (k.first != topic) continue;
          ++q.offered;
          if (q.queue.size() < q.capacity) {
            q.queue.push_back(next);
          } else if (q.overflow == Overflow::kDropOldest) {
            q.queue.pop_front();
            q.queue.push_back(next);
            ++q.dropped;
          } else {
            ++q.dropped;
          }
        }
        ++next;
        break;
      }
      default: {
        std::vector<PubSubMessage> got;
        const double max = 1 + static_cast<double>(random.below(3));
        const Status s = bus.consume(topic, subscriber, max, &got);
        ASSERT_EQ(s.is_ok(), model.count(key) > 0);
        if (!s.is_ok()) break;
        ModelQueue& q = model.at(key);
        for (const PubSubMessage& m : got) {
          ASSERT_FALSE(q.queue.empty());
          EXPECT_EQ(m.sequence, q.queue.front());
          EXPECT_EQ(m.topic, topic);
          q.queue.pop_front();
        }
        EXPECT_TRUE(got.size() == max || q.queue.empty());
        break;
      }
    }
    ASSERT_TRUE(AllHold(bus.invariants()));
    for (const PubSubTopicView& view : bus.snapshot().topics) {
      for (const SubscriptionView& sub : view.subscriptions) {
        const ModelQueue& q = model.at({view.name, sub.subscriber});
        EXPECT_EQ(sub.stats.offered, q.offered);
        EXPECT_EQ(sub.stats.dropped_newest + sub.stats.dropped_oldest, q.dropped);
        EXPECT_EQ(sub.queue.size(), q.queue.size());
      }
    }
  }
}

TEST(MessagingProperties, PubSubDeliversWhatBoundedQueuesShouldAndAccountsForEveryMessage) {
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) run_pub_sub(seed);
}

}  // namespace
}  // namespace sdlab::messaging
