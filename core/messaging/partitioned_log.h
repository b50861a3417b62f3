// sdlab::messaging::PartitionedLog — a partitioned, append-only log in the manner of Apache
// Kafka, with retention and consumer groups, on a simulated clock.
//
//   create_topic(name, {P, records, age})   a topic of P partitions, each an append-only log.
//   append(topic, key, value)   -> (partition, offset). A non-empty key goes to partition
//                               hash64(key) mod P (Kafka hashes with murmur2; here XXH3, see
//                               common/hash.h), so one key's records stay in order; an empty key
//                               goes round-robin over the partitions. Offsets in a partition are
//                               dense: 0, 1, 2, …
//   read(topic, p, offset, max) up to max records from `offset` on. Reading at the end gives
//                               nothing; below the log start or past the end is an error that
//                               names the first offset still kept / the next offset.
// Retention (Kafka's retention.ms, and a record count in place of retention.bytes): a partition
// keeps at most `retention_records` records, and a record appended at t is deleted at
// t + retention_age (0 = kept however old). Kafka deletes whole segments; here single records
// go, and the log start offset moves forward past them. Age retention runs at the start of every
// call and on expire(); a snapshot shows the log as of the last one.
//
// Consumer groups (see consumer_group.h for the assignors and rebalances):
//   create_group(g, assignor); join(g, consumer, topics) and leave(g, consumer) rebalance and
//   report which partitions moved and which offsets will be read twice.
//   poll(g, consumer, max)      reads the consumer's partitions from their positions, starting
//                               with a different partition each poll so none starves.
//   commit(g, consumer, tp, o)  the owner records that it has processed [.., o): o in
//                               [committed, position] — a commit never moves backwards.
//   commit_positions(g, c)      commits every position of the consumer (Kafka's commitSync()).
//   seek(g, tp, o)              an explicit replay or skip: committed offset and the owner's
//                               position set to o in [log start, end], recorded in replays.
// When retention deletes records a group has not committed, its committed offset (and the
// position) moves up to the new log start; the records it never processed count as lost.
//
// Ranges (checked; a refused call changes nothing): names of topics, groups and consumers
// [1, 64] bytes; partitions [1, 256]; retention_records [1, 1000000]; retention_age [0, 365 days];
// key [0, 256] bytes, value [0, 65536] bytes; max per read or poll [1, 10000]; at most 64 topics,
// 64 groups, 256 members per group; a join names 1 to 64 topics (repeats count once).
//
// Trace: "topic", "group", "append" (the rule: "hash" with the key's hash, or "round-robin"),
// "delete" (records removed by "age" or "count"), "lost" (a group's commit pushed up by
// retention), "read", "poll" with a sub-step "fetch" per partition read, "commit", "seek",
// "join" / "leave" with sub-steps "assign" per member and "move" per moved partition (its
// rereads).
//
// Complexity: every call first runs the age check, O(partitions of the topics with an age limit)
// plus the records it deletes; then append O(log T + |key|); read and poll O(records returned +
// log); join and leave a rebalance (consumer_group.h); commit O(log + M).
// Invariants (invariants(), O(records + groups·members·partitions)): offsets are dense and
// increasing in every partition; every partition holds at most retention_records records; in
// each group, a partition has at most one owner, and every partition of a subscribed topic has
// one; committed offsets lie within [log start, end], an owner's position within
// [committed, end]. Thread-safety: none.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/invariant.h"
#include "common/status.h"
#include "messaging/consumer_group.h"
#include "messaging/names.h"
#include "sim/clock.h"
#include "sim/trace.h"

namespace sdlab::messaging {

using sim::Micros;

inline constexpr std::uint32_t kMaxPartitions = 256;
inline constexpr std::uint64_t kMaxRetentionRecords = 1'000'000;
inline constexpr Micros kMaxRetentionAge = 31'536'000'000'000;  // 365 days
inline constexpr std::size_t kMaxKeyBytes = 256;
inline constexpr std::size_t kMaxValueBytes = 65'536;
inline constexpr std::uint32_t kMaxFetch = 10'000;
inline constexpr std::size_t kMaxTopics = 64;
inline constexpr std::size_t kMaxGroups = 64;
inline constexpr std::size_t kMaxMembers = 256;

struct TopicConfig {
  std::uint32_t partitions = 3;
  std::uint64_t retention_records = 1'000;
  Micros retention_age = 0;  // off
};

Status check_topic_config(const TopicConfig& config);
// "orders-0, orders-1", or "nothing".
std::string partition_list(const std::vector<TopicPartition>& partitions);

struct Record {
  Offset offset = 0;
  std::string key;
  std::string value;
  Micros timestamp = 0;
};

struct Fetched {
  TopicPartition tp;
  Record record;
};

struct Appended {
  std::uint32_t partition = 0;
  Offset offset = 0;
};

struct Replay {
  std::string group;
  TopicPartition tp;
  Offset from = 0;  // the committed offset before
  Offset to = 0;
  Micros at = 0;
};

struct PartitionView {
  Offset log_start = 0;
  Offset end = 0;  // the next offset
  std::vector<Record> records;
};

struct TopicView {
  std::string name;
  TopicConfig config;
  std::vector<PartitionView> partitions;
};

struct LogStats {
  std::uint64_t appended = 0;
  std::uint64_t deleted_by_age = 0;
  std::uint64_t deleted_by_count = 0;
  std::uint64_t read = 0;  // records returned by read and poll
  std::uint64_t rebalances = 0;
  std::uint64_t rereads = 0;  // offsets reported to be read twice, over all rebalances
  std::uint64_t lost = 0;     // records deleted before their group committed past them
};

struct LogSnapshot {
  Micros now = 0;
  std::vector<TopicView> topics;  // by name
  std::map<std::string, ConsumerGroup> groups;
  std::vector<Replay> replays;  // in the order they happened
  LogStats stats;
};

class PartitionedLog {
 public:
  // Precondition: `clock` outlives the log.
  explicit PartitionedLog(const sim::Clock& clock) : clock_(clock) {}

  Status create_topic(std::string_view name, const TopicConfig& config);
  Status append(std::string_view topic, std::string_view key, std::string_view value,
                Appended* out = nullptr);
  Status read(std::string_view topic, double partition, Offset offset, double max,
              std::vector<Record>* out);

  Status create_group(std::string_view group, Assignor assignor);
  Status join(std::string_view group, std::string_view consumer,
              const std::vector<std::string>& topics, RebalanceReport* out = nullptr);
  Status leave(std::string_view group, std::string_view consumer, RebalanceReport* out = nullptr);
  Status poll(std::string_view group, std::string_view consumer, double max,
              std::vector<Fetched>* out);
  Status commit(std::string_view group, std::string_view consumer, std::string_view topic,
                double partition, Offset offset);
  Status commit_positions(std::string_view group, std::string_view consumer);
  Status seek(std::string_view group, std::string_view topic, double partition, Offset offset);

  // Applies age retention as of now (every call does it first).
  void expire();

  LogSnapshot snapshot() const;
  Invariants invariants() const;
  void set_trace(sim::Trace* trace) { trace_ = trace; }

 private:
  template <class>
  friend struct ::sdlab::TestPeer;

  struct Partition {
    Offset log_start = 0;
    std::deque<Record> records;  // offsets log_start, log_start + 1, …
    Offset end() const { return log_start + static_cast<Offset>(records.size()); }
  };
  struct Topic {
    TopicConfig config;
    std::vector<Partition> partitions;
    std::uint32_t next_round_robin = 0;
  };

  Status find_topic(std::string_view name, Topic*& topic);
  Status find_partition(std::string_view topic, double partition, TopicPartition& tp,
                        Partition*& found);
  Status find_group(std::string_view name, ConsumerGroup*& group);
  Status find_member(std::string_view group, std::string_view consumer, ConsumerGroup*& found,
                     GroupMember*& member);
  // Deletes the records of `partition` before `new_start` and moves the groups' offsets on.
  void delete_until(const TopicPartition& tp, Partition& partition, Offset new_start, bool by_age);
  // Rebalances `group` against `before`, its assignment before the members changed.
  void finish_rebalance(ConsumerGroup& group, const Assignment& before, RebalanceReport* out);
  // Sets `state`'s commit to `to`, reporting it.
  void set_commit(std::string_view group, std::string_view consumer, const TopicPartition& tp,
                  GroupPartition& state, Offset to);
  Status check_offset(const TopicPartition& tp, const Partition& partition, Offset offset) const;

  const sim::Clock& clock_;
  std::map<std::string, Topic, std::less<>> topics_;
  std::map<std::string, ConsumerGroup, std::less<>> groups_;
  std::vector<Replay> replays_;
  LogStats stats_;
  sim::Trace* trace_ = nullptr;
};

}  // namespace sdlab::messaging
