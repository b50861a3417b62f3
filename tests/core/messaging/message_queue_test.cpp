// The SQS-like message queue: visibility timeout, redelivery, DLQ, dedup, groups, bad input.
#include "messaging/message_queue.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../trace_data.h"

namespace sdlab::messaging {
namespace {

QueueConfig config(Micros visibility = 1'000, std::uint32_t max_receives = 3, Micros dedup = 10'000,
                   std::uint32_t capacity = 100) {
  return {visibility, max_receives, dedup, capacity};
}

struct QueueTest : ::testing::Test {
  sim::Clock clock;
  MessageQueue queue{clock, config()};

  void send(const std::string& id, const std::string& group = "") {
    ASSERT_TRUE(queue.send(id, "body of " + id, group).is_ok());
  }
  std::string receive_id() {
    const auto d = queue.receive();
    return d ? d->id : "-";
  }
  std::vector<std::string> ids(const std::vector<QueuedMessage>& messages) {
    std::vector<std::string> out;
    for (const QueuedMessage& m : messages) out.push_back(m.id);
    return out;
  }
};

TEST_F(QueueTest, DeliversInSendOrderAndAckDeletes) {
  send("a");
  send("b");
  const auto first = queue.receive();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->id, "a");
  EXPECT_EQ(first->body, "body of a");
  EXPECT_EQ(first->receipt, "r0.1");
  EXPECT_EQ(first->receives, 1u);
  EXPECT_EQ(first->visible_at, 1'000);
  EXPECT_TRUE(queue.ack(first->receipt).is_ok());
  EXPECT_EQ(receive_id(), "b");
  EXPECT_EQ(receive_id(), "-");  // b is in flight
  const QueueSnapshot snap = queue.snapshot();
  EXPECT_TRUE(snap.visible.empty());
  EXPECT_EQ(ids(snap.in_flight), std::vector<std::string>{"b"});
  EXPECT_EQ(snap.stats.acks, 1u);
}

TEST_F(QueueTest, UnackedMessageIsRedeliveredExactlyAtTheDeadlineWithAFreshReceipt) {
  send("a");
  const auto first = queue.receive();
  clock.advance(999);
  EXPECT_EQ(receive_id(), "-");
  EXPECT_EQ(queue.snapshot().in_flight.size(), 1u);
  clock.advance(1);  // the deadline: visible again
  EXPECT_EQ(ids(queue.snapshot().visible), std::vector<std::string>{"a"});
  const auto second = queue.receive();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->receipt, "r0.2");
  EXPECT_EQ(second->receives, 2u);
  EXPECT_EQ(queue.ack(first->receipt).message(),
            "receipt handle \"r0.1\" has expired: message a was received again as r0.2");
  EXPECT_TRUE(queue.ack(second->receipt).is_ok());
  EXPECT_EQ(queue.snapshot().stats.redeliveries, 1u);
}

TEST_F(QueueTest, AnAckAtTheDeadlineIsTooLateAndChangesNothing) {
  send("a");
  const auto d = queue.receive();
  clock.advance(1'000);
  EXPECT_EQ(queue.ack(d->receipt).message(),
            "receipt handle \"r0.1\" has expired: message a is visible again since 1000 µs");
  EXPECT_EQ(queue.snapshot().visible.size(), 1u);
  EXPECT_EQ(queue.snapshot().stats.acks, 0u);
}

TEST_F(QueueTest, UnknownReceiptsAreRefusedNamingThem) {
  send("a");
  const auto d = queue.receive();
  for (const char* bad : {"", "x", "r0", "r0.", "r.1", "r9.1", "r0.0", "r0.2", "r0.1x"}) {
    EXPECT_EQ(queue.ack(bad).message(), "unknown receipt handle \"" + std::string(bad) +
                                            "\": no message in the queue holds it (acked, "
                                            "dead-lettered or never issued)")
        << bad;
  }
  EXPECT_TRUE(queue.ack(d->receipt).is_ok());
  EXPECT_FALSE(queue.ack(d->receipt).is_ok());  // acked twice
  EXPECT_EQ(queue.ack(std::string(65, 'r')).message(),
            "receipt must be at most 64 bytes long, got 65");
}

TEST_F(QueueTest, NackMakesItVisibleNowAndExtendMovesTheDeadline) {
  send("a");
  auto d = queue.receive();
  clock.advance(500);
  ASSERT_TRUE(queue.change_visibility(d->receipt, 2'000).is_ok());
  clock.advance(1'999);
  EXPECT_EQ(receive_id(), "-");
  clock.advance(1);
  d = queue.receive();
  ASSERT_TRUE(d);
  ASSERT_TRUE(queue.change_visibility(d->receipt, 0).is_ok());
  EXPECT_EQ(queue.change_visibility(d->receipt, 0).message(),
            "receipt handle \"r0.2\" has expired: message a is visible again since 2500 µs");
  EXPECT_EQ(receive_id(), "a");
}

TEST_F(QueueTest, ChangeVisibilityRangeIsZeroToTwelveHours) {
  send("a");
  const auto d = queue.receive();
  EXPECT_EQ(queue.change_visibility(d->receipt, -1).message(),
            "timeout must be an integer in [0, 43200000000], got -1");
  EXPECT_FALSE(queue.change_visibility(d->receipt, kMaxVisibility + 1).is_ok());
  EXPECT_EQ(queue.snapshot().in_flight[0].visible_at, 1'000);  // unchanged
  EXPECT_TRUE(queue.change_visibility(d->receipt, kMaxVisibility).is_ok());
  EXPECT_EQ(queue.snapshot().in_flight[0].visible_at, kMaxVisibility);
}

TEST_F(QueueTest, AfterMaxReceivesTheNextReceiveMovesItToTheDeadLetterQueue) {
  send("poison");
  send("ok");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(receive_id(), "poison");
    clock.advance(1'000);
  }
  EXPECT_EQ(receive_id(), "ok");  // poison passed over into the DLQ
  const QueueSnapshot snap = queue.snapshot();
  ASSERT_EQ(snap.dead_letters.size(), 1u);
  EXPECT_EQ(snap.dead_letters[0].id, "poison");
  EXPECT_EQ(snap.dead_letters[0].receives, 3u);
  EXPECT_EQ(snap.stats.dead_lettered, 1u);
  EXPECT_EQ(queue.size(), 2u);
}

TEST_F(QueueTest, DuplicateIdsWithinTheWindowAreDroppedAndTheWindowCountsFromTheFirstSend) {
  SendResult result;
  ASSERT_TRUE(queue.send("a", "1", "", &result).is_ok());
  EXPECT_FALSE(result.duplicate);
  ASSERT_TRUE(queue.ack(queue.receive()->receipt).is_ok());
  clock.advance(9'999);
  ASSERT_TRUE(queue.send("a", "2", "", &result).is_ok());
  EXPECT_TRUE(result.duplicate);  // even after the ack
  EXPECT_EQ(queue.snapshot().dedup.size(), 1u);
  EXPECT_EQ(queue.snapshot().dedup[0].until, 10'000);
  clock.advance(1);
  ASSERT_TRUE(queue.send("a", "3", "", &result).is_ok());
  EXPECT_FALSE(result.duplicate);
  EXPECT_EQ(queue.receive()->body, "3");
  EXPECT_EQ(queue.snapshot().stats.duplicates, 1u);
}

TEST(MessageQueue, AZeroDedupWindowKeepsEverySend) {
  sim::Clock clock;
  MessageQueue queue(clock, config(1'000, 3, 0));
  ASSERT_TRUE(queue.send("a", "", "").is_ok());
  ASSERT_TRUE(queue.send("a", "", "").is_ok());
  EXPECT_EQ(queue.snapshot().visible.size(), 2u);
  EXPECT_TRUE(queue.snapshot().dedup.empty());
}

TEST_F(QueueTest, AGroupsNextMessageWaitsWhileOneIsInFlight) {
  send("g1", "g");
  send("g2", "g");
  send("h1", "h");
  send("free");
  const auto first = queue.receive();
  EXPECT_EQ(first->id, "g1");
  EXPECT_EQ(receive_id(), "h1");
  EXPECT_EQ(receive_id(), "free");  // g2 waits behind g1
  EXPECT_EQ(receive_id(), "-");
  ASSERT_TRUE(queue.ack(first->receipt).is_ok());
  EXPECT_EQ(receive_id(), "g2");
}

TEST_F(QueueTest, AGroupRedeliversItsHeadBeforeItsNextMessage) {
  send("g1", "g");
  send("g2", "g");
  EXPECT_EQ(receive_id(), "g1");
  clock.advance(1'000);
  EXPECT_EQ(receive_id(), "g1");  // timed out: still first in its group
}

TEST(MessageQueue, ConfigRangesAreCheckedAtBothEnds) {
  EXPECT_TRUE(check_queue_config(config(1, 1, 0, 1)).is_ok());
  EXPECT_TRUE(
      check_queue_config(config(kMaxVisibility, kMaxReceivesLimit, kMaxDedupWindow, kMaxCapacity))
          .is_ok());
  EXPECT_EQ(check_queue_config(config(0)).message(),
            "visibilityTimeout must be an integer in [1, 43200000000], got 0");
  EXPECT_FALSE(check_queue_config(config(-5)).is_ok());
  EXPECT_FALSE(check_queue_config(config(kMaxVisibility + 1)).is_ok());
  EXPECT_EQ(check_queue_config(config(1, 0)).message(),
            "maxReceives must be an integer in [1, 1000], got 0");
  EXPECT_FALSE(check_queue_config(config(1, kMaxReceivesLimit + 1)).is_ok());
  EXPECT_EQ(check_queue_config(config(1, 1, -1)).message(),
            "dedupWindow must be an integer in [0, 43200000000], got -1");
  EXPECT_FALSE(check_queue_config(config(1, 1, kMaxDedupWindow + 1)).is_ok());
  EXPECT_FALSE(check_queue_config(config(1, 1, 0, 0)).is_ok());
  EXPECT_EQ(check_queue_config(config(1, 1, 0, kMaxCapacity + 1)).message(),
            "capacity must be an integer in [1, 100000], got 100001");
}

TEST(MessageQueue, SendRefusesBadFieldsAndAFullQueueChangingNothing) {
  sim::Clock clock;
  MessageQueue queue(clock, config(1'000, 1, 1'000, 2));
  EXPECT_EQ(queue.send("", "", "").message(), "id must not be empty");
  EXPECT_EQ(queue.send(std::string(129, 'i'), "", "").message(),
            "id must be at most 128 bytes long, got 129");
  EXPECT_TRUE(
      queue.send(std::string(128, 'i'), std::string(kMaxBodyBytes, 'b'), std::string(128, 'g'))
          .is_ok());
  EXPECT_FALSE(queue.send("x", std::string(kMaxBodyBytes + 1, 'b'), "").is_ok());
  EXPECT_FALSE(queue.send("x", "", std::string(129, 'g')).is_ok());
  // Dead letters count toward the capacity.
  ASSERT_TRUE(queue.receive());
  clock.advance(1'000);
  EXPECT_FALSE(queue.receive());  // moved to the DLQ, nothing else to deliver
  ASSERT_TRUE(queue.send("y", "", "").is_ok());
  EXPECT_EQ(queue.send("z", "", "").message(),
            "the queue is full: capacity 2 messages (visible, in flight and dead letters)");
  EXPECT_EQ(queue.snapshot().stats.sent, 2u);
  EXPECT_EQ(queue.size(), 2u);
}

TEST_F(QueueTest, TraceSaysWhatHappenedAndWhy) {
  sim::Trace trace;
  queue.set_trace(&trace);
  send("a");
  queue.receive();
  clock.advance(1'000);
  queue.receive();
  std::vector<std::string> kinds;
  for (const sim::Step& step : trace.steps()) kinds.push_back(step.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"send", "deliver", "timeout", "redeliver"}));
  EXPECT_EQ(
      trace.steps()[2].note,
      "not acked within the visibility timeout: visible again since 1000 µs after 1 receives");
}

TEST_F(QueueTest, TraceStepsCarryTheirFiguresAndTheLineThatDecided) {
  sim::Trace trace;
  queue.set_trace(&trace);
  send("a", "g");
  send("b", "g");
  const auto d = queue.receive();
  ASSERT_TRUE(queue.send("a", "again", "").is_ok());  // a duplicate
  queue.receive();                                    // b waits behind a
  ASSERT_TRUE(queue.ack(d->receipt).is_ok());
  const auto& steps = trace.steps();
  ASSERT_EQ(steps.size(), 7u);
  EXPECT_EQ(steps[1].kind, "send");
  EXPECT_EQ(testing::number(steps[1], "sequence"), 1);
  EXPECT_EQ(testing::number(steps[1], "visible"), 2);
  EXPECT_EQ(testing::text(steps[1], "group"), "g");
  EXPECT_EQ(steps[2].kind, "deliver");
  EXPECT_EQ(testing::text(steps[2], "receipt"), "r0.1");
  EXPECT_EQ(testing::number(steps[2], "receives"), 1);
  EXPECT_EQ(testing::number(steps[2], "visibleAtMs"), 1);  // 1000 µs
  EXPECT_EQ(steps[3].kind, "duplicate");
  EXPECT_EQ(testing::number(steps[3], "rememberedUntilMs"), 10);
  EXPECT_EQ(steps[4].kind, "wait");
  EXPECT_EQ(testing::text(steps[4], "blockedBy"), "a");
  EXPECT_EQ(steps[5].kind, "empty");
  EXPECT_EQ(testing::number(steps[5], "visible"), 1);
  EXPECT_EQ(testing::number(steps[5], "inFlight"), 1);
  EXPECT_EQ(steps[6].kind, "ack");
  EXPECT_EQ(testing::text(steps[6], "receipt"), "r0.1");
  for (const sim::Step& step : steps) EXPECT_STREQ(step.file, "core/messaging/message_queue.cpp");
  EXPECT_NE(steps[2].line, steps[6].line);  // the deciding line, not the helper's
}

TEST_F(QueueTest, DeadLetterAndNackStepsSayTheCountsAndTheReceipt) {
  MessageQueue once{clock, config(1'000, 1)};
  sim::Trace trace;
  once.set_trace(&trace);
  ASSERT_TRUE(once.send("a", "", "").is_ok());
  const auto d = once.receive();
  ASSERT_TRUE(once.change_visibility(d->receipt, 0).is_ok());
  once.receive();
  const auto& steps = trace.steps();
  ASSERT_EQ(steps.size(), 5u);
  EXPECT_EQ(steps[2].kind, "nack");
  EXPECT_EQ(testing::text(steps[2], "receipt"), "r0.1");
  EXPECT_EQ(steps[3].kind, "dead-letter");
  EXPECT_EQ(testing::number(steps[3], "receives"), 1);
  EXPECT_EQ(testing::number(steps[3], "maxReceives"), 1);
  EXPECT_EQ(steps[4].kind, "empty");
}

}  // namespace
}  // namespace sdlab::messaging
