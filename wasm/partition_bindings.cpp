// JS bindings for core/partition: HashRing, RendezvousHash and JumpHash (one handle shape),
// ringLoadSpread, SnowflakeCluster, UrlShortener and shortCodeCapacity, and Sharding.
//
// Lifetimes: the classes are handles owned by JS — call delete() when done. Each placement handle
// tracks a set of keys (setKeys, addKey) so that addNode/removeNode can report exactly which of
// them moved, beside what hash-mod-N would have moved. A SnowflakeCluster owns its simulated clock
// (0 ms at the epoch, moved by advance() and by waits for the next millisecond); so does a
// UrlShortener. ringLoadSpread and shortCodeCapacity return plain objects.
// 64-bit ids cross to JS as decimal strings, never as numbers (a double holds only 53 bits).
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

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

// ---- the shapes that cross -------------------------------------------------------------------

struct KeyMove {
  std::string key;
  std::optional<std::string> from;  // absent: the key had no owner
  std::optional<std::string> to;    // absent: no node is left
};

struct MoveReport {
  std::vector<KeyMove> moved;
  std::size_t moved_count = 0;
  std::size_t mod_n_moved = 0;
  std::size_t key_count = 0;
};

struct PlacementNode {
  std::string name;
  std::uint32_t weight = 0;
  std::size_t keys = 0;
  std::optional<std::uint32_t> points;  // ring only
  std::optional<double> share;          // ring only
};

struct TrackedKey {
  std::string key;
  std::optional<std::string> owner;
  double position = 0;
};

struct RingPoint {
  double position = 0;
  std::string hash;
  std::string node;
  std::uint32_t index = 0;
};

struct PlacementSnapshot {
  std::vector<PlacementNode> nodes;
  std::vector<TrackedKey> keys;
  std::optional<std::uint32_t> vnodes;           // ring only
  std::optional<std::vector<RingPoint>> points;  // ring only
};

struct SnowflakeId : partition::SnowflakeParts {
  std::string id;
  double waited_ms = 0;
};

struct SnowflakeMachine {
  std::uint32_t machine = 0;
  double last_time_ms = 0;
  std::uint32_t sequence = 0;
  double skew_ms = 0;
};

struct SnowflakeSnapshot {
  double now_ms = 0;
  std::vector<SnowflakeMachine> machines;
};

struct UrlResolution {
  std::optional<std::string> url;
  std::optional<double> clicks;
  std::optional<bool> expired;
  std::optional<double> expires_at_ms;
  std::optional<bool> missing;
};

struct ShortUrlEntry {
  std::string code;
  std::string url;
  std::uint64_t clicks = 0;
  bool alias = false;
  bool expired = false;
  std::optional<double> expires_at_ms;
};

struct UrlShortenerSnapshot {
  std::string mode;
  std::uint32_t code_length = 0;
  double now_ms = 0;
  std::uint64_t counter = 0;
  std::uint64_t collisions = 0;
  std::vector<ShortUrlEntry> entries;
};

struct ShardMoveReport {
  std::vector<partition::ShardMove> moved;
  std::size_t moved_count = 0;
  std::size_t key_count = 0;
};

struct ShardRange {
  std::string from;
  std::optional<std::string> to;  // absent for the last range
};

struct ShardState {
  std::size_t index = 0;
  std::size_t count = 0;
  std::vector<std::string> keys;
  std::optional<ShardRange> range;                  // range only
  std::optional<std::vector<std::string>> regions;  // geo only
};

struct ShardingSnapshot {
  std::string strategy;
  std::size_t key_count = 0;
  std::vector<ShardState> shards;
};

template <>
struct Describe<KeyMove> {
  static constexpr const char* name = "KeyMove";
  static constexpr const char* doc = "A tracked key whose owner changed.";
  static auto fields() {
    return std::tuple{field("key", &KeyMove::key),
                      field("from", &KeyMove::from, "absent when the key had no owner (no nodes)"),
                      field("to", &KeyMove::to, "absent when no node is left")};
  }
};

template <>
struct Describe<MoveReport> {
  static constexpr const char* name = "MoveReport";
  static constexpr const char* doc = "What a join or leave did to the tracked keys.";
  static auto fields() {
    using S = MoveReport;
    return std::tuple{field("moved", &S::moved, "exactly the tracked keys whose owner changed, in tracking order"),
                      field("movedCount", &S::moved_count),
                      field("modNMoved", &S::mod_n_moved,
                            "how many of the same keys hash(key) mod N (nodes in join order) would have moved"),
                      field("keyCount", &S::key_count)};
  }
};

template <>
struct Describe<PlacementNode> {
  static constexpr const char* name = "PlacementNode";
  static constexpr const char* doc = "A node, with the tracked keys it owns.";
  static auto fields() {
    using S = PlacementNode;
    return std::tuple{field("name", &S::name), field("weight", &S::weight),
                      field("keys", &S::keys, "tracked keys owned"),
                      field("points", &S::points, "ring only: weight × vnodes"),
                      field("share", &S::share, "ring only: the fraction of the ring owned")};
  }
};

template <>
struct Describe<TrackedKey> {
  static constexpr const char* name = "TrackedKey";
  static constexpr const char* doc = "A tracked key and its owner.";
  static auto fields() {
    using S = TrackedKey;
    return std::tuple{field("key", &S::key), field("owner", &S::owner, "absent with no nodes"),
                      field("position", &S::position, "XXH3(key) / 2^64, in [0, 1)")};
  }
};

template <>
struct Describe<RingPoint> {
  static constexpr const char* name = "RingPoint";
  static constexpr const char* doc = "Point `index` of `node` on the ring.";
  static auto fields() {
    using S = RingPoint;
    return std::tuple{field("position", &S::position, "hash / 2^64, in [0, 1)"),
                      field("hash", &S::hash, "\"0x…\", 16 hex digits"), field("node", &S::node),
                      field("index", &S::index)};
  }
};

template <>
struct Describe<PlacementSnapshot> {
  static constexpr const char* name = "PlacementSnapshot";
  static constexpr const char* doc = "The nodes, the tracked keys and (ring only) the points.";
  static auto fields() {
    using S = PlacementSnapshot;
    return std::tuple{field("nodes", &S::nodes, "in join order"), field("keys", &S::keys, "in tracking order"),
                      field("vnodes", &S::vnodes, "ring only: virtual nodes per unit of weight"),
                      field("points", &S::points, "ring only, sorted clockwise")};
  }
};

template <>
struct Describe<partition::LoadSpreadSpec> {
  static constexpr const char* name = "LoadSpreadOptions";
  static constexpr const char* doc = "Nodes of weight 1 on rings of 1, 2, 4, … virtual nodes, the same keys on each.";
  static auto fields() {
    using S = partition::LoadSpreadSpec;
    return std::tuple{field("nodes", &S::nodes, integer(1, S::kMaxNodes)),
                      field("keys", &S::keys, integer(1, S::kMaxKeys), "seeded random keys placed"),
                      field("maxVnodes", &S::max_vnodes, integer(1, partition::kMaxVnodes),
                            "steps 1, 2, 4, … up to maxVnodes and maxVnodes itself"),
                      field("seed", &S::seed, integer(0, 4294967295.0), "the same seed gives the same keys")};
  }
};

template <>
struct Describe<partition::LoadSpreadPoint> {
  static constexpr const char* name = "LoadSpreadPoint";
  static constexpr const char* doc = "How evenly the nodes share the keys at one number of virtual nodes.";
  static auto fields() {
    using S = partition::LoadSpreadPoint;
    return std::tuple{field("vnodes", &S::vnodes), field("maxOverMean", &S::max_over_mean),
                      field("minOverMean", &S::min_over_mean),
                      field("stddevOverMean", &S::stddev_over_mean, "standard deviation of node loads over the mean")};
  }
};

template <>
struct Describe<partition::SnowflakeParts> {
  static constexpr const char* name = "SnowflakeParts";
  static constexpr const char* doc =
      "The fields of a Snowflake id: 0 | 41 bits time | 10 bits machine | 12 bits sequence.";
  static auto fields() {
    using S = partition::SnowflakeParts;
    return std::tuple{field("timeMs", &S::time_ms, "milliseconds since the epoch (the simulated clock's 0)"),
                      field("machine", &S::machine), field("sequence", &S::sequence)};
  }
};

template <>
struct Describe<SnowflakeId> {
  static constexpr const char* name = "SnowflakeId";
  static constexpr const char* doc = "A new id and its fields.";
  static auto fields() {
    return std::tuple_cat(
        Describe<partition::SnowflakeParts>::fields(),
        std::tuple{field("id", &SnowflakeId::id, "the 64-bit id as a decimal string (BigInt(id) to compare): never a number"),
                   field("waitedMs", &SnowflakeId::waited_ms,
                         "simulated time spent waiting for the next millisecond: > 0 only for the 4,097th id")});
  }
};

template <>
struct Describe<SnowflakeMachine> {
  static constexpr const char* name = "SnowflakeMachine";
  static constexpr const char* doc = "One machine's generator.";
  static auto fields() {
    using S = SnowflakeMachine;
    return std::tuple{field("machine", &S::machine),
                      field("lastTimeMs", &S::last_time_ms, "the time field of its last id, −1 before its first"),
                      field("sequence", &S::sequence), field("skewMs", &S::skew_ms, "its clock reads now + skewMs")};
  }
};

template <>
struct Describe<SnowflakeSnapshot> {
  static constexpr const char* name = "SnowflakeSnapshot";
  static constexpr const char* doc = "The shared clock and every machine's generator.";
  static auto fields() {
    return std::tuple{field("nowMs", &SnowflakeSnapshot::now_ms), field("machines", &SnowflakeSnapshot::machines)};
  }
};

template <>
struct Describe<UrlResolution> {
  static constexpr const char* name = "UrlResolution";
  static constexpr const char* doc =
      "{url, clicks} for a live code, {expired: true, url, expiresAtMs} or {missing: true}.";
  static auto fields() {
    using S = UrlResolution;
    return std::tuple{field("url", &S::url), field("clicks", &S::clicks, "live: clicks, counting this one"),
                      field("expired", &S::expired), field("expiresAtMs", &S::expires_at_ms),
                      field("missing", &S::missing, "no such code")};
  }
};

template <>
struct Describe<ShortUrlEntry> {
  static constexpr const char* name = "ShortUrlEntry";
  static constexpr const char* doc = "A code and the URL it leads to.";
  static auto fields() {
    using S = ShortUrlEntry;
    return std::tuple{field("code", &S::code), field("url", &S::url), field("clicks", &S::clicks),
                      field("alias", &S::alias), field("expired", &S::expired),
                      field("expiresAtMs", &S::expires_at_ms, "only with a TTL")};
  }
};

template <>
struct Describe<UrlShortenerSnapshot> {
  static constexpr const char* name = "UrlShortenerSnapshot";
  static constexpr const char* doc = "The code table, the counter, the collisions and the clock.";
  static auto fields() {
    using S = UrlShortenerSnapshot;
    return std::tuple{field("mode", &S::mode, "\"counter\", \"hash\" or \"snowflake\""),
                      field("codeLength", &S::code_length), field("nowMs", &S::now_ms),
                      field("counter", &S::counter, "the next counter value (counter mode)"),
                      field("collisions", &S::collisions,
                            "candidate codes found taken: re-hashed in hash mode, skipped otherwise"),
                      field("entries", &S::entries, "sorted by code; expired codes stay (and are never reused)")};
  }
};

template <>
struct Describe<partition::CapacityRow> {
  static constexpr const char* name = "ShortCodeCapacityRow";
  static constexpr const char* doc = "How many codes of one length there are and how long they last.";
  static auto fields() {
    using S = partition::CapacityRow;
    return std::tuple{field("length", &S::length), field("codes", &S::codes, "62^length"),
                      field("years", &S::years, "until all are used at ratePerSec new codes a second (365.25-day years)")};
  }
};

template <>
struct Describe<partition::ShardMove> {
  static constexpr const char* name = "ShardMove";
  static constexpr const char* doc = "A key that changed shard.";
  static auto fields() {
    using S = partition::ShardMove;
    return std::tuple{field("key", &S::key), field("from", &S::from), field("to", &S::to)};
  }
};

template <>
struct Describe<ShardMoveReport> {
  static constexpr const char* name = "ShardMoveReport";
  static constexpr const char* doc = "What adding or splitting a shard did: exactly the keys that changed shard, in key order.";
  static auto fields() {
    using S = ShardMoveReport;
    return std::tuple{field("moved", &S::moved), field("movedCount", &S::moved_count), field("keyCount", &S::key_count)};
  }
};

template <>
struct Describe<ShardRange> {
  static constexpr const char* name = "ShardRange";
  static constexpr const char* doc = "The keys [from, to) in byte order.";
  static auto fields() {
    return std::tuple{field("from", &ShardRange::from), field("to", &ShardRange::to, "absent for the last range")};
  }
};

template <>
struct Describe<ShardState> {
  static constexpr const char* name = "ShardState";
  static constexpr const char* doc = "One shard and the keys it holds.";
  static auto fields() {
    using S = ShardState;
    return std::tuple{field("index", &S::index, "creation order; a shard keeps its index"), field("count", &S::count),
                      field("keys", &S::keys, "in byte order"), field("range", &S::range, "range only"),
                      field("regions", &S::regions, "geo only")};
  }
};

template <>
struct Describe<ShardingSnapshot> {
  static constexpr const char* name = "ShardingSnapshot";
  static constexpr const char* doc = "The strategy and every shard, by index.";
  static auto fields() {
    using S = ShardingSnapshot;
    return std::tuple{field("strategy", &S::strategy, "\"hash\", \"range\" or \"geo\""),
                      field("keyCount", &S::key_count), field("shards", &S::shards)};
  }
};

namespace {

using namespace partition;

constexpr std::size_t kMaxKeyBytes = 1024;
// The page keeps a snapshot after every call (every tracked key and, on a ring, every point): these
// bound what one call can cost it (README, "Hosting"). The view draws as many.
constexpr double kMaxTrackedKeys = 2'000;
constexpr double kMaxPagePoints = 4'000;
constexpr std::size_t kMaxIdDigits = 19;      // a decimal below 2^63
constexpr std::size_t kMaxRegionBytes = 64;   // longer than any of kRegions
constexpr double kRingSize = 18446744073709551616.0;  // 2^64

// Rules shared by several parameters. (Functions, not constants: EMSCRIPTEN_BINDINGS runs before
// this file's dynamic initializers.)
Rule node_name() { return text(kMaxNodeNameBytes); }
Rule key() { return text(kMaxKeyBytes); }
Rule machine() { return integer(0, kMaxMachine); }
Rule clock_step_ms() { return number(0, static_cast<double>(kSnowflakeMaxTime)); }
Rule url() { return text(kMaxUrlBytes); }
Rule shard_key() { return text(kMaxShardKeyBytes); }

// A node owner: the name, or absent when there is none ("").
std::optional<std::string> owner_of(const std::string& name) {
  return name.empty() ? std::nullopt : std::optional<std::string>(name);
}

double position_of(std::uint64_t hash) { return static_cast<double>(hash) / kRingSize; }

template <class Placement>
class PlacementHandle : public Traced {
 public:
  static constexpr bool kCopyable = true;  // plain values: a copy is independent
  static constexpr bool kRing = std::is_same_v<Placement, HashRing>;
  static constexpr bool kReplicas = !std::is_same_v<Placement, JumpHash>;

  static PlacementHandle* create_ring(std::uint32_t vnodes) requires kRing {
    return new PlacementHandle(Placement(vnodes, kMaxPagePoints));
  }
  static PlacementHandle* create() requires(!kRing) { return new PlacementHandle(Placement()); }

  void attach(sim::Trace* sink) { placement_.set_trace(sink); }

  MoveReport add_node(const std::string& name, std::uint32_t weight) {
    return change([&](Placement& p) { return p.add_node(name, weight); });
  }
  MoveReport remove_node(const std::string& name) {
    return change([&](Placement& p) { return p.remove_node(name); });
  }

  // Tracks "key-0" … "key-<count−1>" in place of the current keys.
  void set_keys(std::size_t count) {
    keys_.clear();
    for (std::size_t i = 0; i < count; ++i) keys_.push_back("key-" + std::to_string(i));
  }

  void add_key(const std::string& key) {
    if (static_cast<double>(keys_.size()) >= kMaxTrackedKeys) {
      failed(Status::invalid("at most " + format_number(kMaxTrackedKeys) + " keys are tracked"));
      return;
    }
    keys_.push_back(key);
  }

  std::optional<std::string> owner(const std::string& key) { return owner_of(placement_.owner(key)); }

  std::vector<std::string> replicas(const std::string& key, std::size_t count) requires kReplicas {
    return placement_.replicas(key, count);
  }

  PlacementSnapshot snapshot() const {
    const std::vector<std::string> owned = owners(placement_, keys_);
    PlacementSnapshot s;
    std::vector<double> shares;
    if constexpr (kRing) shares = placement_.shares();
    for (std::size_t n = 0; n < placement_.nodes().size(); ++n) {
      const Node& node = placement_.nodes()[n];
      PlacementNode item{node.name, node.weight,
                         static_cast<std::size_t>(std::count(owned.begin(), owned.end(), node.name))};
      if constexpr (kRing) {
        item.points = node.weight * placement_.vnodes_per_weight();
        item.share = shares[n];
      }
      s.nodes.push_back(std::move(item));
    }
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      s.keys.push_back({keys_[i], owner_of(owned[i]), position_of(hash64(keys_[i]))});
    }
    if constexpr (kRing) {
      s.vnodes = placement_.vnodes_per_weight();
      s.points.emplace();
      for (const HashRing::Point& p : placement_.points()) {
        s.points->push_back(
            {position_of(p.hash), hex64(p.hash), placement_.nodes()[p.node].name, p.index});
      }
    }
    return s;
  }

 private:
  explicit PlacementHandle(Placement placement) : placement_(std::move(placement)) {}

  template <class Change>
  MoveReport change(Change apply) {
    Rebalance r;
    if (failed(rebalance(placement_, keys_, apply, r))) return {};
    MoveReport report{{}, r.moves.size(), r.mod_n_moved, keys_.size()};
    for (Move& move : r.moves) {
      report.moved.push_back({std::move(move.key), owner_of(move.from), owner_of(move.to)});
    }
    return report;
  }

  Placement placement_;
  std::vector<std::string> keys_;
};

template <class Placement>
void bind_placement(const char* name, const char* doc) {
  using H = PlacementHandle<Placement>;
  Class<H> bound(name, doc);
  if constexpr (H::kRing) {
    bound.template constructor<&H::create_ring>(
        {{"vnodes", integer(1, kMaxVnodes), "virtual nodes per unit of weight; at most 4000 points in all"}});
  } else {
    bound.template constructor<&H::create>({});
  }
  const char* weight_doc = H::kReplicas ? "" : "must be 1: buckets have no weights";
  bound.template method<&H::add_node>("addNode",
                                      {{"name", node_name(), "unique"}, {"weight", integer(1, kMaxWeight), weight_doc}},
                                      "A node joins; returns exactly which tracked keys moved. Throws for a duplicate name.")
      .template method<&H::remove_node>("removeNode", {{"name", node_name()}},
                                        "A node leaves; returns exactly which tracked keys moved. Throws for an unknown name.")
      .template method<&H::set_keys>("setKeys", {{"count", integer(0, kMaxTrackedKeys)}},
                                     "Tracks \"key-0\" … \"key-<count−1>\" instead of the current keys.")
      .template method<&H::add_key>("addKey", {{"key", key()}}, "Tracks one more key (at most 2000 in all).")
      .template method<&H::owner>("owner", {{"key", key()}}, "The owner, or undefined with no nodes.");
  if constexpr (H::kReplicas) {
    bound.template method<&H::replicas>("replicas", {{"key", key()}, {"count", integer(1, kMaxNodes)}},
                                        "Up to count distinct nodes, owner first: where copies go.");
  }
  bound.template snapshot<&H::snapshot>("The nodes, the tracked keys and their owners (ring: every point).");
}

class SnowflakeHandle : public Traced {
 public:
  static SnowflakeHandle* create(std::uint32_t machines) { return new SnowflakeHandle(machines); }

  void attach(sim::Trace* sink) { cluster_.set_trace(sink); }

  SnowflakeId next(std::uint32_t machine) {
    std::uint64_t id = 0;
    sim::Micros waited = 0;
    if (failed(cluster_.check_machine(machine)) || failed(cluster_.next(machine, id, waited))) return {};
    return {decode_snowflake(id), std::to_string(id), sim::to_millis(waited)};
  }

  SnowflakeParts decode(const std::string& text) const {
    std::uint64_t id = 0;
    return failed(parse_snowflake(text, id)) ? SnowflakeParts{} : decode_snowflake(id);
  }

  void advance(double ms) {
    if (!failed(check_advance(clock_, ms))) clock_.advance(sim::from_millis(ms));
  }

  void set_skew(std::uint32_t machine, double skew_ms) { failed(cluster_.set_skew(machine, skew_ms)); }

  SnowflakeSnapshot snapshot() const {
    SnowflakeSnapshot s{sim::to_millis(clock_.now()), {}};
    for (const SnowflakeGenerator& g : cluster_.machines()) {
      s.machines.push_back({g.machine(), static_cast<double>(g.last_ms()), g.sequence(), sim::to_millis(g.skew())});
    }
    return s;
  }

 private:
  explicit SnowflakeHandle(std::uint32_t machines) : cluster_(clock_, machines) {}

  sim::Clock clock_;
  SnowflakeCluster cluster_;
};

class UrlShortenerHandle : public Traced {
 public:
  static UrlShortenerHandle* create(const std::string& mode_name, std::uint32_t length) {
    CodeMode mode = CodeMode::kCounter;
    (void)parse_code_mode(mode_name, mode);  // one_of has checked the name
    return new UrlShortenerHandle(mode, length);
  }

  void attach(sim::Trace* sink) { shortener_.set_trace(sink); }

  std::string shorten(const std::string& url) { return shorten_for(url, kNoExpiry); }

  std::string shorten_with_ttl(const std::string& url, double ttl_ms) {
    return shorten_for(url, sim::from_millis(ttl_ms));
  }

  std::string shorten_with_alias(const std::string& url, const std::string& alias) {
    return failed(shortener_.shorten_with_alias(url, alias, kNoExpiry)) ? "" : alias;
  }

  UrlResolution resolve(const std::string& code) {
    const Resolution r = shortener_.resolve(code);
    if (r.outcome == Resolution::Outcome::kMissing) return {.missing = true};
    if (r.outcome == Resolution::Outcome::kExpired) {
      return {.url = r.entry->url, .expired = true, .expires_at_ms = sim::to_millis(r.entry->expires_at)};
    }
    return {.url = r.entry->url, .clicks = static_cast<double>(r.entry->clicks)};
  }

  void advance(double ms) {
    if (!failed(check_advance(clock_, ms))) clock_.advance(sim::from_millis(ms));
  }

  UrlShortenerSnapshot snapshot() const {
    UrlShortenerSnapshot s{std::string(kCodeModeNames[static_cast<std::size_t>(shortener_.mode())]),
                           shortener_.code_length(), sim::to_millis(clock_.now()), shortener_.counter(),
                           shortener_.collisions(), {}};
    for (const auto& [code, entry] : shortener_.entries()) {
      std::optional<double> expires_at;
      if (entry.expires_at != kNoExpiry) expires_at = sim::to_millis(entry.expires_at);
      s.entries.push_back({code, entry.url, entry.clicks, entry.alias, shortener_.expired(entry), expires_at});
    }
    return s;
  }

 private:
  UrlShortenerHandle(CodeMode mode, std::uint32_t length) : shortener_(clock_, mode, length) {}

  std::string shorten_for(const std::string& url, sim::Micros ttl) {
    std::string code;
    return failed(shortener_.shorten(url, ttl, code)) ? "" : code;
  }

  sim::Clock clock_;
  UrlShortener shortener_;
};

class ShardingHandle : public Traced {
 public:
  static constexpr bool kCopyable = true;  // plain values: a copy is independent
  static ShardingHandle* create(const std::string& name, std::uint32_t shards) {
    ShardStrategy strategy = ShardStrategy::kHash;
    (void)parse_shard_strategy(name, strategy);  // one_of has checked the name
    return new ShardingHandle(strategy, shards);
  }

  void attach(sim::Trace* sink) { store_.set_trace(sink); }

  // The shard the key now sits on.
  std::size_t put(const std::string& key, const std::string& region) {
    return failed(store_.put(key, region)) ? 0 : store_.keys().find(key)->second;
  }

  // The shard holding the key, or undefined.
  std::optional<std::size_t> get(const std::string& key) {
    const std::size_t shard = store_.get(key);
    return shard == kNoShard ? std::nullopt : std::optional<std::size_t>(shard);
  }

  ShardMoveReport add_shard() {
    std::vector<ShardMove> moves;
    return failed(store_.add_shard(moves)) ? ShardMoveReport{} : report(std::move(moves));
  }

  ShardMoveReport split_shard(std::size_t index) {
    std::vector<ShardMove> moves;
    return failed(store_.split_shard(static_cast<double>(index), moves)) ? ShardMoveReport{}
                                                                         : report(std::move(moves));
  }

  ShardingSnapshot snapshot() const {
    ShardingSnapshot s{std::string(kShardStrategyNames[static_cast<std::size_t>(store_.strategy())]),
                       store_.key_count(), {}};
    for (std::size_t i = 0; i < store_.shard_count(); ++i) s.shards.push_back({i, store_.count(i)});
    for (const auto& [key, shard] : store_.keys()) s.shards[shard].keys.push_back(key);
    for (ShardState& shard : s.shards) {
      if (store_.strategy() == ShardStrategy::kRange) {
        auto [from, to] = store_.range(shard.index);
        shard.range = ShardRange{std::move(from), to.empty() ? std::nullopt : std::optional<std::string>(to)};
      }
      if (store_.strategy() == ShardStrategy::kGeo) {
        const std::vector<std::string_view> regions = store_.regions(shard.index);
        shard.regions.emplace(regions.begin(), regions.end());
      }
    }
    return s;
  }

 private:
  ShardingHandle(ShardStrategy strategy, std::uint32_t shards) : store_(strategy, shards) {}

  ShardMoveReport report(std::vector<ShardMove> moves) const {
    const std::size_t count = moves.size();
    return {std::move(moves), count, store_.key_count()};
  }

  ShardedStore store_;
};

}  // namespace
}  // namespace sdlab::wasm

EMSCRIPTEN_BINDINGS(sdlab_partition) {
  using namespace sdlab;
  using namespace sdlab::wasm;
  bind_placement<partition::HashRing>(
      "HashRing",
      "Consistent hashing with weighted virtual nodes: a key belongs to the first point clockwise from its hash.");
  bind_placement<partition::Rendezvous>(
      "RendezvousHash", "Weighted rendezvous (HRW) hashing: every node scores the key; the highest owns it.");
  bind_placement<partition::JumpHash>(
      "JumpHash",
      "Jump consistent hash (Lamping & Veach): nodes are numbered buckets; weight must be 1 and only the last "
      "node can be removed.");
  function<&partition::ring_load_spread>("ringLoadSpread", {{"options", object<partition::LoadSpreadSpec>()}},
                                         "How evenly a ring spreads keys as virtual nodes grow, in one call.");

  using F = SnowflakeHandle;
  Class<F>("SnowflakeCluster",
           "Snowflake id generators for machines 0 … machines−1 on one simulated clock (0 ms at the epoch).")
      .constructor<&F::create>({{"machines", integer(1, partition::kMaxSnowflakeMachines)}})
      .method<&F::next>("next", {{"machine", machine(), "below machines"}},
                        "The next id from this machine; throws when its clock reads before its last id.")
      .method<&F::decode>("decode", {{"id", text(kMaxIdDigits), "decimal, below 2^63"}},
                          "Splits any id into its fields.")
      .method<&F::advance>("advance", {{"ms", clock_step_ms(), "the clock stays within 2199023255551 ms"}},
                           "Moves the shared simulated clock forward.")
      .method<&F::set_skew>("setSkew",
                            {{"machine", machine(), "below machines"},
                             {"skewMs", number(-partition::kMaxSkewMs, partition::kMaxSkewMs), "ahead when positive"}},
                            "The machine's clock reads now + skewMs; a step back models NTP.")
      .snapshot<&F::snapshot>("The shared clock and each machine's last time, sequence and skew.");

  using U = UrlShortenerHandle;
  Class<U>("UrlShortener",
           "A URL shortener on its own simulated clock: codes from a counter, a hash or Snowflake ids; aliases, "
           "expiry, clicks.")
      .constructor<&U::create>({{"mode", one_of({"counter", "hash", "snowflake"})},
                                {"codeLength", integer(partition::kMinCodeLength, partition::kMaxCodeLength),
                                 "counter: padded to it; hash: exactly it; snowflake: the least (codes grow with "
                                 "the clock)"}})
      .method<&U::shorten>("shorten", {{"url", url(), "http:// or https:// and a host"}},
                           "A short code for the URL (hash mode: its live code, if it has one).")
      .method<&U::shorten_with_alias>(
          "shortenWithAlias",
          {{"url", url()}, {"alias", text(partition::kMaxAliasBytes), "4–32 of A-Z a-z 0-9 _ -, not reserved"}},
          "The alias as the code, when it is allowed and free; returns the alias.")
      .method<&U::shorten_with_ttl>("shortenWithTtl",
                                    {{"url", url()}, {"ttlMs", number(1, partition::kMaxTtlMs), "expires at now + ttlMs"}},
                                    "A short code that expires.")
      .method<&U::resolve>("resolve", {{"code", text(partition::kMaxCodeBytes)}},
                           "Follows a code: a hit counts a click; says when it is expired or unknown.")
      .method<&U::advance>("advance", {{"ms", clock_step_ms()}}, "Moves the simulated clock forward.")
      .snapshot<&U::snapshot>("The code table, sorted by code.");
  function<&partition::short_code_capacity>(
      "shortCodeCapacity", {{"ratePerSec", number(0.001, partition::kMaxCodesPerSec), "new codes a second"}},
      "62^L codes for lengths 4–8 and the years each lasts.");

  using S = ShardingHandle;
  Class<S>("Sharding", "Keys spread over numbered shards by hash, by range or by region, and what resharding moves.")
      .constructor<&S::create>({{"strategy", one_of({"hash", "range", "geo"})},
                                {"shards", integer(1, partition::kMaxInitialShards)}})
      .method<&S::put>("put",
                       {{"key", shard_key(), "not empty"},
                        {"region", text(kMaxRegionBytes), "geo: the key's region; ignored otherwise (pass \"\")"}},
                       "Stores a key; returns its shard.")
      .method<&S::get>("get", {{"key", shard_key()}}, "The shard holding the key, or undefined.")
      .method<&S::add_shard>("addShard", {},
                             "Adds a shard: hash re-hashes every key, range splits the fullest, geo takes a region.")
      .method<&S::split_shard>("splitShard", {{"index", integer(0, partition::kMaxShards - 1)}},
                               "Range only: splits a shard of at least 2 keys at its median key.")
      .snapshot<&S::snapshot>("Every shard with its keys, and its range or regions.");
}
