// The message queue's promises: they hold through sends, receives, timeouts,
// nacks, dead letters and groups; a queue broken on purpose (through TestPeer)
// reports what is wrong.
#include <gtest/gtest.h>

#include "../common/invariant_matchers.h"
#include "messaging/message_queue.h"

namespace sdlab {

template <>
struct TestPeer<messaging::MessageQueue> {
  using Q = messaging::MessageQueue;
  // Files message `sequence`, in flight, as visible too.
  static void file_as_visible(Q &q, std::uint64_t sequence) { q.visible_.insert(sequence); }
  // Marks message `sequence` in flight, as a receive would, without checking
  // its group.
  static void fly(Q &q, std::uint64_t sequence, sim::Micros until) {
    Q::Stored &m = q.messages_.at(sequence);
    q.visible_.erase(sequence);
    m.in_flight = true;
    m.visible_at = until;
    q.in_flight_.insert({until, sequence});
  }
  static void set_receives(Q &q, std::uint64_t sequence, std::uint32_t receives) {
    q.messages_.at(sequence).receives = receives;
  }
  static void set_capacity(Q &q, std::uint32_t capacity) { q.config_.capacity = capacity; }
  static void remember(Q &q, const std::string &id, sim::Micros until) {
    q.dedup_until_[id] = until;
  }
};

namespace messaging {
namespace {

using Peer = TestPeer<MessageQueue>;

struct QueueInvariants : ::testing::Test {
  sim::Clock clock;
  MessageQueue queue{clock, {1'000, 2, 10'000, 10}};

  void send(const std::string &id, const std::string &group = "") {
    ASSERT_TRUE(queue.send(id, "", group).is_ok());
  }
};

TEST_F(QueueInvariants, HoldThroughEveryKindOfCall) {
  EXPECT_TRUE(AllHold(queue.invariants()));
  send("a", "g");
  send("b", "g");
  send("c");
  send("a");  // a duplicate
  const auto a = queue.receive();
  const auto c = queue.receive();  // b waits behind a
  EXPECT_TRUE(AllHold(queue.invariants()));
  ASSERT_TRUE(queue.change_visibility(c->receipt, 0).is_ok());
  clock.advance(1'000);  // a times out
  EXPECT_TRUE(AllHold(queue.invariants()));
  queue.receive();  // a again (2nd receive)
  clock.advance(1'000);
  queue.receive();  // a dead-lettered, b delivered
  EXPECT_TRUE(AllHold(queue.invariants()));
  EXPECT_EQ(queue.snapshot().dead_letters.size(), 1u);
  clock.advance(20'000);  // past the dedup window
  EXPECT_TRUE(AllHold(queue.invariants()));
}

TEST_F(QueueInvariants, AMessageFiledTwiceIsReported) {
  send("a");
  queue.receive();
  Peer::file_as_visible(queue, 0);
  EXPECT_EQ(Broken(queue.invariants(),
                   "a message is in exactly one of visible, in flight and dead letters"),
            "message a is visible and in flight");
}

TEST_F(QueueInvariants, TwoMessagesOfAGroupInFlightAreReported) {
  send("a", "g");
  send("b", "g");
  queue.receive();
  Peer::fly(queue, 1, 1'000);
  EXPECT_EQ(Broken(queue.invariants(), "a group has at most one message in flight"),
            "group g has 2 messages in flight");
}

TEST_F(QueueInvariants, AReceiveCountAboveMaxReceivesIsReported) {
  send("a");
  Peer::set_receives(queue, 0, 3);
  EXPECT_EQ(Broken(queue.invariants(), "no message is received more than maxReceives times"),
            "message a was received 3 times, maxReceives 2");
}

TEST_F(QueueInvariants, MoreMessagesThanCapacityAreReported) {
  send("a");
  send("b");
  Peer::set_capacity(queue, 1);
  EXPECT_EQ(Broken(queue.invariants(), "holds at most capacity messages"),
            "2 messages, capacity 1");
}

TEST_F(QueueInvariants, AnIdRememberedPastTheWindowIsReportedAndExactlyTheWindowIsNot) {
  send("a");
  Peer::remember(queue, "a", 10'000);  // now 0 + window 10000: the edge
  EXPECT_EQ(Broken(queue.invariants(), "an id is remembered at most the dedup window"), "(holds)");
  Peer::remember(queue, "a", 10'001);
  EXPECT_EQ(Broken(queue.invariants(), "an id is remembered at most the dedup window"),
            "an id is remembered until 10001 µs, now 0 µs + window 10000 µs");
}

}  // namespace
}  // namespace messaging
}  // namespace sdlab
