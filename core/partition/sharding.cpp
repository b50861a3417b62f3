#include "partition/sharding.h"

#include <algorithm>

#include "common/hash.h"
#include "partition/choice.h"
#include "partition/nodes.h"

namespace sdlab::partition {

namespace {
// The characters the first ranges start at, in byte order.
constexpr std::string_view kRangeAlphabet =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

std::string shard_name(std::size_t shard) { return "shard " + std::to_string(shard); }
}  // namespace

Status parse_shard_strategy(std::string_view name, ShardStrategy& strategy) {
  return parse_choice("strategy", name, kShardStrategyNames, strategy);
}

Status check_shards(double shards) { return check_integer("shards", shards, 1, kMaxInitialShards); }

ShardedStore::ShardedStore(ShardStrategy strategy, std::uint32_t shards)
    : strategy_(strategy), counts_(shards) {
  for (std::size_t s = 0; s < shards; ++s) {
    const std::size_t at = s * kRangeAlphabet.size() / shards;
    bounds_.emplace_back(s == 0 ? "" : std::string(1, kRangeAlphabet[at]), s);
  }
  for (std::size_t r = 0; r < kRegions.size(); ++r) region_shard_.push_back(r % shards);
}

void ShardedStore::note(const char* kind, std::string subject, std::string why, sim::Data data,
                        sim::Where where) const {
  trace_->add(kind, std::move(subject), std::move(why), std::move(data), where);
}

std::size_t ShardedStore::route(std::string_view key, std::size_t region) const {
  switch (strategy_) {
    case ShardStrategy::kHash: {
      const std::size_t shard = mod_n_index(key, counts_.size());
      if (trace_) {
        note("hash", std::string(key),
             "XXH3 " + std::to_string(hash64(key)) + " mod " + std::to_string(counts_.size()) +
                 " = " + std::to_string(shard),
             {{"shard", shard}, {"hash", hex64(hash64(key))}, {"shards", counts_.size()}});
      }
      return shard;
    }
    case ShardStrategy::kRange: {
      // The last bound at or below the key; bounds_[0] is "", below every key.
      auto it = std::upper_bound(bounds_.begin(), bounds_.end(), key,
                                 [](std::string_view k, const auto& b) { return k < b.first; });
      const std::size_t shard = std::prev(it)->second;
      if (trace_) {
        const auto [from, to] = range(shard);
        note("range", std::string(key),
             "in [\"" + from + "\", " + (to.empty() ? "end" : "\"" + to + "\"") + ") of " +
                 shard_name(shard),
             {{"shard", shard}, {"from", from}, {"to", to}});
      }
      return shard;
    }
    case ShardStrategy::kGeo: {
      const std::size_t shard = region_shard_[region];
      if (trace_) {
        note("region", std::string(key),
             std::string(kRegions[region]) + " is served by " + shard_name(shard),
             {{"shard", shard}, {"region", kRegions[region]}});
      }
      return shard;
    }
  }
  return kNoShard;
}

Status ShardedStore::put(std::string_view key, std::string_view region) {
  Status status = check_length("key", key, kMaxShardKeyBytes);
  if (status && key.empty()) status = Status::invalid("key must not be empty");
  std::size_t region_index = 0;
  if (status && strategy_ == ShardStrategy::kGeo) {
    status = parse_choice("region", region, kRegions, region_index);
  }
  auto it = keys_.find(key);
  if (status && it == keys_.end() && static_cast<double>(keys_.size()) >= kMaxShardedKeys) {
    status = Status::invalid("at most " + format_number(kMaxShardedKeys) + " keys");
  }
  if (!status) return status;
  const std::size_t shard = route(key, region_index);
  if (it == keys_.end()) {
    it = keys_.emplace(std::string(key), shard).first;
  } else {
    --counts_[it->second];
    it->second = shard;
  }
  ++counts_[shard];
  if (strategy_ == ShardStrategy::kGeo) regions_[std::string(key)] = region_index;
  if (trace_) {
    note("store", shard_name(shard), "now holds " + std::to_string(counts_[shard]) + " keys",
         {{"key", key}, {"shard", shard}, {"keys", counts_[shard]}});
  }
  return Status::ok();
}

std::size_t ShardedStore::get(std::string_view key) const {
  const auto it = keys_.find(key);
  if (it == keys_.end()) {
    if (trace_) note("missing", std::string(key), "not stored");
    return kNoShard;
  }
  route(key, region_of(key));  // traces the lookup
  return it->second;
}

std::size_t ShardedStore::region_of(std::string_view key) const {
  const auto it = regions_.find(key);
  return it == regions_.end() ? 0 : it->second;
}

std::pair<std::string, std::string> ShardedStore::range(std::size_t shard) const {
  const auto it = std::find_if(bounds_.begin(), bounds_.end(),
                               [&](const auto& b) { return b.second == shard; });
  return {it->first, std::next(it) == bounds_.end() ? "" : std::next(it)->first};
}

std::vector<std::string_view> ShardedStore::regions(std::size_t shard) const {
  std::vector<std::string_view> result;
  for (std::size_t r = 0; r < kRegions.size(); ++r) {
    if (region_shard_[r] == shard) result.push_back(kRegions[r]);
  }
  return result;
}

std::size_t ShardedStore::busiest(std::size_t among_regions_at_least) const {
  std::size_t best = kNoShard;
  for (std::size_t s = 0; s < counts_.size(); ++s) {
    if (regions(s).size() < among_regions_at_least) continue;
    if (best == kNoShard || counts_[s] > counts_[best]) best = s;
  }
  return best;
}

void ShardedStore::relocate(std::vector<ShardMove>& moves) {
  sim::Trace* const trace = std::exchange(trace_, nullptr);  // one step for all, not one per key
  moves.clear();
  for (auto& [key, shard] : keys_) {
    const std::size_t to = route(key, region_of(key));
    if (to == shard) continue;
    moves.push_back({key, shard, to});
    --counts_[shard];
    ++counts_[to];
    shard = to;
  }
  trace_ = trace;
  if (trace_) {
    note("moved", std::to_string(moves.size()),
         std::to_string(moves.size()) + " of " + std::to_string(keys_.size()) + " keys moved",
         {{"moved", moves.size()}, {"keys", keys_.size()}});
  }
}

Status ShardedStore::split_at_median(std::size_t shard, std::vector<ShardMove>& moves) {
  std::vector<std::string_view> held;
  for (const auto& [key, s] : keys_) {
    if (s == shard) held.push_back(key);
  }
  if (held.size() < 2) {
    return Status::invalid(shard_name(shard) + " holds " + std::to_string(held.size()) +
                           " keys: a split needs at least 2");
  }
  const std::string median(held[held.size() / 2]);
  const std::size_t created = counts_.size();
  counts_.push_back(0);
  bounds_.insert(std::upper_bound(bounds_.begin(), bounds_.end(), median,
                                  [](const std::string& m, const auto& b) { return m < b.first; }),
                 {median, created});
  if (trace_) {
    note("split", shard_name(shard),
         "at its median key \"" + median + "\": the upper half goes to " + shard_name(created),
         {{"shard", shard}, {"median", median}, {"to", created}});
  }
  relocate(moves);
  return Status::ok();
}

Status ShardedStore::split_shard(double index, std::vector<ShardMove>& moves) {
  Status status = strategy_ == ShardStrategy::kRange
                      ? check_integer("index", index, 0, static_cast<double>(counts_.size()) - 1)
                      : Status::invalid("only range sharding splits a shard");
  if (status && static_cast<double>(counts_.size()) >= kMaxShards) {
    status = Status::invalid("at most " + format_number(kMaxShards) + " shards");
  }
  return status ? split_at_median(static_cast<std::size_t>(index), moves) : status;
}

Status ShardedStore::add_shard(std::vector<ShardMove>& moves) {
  if (static_cast<double>(counts_.size()) >= kMaxShards) {
    return Status::invalid("at most " + format_number(kMaxShards) + " shards");
  }
  switch (strategy_) {
    case ShardStrategy::kHash:
      counts_.push_back(0);
      if (trace_) {
        note("add", shard_name(counts_.size() - 1),
             "every key is re-hashed mod " + std::to_string(counts_.size()),
             {{"shard", counts_.size() - 1}, {"shards", counts_.size()}});
      }
      relocate(moves);
      return Status::ok();
    case ShardStrategy::kRange:
      return split_at_median(busiest(0), moves);
    case ShardStrategy::kGeo: {
      const std::size_t from = busiest(2);
      if (from == kNoShard) {
        return Status::invalid("every shard serves at most one region: none to hand a new shard");
      }
      std::size_t region = kNoShard, most = 0;
      for (std::size_t r = 0; r < kRegions.size(); ++r) {
        if (region_shard_[r] != from) continue;
        const auto held = static_cast<std::size_t>(std::count_if(
            regions_.begin(), regions_.end(), [&](const auto& kr) { return kr.second == r; }));
        if (region == kNoShard || held > most) region = r, most = held;
      }
      counts_.push_back(0);
      region_shard_[region] = counts_.size() - 1;
      if (trace_) {
        note("add", shard_name(counts_.size() - 1),
             "takes " + std::string(kRegions[region]) + " from " + shard_name(from),
             {{"shard", counts_.size() - 1}, {"region", kRegions[region]}, {"from", from}});
      }
      relocate(moves);
      return Status::ok();
    }
  }
  return Status::ok();
}

}  // namespace sdlab::partition
