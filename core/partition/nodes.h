// sdlab::partition::Nodes — the named, weighted nodes of a placement (a hash ring, rendezvous or
// jump hash, a sharded store), in the order they joined, with the checks every placement shares.
//
// A name is 1–64 bytes, unique; a weight is an integer in [1, 100] (a ring gives a node
// weight × vnodes points; rendezvous scales its score). At most 1000 nodes.
// Invariants (invariants(), O(n log n)): names are unique; weights are in [1, kMaxWeight].
// Complexity: find O(n) (placements hold tens of nodes). Thread-safety: none.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/hash.h"
#include "common/invariant.h"
#include "common/status.h"

namespace sdlab::partition {

struct Node {
  std::string name;
  std::uint32_t weight;
};

inline constexpr double kMaxNodes = 100;  // rendezvous scores every node for every key
inline constexpr double kMaxWeight = 100;
inline constexpr std::size_t kMaxNodeNameBytes = 64;
inline constexpr std::size_t kNoNode = static_cast<std::size_t>(-1);

class Nodes {
 public:
  std::size_t find(std::string_view name) const {
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      if (nodes_[i].name == name) return i;
    }
    return kNoNode;
  }

  Status check_add(std::string_view name, double weight) const {
    if (name.empty()) return Status::invalid("node name must not be empty");
    Status status = first_error(check_length("node name", name, kMaxNodeNameBytes),
                                check_integer("weight", weight, 1, kMaxWeight));
    if (!status) return status;
    if (find(name) != kNoNode) {
      return Status::invalid("node \"" + std::string(name) + "\" is already present");
    }
    if (static_cast<double>(nodes_.size()) >= kMaxNodes) {
      return Status::invalid("at most " + format_number(kMaxNodes) + " nodes");
    }
    return Status::ok();
  }

  Status check_remove(std::string_view name) const {
    if (find(name) != kNoNode) return Status::ok();
    return Status::invalid("no node named \"" + std::string(name) + "\"");
  }

  // Preconditions: check_add / check_remove passed.
  void add(std::string_view name, std::uint32_t weight) {
    nodes_.push_back({std::string(name), weight});
  }
  void remove(std::string_view name) { nodes_.erase(nodes_.begin() + static_cast<long>(find(name))); }

  const std::vector<Node>& list() const { return nodes_; }
  const Node& operator[](std::size_t i) const { return nodes_[i]; }
  std::size_t size() const { return nodes_.size(); }
  bool empty() const { return nodes_.empty(); }

  Invariants invariants() const {
    Invariants list;
    std::vector<std::string_view> names;
    for (const Node& node : nodes_) names.push_back(node.name);
    std::sort(names.begin(), names.end());
    const auto twice = std::adjacent_find(names.begin(), names.end());
    check_invariant(list, "node names are unique", twice == names.end(),
                    [&] { return "\"" + std::string(*twice) + "\" names two nodes"; });
    const auto heavy = std::find_if(nodes_.begin(), nodes_.end(),
                                    [](const Node& n) { return n.weight < 1 || n.weight > kMaxWeight; });
    check_invariant(list, "every weight is in [1, " + format_number(kMaxWeight) + "]", heavy == nodes_.end(),
                    [&] { return "\"" + heavy->name + "\" weighs " + std::to_string(heavy->weight); });
    return list;
  }

 private:
  template <class>
  friend struct ::sdlab::TestPeer;
  std::vector<Node> nodes_;
};

// hash(key) mod N over the nodes in join order: the naive placement the others are compared to.
inline std::size_t mod_n_index(std::string_view key, std::size_t nodes) {
  return nodes == 0 ? kNoNode : static_cast<std::size_t>(hash64(key) % nodes);
}

}  // namespace sdlab::partition
