// sdlab::partition::HashRing — consistent hashing (Karger et al., 1997) with weighted virtual
// nodes, as in Dynamo and Cassandra's vnodes.
//
// Each node of weight w owns w × vnodes_per_weight points on a ring of 2^64 positions; point j of
// node "a" sits at XXH3("a#j"). A key belongs to the first point at or after its own hash,
// wrapping past the top (binary search over the sorted points). Replicas: walk on clockwise,
// skipping points of nodes already chosen, until R distinct nodes. A join takes over only the
// arcs in front of its new points (about K/(N+1) of K keys); a leave hands only its own keys on.
// More points per node even out the arcs (load spread ~ 1/√vnodes).
//
// Trace: a lookup reports "lookup" with its sub-steps: "hash" (the key's position), "search"
// (the first point at or after it), then "skip", "owner" and "replica" as the walk meets points
// (each with its point's index, node and position). Joins and leaves report their points.
//
// Complexity: owner, replicas O(log P + walk) for P points; a join O(P + w·v·log(w·v)) (its w·v
// points sorted and merged in); a leave O(P).
// Invariants: points sorted by (hash, node name, index); every node has weight × vnodes points;
// at most max_points (≤ kMaxRingPoints) points. Thread-safety: none.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "partition/nodes.h"
#include "sim/trace.h"

namespace sdlab::partition {

inline constexpr double kMaxVnodes = 1000;
inline constexpr double kMaxRingPoints = 1'000'000;

inline Status check_vnodes(double vnodes) {
  return check_integer("vnodes", vnodes, 1, kMaxVnodes);
}

// "0x0123456789abcdef" and the position as a fraction of the ring, for traces.
std::string describe_hash(std::uint64_t hash);
// The position of `hash` as a fraction of the ring, in [0, 1).
double ring_fraction(std::uint64_t hash);

class HashRing {
 public:
  struct Point {
    std::uint64_t hash;
    std::size_t node;  // index into nodes()
    std::uint32_t index;
  };

  // Precondition: check_vnodes(vnodes_per_weight) is ok; max_points ≤ kMaxRingPoints (a page
  // that snapshots every point after every call asks for fewer).
  explicit HashRing(std::uint32_t vnodes_per_weight, double max_points = kMaxRingPoints)
      : vnodes_(vnodes_per_weight), max_points_(max_points) {}

  Status add_node(std::string_view name, double weight);
  Status remove_node(std::string_view name);

  // The owner of `key`, or "" when the ring is empty.
  std::string owner(std::string_view key) const;
  // Index into nodes() of the owner, or kNoNode; not traced (used by batch experiments).
  std::size_t owner_index(std::string_view key) const;
  // Up to `count` distinct nodes for `key`, owner first.
  std::vector<std::string> replicas(std::string_view key, std::size_t count) const;

  // The fraction of the ring each node owns (its arcs' total length), in nodes() order.
  std::vector<double> shares() const;

  const std::vector<Node>& nodes() const { return nodes_.list(); }
  const std::vector<Point>& points() const { return points_; }
  std::uint32_t vnodes_per_weight() const { return vnodes_; }
  void set_trace(sim::Trace* trace) { trace_ = trace; }

 private:
  std::size_t first_point(std::uint64_t hash) const;
  // Clockwise order: by hash, ties by node name, then point index.
  bool before(const Point& a, const Point& b) const;
  // Adds node `node`'s points in order (sort them, merge): O(P + w·v·log(w·v)).
  void insert_points(std::size_t node);
  // Drops node `node`'s points and renumbers the nodes after it: O(P).
  void remove_points(std::size_t node);

  std::uint32_t vnodes_;
  double max_points_;
  Nodes nodes_;
  std::vector<Point> points_;
  sim::Trace* trace_ = nullptr;
};

}  // namespace sdlab::partition
