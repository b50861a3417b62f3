// sdlab::messaging::run_at_least_once — at-least-once delivery made visible on the simulator: a
// producer, a broker holding a MessageQueue, and consumers that apply a side effect per message,
// over a lossy, duplicating network, with consumers crashing and restarting.
//
// Actors (sim::Simulator ids): 0 "broker", 1 "producer", 2.. "consumer-1".. The queue and the
// ledger (the database the consumers write their side effects to) live outside the actors: they
// are durable, and no crash loses them.
//   producer   sends messages "m0".."m<n-1>" and resends the unconfirmed ones every reply timeout
//              until the broker confirms each ("sent"); the queue's dedup window absorbs resends.
//              Its confirmations are on its disk.
//   broker     turns "send", "receive" and "ack" messages into MessageQueue calls and answers;
//              the queue's trace steps become the step's notes.
//   consumer   asks for a message; on one, applies the side effect at once and acks `work_time`
//              later (the window in which a crash loses the ack and the message comes back after
//              its visibility timeout). After an empty answer it asks again after `poll_interval`;
//              with no answer within the reply timeout (2 × max latency + 1 ms) it asks again.
// The plain consumer applies every delivery: a redelivered message is applied twice. The
// idempotent consumer checks the ledger's dedup table of applied ids in the same step as the
// effect (a transaction in the database), so a redelivery is skipped.
//
// Complexity: O(steps · log events); at most max_steps steps. Deterministic per spec: a run
// stopped after k steps is the first k steps of the full run, and its outcome is the state then.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/invariant.h"
#include "messaging/message_queue.h"
#include "sim/simulator.h"

namespace sdlab::messaging {

inline constexpr std::uint32_t kMaxDeliveryMessages = 1'000;
inline constexpr std::uint32_t kMaxConsumers = 16;
inline constexpr std::uint64_t kMaxDeliverySteps = 1'000'000;
inline constexpr Micros kMaxHorizon = 3'600'000'000;  // one simulated hour
inline constexpr sim::ActorId kBroker = 0;
inline constexpr sim::ActorId kProducer = 1;
inline constexpr sim::ActorId kFirstConsumer = 2;

struct ConsumerCrash {
  std::uint32_t consumer = 0;  // 0-based, below DeliverySpec::consumers
  Micros at = 0;               // [0, horizon]
  Micros down_for = 1;         // [0, horizon]; it restarts at + down_for
};

struct DeliverySpec {
  std::uint64_t seed = 1;
  std::uint32_t messages = 10;  // [1, kMaxDeliveryMessages]
  std::uint32_t consumers = 1;  // [1, kMaxConsumers]
  bool idempotent = false;
  QueueConfig queue;
  sim::LinkSpec link;            // every link
  Micros work_time = 2'000;      // [0, kMaxHorizon]
  Micros poll_interval = 5'000;  // [1, kMaxHorizon]
  Micros horizon = 10'000'000;   // [1, kMaxHorizon]
  std::vector<ConsumerCrash> crashes;
  // [1, kMaxDeliverySteps]: stop after this many steps (the state as of step max_steps - 1).
  std::uint64_t max_steps = kMaxDeliverySteps;
};

Status check_delivery_spec(const DeliverySpec& spec);

struct DeliveryOutcome {
  std::map<std::string, std::uint32_t> effects;   // side effects applied, per message id
  // Per consumer (0-based): the side effects it applied, per message id.
  std::vector<std::map<std::string, std::uint32_t>> consumer_effects;
  std::map<std::string, std::uint32_t> receives;  // the highest receive count delivered, per id
  std::set<std::string> acked;
  QueueSnapshot queue;
  std::vector<sim::StepRecord> history;
  bool truncated = false;  // stopped at max_steps before the horizon
  // As of the run's last step: "no message lost" (every message acked or dead-lettered; fails
  // while some are still on their way) and "no duplicate effect" (each message's side effect
  // applied at most once; its step is the one that first applied an effect twice).
  Invariants invariants;
};

// Precondition: check_delivery_spec(spec) is ok.
DeliveryOutcome run_at_least_once(const DeliverySpec& spec);

// `count` crashes of random consumers at uniform times in [0, before), each down for a uniform
// time in [0, max_down]. Precondition: consumers >= 1, before >= 1, max_down >= 0.
std::vector<ConsumerCrash> random_crashes(std::uint64_t seed, std::uint32_t count,
                                          std::uint32_t consumers, Micros before, Micros max_down);

}  // namespace sdlab::messaging
