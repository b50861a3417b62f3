#include "partition/hash_ring.h"

#include <algorithm>
#include <cstdio>

namespace sdlab::partition {

namespace {
constexpr double kRingSize = 18446744073709551616.0;  // 2^64
}

double ring_fraction(std::uint64_t hash) { return static_cast<double>(hash) / kRingSize; }

std::string describe_hash(std::uint64_t hash) {
  char text[40];
  std::snprintf(text, sizeof text, " (%.2f%% round the ring)", ring_fraction(hash) * 100);
  return hex64(hash) + text;
}

Status HashRing::add_node(std::string_view name, double weight) {
  Status status = nodes_.check_add(name, weight);
  const double points = static_cast<double>(points_.size()) + weight * vnodes_;
  if (status && points > max_points_) {
    return Status::invalid("the ring would hold " + format_number(points) +
                           " points, more than " + format_number(max_points_));
  }
  if (!status) return status;
  nodes_.add(name, static_cast<std::uint32_t>(weight));
  insert_points(nodes_.size() - 1);
  if (trace_) {
    const std::uint32_t added = static_cast<std::uint32_t>(weight) * vnodes_;
    trace_->add(
        "join", std::string(name), std::to_string(added) + " points added",
        {{"node", name}, {"weight", weight}, {"points", added}, {"ringPoints", points_.size()}});
  }
  return Status::ok();
}

Status HashRing::remove_node(std::string_view name) {
  if (Status status = nodes_.check_remove(name); !status) return status;
  const std::size_t before = points_.size();
  remove_points(nodes_.find(name));
  nodes_.remove(name);
  if (trace_) {
    trace_->add(
        "leave", std::string(name), "its points removed",
        {{"node", name}, {"points", before - points_.size()}, {"ringPoints", points_.size()}});
  }
  return Status::ok();
}

bool HashRing::before(const Point& a, const Point& b) const {
  if (a.hash != b.hash) return a.hash < b.hash;
  if (a.node != b.node) return nodes_[a.node].name < nodes_[b.node].name;
  return a.index < b.index;
}

void HashRing::insert_points(std::size_t node) {
  const auto old = static_cast<std::ptrdiff_t>(points_.size());
  const std::uint32_t count = nodes_[node].weight * vnodes_;
  for (std::uint32_t j = 0; j < count; ++j) {
    points_.push_back({hash64(nodes_[node].name + "#" + std::to_string(j)), node, j});
  }
  const auto by_position = [this](const Point& a, const Point& b) { return before(a, b); };
  std::sort(points_.begin() + old, points_.end(), by_position);
  std::inplace_merge(points_.begin(), points_.begin() + old, points_.end(), by_position);
}

void HashRing::remove_points(std::size_t node) {
  std::erase_if(points_, [node](const Point& p) { return p.node == node; });
  for (Point& p : points_) p.node -= p.node > node;  // the nodes after it move down one
}

std::size_t HashRing::first_point(std::uint64_t hash) const {
  auto it = std::lower_bound(points_.begin(), points_.end(), hash,
                             [](const Point& p, std::uint64_t h) { return p.hash < h; });
  return it == points_.end() ? 0 : static_cast<std::size_t>(it - points_.begin());
}

std::size_t HashRing::owner_index(std::string_view key) const {
  return points_.empty() ? kNoNode : points_[first_point(hash64(key))].node;
}

std::string HashRing::owner(std::string_view key) const {
  std::vector<std::string> result = replicas(key, 1);
  return result.empty() ? std::string() : result.front();
}

std::vector<std::string> HashRing::replicas(std::string_view key, std::size_t count) const {
  std::vector<std::string> chosen;
  const std::uint64_t hash = hash64(key);
  if (trace_) {
    trace_->add("lookup", std::string(key),
                count == 1 ? "the owner: hash, search, walk"
                           : "the first " + std::to_string(count) + " distinct nodes clockwise",
                {{"count", count}});
  }
  const sim::Nest lookup(trace_);
  if (trace_) {
    trace_->add("hash", std::string(key), describe_hash(hash),
                {{"hash", hex64(hash)}, {"position", ring_fraction(hash)}});
  }
  if (points_.empty()) {
    if (trace_) trace_->add("empty", std::string(key), "the ring has no nodes");
    return chosen;
  }
  const std::size_t start = first_point(hash);
  if (trace_) {
    const bool wrapped = start == 0 && points_[0].hash < hash;
    trace_->add(
        "search", std::to_string(start),
        "binary search over " + std::to_string(points_.size()) + " points: " +
            (wrapped ? "past the last point, wrap to point 0" : "first point at or after the hash"),
        {{"point", start},
         {"points", points_.size()},
         {"wrapped", wrapped ? "yes" : "no"},
         {"position", ring_fraction(points_[start].hash)}});
  }
  std::vector<bool> taken(nodes_.size());
  for (std::size_t step = 0; step < points_.size() && chosen.size() < count; ++step) {
    const std::size_t at = (start + step) % points_.size();
    const Point& point = points_[at];
    const std::string& name = nodes_[point.node].name;
    const auto data = [&] {
      return sim::Data{{"point", at},
                       {"node", name},
                       {"vnode", point.index},
                       {"position", ring_fraction(point.hash)}};
    };
    if (taken[point.node]) {
      if (trace_) {
        trace_->add("skip", name + "#" + std::to_string(point.index),
                    "node already chosen: walk on clockwise", data());
      }
      continue;
    }
    taken[point.node] = true;
    chosen.push_back(name);
    if (trace_) {
      trace_->add(
          chosen.size() == 1 ? "owner" : "replica", name + "#" + std::to_string(point.index),
          chosen.size() == 1 ? "the key's owner" : "replica " + std::to_string(chosen.size()),
          data());
    }
  }
  return chosen;
}

std::vector<double> HashRing::shares() const {
  std::vector<double> result(nodes_.size());
  for (std::size_t i = 0; i < points_.size(); ++i) {
    // A point owns the arc from the previous point (exclusive) up to itself; unsigned wrap-around
    // gives the first point the arc across the top.
    const std::uint64_t previous = points_[(i + points_.size() - 1) % points_.size()].hash;
    const std::uint64_t arc = points_[i].hash - previous;
    result[points_[i].node] += points_.size() == 1 ? 1.0 : static_cast<double>(arc) / kRingSize;
  }
  return result;
}

}  // namespace sdlab::partition
