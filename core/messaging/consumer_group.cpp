#include "messaging/consumer_group.h"

#include <algorithm>
#include <utility>

namespace sdlab::messaging {

namespace {

bool subscribed(const std::vector<std::string>& topics, const std::string& topic) {
  return std::binary_search(topics.begin(), topics.end(), topic);
}

Assignment empty_assignment(const Subscriptions& subscriptions) {
  Assignment out;
  for (const auto& [consumer, topics] : subscriptions) out[consumer];
  return out;
}

// The topics any consumer subscribes to, sorted.
std::vector<std::string> all_topics(const Subscriptions& subscriptions) {
  std::vector<std::string> topics;
  for (const auto& entry : subscriptions)
    topics.insert(topics.end(), entry.second.begin(), entry.second.end());
  std::sort(topics.begin(), topics.end());
  topics.erase(std::unique(topics.begin(), topics.end()), topics.end());
  return topics;
}

Assignment range_assign(const Subscriptions& subscriptions, const PartitionCounts& counts) {
  Assignment out = empty_assignment(subscriptions);
  for (const std::string& topic : all_topics(subscriptions)) {
    std::vector<std::string> consumers;  // sorted: the map's order
    for (const auto& [consumer, topics] : subscriptions)
      if (subscribed(topics, topic)) consumers.push_back(consumer);
    const std::uint32_t partitions = counts.at(topic);
    const auto n = static_cast<std::uint32_t>(consumers.size());
    std::uint32_t next = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::uint32_t length = partitions / n + (i < partitions % n ? 1 : 0);
      for (std::uint32_t p = next; p < next + length; ++p) out[consumers[i]].push_back({topic, p});
      next += length;
    }
  }
  return out;
}

Assignment round_robin_assign(const Subscriptions& subscriptions, const PartitionCounts& counts) {
  Assignment out = empty_assignment(subscriptions);
  if (subscriptions.empty()) return out;
  auto next = subscriptions.begin();
  for (const std::string& topic : all_topics(subscriptions)) {
    for (std::uint32_t p = 0; p < counts.at(topic); ++p) {
      while (!subscribed(next->second, topic))
        if (++next == subscriptions.end()) next = subscriptions.begin();
      out[next->first].push_back({topic, p});
      if (++next == subscriptions.end()) next = subscriptions.begin();
    }
  }
  return out;
}

}  // namespace

const char* assignor_name(Assignor assignor) {
  return assignor == Assignor::kRange ? "range" : "round-robin";
}

Status parse_assignor(std::string_view name, Assignor& out) {
  for (Assignor a : {Assignor::kRange, Assignor::kRoundRobin}) {
    if (name == assignor_name(a)) {
      out = a;
      return Status::ok();
    }
  }
  return Status::invalid("assignor must be \"range\" or \"round-robin\", got \"" +
                         std::string(name) + "\"");
}

std::string partition_name(const TopicPartition& tp) {
  return tp.topic + "-" + std::to_string(tp.partition);
}

Assignment assign(Assignor assignor, const Subscriptions& subscriptions,
                  const PartitionCounts& counts) {
  return assignor == Assignor::kRange ? range_assign(subscriptions, counts)
                                      : round_robin_assign(subscriptions, counts);
}

const std::string* ConsumerGroup::owner(const TopicPartition& tp) const {
  for (const auto& [consumer, member] : members) {
    if (std::binary_search(member.assigned.begin(), member.assigned.end(), tp)) return &consumer;
  }
  return nullptr;
}

Assignment ConsumerGroup::assignment() const {
  Assignment out;
  for (const auto& [consumer, member] : members) out[consumer] = member.assigned;
  return out;
}

namespace {

std::map<TopicPartition, std::string> owners(const Assignment& assignment) {
  std::map<TopicPartition, std::string> out;
  for (const auto& [consumer, partitions] : assignment)
    for (const TopicPartition& tp : partitions) out[tp] = consumer;
  return out;
}

}  // namespace

RebalanceReport rebalance(ConsumerGroup& group, const Assignment& previous,
                          const PartitionCounts& counts,
                          const std::function<Offset(const TopicPartition&)>& log_start) {
  Subscriptions subscriptions;
  for (const auto& [consumer, member] : group.members) subscriptions[consumer] = member.topics;
  const std::map<TopicPartition, std::string> before = owners(previous);
  RebalanceReport report;
  report.generation = ++group.generation;
  report.assignment = assign(group.assignor, subscriptions, counts);
  const std::map<TopicPartition, std::string> after = owners(report.assignment);
  for (const auto& [consumer, partitions] : report.assignment) {
    GroupMember& member = group.members.find(consumer)->second;
    member.assigned = partitions;
    member.poll_from = 0;
    for (const TopicPartition& tp : partitions) {
      if (!group.partitions.count(tp)) {
        const Offset start = log_start(tp);
        group.partitions[tp] = {start, start};
      }
    }
  }
  for (auto& [tp, state] : group.partitions) {
    const auto was = before.find(tp);
    const auto is = after.find(tp);
    const std::string from = was == before.end() ? "" : was->second;
    const std::string to = is == after.end() ? "" : is->second;
    if (from == to) continue;
    PartitionMove move{tp, from, to, state.committed,
                       from.empty() ? state.committed : state.position};
    report.rereads += move.rereads();
    report.moved.push_back(std::move(move));
    state.position = state.committed;
  }
  return report;
}

}  // namespace sdlab::messaging
