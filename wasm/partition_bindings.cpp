// JS bindings for core/partition: HashRing, RendezvousHash and JumpHash (one handle shape),
// ringLoadSpread, SnowflakeCluster, UrlShortener and shortCodeCapacity, and Sharding.
//
// Lifetimes: the classes are handles owned by JS — call delete() when done. Each placement handle
// tracks a set of keys (setKeys, addKey) so that addNode/removeNode can report exactly which of
// them moved, beside what hash-mod-N would have moved. A SnowflakeCluster owns its simulated clock
// (0 ms at the epoch, moved by advance() and by waits for the next millisecond); so does a
// UrlShortener.
// 64-bit ids cross to JS as decimal strings, never as numbers (a double holds only 53 bits).
#include <algorithm>
#include <string>

#include "binding.h"
#include "partition/hash_ring.h"
#include "partition/jump_hash.h"
#include "partition/load_spread.h"
#include "partition/rebalance.h"
#include "partition/rendezvous.h"
#include "partition/sharding.h"
#include "partition/snowflake_cluster.h"
#include "partition/url_shortener.h"

namespace sdlab::wasm {
namespace {

using emscripten::val;
using namespace partition;

constexpr std::size_t kMaxKeyBytes = 1024;
constexpr double kMaxTrackedKeys = 100'000;
constexpr double kRingSize = 18446744073709551616.0;  // 2^64

Status check_key(const std::string& key) { return check_length("key", key, kMaxKeyBytes); }

val strings_to_js(const std::vector<std::string>& strings) {
  val result = val::array();
  for (const std::string& s : strings) result.call<void>("push", s);
  return result;
}

// A node owner as JS: the name, or undefined when there is none.
val owner_to_js(const std::string& name) { return name.empty() ? val::undefined() : val(name); }

template <class Placement>
class PlacementHandle : public Traced {
 public:
  static constexpr bool kRing = std::is_same_v<Placement, HashRing>;
  static constexpr bool kReplicas = !std::is_same_v<Placement, JumpHash>;

  static PlacementHandle* create_ring(double vnodes) requires kRing {
    if (failed(check_vnodes(vnodes))) return nullptr;
    return new PlacementHandle(Placement(static_cast<std::uint32_t>(vnodes)));
  }
  static PlacementHandle* create() requires(!kRing) { return new PlacementHandle(Placement()); }

  val add_node(const std::string& name, double weight) {
    return change([&](Placement& p) { return p.add_node(name, weight); });
  }
  val remove_node(const std::string& name) {
    return change([&](Placement& p) { return p.remove_node(name); });
  }

  // Tracks "key-0" … "key-<count−1>" in place of the current keys.
  void set_keys(double count) {
    if (begin(check_integer("count", count, 0, kMaxTrackedKeys))) return;
    keys_.clear();
    for (std::size_t i = 0; i < static_cast<std::size_t>(count); ++i) {
      keys_.push_back("key-" + std::to_string(i));
    }
  }

  void add_key(const std::string& key) {
    Status status = check_key(key);
    if (status && static_cast<double>(keys_.size()) >= kMaxTrackedKeys) {
      status = Status::invalid("at most 100000 keys are tracked");
    }
    if (!begin(status)) keys_.push_back(key);
  }

  val owner(const std::string& key) {
    return begin(check_key(key)) ? val::undefined() : owner_to_js(placement_.owner(key));
  }

  val replicas(const std::string& key, double count) requires kReplicas {
    if (begin(first_error(check_key(key), check_integer("count", count, 1, kMaxNodes)))) {
      return val::undefined();
    }
    return strings_to_js(placement_.replicas(key, static_cast<std::size_t>(count)));
  }

  // {nodes: [{name, weight, keys, share?, points?}], keys: [{key, owner, position}],
  //  ring only: vnodes, points: [{position, hash, node, index}]}. position: hash / 2^64.
  val snapshot() const {
    const std::vector<std::string> owned = owners(placement_, keys_);
    val result = val::object();
    val nodes = val::array();
    std::vector<double> shares;
    if constexpr (kRing) shares = placement_.shares();
    for (std::size_t n = 0; n < placement_.nodes().size(); ++n) {
      const Node& node = placement_.nodes()[n];
      val item = val::object();
      item.set("name", node.name);
      item.set("weight", node.weight);
      item.set("keys", static_cast<double>(std::count(owned.begin(), owned.end(), node.name)));
      if constexpr (kRing) {
        item.set("points", node.weight * placement_.vnodes_per_weight());
        item.set("share", shares[n]);
      }
      nodes.call<void>("push", item);
    }
    result.set("nodes", nodes);
    val keys = val::array();
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      val item = val::object();
      item.set("key", keys_[i]);
      item.set("owner", owner_to_js(owned[i]));
      item.set("position", static_cast<double>(hash64(keys_[i])) / kRingSize);
      keys.call<void>("push", item);
    }
    result.set("keys", keys);
    if constexpr (kRing) {
      result.set("vnodes", placement_.vnodes_per_weight());
      val points = val::array();
      for (const HashRing::Point& p : placement_.points()) {
        val item = val::object();
        item.set("position", static_cast<double>(p.hash) / kRingSize);
        item.set("hash", describe_hash(p.hash).substr(0, 18));
        item.set("node", placement_.nodes()[p.node].name);
        item.set("index", p.index);
        points.call<void>("push", item);
      }
      result.set("points", points);
    }
    return result;
  }

 private:
  explicit PlacementHandle(Placement placement) : placement_(std::move(placement)) {
    placement_.set_trace(&trace_);
  }

  // {moved: [{key, from, to}], movedCount, modNMoved, keyCount}; from/to undefined for no owner.
  template <class Change>
  val change(Change apply) {
    begin();
    Rebalance r;
    if (failed(rebalance(placement_, keys_, apply, r))) return val::undefined();
    val moved = val::array();
    for (const Move& move : r.moves) {
      val item = val::object();
      item.set("key", move.key);
      item.set("from", owner_to_js(move.from));
      item.set("to", owner_to_js(move.to));
      moved.call<void>("push", item);
    }
    val result = val::object();
    result.set("moved", moved);
    result.set("movedCount", static_cast<double>(r.moves.size()));
    result.set("modNMoved", static_cast<double>(r.mod_n_moved));
    result.set("keyCount", static_cast<double>(keys_.size()));
    return result;
  }

  Placement placement_;
  std::vector<std::string> keys_;
};

template <class Placement>
void bind_placement(const char* name) {
  using H = PlacementHandle<Placement>;
  Class<H> bound(name);
  if constexpr (H::kRing) bound.constructor(&H::create_ring, {"vnodes"});
  else bound.constructor(&H::create, {});
  bound.method("addNode", &H::add_node, {"name", "weight"})
      .method("removeNode", &H::remove_node, {"name"})
      .method("setKeys", &H::set_keys, {"count"})
      .method("addKey", &H::add_key, {"key"})
      .method("owner", &H::owner, {"key"})
      .traced()
      .method("snapshot", &H::snapshot);
  if constexpr (H::kReplicas) bound.method("replicas", &H::replicas, {"key", "count"});
}

// {nodes, keys, maxVnodes, seed} → [{vnodes, maxOverMean, minOverMean, stddevOverMean}]
val ring_load_spread(val options) {
  Status status = Status::ok();
  LoadSpreadSpec spec;
  spec.nodes = number_field(options, "nodes", status);
  spec.keys = number_field(options, "keys", status);
  spec.max_vnodes = number_field(options, "maxVnodes", status);
  spec.seed = number_field(options, "seed", status);
  if (failed(first_error(std::move(status), check_load_spread(spec)))) return val::undefined();
  val result = val::array();
  for (const LoadSpreadPoint& p : partition::ring_load_spread(spec)) {
    val point = val::object();
    point.set("vnodes", p.vnodes);
    point.set("maxOverMean", p.max_over_mean);
    point.set("minOverMean", p.min_over_mean);
    point.set("stddevOverMean", p.stddev_over_mean);
    result.call<void>("push", point);
  }
  return result;
}

// {timeMs, machine, sequence}
val parts_to_js(const SnowflakeParts& parts) {
  val result = val::object();
  result.set("timeMs", static_cast<double>(parts.time_ms));
  result.set("machine", parts.machine);
  result.set("sequence", parts.sequence);
  return result;
}

class SnowflakeHandle : public Traced {
 public:
  static SnowflakeHandle* create(double machines) {
    if (failed(check_machines(machines))) return nullptr;
    return new SnowflakeHandle(static_cast<std::uint32_t>(machines));
  }

  // {id, timeMs, machine, sequence, waitedMs}
  val next(double machine) {
    begin();
    std::uint64_t id = 0;
    sim::Micros waited = 0;
    if (failed(cluster_.check_machine(machine)) ||
        failed(cluster_.next(static_cast<std::uint32_t>(machine), id, waited))) {
      return val::undefined();
    }
    val result = parts_to_js(decode_snowflake(id));
    result.set("id", std::to_string(id));
    result.set("waitedMs", sim::to_millis(waited));
    return result;
  }

  // decode("id") → {timeMs, machine, sequence}, for any id.
  val decode(const std::string& text) const {
    std::uint64_t id = 0;
    return failed(parse_snowflake(text, id)) ? val::undefined() : parts_to_js(decode_snowflake(id));
  }

  void advance(double ms) {
    begin();
    if (!failed(check_advance(clock_, ms))) clock_.advance(sim::from_millis(ms));
  }

  void set_skew(double machine, double ms) {
    begin();
    failed(cluster_.set_skew(machine, ms));
  }

  // {nowMs, machines: [{machine, lastTimeMs (−1 before the first id), sequence, skewMs}]}
  val snapshot() const {
    val machines = val::array();
    for (const SnowflakeGenerator& g : cluster_.machines()) {
      val item = val::object();
      item.set("machine", g.machine());
      item.set("lastTimeMs", static_cast<double>(g.last_ms()));
      item.set("sequence", g.sequence());
      item.set("skewMs", sim::to_millis(g.skew()));
      machines.call<void>("push", item);
    }
    val result = val::object();
    result.set("nowMs", sim::to_millis(clock_.now()));
    result.set("machines", machines);
    return result;
  }

 private:
  explicit SnowflakeHandle(std::uint32_t machines) : cluster_(clock_, machines) {
    cluster_.set_trace(&trace_);
  }

  sim::Clock clock_;
  SnowflakeCluster cluster_;
};

class UrlShortenerHandle : public Traced {
 public:
  static UrlShortenerHandle* create(const std::string& mode_name, double length) {
    CodeMode mode = CodeMode::kCounter;
    if (failed(first_error(parse_code_mode(mode_name, mode), check_code_length(length)))) {
      return nullptr;
    }
    return new UrlShortenerHandle(mode, static_cast<std::uint32_t>(length));
  }

  std::string shorten(const std::string& url) { return shorten_for(url, kNoExpiry); }

  std::string shorten_with_ttl(const std::string& url, double ttl_ms) {
    if (begin(check_ttl_ms(ttl_ms))) return "";
    return shorten_for(url, sim::from_millis(ttl_ms));
  }

  std::string shorten_with_alias(const std::string& url, const std::string& alias) {
    begin();
    return failed(shortener_.shorten_with_alias(url, alias, kNoExpiry)) ? "" : alias;
  }

  // {url, clicks} | {expired: true, url, expiresAtMs} | {missing: true}
  val resolve(const std::string& code) {
    if (begin(check_length("code", code, kMaxCodeBytes))) return val::undefined();
    const Resolution r = shortener_.resolve(code);
    val result = val::object();
    if (r.outcome == Resolution::Outcome::kMissing) {
      result.set("missing", true);
      return result;
    }
    result.set("url", r.entry->url);
    if (r.outcome == Resolution::Outcome::kExpired) {
      result.set("expired", true);
      result.set("expiresAtMs", sim::to_millis(r.entry->expires_at));
    } else {
      result.set("clicks", static_cast<double>(r.entry->clicks));
    }
    return result;
  }

  void advance(double ms) {
    if (!begin(check_advance(clock_, ms))) clock_.advance(sim::from_millis(ms));
  }

  // {mode, codeLength, nowMs, counter, collisions,
  //  entries: [{code, url, clicks, alias, expired, expiresAtMs?}] by code}
  val snapshot() const {
    val entries = val::array();
    for (const auto& [code, entry] : shortener_.entries()) {
      val item = val::object();
      item.set("code", code);
      item.set("url", entry.url);
      item.set("clicks", static_cast<double>(entry.clicks));
      item.set("alias", entry.alias);
      item.set("expired", shortener_.expired(entry));
      if (entry.expires_at != kNoExpiry) item.set("expiresAtMs", sim::to_millis(entry.expires_at));
      entries.call<void>("push", item);
    }
    val result = val::object();
    result.set("mode", std::string(kCodeModeNames[static_cast<std::size_t>(shortener_.mode())]));
    result.set("codeLength", shortener_.code_length());
    result.set("nowMs", sim::to_millis(clock_.now()));
    result.set("counter", static_cast<double>(shortener_.counter()));
    result.set("collisions", static_cast<double>(shortener_.collisions()));
    result.set("entries", entries);
    return result;
  }

 private:
  UrlShortenerHandle(CodeMode mode, std::uint32_t length) : shortener_(clock_, mode, length) {
    shortener_.set_trace(&trace_);
  }

  std::string shorten_for(const std::string& url, sim::Micros ttl) {
    begin();
    std::string code;
    return failed(shortener_.shorten(url, ttl, code)) ? "" : code;
  }

  sim::Clock clock_;
  UrlShortener shortener_;
};

// [{length, codes, years}] for code lengths 4–8.
val short_code_capacity_js(double per_sec) {
  if (failed(check_rate(per_sec))) return val::undefined();
  val rows = val::array();
  for (const CapacityRow& row : short_code_capacity(per_sec)) {
    val item = val::object();
    item.set("length", row.length);
    item.set("codes", row.codes);
    item.set("years", row.years);
    rows.call<void>("push", item);
  }
  return rows;
}

class ShardingHandle : public Traced {
 public:
  static ShardingHandle* create(const std::string& name, double shards) {
    ShardStrategy strategy = ShardStrategy::kHash;
    if (failed(first_error(parse_shard_strategy(name, strategy), check_shards(shards)))) {
      return nullptr;
    }
    return new ShardingHandle(strategy, static_cast<std::uint32_t>(shards));
  }

  // The shard the key now sits on.
  val put(const std::string& key, const std::string& region) {
    begin();
    if (failed(store_.put(key, region))) return val::undefined();
    return val(static_cast<double>(store_.keys().find(key)->second));
  }

  // The shard holding the key, or undefined.
  val get(const std::string& key) {
    begin();
    const std::size_t shard = store_.get(key);
    return shard == kNoShard ? val::undefined() : val(static_cast<double>(shard));
  }

  val add_shard() {
    begin();
    std::vector<ShardMove> moves;
    return failed(store_.add_shard(moves)) ? val::undefined() : moves_to_js(moves);
  }

  val split_shard(double index) {
    begin();
    std::vector<ShardMove> moves;
    return failed(store_.split_shard(index, moves)) ? val::undefined() : moves_to_js(moves);
  }

  // {strategy, keyCount, shards: [{index, count, keys, range?: {from, to?}, regions?}]}
  val snapshot() const {
    std::vector<std::vector<std::string>> held(store_.shard_count());
    for (const auto& [key, shard] : store_.keys()) held[shard].push_back(key);
    val shards = val::array();
    for (std::size_t s = 0; s < held.size(); ++s) {
      val item = val::object();
      item.set("index", static_cast<double>(s));
      item.set("count", static_cast<double>(store_.count(s)));
      item.set("keys", strings_to_js(held[s]));
      if (store_.strategy() == ShardStrategy::kRange) {
        const auto [from, to] = store_.range(s);
        val range = val::object();
        range.set("from", from);
        if (!to.empty()) range.set("to", to);
        item.set("range", range);
      }
      if (store_.strategy() == ShardStrategy::kGeo) {
        const std::vector<std::string_view> regions = store_.regions(s);
        item.set("regions", strings_to_js({regions.begin(), regions.end()}));
      }
      shards.call<void>("push", item);
    }
    val result = val::object();
    result.set("strategy",
               std::string(kShardStrategyNames[static_cast<std::size_t>(store_.strategy())]));
    result.set("keyCount", static_cast<double>(store_.key_count()));
    result.set("shards", shards);
    return result;
  }

 private:
  ShardingHandle(ShardStrategy strategy, std::uint32_t shards) : store_(strategy, shards) {
    store_.set_trace(&trace_);
  }

  // {moved: [{key, from, to}], movedCount, keyCount}
  val moves_to_js(const std::vector<ShardMove>& moves) const {
    val moved = val::array();
    for (const ShardMove& m : moves) {
      val item = val::object();
      item.set("key", m.key);
      item.set("from", static_cast<double>(m.from));
      item.set("to", static_cast<double>(m.to));
      moved.call<void>("push", item);
    }
    val result = val::object();
    result.set("moved", moved);
    result.set("movedCount", static_cast<double>(moves.size()));
    result.set("keyCount", static_cast<double>(store_.key_count()));
    return result;
  }

  ShardedStore store_;
};

}  // namespace
}  // namespace sdlab::wasm

EMSCRIPTEN_BINDINGS(sdlab_partition) {
  using namespace sdlab;
  wasm::bind_placement<partition::HashRing>("HashRing");
  wasm::bind_placement<partition::Rendezvous>("RendezvousHash");
  wasm::bind_placement<partition::JumpHash>("JumpHash");
  wasm::function("ringLoadSpread", &wasm::ring_load_spread, {"options"});
  using wasm::UrlShortenerHandle;
  wasm::Class<UrlShortenerHandle>("UrlShortener")
      .constructor(&UrlShortenerHandle::create, {"mode", "codeLength"})
      .method("shorten", &UrlShortenerHandle::shorten, {"url"})
      .method("shortenWithAlias", &UrlShortenerHandle::shorten_with_alias, {"url", "alias"})
      .method("shortenWithTtl", &UrlShortenerHandle::shorten_with_ttl, {"url", "ttlMs"})
      .method("resolve", &UrlShortenerHandle::resolve, {"code"})
      .method("advance", &UrlShortenerHandle::advance, {"ms"})
      .method("snapshot", &UrlShortenerHandle::snapshot)
      .traced();
  wasm::function("shortCodeCapacity", &wasm::short_code_capacity_js, {"ratePerSec"});
  using wasm::ShardingHandle;
  wasm::Class<ShardingHandle>("Sharding")
      .constructor(&ShardingHandle::create, {"strategy", "shards"})
      .method("put", &ShardingHandle::put, {"key", "region"})
      .method("get", &ShardingHandle::get, {"key"})
      .method("addShard", &ShardingHandle::add_shard)
      .method("splitShard", &ShardingHandle::split_shard, {"index"})
      .method("snapshot", &ShardingHandle::snapshot)
      .traced();
  using wasm::SnowflakeHandle;
  wasm::Class<SnowflakeHandle>("SnowflakeCluster")
      .constructor(&SnowflakeHandle::create, {"machines"})
      .method("next", &SnowflakeHandle::next, {"machine"})
      .method("decode", &SnowflakeHandle::decode, {"id"})
      .method("advance", &SnowflakeHandle::advance, {"ms"})
      .method("setSkew", &SnowflakeHandle::set_skew, {"machine", "ms"})
      .method("snapshot", &SnowflakeHandle::snapshot)
      .traced();
}
