// sdlab::messaging::FollowerGraph — a seeded follower graph of N users whose
// follower counts follow a power law, the shape of real social graphs (a few
// "celebrities" followed by most users, a long tail followed by few).
//
// Generation: every user follows `follows` distinct other users (or all of them
// when fewer exist), drawn without replacement with probability proportional to
// a Zipf weight of the followee's id: user r weighs ⌊2^44 / (r+1)^skew⌋, at
// least 1. User 0 is therefore the most followed. The weights are integers in a
// Fenwick tree, so a draw is one sim::Random::below over the total and a
// descent of the tree, and taking a weight out for the draws of one user and
// putting it back are exact: the same seed gives the same graph natively and in
// WebAssembly. skew 0 draws followees uniformly.
//
// Storage: compressed rows (offsets + ids), both directions: followees(u)
// ascending and followers(u) ascending. Ranges (checked by check_graph_spec):
// users [2, kMaxFeedUsers], follows [1, kMaxFollows], skew [0, kMaxSkew].
// Complexity: O(N · follows · log N) time, O(N · follows) memory. Invariants:
// no self-follow, no repeated edge; every user has min(follows, N − 1)
// followees; followers and followees are the two directions of the same edges.
// Thread-safety: none needed; immutable once built.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/status.h"

namespace sdlab::messaging {

inline constexpr std::uint32_t kMaxFeedUsers = 100'000;
inline constexpr std::uint32_t kMaxFollows = 100;
inline constexpr double kMaxFeedSkew = 3;

using UserId = std::uint32_t;

struct GraphSpec {
  std::uint64_t seed = 1;
  std::uint32_t users = 1'000;
  std::uint32_t follows = 20;  // followees per user
  double skew = 1.0;           // Zipf exponent of the followees' popularity
};

Status check_graph_spec(const GraphSpec& spec);

class FollowerGraph {
 public:
  // Precondition: check_graph_spec(spec) is ok.
  explicit FollowerGraph(const GraphSpec& spec);

  std::uint32_t users() const { return static_cast<std::uint32_t>(followee_start_.size() - 1); }
  std::uint64_t edges() const { return followees_.size(); }
  std::span<const UserId> followees(UserId u) const { return row(followees_, followee_start_, u); }
  std::span<const UserId> followers(UserId u) const { return row(followers_, follower_start_, u); }
  std::uint32_t follower_count(UserId u) const {
    return follower_start_[u + 1] - follower_start_[u];
  }
  std::uint32_t max_followers() const;

 private:
  static std::span<const UserId> row(const std::vector<UserId>& ids,
                                     const std::vector<std::uint32_t>& start, UserId u) {
    return {ids.data() + start[u], ids.data() + start[u + 1]};
  }

  std::vector<std::uint32_t> followee_start_;  // users + 1 offsets into followees_
  std::vector<UserId> followees_;
  std::vector<std::uint32_t> follower_start_;
  std::vector<UserId> followers_;
};

}  // namespace sdlab::messaging
