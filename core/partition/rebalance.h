// sdlab::partition::rebalance — exactly which keys a membership change moves, for any placement
// (HashRing, Rendezvous, JumpHash), beside what hash-mod-N would move for the same keys.
//
// The placement's owners of `keys` are taken before and after `change` (a join or leave that
// returns a Status); mod-N uses the node list in join order before and after. A failed change
// moves nothing and its Status is returned.
// Complexity: O(K) lookups before and after. Thread-safety: none.
#pragma once

#include <string>
#include <vector>

#include "partition/nodes.h"

namespace sdlab::partition {

struct Move {
  std::string key;
  std::string from;  // "" when there was no owner (the first node joined)
  std::string to;    // "" when no node is left
};

struct Rebalance {
  std::vector<Move> moves;
  std::size_t mod_n_moved = 0;
};

template <class Placement>
std::vector<std::string> owners(const Placement& placement, const std::vector<std::string>& keys) {
  std::vector<std::string> result;
  result.reserve(keys.size());
  for (const std::string& key : keys) {
    const std::size_t n = placement.owner_index(key);
    result.push_back(n == kNoNode ? "" : placement.nodes()[n].name);
  }
  return result;
}

inline std::vector<std::string> mod_n_owners(const std::vector<Node>& nodes,
                                             const std::vector<std::string>& keys) {
  std::vector<std::string> result;
  result.reserve(keys.size());
  for (const std::string& key : keys) {
    const std::size_t n = mod_n_index(key, nodes.size());
    result.push_back(n == kNoNode ? "" : nodes[n].name);
  }
  return result;
}

template <class Placement, class Change>
Status rebalance(Placement& placement, const std::vector<std::string>& keys, Change change,
                 Rebalance& out) {
  const std::vector<std::string> before = owners(placement, keys);
  const std::vector<std::string> mod_before = mod_n_owners(placement.nodes(), keys);
  if (Status status = change(placement); !status) return status;
  const std::vector<std::string> after = owners(placement, keys);
  const std::vector<std::string> mod_after = mod_n_owners(placement.nodes(), keys);
  out = Rebalance{};
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (before[i] != after[i]) out.moves.push_back({keys[i], before[i], after[i]});
    out.mod_n_moved += mod_before[i] != mod_after[i];
  }
  return Status::ok();
}

}  // namespace sdlab::partition
