// PartitionedLog's consumer-group entry points: create, join, leave, poll, commit the positions.
// The assignors and the rebalance itself are in consumer_group.cpp.
#include <algorithm>

#include "messaging/partitioned_log.h"

namespace sdlab::messaging {

Status PartitionedLog::create_group(std::string_view group, Assignor assignor) {
  Status s = check_name("group", group);
  if (s && groups_.count(group)) s = Status::invalid("group \"" + std::string(group) + "\" exists");
  if (s && groups_.size() >= kMaxGroups)
    s = Status::invalid("at most " + std::to_string(kMaxGroups) + " groups");
  if (!s) return s;
  ConsumerGroup created;
  created.assignor = assignor;
  groups_.emplace(std::string(group), std::move(created));
  if (trace_)
    trace_->add("group", std::string(group), std::string("assignor ") + assignor_name(assignor),
                {{"group", group}, {"assignor", assignor_name(assignor)}});
  return Status::ok();
}

Status PartitionedLog::join(std::string_view group, std::string_view consumer,
                            const std::vector<std::string>& topics, RebalanceReport* out) {
  ConsumerGroup* g = nullptr;
  Status s = find_group(group, g);
  if (s) s = check_name("consumer", consumer);
  if (s && g->members.count(consumer))
    s = Status::invalid("consumer \"" + std::string(consumer) +
                        "\" is already a member of group \"" + std::string(group) + "\"");
  if (s && g->members.size() >= kMaxMembers)
    s = Status::invalid("group \"" + std::string(group) + "\" has " + std::to_string(kMaxMembers) +
                        " members, the most it may have");
  if (s && (topics.empty() || topics.size() > kMaxTopics))
    s = Status::invalid("topics must name 1 to " + std::to_string(kMaxTopics) + " topics, got " +
                        std::to_string(topics.size()));
  for (std::size_t i = 0; s && i < topics.size(); ++i) {
    Topic* topic = nullptr;
    s = find_topic(topics[i], topic);
  }
  if (!s) return s;
  expire();
  const Assignment before = g->assignment();
  GroupMember member;
  member.topics = topics;
  std::sort(member.topics.begin(), member.topics.end());
  member.topics.erase(std::unique(member.topics.begin(), member.topics.end()), member.topics.end());
  g->members.emplace(std::string(consumer), std::move(member));
  if (trace_)
    trace_->add("join", std::string(consumer),
                "joins group " + std::string(group) + ": a rebalance reassigns every partition",
                {{"group", group}, {"consumer", consumer}, {"members", g->members.size()}});
  finish_rebalance(*g, before, out);
  return Status::ok();
}

Status PartitionedLog::leave(std::string_view group, std::string_view consumer,
                             RebalanceReport* out) {
  ConsumerGroup* g = nullptr;
  GroupMember* member = nullptr;
  if (Status s = find_member(group, consumer, g, member); !s) return s;
  expire();
  const Assignment before = g->assignment();
  g->members.erase(g->members.find(consumer));
  if (trace_)
    trace_->add("leave", std::string(consumer),
                "leaves group " + std::string(group) + ": its partitions go to the others",
                {{"group", group}, {"consumer", consumer}, {"members", g->members.size()}});
  finish_rebalance(*g, before, out);
  return Status::ok();
}

void PartitionedLog::finish_rebalance(ConsumerGroup& group, const Assignment& before,
                                      RebalanceReport* out) {
  PartitionCounts counts;
  for (const auto& [name, topic] : topics_) counts.emplace(name, topic.config.partitions);
  RebalanceReport report = rebalance(group, before, counts, [this](const TopicPartition& tp) {
    return topics_.at(tp.topic).partitions[tp.partition].log_start;
  });
  ++stats_.rebalances;
  stats_.rereads += static_cast<std::uint64_t>(report.rereads);
  if (trace_) {
    const sim::Nest nest(trace_);
    for (const auto& [consumer, partitions] : report.assignment) {
      const std::string names = partition_list(partitions);
      trace_->add("assign", consumer,
                  std::string(assignor_name(group.assignor)) + " gives it " + names,
                  {{"consumer", consumer},
                   {"partitions", names},
                   {"count", partitions.size()},
                   {"generation", report.generation}});
    }
    for (const PartitionMove& move : report.moved) {
      const std::string from = move.from.empty() ? "no owner" : move.from;
      const std::string to = move.to.empty() ? "no owner" : move.to;
      trace_->add("move", partition_name(move.tp),
                  "from " + from + " to " + to + ": reading resumes at the commit " +
                      std::to_string(move.committed) +
                      (move.rereads() ? ", so offsets " + std::to_string(move.committed) + ".." +
                                            std::to_string(move.reached - 1) + " are read twice"
                                      : ", nothing is read twice"),
                  {{"partition", partition_name(move.tp)},
                   {"from", move.from},
                   {"to", move.to},
                   {"committed", move.committed},
                   {"reached", move.reached},
                   {"rereads", move.rereads()}});
    }
  }
  if (out) *out = std::move(report);
}

Status PartitionedLog::poll(std::string_view group, std::string_view consumer, double max,
                            std::vector<Fetched>* out) {
  ConsumerGroup* g = nullptr;
  GroupMember* member = nullptr;
  Status s = find_member(group, consumer, g, member);
  if (s) s = check_integer("max", max, 1, kMaxFetch);
  if (!s) return s;
  expire();
  if (out) out->clear();
  Offset left = static_cast<Offset>(max);
  Offset total = 0;
  if (trace_)
    trace_->add(
        "poll", std::string(consumer),
        "reads its partitions from their positions, up to " + std::to_string(left) + " records",
        {{"group", group}, {"consumer", consumer}, {"max", left}});
  const sim::Nest nest(trace_);
  const std::size_t n = member->assigned.size();
  for (std::size_t i = 0; i < n && left > 0; ++i) {
    const TopicPartition& tp = member->assigned[(member->poll_from + i) % n];
    const Partition& partition = topics_.at(tp.topic).partitions[tp.partition];
    GroupPartition& state = g->partitions.at(tp);
    const Offset count = std::min(left, partition.end() - state.position);
    if (count == 0) continue;
    const auto first = partition.records.begin() + (state.position - partition.log_start);
    for (auto it = first; out && it != first + count; ++it) out->push_back({tp, *it});
    if (trace_)
      trace_->add("fetch", partition_name(tp),
                  "offsets " + std::to_string(state.position) + ".." +
                      std::to_string(state.position + count - 1),
                  {{"partition", partition_name(tp)}, {"from", state.position}, {"count", count}});
    state.position += count;
    left -= count;
    total += count;
  }
  if (n > 0) member->poll_from = (member->poll_from + 1) % n;
  stats_.read += static_cast<std::uint64_t>(total);
  return Status::ok();
}

Status PartitionedLog::commit_positions(std::string_view group, std::string_view consumer) {
  ConsumerGroup* g = nullptr;
  GroupMember* member = nullptr;
  if (Status s = find_member(group, consumer, g, member); !s) return s;
  expire();
  for (const TopicPartition& tp : member->assigned) {
    GroupPartition& state = g->partitions.at(tp);
    if (state.position != state.committed) set_commit(group, consumer, tp, state, state.position);
  }
  return Status::ok();
}

}  // namespace sdlab::messaging
