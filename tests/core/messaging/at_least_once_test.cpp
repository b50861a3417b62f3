// At-least-once delivery on the simulator: a crash between side effect and ack duplicates the
// effect; an idempotent consumer does not; over many seeded runs nothing is lost.
#include "messaging/at_least_once.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace sdlab::messaging {
namespace {

// One message, one consumer, a fixed 1 ms link: the consumer gets m0 at 2 ms, applies it, and
// would ack at 4 ms; it crashes at 3 ms and is back at 3.5 ms; m0 is visible again at 11 ms.
DeliverySpec crash_before_ack(bool idempotent) {
  DeliverySpec spec;
  spec.messages = 1;
  spec.idempotent = idempotent;
  spec.queue.visibility_timeout = 10'000;
  spec.link = {1'000, 1'000, 0, 0, false};
  spec.work_time = 2'000;
  spec.poll_interval = 5'000;
  spec.horizon = 100'000;
  spec.crashes = {{0, 3'000, 500}};
  return spec;
}

TEST(AtLeastOnce, ACrashAfterTheSideEffectAndBeforeTheAckDuplicatesIt) {
  const DeliveryOutcome out = run_at_least_once(crash_before_ack(false));
  EXPECT_EQ(out.effects.at("m0"), 2u);
  EXPECT_EQ(out.consumer_effects, (std::vector<std::map<std::string, std::uint32_t>>{{{"m0", 2}}}));
  EXPECT_EQ(out.receives.at("m0"), 2u);
  EXPECT_EQ(out.acked, std::set<std::string>{"m0"});
  EXPECT_TRUE(out.queue.visible.empty());
  EXPECT_TRUE(out.queue.in_flight.empty());
  EXPECT_EQ(out.queue.stats.redeliveries, 1u);
  // The history shows why: the first side effect at 2 ms, the crash, then the second.
  std::vector<std::string> story;
  for (const sim::StepRecord& r : out.history) {
    for (const std::string& note : r.notes) {
      if (note.rfind("side effect", 0) == 0) story.push_back(std::to_string(r.time) + " " + note);
    }
    if (r.kind == "crash") story.push_back(std::to_string(r.time) + " crash");
  }
  EXPECT_EQ(story, (std::vector<std::string>{"2000 side effect of m0", "3000 crash",
                                             "12500 side effect of m0: applied 2 times"}));
  // Nothing is lost; the duplicate is named with the step that applied it a second time.
  ASSERT_EQ(out.invariants.size(), 2u);
  EXPECT_TRUE(out.invariants[0].holds);
  EXPECT_FALSE(out.invariants[1].holds);
  EXPECT_EQ(out.invariants[1].detail, "m0 applied 2 times");
  ASSERT_TRUE(out.invariants[1].step.has_value());
  EXPECT_EQ(out.history.at(*out.invariants[1].step).notes,
            std::vector<std::string>{"side effect of m0: applied 2 times"});
}

TEST(AtLeastOnce, TheIdempotentConsumerSkipsTheRedelivery) {
  const DeliveryOutcome out = run_at_least_once(crash_before_ack(true));
  EXPECT_EQ(out.effects.at("m0"), 1u);
  EXPECT_EQ(out.receives.at("m0"), 2u);  // delivered twice all the same
  EXPECT_EQ(out.acked, std::set<std::string>{"m0"});
  EXPECT_TRUE(out.invariants[0].holds && out.invariants[1].holds);
  EXPECT_FALSE(out.invariants[1].step.has_value());
}

TEST(AtLeastOnce, SameSpecSameHistory) {
  DeliverySpec spec;
  spec.seed = 9;
  spec.consumers = 2;
  spec.link = {200, 3'000, 0.1, 0.1, true};
  spec.crashes = random_crashes(9, 3, 2, 50'000, 20'000);
  spec.horizon = 500'000;
  const DeliveryOutcome a = run_at_least_once(spec);
  const DeliveryOutcome b = run_at_least_once(spec);
  ASSERT_EQ(a.history.size(), b.history.size());
  for (std::size_t i = 0; i < a.history.size(); ++i) {
    EXPECT_EQ(a.history[i].time, b.history[i].time);
    EXPECT_EQ(a.history[i].notes, b.history[i].notes);
  }
  EXPECT_EQ(a.effects, b.effects);
}

struct Tally {
  std::uint64_t duplicated = 0;  // messages whose effect was applied more than once
  std::uint64_t dead = 0;
  std::uint64_t redelivered = 0;  // messages delivered more than once
};

// Every message ends acked or dead-lettered, never both, nothing left in the queue; an effect is
// applied at most once per delivery, more than once only for a redelivered message, and at most
// once by the idempotent consumer.
void check_run(const DeliverySpec& spec, Tally& tally) {
  SCOPED_TRACE("seed " + std::to_string(spec.seed) + (spec.idempotent ? " idempotent" : " plain"));
  const DeliveryOutcome out = run_at_least_once(spec);
  ASSERT_FALSE(out.truncated);
  EXPECT_TRUE(out.queue.visible.empty());
  EXPECT_TRUE(out.queue.in_flight.empty());
  std::set<std::string> dead;
  for (const QueuedMessage& m : out.queue.dead_letters) dead.insert(m.id);
  for (std::uint32_t i = 0; i < spec.messages; ++i) {
    const std::string id = "m" + std::to_string(i);
    const bool acked = out.acked.count(id) != 0;
    EXPECT_NE(acked, dead.count(id) != 0) << id << " must be acked or dead, not both or neither";
    const std::uint32_t effects = out.effects.count(id) ? out.effects.at(id) : 0;
    const std::uint32_t receives = out.receives.count(id) ? out.receives.at(id) : 0;
    EXPECT_LE(effects, receives) << id;
    if (acked) {
      EXPECT_GE(effects, 1u) << id;
    }
    if (spec.idempotent) {
      EXPECT_LE(effects, 1u) << id;
    }
    std::uint32_t by_consumers = 0;
    for (const auto& applied : out.consumer_effects) {
      by_consumers += applied.count(id) ? applied.at(id) : 0;
    }
    EXPECT_EQ(by_consumers, effects) << id << ": the consumers' effects add up to the ledger's";
    tally.duplicated += effects > 1;
    tally.redelivered += receives > 1;
  }
  tally.dead += dead.size();
  EXPECT_TRUE(out.invariants[0].holds) << out.invariants[0].detail;
  EXPECT_EQ(out.invariants[1].holds, std::all_of(out.effects.begin(), out.effects.end(),
                                                 [](const auto& e) { return e.second <= 1; }));
}

DeliverySpec chaotic(std::uint64_t seed, bool idempotent) {
  DeliverySpec spec;
  spec.seed = seed;
  spec.messages = 20;
  spec.consumers = 3;
  spec.idempotent = idempotent;
  spec.queue = {20'000, 4, 300'000'000, 1'000};
  spec.link = {500, 3'000, 0.05, 0.05, true};
  spec.work_time = 4'000;
  spec.poll_interval = 5'000;
  spec.horizon = 1'000'000;
  spec.crashes = random_crashes(seed, 8, 3, 300'000, 40'000);
  return spec;
}

TEST(AtLeastOnce, NothingIsLostAndOnlyRedeliveriesDuplicateOverManySeededRuns) {
  Tally plain, idempotent;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    check_run(chaotic(seed, false), plain);
    check_run(chaotic(seed, true), idempotent);
  }
  // The runs did exercise what they check: redeliveries happened, and duplicated effects for
  // the plain consumer only.
  EXPECT_GT(plain.duplicated, 0u);
  EXPECT_GT(idempotent.redelivered, 0u);
  EXPECT_EQ(idempotent.duplicated, 0u);
}

TEST(AtLeastOnce, APoisonedConsumerSendsEveryMessageToTheDeadLetterQueue) {
  // Consumers that always crash before acking: each message is received max_receives times, then
  // dead-lettered.
  DeliverySpec spec = crash_before_ack(false);
  spec.queue.max_receives = 2;
  spec.crashes.clear();
  for (Micros t = 3'000; t < 100'000; t += 1'000) spec.crashes.push_back({0, t, 0});
  const DeliveryOutcome out = run_at_least_once(spec);
  EXPECT_TRUE(out.acked.empty());
  ASSERT_EQ(out.queue.dead_letters.size(), 1u);
  EXPECT_EQ(out.queue.dead_letters[0].receives, 2u);
  EXPECT_EQ(out.effects.at("m0"), 2u);
}

// Stopping after k steps gives the first k steps of the full run, and the outcome as of step k - 1:
// the page asks for the queue and the effects at any step this way.
TEST(AtLeastOnce, ARunStoppedAfterKStepsIsThePrefixOfTheFullRun) {
  DeliverySpec spec = crash_before_ack(false);
  const DeliveryOutcome full = run_at_least_once(spec);
  ASSERT_FALSE(full.truncated);
  const std::size_t n = full.history.size();
  std::uint32_t effects = 0;
  for (std::size_t k = 1; k <= n + 1; ++k) {
    SCOPED_TRACE("k = " + std::to_string(k));
    spec.max_steps = k;
    const DeliveryOutcome part = run_at_least_once(spec);
    const std::size_t kept = std::min(k, n);
    ASSERT_EQ(part.history.size(), kept);
    const sim::StepRecord& last = part.history.back();
    EXPECT_EQ(last.time, full.history[kept - 1].time);
    EXPECT_EQ(last.notes, full.history[kept - 1].notes);
    EXPECT_EQ(part.queue.now, k <= n ? last.time : spec.horizon);
    EXPECT_EQ(part.truncated, k <= n);
    for (const std::string& note : last.notes) effects += note.rfind("side effect", 0) == 0;
    EXPECT_EQ(part.effects.count("m0") ? part.effects.at("m0") : 0u, effects);
    EXPECT_EQ(part.consumer_effects.at(0), part.effects);
    // m0 is on its way until it is acked: "no message lost" holds only once it is.
    EXPECT_EQ(part.invariants[0].holds, part.acked.count("m0") == 1);
  }
  EXPECT_EQ(effects, 2u);
}

TEST(AtLeastOnce, SpecRangesAreChecked) {
  DeliverySpec spec;
  EXPECT_TRUE(check_delivery_spec(spec).is_ok());
  spec.messages = 0;
  EXPECT_EQ(check_delivery_spec(spec).message(), "messages must be an integer in [1, 1000], got 0");
  spec.messages = kMaxDeliveryMessages;
  spec.consumers = kMaxConsumers + 1;
  EXPECT_FALSE(check_delivery_spec(spec).is_ok());
  spec.consumers = 2;
  spec.crashes = {{2, 0, 0}};
  EXPECT_EQ(check_delivery_spec(spec).message(),
            "crash consumer must be an integer in [0, 1], got 2");
  spec.crashes = {{1, spec.horizon + 1, 0}};
  EXPECT_FALSE(check_delivery_spec(spec).is_ok());
  spec.crashes = {{1, spec.horizon, spec.horizon}};
  EXPECT_TRUE(check_delivery_spec(spec).is_ok());
  spec.max_steps = kMaxDeliverySteps;
  EXPECT_TRUE(check_delivery_spec(spec).is_ok());
  spec.max_steps = kMaxDeliverySteps + 1;
  EXPECT_EQ(check_delivery_spec(spec).message(),
            "maxSteps must be an integer in [1, 1000000], got 1000001");
  spec.max_steps = 0;
  EXPECT_EQ(check_delivery_spec(spec).message(),
            "maxSteps must be an integer in [1, 1000000], got 0");
  spec.max_steps = 1;
  EXPECT_TRUE(check_delivery_spec(spec).is_ok());
  spec.poll_interval = 0;
  EXPECT_EQ(check_delivery_spec(spec).message(),
            "pollInterval must be an integer in [1, 3600000000], got 0");
}

}  // namespace
}  // namespace sdlab::messaging
