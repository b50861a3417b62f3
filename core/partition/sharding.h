// sdlab::partition::ShardedStore — keys spread over numbered shards by one of three strategies,
// and what resharding costs each:
//   hash   shard = XXH3(key) mod N. Even spread; adding shard N moves about N/(N+1) of all keys.
//   range  each shard owns a range [from, to) of keys in byte order, found by binary search over
//          the sorted lower bounds. The first N ranges start at evenly spaced characters of
//          0-9A-Za-z (4 shards: "", "F", "V", "k"). Keys sharing a prefix — sequential keys such
//          as ids, timestamps, order numbers — all land on the one shard whose range holds the
//          prefix: the hotspot. The prefix picks it, not the growth: numeric keys (digits sort
//          first) land on shard 0, "order-000001"… on the range holding "o" (the last of 4). A
//          shard is split at its median key (as Bigtable and HBase split tablets and regions):
//          only the upper half moves, to a new shard — which then takes every new ever-growing
//          key: a split moves the hotspot, it does not spread it. Adding a shard splits the shard
//          with the most keys.
//   geo    a key is routed by its region (kRegions, mapped round-robin to the shards at start).
//          Adding a shard hands it the busiest region of the busiest shard that serves two or
//          more: only that region's keys move.
// Shards are numbered 0 … N−1 in the order they were created and keep their number.
//
// Trace: a put or get reports how the key was routed ("hash", "range" or "region", with the
// shard), a put then "store"; resharding reports "add" or "split", then "moved" (how many keys).
//
// Invariants: every stored key sits on the shard its strategy routes it to; counts match.
// Complexity: put/get O(log n + log N); resharding O(n log N). Thread-safety: none.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "sim/trace.h"

namespace sdlab::partition {

enum class ShardStrategy { kHash, kRange, kGeo };
inline constexpr std::array<std::string_view, 3> kShardStrategyNames = {"hash", "range", "geo"};

inline constexpr double kMaxInitialShards = 32;
inline constexpr double kMaxShards = 64;  // after adds and splits
inline constexpr double kMaxShardedKeys = 100'000;
inline constexpr std::size_t kMaxShardKeyBytes = 256;
inline constexpr std::size_t kNoShard = static_cast<std::size_t>(-1);
inline constexpr std::array<std::string_view, 8> kRegions = {
    "us-east",  "us-west",      "eu-west", "eu-central",
    "ap-south", "ap-northeast", "sa-east", "af-south"};

// "hash", "range" or "geo" into `strategy`.
Status parse_shard_strategy(std::string_view name, ShardStrategy& strategy);
Status check_shards(double shards);

struct ShardMove {
  std::string key;
  std::size_t from;
  std::size_t to;
};

class ShardedStore {
 public:
  // Preconditions: check_shards(shards) is ok.
  ShardedStore(ShardStrategy strategy, std::uint32_t shards);

  // Stores `key` on its shard. `region` routes it under geo (one of kRegions) and is ignored
  // otherwise. Putting a stored key again re-routes it (a geo key may change region).
  Status put(std::string_view key, std::string_view region);
  // The shard holding `key`, or kNoShard.
  std::size_t get(std::string_view key) const;

  // Adds shard N and moves the keys its strategy now routes elsewhere into `moves`.
  Status add_shard(std::vector<ShardMove>& moves);
  // Range only: splits shard `index` at its median key; the upper half moves to a new shard.
  Status split_shard(double index, std::vector<ShardMove>& moves);

  ShardStrategy strategy() const { return strategy_; }
  std::size_t shard_count() const { return counts_.size(); }
  std::size_t key_count() const { return keys_.size(); }
  std::size_t count(std::size_t shard) const { return counts_[shard]; }
  // Stored keys in byte order with their shard.
  const std::map<std::string, std::size_t, std::less<>>& keys() const { return keys_; }
  // Range: [from, to) of `shard`; to is "" for the last range (no upper bound).
  std::pair<std::string, std::string> range(std::size_t shard) const;
  // Geo: the regions `shard` serves.
  std::vector<std::string_view> regions(std::size_t shard) const;
  void set_trace(sim::Trace* trace) { trace_ = trace; }

 private:
  // `region`: index into kRegions (geo only).
  std::size_t route(std::string_view key, std::size_t region) const;
  std::size_t region_of(std::string_view key) const;  // geo: the key's region index
  std::size_t busiest(std::size_t among_regions_at_least) const;
  Status split_at_median(std::size_t shard, std::vector<ShardMove>& moves);
  void relocate(std::vector<ShardMove>& moves);
  // A step, when tracing. Precondition: trace_ is set (callers test it, so untraced calls build
  // no strings).
  void note(const char* kind, std::string subject, std::string why, sim::Data data = {},
            sim::Where where = {}) const;

  ShardStrategy strategy_;
  std::vector<std::size_t> counts_;                          // keys per shard
  std::vector<std::pair<std::string, std::size_t>> bounds_;  // range: (lower bound, shard), sorted
  std::vector<std::size_t> region_shard_;                    // geo: kRegions index → shard
  std::map<std::string, std::size_t, std::less<>> keys_;     // key → shard
  std::map<std::string, std::size_t, std::less<>> regions_;  // geo: key → kRegions index
  sim::Trace* trace_ = nullptr;
};

}  // namespace sdlab::partition
