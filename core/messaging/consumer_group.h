// sdlab::messaging consumer groups — Kafka's group membership: who reads which partition, where
// each partition's reading stands, and what a rebalance moves. PartitionedLog (partitioned_log.h)
// holds the groups and drives them; this file is the part that decides.
//
// Assignors (Kafka's partition.assignment.strategy), both over consumer ids in sorted order:
//   range        per topic, the consumers subscribed to it get contiguous runs of its
//                partitions: with P partitions and C consumers, consumer i (0-based) gets
//                P / C partitions, one more when i < P % C, starting after those before it
//                (Kafka's RangeAssignor).
//   round-robin  every subscribed partition, sorted by (topic, partition), goes to the next
//                consumer in a circle of all members, passing over those not subscribed to its
//                topic (Kafka's RoundRobinAssignor).
// A rebalance (every join or leave; Kafka's eager protocol bumps the generation) reassigns every
// partition. A partition that stays with its owner keeps its position (as Kafka's cooperative
// protocol does); a moved one starts at the group's committed offset, so the offsets in
// [committed, the old owner's position) are read twice: the report names them per partition.
// The committed offset of a partition the group has never read is its log start
// (auto.offset.reset=earliest).
//
// Complexity: an assignment O(M log M + T·P) for M members, T topics of P partitions; a rebalance
// adds O(T·P·log) to compare with the old one. Thread-safety: none.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace sdlab::messaging {

using Offset = std::int64_t;

enum class Assignor { kRange, kRoundRobin };

// "range" / "round-robin".
const char* assignor_name(Assignor assignor);
// From "range" or "round-robin"; anything else is an error naming the choices.
Status parse_assignor(std::string_view name, Assignor& out);

struct TopicPartition {
  std::string topic;
  std::uint32_t partition = 0;
  bool operator==(const TopicPartition&) const = default;
  // By topic, then partition. Spelled out: Emscripten 3.1.6's libc++ has no <=> for std::string.
  bool operator<(const TopicPartition& o) const {
    return topic != o.topic ? topic < o.topic : partition < o.partition;
  }
};

// "orders-2", as Kafka names a partition.
std::string partition_name(const TopicPartition& tp);

using Subscriptions = std::map<std::string, std::vector<std::string>>;  // consumer -> its topics
using PartitionCounts = std::map<std::string, std::uint32_t, std::less<>>;  // topic -> P
// Consumer -> its partitions, sorted; every subscribed consumer has an entry, maybe empty.
using Assignment = std::map<std::string, std::vector<TopicPartition>>;

// Precondition: every topic of `subscriptions` is in `counts`.
Assignment assign(Assignor assignor, const Subscriptions& subscriptions,
                  const PartitionCounts& counts);

struct GroupMember {
  std::vector<std::string> topics;       // sorted, unique
  std::vector<TopicPartition> assigned;  // sorted
  std::size_t poll_from = 0;             // the assigned partition the next poll starts with
};

struct GroupPartition {
  Offset committed = 0;
  Offset position = 0;  // the owner's next offset to read; meaningful while it has an owner
};

struct ConsumerGroup {
  Assignor assignor = Assignor::kRange;
  std::uint64_t generation = 0;
  std::map<std::string, GroupMember, std::less<>> members;
  std::map<TopicPartition, GroupPartition> partitions;  // those the group has ever been assigned

  // The member that holds `tp`, or nullptr.
  const std::string* owner(const TopicPartition& tp) const;
  // Every member's partitions.
  Assignment assignment() const;
};

struct PartitionMove {
  TopicPartition tp;
  std::string from;  // "" when it had no owner
  std::string to;    // "" when no member is subscribed to its topic any more
  Offset committed = 0;
  Offset reached = 0;  // the old owner's position (committed when it had none)
  // The offsets read twice: [committed, reached); 0 when reached <= committed.
  Offset rereads() const { return reached > committed ? reached - committed : 0; }
};

struct RebalanceReport {
  std::uint64_t generation = 0;
  Assignment assignment;
  std::vector<PartitionMove> moved;  // by (topic, partition)
  Offset rereads = 0;                // summed over `moved`
};

// Reassigns every partition of `group` with its assignor and moves positions as above, against
// `previous`, the assignment before the members changed (a member that left is no longer in
// `group`, but its partitions move); `log_start` gives the committed offset of a partition the
// group meets for the first time. Precondition: every topic of the members is in `counts`.
RebalanceReport rebalance(ConsumerGroup& group, const Assignment& previous,
                          const PartitionCounts& counts,
                          const std::function<Offset(const TopicPartition&)>& log_start);

}  // namespace sdlab::messaging
