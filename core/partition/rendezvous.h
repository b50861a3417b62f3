// sdlab::partition::Rendezvous — highest random weight hashing (Thaler & Ravishankar, 1998): every
// node scores the key and the highest score owns it. Weighted as in Schindelhauer & Schomaker
// (score = −w / ln u, with u = XXH3(key, seed = XXH3(node)) mapped into (0, 1)), so a node of
// weight w wins a share w/Σw of the keys. Removing a node moves only the keys it owned; a join
// takes from each node in proportion. No ring to store; a lookup scores every node.
// Trace: an owner lookup reports "lookup" with its sub-steps: a "score" per node (node, weight,
// score), then "owner".
// Complexity: owner, replicas O(N) (replicas O(N log N)); add/remove O(N). Thread-safety: none.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "partition/nodes.h"
#include "sim/trace.h"

namespace sdlab::partition {

class Rendezvous {
 public:
  Status add_node(std::string_view name, double weight) {
    Status status = nodes_.check_add(name, weight);
    if (status) nodes_.add(name, static_cast<std::uint32_t>(weight));
    return status;
  }

  Status remove_node(std::string_view name) {
    Status status = nodes_.check_remove(name);
    if (status) nodes_.remove(name);
    return status;
  }

  // Index into nodes() of the owner, or kNoNode; not traced (used by batch comparisons).
  std::size_t owner_index(std::string_view key) const { return pick(key, nullptr); }

  // The owner of `key`, or "" with no nodes; traces every node's score.
  std::string owner(std::string_view key) const {
    if (trace_) {
      trace_->add("lookup", std::string(key), "every node scores the key: the highest owns it",
                  {{"nodes", nodes_.size()}});
    }
    const sim::Nest lookup(trace_);
    const std::size_t best = pick(key, trace_);
    if (best == kNoNode) return "";
    if (trace_) {
      trace_->add("owner", nodes_[best].name, "the highest score",
                  {{"node", nodes_[best].name}, {"score", score(key, best)}});
    }
    return nodes_[best].name;
  }

  // Up to `count` nodes by descending score.
  std::vector<std::string> replicas(std::string_view key, std::size_t count) const {
    std::vector<std::pair<double, std::size_t>> scored;
    for (std::size_t n = 0; n < nodes_.size(); ++n) scored.push_back({-score(key, n), n});
    std::sort(scored.begin(), scored.end());
    std::vector<std::string> result;
    for (std::size_t i = 0; i < scored.size() && i < count; ++i) {
      result.push_back(nodes_[scored[i].second].name);
    }
    return result;
  }

  const std::vector<Node>& nodes() const { return nodes_.list(); }
  void set_trace(sim::Trace* trace) { trace_ = trace; }

 private:
  std::size_t pick(std::string_view key, sim::Trace* trace) const {
    std::size_t best = kNoNode;
    double best_score = 0;
    for (std::size_t n = 0; n < nodes_.size(); ++n) {
      const double s = score(key, n);
      if (trace) {
        trace->add("score", nodes_[n].name, "scores " + std::to_string(s),
                   {{"node", nodes_[n].name}, {"weight", nodes_[n].weight}, {"score", s}});
      }
      if (best == kNoNode || s > best_score) {
        best = n;
        best_score = s;
      }
    }
    return best;
  }

  double score(std::string_view key, std::size_t n) const {
    const std::uint64_t h = hash64(key, hash64(nodes_[n].name));
    const double u = (static_cast<double>(h >> 11) + 0.5) * 0x1.0p-53;  // in (0, 1)
    return -static_cast<double>(nodes_[n].weight) / std::log(u);
  }

  Nodes nodes_;
  sim::Trace* trace_ = nullptr;
};

}  // namespace sdlab::partition
