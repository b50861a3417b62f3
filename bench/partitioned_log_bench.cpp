// The partitioned log and pub/sub (core/messaging/partitioned_log.h, pub_sub.h).
// log/append: 100,000 keyed appends (1,000 keys) to a topic of 8 partitions keeping 1,000
//   records each, so count retention deletes one record per append once full. "operations"
//   counts appends.
// log/consume: 100,000 appends without a key to 16 partitions, then a group of 4 consumers
//   (range) polls 100 records at a time, each poll followed by commit_positions, until drained.
//   "operations" counts records read.
// log/rebalance: 64 consumers join a round-robin group on 2 topics of 32 partitions one by one,
//   then leave one by one: 128 rebalances. "operations" counts rebalances.
// pubsub/fanout: 100,000 publishes to a topic of 10 subscribers (queues of 1,000, drop-oldest),
//   every subscriber consuming 100 after each 100 publishes. "operations" counts messages queued
//   (each subscriber queues every message).
#include <benchmark/benchmark.h>

#include "messaging/partitioned_log.h"
#include "messaging/pub_sub.h"
#include "timing.h"

namespace {

using namespace sdlab;
using sdlab::bench::timing;

constexpr int kRecords = 100'000;

void log_append(benchmark::State& state) {
  std::vector<std::string> keys;
  for (int i = 0; i < 1'000; ++i) keys.push_back("key-" + std::to_string(i));
  std::uint64_t appended = 0;
  for (auto _ : state) {
    appended = 0;
    sim::Clock clock;
    messaging::PartitionedLog log(clock);
    (void)log.create_topic("t", {8, 1'000, 0});
    messaging::Appended at;
    for (int i = 0; i < kRecords; ++i)
      appended += log.append("t", keys[i % keys.size()], "payload", &at).is_ok();
  }
  state.counters["operations"] = double(appended);
}

void log_consume(benchmark::State& state) {
  std::uint64_t read = 0;
  for (auto _ : state) {
    read = 0;
    sim::Clock clock;
    messaging::PartitionedLog log(clock);
    (void)log.create_topic("t", {16, kRecords, 0});
    for (int i = 0; i < kRecords; ++i) (void)log.append("t", "", "payload");
    (void)log.create_group("g", messaging::Assignor::kRange);
    const std::vector<std::string> consumers = {"c0", "c1", "c2", "c3"};
    for (const std::string& c : consumers) (void)log.join("g", c, {"t"});
    std::vector<messaging::Fetched> fetched;
    for (bool more = true; more;) {
      more = false;
      for (const std::string& c : consumers) {
        (void)log.poll("g", c, 100, &fetched);
        (void)log.commit_positions("g", c);
        more |= !fetched.empty();
        read += fetched.size();
      }
    }
  }
  state.counters["operations"] = double(read);
}

void log_rebalance(benchmark::State& state) {
  std::uint64_t rebalances = 0;
  for (auto _ : state) {
    sim::Clock clock;
    messaging::PartitionedLog log(clock);
    (void)log.create_topic("a", {32, 1, 0});
    (void)log.create_topic("b", {32, 1, 0});
    (void)log.create_group("g", messaging::Assignor::kRoundRobin);
    rebalances = 0;
    for (int i = 0; i < 64; ++i)
      rebalances += log.join("g", "c" + std::to_string(i), {"a", "b"}).is_ok();
    for (int i = 0; i < 64; ++i) rebalances += log.leave("g", "c" + std::to_string(i)).is_ok();
  }
  state.counters["operations"] = double(rebalances);
}

void pubsub_fanout(benchmark::State& state) {
  std::uint64_t queued = 0;
  for (auto _ : state) {
    messaging::PubSub bus;
    for (int s = 0; s < 10; ++s)
      (void)bus.subscribe("t", "s" + std::to_string(s), {1'000, messaging::Overflow::kDropOldest});
    std::vector<messaging::PubSubMessage> got;
    messaging::PublishResult result;
    queued = 0;
    for (int i = 0; i < kRecords; ++i) {
      (void)bus.publish("t", "payload", &result);
      queued += result.queued;
      if (i % 100 == 99)
        for (int s = 0; s < 10; ++s) (void)bus.consume("t", "s" + std::to_string(s), 100, &got);
    }
  }
  state.counters["operations"] = double(queued);
}

const bool log_registered = [] {
  benchmark::RegisterBenchmark("log/append", log_append)->Apply(timing);
  benchmark::RegisterBenchmark("log/consume", log_consume)->Apply(timing);
  benchmark::RegisterBenchmark("log/rebalance", log_rebalance)->Apply(timing);
  benchmark::RegisterBenchmark("pubsub/fanout", pubsub_fanout)->Apply(timing);
  return true;
}();

}  // namespace
