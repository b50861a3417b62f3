#include "messaging/partitioned_log.h"

#include <algorithm>

#include "common/hash.h"
#include "sim/micros.h"

namespace sdlab::messaging {

std::string partition_list(const std::vector<TopicPartition>& partitions) {
  std::string text;
  for (const TopicPartition& tp : partitions)
    text += (text.empty() ? "" : ", ") + partition_name(tp);
  return text.empty() ? "nothing" : text;
}

Status check_topic_config(const TopicConfig& config) {
  return first_error(
      check_integer("partitions", config.partitions, 1, kMaxPartitions),
      check_integer("retentionRecords", static_cast<double>(config.retention_records), 1,
                    kMaxRetentionRecords),
      sim::check_micros("retentionAge", config.retention_age, 0, kMaxRetentionAge));
}

Status PartitionedLog::find_topic(std::string_view name, Topic*& topic) {
  const auto it = topics_.find(name);
  if (it == topics_.end()) return Status::invalid("unknown topic \"" + std::string(name) + "\"");
  topic = &it->second;
  return Status::ok();
}

Status PartitionedLog::find_partition(std::string_view topic, double partition, TopicPartition& tp,
                                      Partition*& found) {
  Topic* t = nullptr;
  Status s = find_topic(topic, t);
  if (s) s = check_integer("partition", partition, 0, t->config.partitions - 1.0);
  if (!s) return s;
  tp = {std::string(topic), static_cast<std::uint32_t>(partition)};
  found = &t->partitions[tp.partition];
  return Status::ok();
}

Status PartitionedLog::find_group(std::string_view name, ConsumerGroup*& group) {
  const auto it = groups_.find(name);
  if (it == groups_.end()) return Status::invalid("unknown group \"" + std::string(name) + "\"");
  group = &it->second;
  return Status::ok();
}

Status PartitionedLog::find_member(std::string_view group, std::string_view consumer,
                                   ConsumerGroup*& found, GroupMember*& member) {
  if (Status s = find_group(group, found); !s) return s;
  const auto it = found->members.find(consumer);
  if (it == found->members.end())
    return Status::invalid("consumer \"" + std::string(consumer) +
                           "\" is not a member of group \"" + std::string(group) + "\"");
  member = &it->second;
  return Status::ok();
}

Status PartitionedLog::check_offset(const TopicPartition& tp, const Partition& partition,
                                    Offset offset) const {
  const std::string where = "offset " + std::to_string(offset) + " of " + partition_name(tp);
  if (offset < partition.log_start)
    return Status::invalid(where + " is below the log start: the first offset still kept is " +
                           std::to_string(partition.log_start));
  if (offset > partition.end())
    return Status::invalid(where + " is past the end: the next offset is " +
                           std::to_string(partition.end()));
  return Status::ok();
}

Status PartitionedLog::create_topic(std::string_view name, const TopicConfig& config) {
  Status s = first_error(check_name("topic", name), check_topic_config(config));
  if (s && topics_.count(name)) s = Status::invalid("topic \"" + std::string(name) + "\" exists");
  if (s && topics_.size() >= kMaxTopics)
    s = Status::invalid("at most " + std::to_string(kMaxTopics) + " topics");
  if (!s) return s;
  topics_.emplace(std::string(name), Topic{config, std::vector<Partition>(config.partitions), 0});
  if (trace_)
    trace_->add("topic", std::string(name),
                std::to_string(config.partitions) + " partitions, empty",
                {{"partitions", config.partitions},
                 {"retentionRecords", config.retention_records},
                 {"retentionAge", config.retention_age}});
  return Status::ok();
}

void PartitionedLog::delete_until(const TopicPartition& tp, Partition& partition, Offset new_start,
                                  bool by_age) {
  const char* reason = by_age ? "age" : "count";
  const Offset from = partition.log_start;
  partition.records.erase(partition.records.begin(),
                          partition.records.begin() + (new_start - from));
  partition.log_start = new_start;
  (by_age ? stats_.deleted_by_age : stats_.deleted_by_count) += new_start - from;
  if (trace_)
    trace_->add("delete", partition_name(tp),
                "offsets " + std::to_string(from) + ".." + std::to_string(new_start - 1) +
                    " deleted by " + reason + " retention: the log starts at " +
                    std::to_string(new_start),
                {{"topic", tp.topic},
                 {"partition", tp.partition},
                 {"from", from},
                 {"logStart", new_start},
                 {"reason", reason}});
  for (auto& [name, group] : groups_) {
    const auto it = group.partitions.find(tp);
    if (it == group.partitions.end() || it->second.committed >= new_start) continue;
    const Offset lost = new_start - it->second.committed;
    stats_.lost += lost;
    if (trace_)
      trace_->add("lost", name,
                  std::to_string(lost) + " records of " + partition_name(tp) +
                      " deleted before the group committed them: its commit "
                      "moves from " +
                      std::to_string(it->second.committed) + " to " + std::to_string(new_start),
                  {{"group", name},
                   {"partition", partition_name(tp)},
                   {"from", it->second.committed},
                   {"to", new_start},
                   {"lost", lost}});
    it->second.committed = new_start;
    it->second.position = std::max(it->second.position, new_start);
  }
}

void PartitionedLog::expire() {
  const Micros now = clock_.now();
  for (auto& [name, topic] : topics_) {
    const Micros age = topic.config.retention_age;
    if (age == 0) continue;
    for (std::uint32_t p = 0; p < topic.partitions.size(); ++p) {
      Partition& partition = topic.partitions[p];
      Offset new_start = partition.log_start;
      for (const Record& r : partition.records) {
        if (r.timestamp + age > now) break;
        ++new_start;
      }
      if (new_start > partition.log_start) delete_until({name, p}, partition, new_start, true);
    }
  }
}

Status PartitionedLog::append(std::string_view topic, std::string_view key, std::string_view value,
                              Appended* out) {
  Topic* t = nullptr;
  Status s = first_error(find_topic(topic, t), check_length("key", key, kMaxKeyBytes),
                         check_length("value", value, kMaxValueBytes));
  if (!s) return s;
  expire();
  const std::uint32_t count = t->config.partitions;
  const std::uint64_t hash = key.empty() ? 0 : hash64(key);
  std::uint32_t p = 0;
  if (key.empty()) {
    p = t->next_round_robin;
    t->next_round_robin = (p + 1) % count;
  } else {
    p = static_cast<std::uint32_t>(hash % count);
  }
  Partition& partition = t->partitions[p];
  const Offset offset = partition.end();
  partition.records.push_back({offset, std::string(key), std::string(value), clock_.now()});
  ++stats_.appended;
  const TopicPartition tp{std::string(topic), p};
  if (trace_) {
    const std::string rule = key.empty() ? "round-robin" : "hash";
    trace_->add("append", key.empty() ? "(no key)" : std::string(key),
                (key.empty() ? "no key: round-robin to partition " + std::to_string(p)
                             : "hash " + hex64(hash) + " mod " + std::to_string(count) +
                                   " = partition " + std::to_string(p)) +
                    ", offset " + std::to_string(offset),
                {{"topic", topic},
                 {"partition", p},
                 {"offset", offset},
                 {"rule", rule},
                 {"hash", key.empty() ? std::string() : hex64(hash)}});
  }
  const auto kept = static_cast<Offset>(t->config.retention_records);
  if (partition.end() - partition.log_start > kept)
    delete_until(tp, partition, partition.end() - kept, false);
  if (out) *out = {p, offset};
  return Status::ok();
}

Status PartitionedLog::read(std::string_view topic, double partition, Offset offset, double max,
                            std::vector<Record>* out) {
  TopicPartition tp;
  Partition* found = nullptr;
  Status s = first_error(find_partition(topic, partition, tp, found),
                         check_integer("max", max, 1, kMaxFetch));
  if (!s) return s;
  expire();
  if (s = check_offset(tp, *found, offset); !s) return s;
  const auto first = found->records.begin() + (offset - found->log_start);
  const auto last = first + std::min<Offset>(static_cast<Offset>(max), found->end() - offset);
  if (out) out->assign(first, last);
  stats_.read += static_cast<std::uint64_t>(last - first);
  if (trace_)
    trace_->add("read", partition_name(tp),
                std::to_string(last - first) + " records from offset " + std::to_string(offset) +
                    " (the end is " + std::to_string(found->end()) + ")",
                {{"topic", topic},
                 {"partition", tp.partition},
                 {"offset", offset},
                 {"count", last - first},
                 {"end", found->end()}});
  return Status::ok();
}

Status PartitionedLog::commit(std::string_view group, std::string_view consumer,
                              std::string_view topic, double partition, Offset offset) {
  ConsumerGroup* g = nullptr;
  GroupMember* member = nullptr;
  TopicPartition tp;
  Partition* found = nullptr;
  Status s = first_error(find_member(group, consumer, g, member),
                         find_partition(topic, partition, tp, found));
  if (!s) return s;
  expire();
  const std::string* owner = g->owner(tp);
  if (!owner || *owner != consumer)
    return Status::invalid(partition_name(tp) + " is not assigned to \"" + std::string(consumer) +
                           "\" (" +
                           (owner ? "its owner is \"" + *owner + "\"" : "it has no owner") + ")");
  GroupPartition& state = g->partitions.at(tp);
  if (offset < state.committed)
    return Status::invalid("a commit never moves backwards: " + partition_name(tp) +
                           " is committed at " + std::to_string(state.committed) + ", got " +
                           std::to_string(offset) + " (seek to replay)");
  if (offset > state.position)
    return Status::invalid("\"" + std::string(consumer) + "\" has read " + partition_name(tp) +
                           " up to offset " + std::to_string(state.position) +
                           ": a commit must not pass it, got " + std::to_string(offset));
  set_commit(group, consumer, tp, state, offset);
  return Status::ok();
}

void PartitionedLog::set_commit(std::string_view group, std::string_view consumer,
                                const TopicPartition& tp, GroupPartition& state, Offset to) {
  if (trace_)
    trace_->add("commit", partition_name(tp),
                std::string(consumer) + " commits " + std::to_string(to) + " (was " +
                    std::to_string(state.committed) + ")",
                {{"group", group},
                 {"consumer", consumer},
                 {"partition", partition_name(tp)},
                 {"from", state.committed},
                 {"to", to}});
  state.committed = to;
}

Status PartitionedLog::seek(std::string_view group, std::string_view topic, double partition,
                            Offset offset) {
  ConsumerGroup* g = nullptr;
  TopicPartition tp;
  Partition* found = nullptr;
  Status s = first_error(find_group(group, g), find_partition(topic, partition, tp, found));
  if (!s) return s;
  expire();
  if (s = check_offset(tp, *found, offset); !s) return s;
  const auto it = g->partitions.find(tp);
  const Offset from = it == g->partitions.end() ? found->log_start : it->second.committed;
  g->partitions[tp] = {offset, offset};
  replays_.push_back({std::string(group), tp, from, offset, clock_.now()});
  if (trace_)
    trace_->add(
        "seek", partition_name(tp),
        std::string(offset < from ? "replay" : "skip") + ": group " + std::string(group) +
            " moves its commit from " + std::to_string(from) + " to " + std::to_string(offset),
        {{"group", group}, {"partition", partition_name(tp)}, {"from", from}, {"to", offset}});
  return Status::ok();
}

LogSnapshot PartitionedLog::snapshot() const {
  LogSnapshot snap;
  snap.now = clock_.now();
  for (const auto& [name, topic] : topics_) {
    TopicView view{name, topic.config, {}};
    for (const Partition& p : topic.partitions)
      view.partitions.push_back({p.log_start, p.end(), {p.records.begin(), p.records.end()}});
    snap.topics.push_back(std::move(view));
  }
  snap.groups.insert(groups_.begin(), groups_.end());
  snap.replays = replays_;
  snap.stats = stats_;
  return snap;
}

Invariants PartitionedLog::invariants() const {
  Invariants list;
  std::string gap, over, range, position, shared, orphan;
  for (const auto& [name, topic] : topics_) {
    for (std::uint32_t p = 0; p < topic.partitions.size(); ++p) {
      const Partition& partition = topic.partitions[p];
      for (std::size_t i = 0; i < partition.records.size() && gap.empty(); ++i) {
        if (partition.records[i].offset != partition.log_start + static_cast<Offset>(i))
          gap = name + "-" + std::to_string(p) + " holds offset " +
                std::to_string(partition.records[i].offset) + " at " +
                std::to_string(partition.log_start + static_cast<Offset>(i));
      }
      if (partition.records.size() > topic.config.retention_records && over.empty())
        over = name + "-" + std::to_string(p) + " holds " +
               std::to_string(partition.records.size()) + " records, retention " +
               std::to_string(topic.config.retention_records);
    }
  }
  for (const auto& [name, group] : groups_) {
    std::map<TopicPartition, std::vector<std::string>> owners;
    for (const auto& [consumer, member] : group.members) {
      for (const TopicPartition& tp : member.assigned) owners[tp].push_back(consumer);
      for (const std::string& topic : member.topics)
        for (std::uint32_t p = 0; p < topics_.at(topic).config.partitions; ++p) owners[{topic, p}];
    }
    for (const auto& [tp, held] : owners) {
      if (held.size() > 1 && shared.empty())
        shared = "group " + name + ": " + partition_name(tp) + " is held by " + held[0] + " and " +
                 held[1];
      if (held.empty() && orphan.empty())
        orphan = "group " + name + ": " + partition_name(tp) + " has no owner";
    }
    for (const auto& [tp, state] : group.partitions) {
      const Partition& partition = topics_.at(tp.topic).partitions[tp.partition];
      const std::string where = "group " + name + ": " + partition_name(tp);
      if ((state.committed < partition.log_start || state.committed > partition.end()) &&
          range.empty())
        range = where + " committed at " + std::to_string(state.committed) + ", log [" +
                std::to_string(partition.log_start) + ", " + std::to_string(partition.end()) + "]";
      if (owners.count(tp) && !owners.at(tp).empty() &&
          (state.position < state.committed || state.position > partition.end()) &&
          position.empty())
        position = where + " at position " + std::to_string(state.position) + ", committed " +
                   std::to_string(state.committed) + ", end " + std::to_string(partition.end());
    }
  }
  const auto add = [&list](std::string name, const std::string& found) {
    check_invariant(list, std::move(name), found.empty(), [&] { return found; });
  };
  add("offsets are dense and increasing in every partition", gap);
  add("a partition holds at most retention records", over);
  add("a partition has at most one owner in a group", shared);
  add("every partition of a subscribed topic has an owner", orphan);
  add("committed offsets lie within [log start, end]", range);
  add("an owner's position lies within [committed, end]", position);
  return list;
}

}  // namespace sdlab::messaging
