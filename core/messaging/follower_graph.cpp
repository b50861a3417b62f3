#include "messaging/follower_graph.h"

#include <algorithm>
#include <cmath>

#include "sim/random.h"

namespace sdlab::messaging {

namespace {

// Integer weights with prefix sums in O(log n): add, and find the index holding
// a given unit.
class Fenwick {
 public:
  explicit Fenwick(std::size_t n) : tree_(n + 1, 0), high_bit_(1) {
    while (high_bit_ * 2 <= n) high_bit_ *= 2;
  }

  void add(std::size_t i, std::int64_t delta) {
    total_ += delta;
    for (++i; i < tree_.size(); i += i & (~i + 1)) tree_[i] += delta;
  }

  // The index i whose weight covers unit `u` in [0, total).
  std::size_t find(std::int64_t u) const {
    std::size_t at = 0;
    for (std::size_t step = high_bit_; step > 0; step /= 2) {
      if (at + step < tree_.size() && tree_[at + step] <= u) {
        at += step;
        u -= tree_[at];
      }
    }
    return at;
  }

  std::int64_t total() const { return total_; }

 private:
  std::vector<std::int64_t> tree_;
  std::size_t high_bit_;
  std::int64_t total_ = 0;
};

std::int64_t zipf_weight(UserId rank, double skew) {
  const double w = std::ldexp(1.0, 44) / std::pow(static_cast<double>(rank) + 1, skew);
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(w));
}

}  // namespace

Status check_graph_spec(const GraphSpec& spec) {
  return first_error(check_integer("users", spec.users, 2, kMaxFeedUsers),
                     check_integer("follows", spec.follows, 1, kMaxFollows),
                     check_number("skew", spec.skew, 0, kMaxFeedSkew));
}

FollowerGraph::FollowerGraph(const GraphSpec& spec) {
  const std::uint32_t n = spec.users;
  const std::uint32_t per_user = std::min(spec.follows, n - 1);
  std::vector<std::int64_t> weight(n);
  Fenwick tree(n);
  for (UserId u = 0; u < n; ++u) {
    weight[u] = zipf_weight(u, spec.skew);
    tree.add(u, weight[u]);
  }
  sim::Random random(spec.seed);
  followee_start_.reserve(n + 1);
  followees_.reserve(static_cast<std::size_t>(n) * per_user);
  std::vector<std::uint32_t> counts(n, 0);
  followee_start_.push_back(0);
  for (UserId u = 0; u < n; ++u) {
    const std::size_t first = followees_.size();
    tree.add(u, -weight[u]);  // no self-follow
    for (std::uint32_t k = 0; k < per_user; ++k) {
      const auto v = static_cast<UserId>(tree.find(
          static_cast<std::int64_t>(random.below(static_cast<std::uint64_t>(tree.total())))));
      tree.add(v, -weight[v]);
      followees_.push_back(v);
      ++counts[v];
    }
    for (std::size_t i = first; i < followees_.size(); ++i)
      tree.add(followees_[i], weight[followees_[i]]);
    tree.add(u, weight[u]);
    std::sort(followees_.begin() + static_cast<std::ptrdiff_t>(first), followees_.end());
    followee_start_.push_back(static_cast<std::uint32_t>(followees_.size()));
  }
  follower_start_.assign(n + 1, 0);
  for (UserId v = 0; v < n; ++v) follower_start_[v + 1] = follower_start_[v] + counts[v];
  followers_.resize(followees_.size());
  std::vector<std::uint32_t> next(follower_start_.begin(), follower_start_.end() - 1);
  for (UserId u = 0; u < n; ++u) {
    for (UserId v : followees(u)) followers_[next[v]++] = u;  // u ascending: rows stay sorted
  }
}

std::uint32_t FollowerGraph::max_followers() const {
  std::uint32_t most = 0;
  for (UserId u = 0; u < users(); ++u) most = std::max(most, follower_count(u));
  return most;
}

}  // namespace sdlab::messaging
