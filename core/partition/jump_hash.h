// sdlab::partition::JumpHash — jump consistent hash (Lamping & Veach, "A Fast, Minimal Memory,
// Consistent Hash Algorithm", 2014): maps a 64-bit key to one of N buckets with no stored state,
// moving only 1/(N+1) of keys when bucket N is added. Buckets are numbered: nodes can only be
// added or removed at the end, and carry no weight. String keys are hashed with XXH3 first.
// Trace: an owner lookup reports "lookup" with a "jump" sub-step per jump the algorithm makes
// (from bucket b to the candidate j, taken while j < N), then "owner".
// Complexity: O(ln N) per lookup. Thread-safety: none.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "partition/nodes.h"
#include "sim/trace.h"

namespace sdlab::partition {

// The paper's reference code: the bucket in [0, buckets) of `key`, each jump reported to `trace`
// when one is given. Precondition: buckets >= 1.
inline std::int32_t jump_consistent_hash(std::uint64_t key, std::int32_t buckets,
                                         sim::Trace* trace = nullptr) {
  std::int64_t b = -1, j = 0;
  while (j < buckets) {
    b = j;
    key = key * 2862933555777941757ULL + 1;
    j = static_cast<std::int64_t>(static_cast<double>(b + 1) *
                                  (static_cast<double>(std::int64_t{1} << 31) /
                                   static_cast<double>((key >> 33) + 1)));
    if (trace) {
      trace->add("jump", "bucket " + std::to_string(b),
                 "the next candidate is bucket " + std::to_string(j) +
                     (j < buckets ? ": jump to it" : ", past the last: stay"),
                 {{"from", b}, {"to", j}, {"buckets", buckets}});
    }
  }
  return static_cast<std::int32_t>(b);
}

class JumpHash {
 public:
  // A node joins as the next bucket; its weight must be 1.
  Status add_node(std::string_view name, double weight) {
    Status status = nodes_.check_add(name, weight);
    if (status && weight != 1) {
      return Status::invalid("jump hash has no weights: weight must be 1, got " +
                             format_number(weight));
    }
    if (status) nodes_.add(name, 1);
    return status;
  }

  // Only the last bucket can leave.
  Status remove_node(std::string_view name) {
    Status status = nodes_.check_remove(name);
    if (status && nodes_.find(name) != nodes_.size() - 1) {
      return Status::invalid("jump hash can only remove the last bucket (\"" +
                             nodes_[nodes_.size() - 1].name + "\"), not \"" + std::string(name) +
                             "\"");
    }
    if (status) nodes_.remove(name);
    return status;
  }

  // Index into nodes() of the owner, or kNoNode; not traced.
  std::size_t owner_index(std::string_view key) const {
    if (nodes_.empty()) return kNoNode;
    return static_cast<std::size_t>(
        jump_consistent_hash(hash64(key), static_cast<std::int32_t>(nodes_.size())));
  }

  // The owner of `key`, or "" with no nodes.
  std::string owner(std::string_view key) const {
    if (nodes_.empty()) return "";
    const std::uint64_t hash = hash64(key);
    if (trace_) {
      trace_->add("lookup", std::string(key), "jumps forward from bucket 0 while it can",
                  {{"hash", hex64(hash)}, {"buckets", nodes_.size()}});
    }
    std::size_t n;
    {
      const sim::Nest jumps(trace_);
      n = static_cast<std::size_t>(
          jump_consistent_hash(hash, static_cast<std::int32_t>(nodes_.size()), trace_));
    }
    if (trace_) {
      trace_->add("owner", nodes_[n].name,
                  "bucket " + std::to_string(n) + " of " + std::to_string(nodes_.size()),
                  {{"node", nodes_[n].name}, {"bucket", n}, {"buckets", nodes_.size()}});
    }
    return nodes_[n].name;
  }

  const std::vector<Node>& nodes() const { return nodes_.list(); }
  void set_trace(sim::Trace* trace) { trace_ = trace; }

 private:
  Nodes nodes_;
  sim::Trace* trace_ = nullptr;
};

}  // namespace sdlab::partition
