// JS bindings for core/probabilistic: BloomFilter, CountingBloomFilter, CountMinSketch, and the
// batch functions bloomSizing, bloomExperiment, usernameCheck and countMinExperiment.
//
// Kernel-only batches: addAll / countContained on the filters and updateAll on the sketch take a
// whole batch of pre-packed items (PackedItems, see typed_input.h) in one call and return a count,
// so a benchmark of them times the block itself — no item generation, no copy back to JS. They
// record no trace steps (a million-item trace would not fit), even with tracing on.
//
// Lifetimes: the three classes are handles owned by JS — call delete() when done. Their cells are
// leased from the module's memory budget (memory_budget.h) until then. The functions return
// plain objects. Items are strings of at most 1024 bytes.
//
// Shapes are given either explicitly or as a target: a filter by {bits, hashes} or
// {expectedItems, falsePositiveRate}, a sketch by {width, depth} or {epsilon, delta}. Every one of
// those fields is optional to the rules; the handle picks the pair and names a missing partner.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "binding.h"
#include "memory_budget.h"
#include "probabilistic/bloom_experiments.h"
#include "typed_input.h"
#include "probabilistic/count_min_experiment.h"
#include "probabilistic/counting_bloom_filter.h"

namespace sdlab::wasm {

using namespace probabilistic;

constexpr std::size_t kMaxItemBytes = 1024;
constexpr std::uint64_t kMaxCellsShown = 65536;  // cells() and snapshots hand out at most this many
constexpr std::uint64_t kMaxSafeInteger = 9007199254740991;  // 2^53 − 1
constexpr double kMaxSeed = 4294967295.0;

// ---- the shapes that cross -------------------------------------------------------------------

// 0 marks a field left out: every rule below excludes it.
struct BloomShapeOptions {
  double bits = 0;
  double hashes = 0;
  double expected_items = 0;
  double false_positive_rate = 0;
};

struct CountingBloomOptions : BloomShapeOptions {
  double counter_bits = 4;
};

struct BloomStats : BloomShape {
  std::uint64_t items = 0;
  std::uint64_t bits_set = 0;
  double fill_ratio = 0;
  double estimated_count = 0;
  double false_positive_rate = 0;
  std::optional<unsigned> counter_bits;  // counting filters
};

struct BloomSnapshot : BloomStats {
  std::optional<std::vector<std::uint32_t>> cells;  // when bits <= kMaxCellsShown
  std::vector<double> density;
};

// 0 marks a field left out: every rule below excludes it.
struct SketchShapeOptions {
  double width = 0;
  double depth = 0;
  double epsilon = 0;
  double delta = 0;
};

struct CountMinSketchOptions : SketchShapeOptions {
  bool conservative = false;
  double top_k = 0;
};

struct CountMinStats : SketchShape {
  double epsilon = 0;
  double delta = 0;
  bool conservative = false;
  std::size_t top_k = 0;
  std::uint64_t total = 0;
  double bound = 0;
};

struct CountMinSnapshot : CountMinStats {
  std::vector<TopK::Entry> top;
  std::optional<std::vector<std::vector<std::uint64_t>>> rows;  // when width × depth <= kMaxCellsShown
};

struct BloomSizing : BloomShape {
  double bytes = 0;
  double bits_per_item = 0;
};

struct BloomExperimentReport : BloomShape {
  std::vector<BloomPoint> points;
};

struct UsernameCheckReport : BloomShape, UsernameCheckResult {};

struct CountMinExperimentOptions : SketchShapeOptions, CountMinExperimentSpec {};

struct CountMinExperimentReport : SketchShape, CountMinExperimentResult {};

template <>
struct Describe<BloomShape> {
  static constexpr const char* name = "BloomShape";
  static constexpr const char* doc = "A filter's size: m bits and k hashes.";
  static auto fields() {
    return std::tuple{field("bits", &BloomShape::bits), field("hashes", &BloomShape::hashes)};
  }
};

template <>
struct Describe<BloomShapeOptions> {
  static constexpr const char* name = "BloomShapeOptions";
  static constexpr const char* doc =
      "Either {bits, hashes} or {expectedItems, falsePositiveRate}: m = ⌈−n·ln p/(ln 2)²⌉, "
      "k = max(1, round(m/n·ln 2)).";
  static auto fields() {
    using S = BloomShapeOptions;
    return std::tuple{field("bits", &S::bits, optional(integer(1, kMaxBloomBits)), "m; with hashes"),
                      field("hashes", &S::hashes, optional(integer(1, kMaxBloomHashes)), "k; with bits"),
                      field("expectedItems", &S::expected_items, optional(integer(1, kMaxBloomItems)),
                            "n: the filter is sized for this many items; with falsePositiveRate"),
                      field("falsePositiveRate", &S::false_positive_rate,
                            optional(number(kMinBloomRate, kMaxBloomRate)), "p: the target rate at n items")};
  }
};

template <>
struct Describe<CountingBloomOptions> {
  static constexpr const char* name = "CountingBloomOptions";
  static constexpr const char* doc = "A filter's shape, as for BloomFilter, and its counter width.";
  static auto fields() {
    return std::tuple_cat(Describe<BloomShapeOptions>::fields(),
                          std::tuple{field("counterBits", &CountingBloomOptions::counter_bits,
                                           optional(integer(4, 8)), "4 (the default) or 8")});
  }
};

template <>
struct Describe<BloomStats> {
  static constexpr const char* name = "BloomStats";
  static constexpr const char* doc = "A filter's size, fill and expected false-positive rate.";
  static auto fields() {
    using S = BloomStats;
    return std::tuple_cat(
        Describe<BloomShape>::fields(),
        std::tuple{
            field("items", &S::items, "add() calls so far (duplicates included; remove() subtracts one)"),
            field("bitsSet", &S::bits_set, "set bits (non-zero counters)"),
            field("fillRatio", &S::fill_ratio, "bitsSet / bits"),
            field("estimatedCount", &S::estimated_count,
                  "−(m/k)·ln(1 − bitsSet/m); Infinity when every bit is set"),
            field("falsePositiveRate", &S::false_positive_rate, "(1 − e^(−k·items/m))^k"),
            field("counterBits", &S::counter_bits, "CountingBloomFilter only: 4 or 8")});
  }
};

template <>
struct Describe<BloomSnapshot> {
  static constexpr const char* name = "BloomSnapshot";
  static constexpr const char* doc = "A filter's statistics and cells.";
  static auto fields() {
    using S = BloomSnapshot;
    return std::tuple_cat(
        Describe<BloomStats>::fields(),
        std::tuple{field("cells", &S::cells,
                         "every cell (0/1, or counter values) when bits <= 65536; else use cells()"),
                   field("density", &S::density,
                         "the fraction of set cells in each of min(256, bits) equal slices of the array")});
  }
};

template <>
struct Describe<SketchShape> {
  static constexpr const char* name = "SketchShape";
  static constexpr const char* doc = "A sketch's table: depth rows of width counters.";
  static auto fields() {
    return std::tuple{field("width", &SketchShape::width), field("depth", &SketchShape::depth)};
  }
};

template <>
struct Describe<SketchShapeOptions> {
  static constexpr const char* name = "SketchShapeOptions";
  static constexpr const char* doc =
      "Either {width, depth} or {epsilon, delta}: width = ⌈e/ε⌉, depth = ⌈ln(1/δ)⌉; width·depth <= 4194304.";
  static auto fields() {
    using S = SketchShapeOptions;
    return std::tuple{field("width", &S::width, optional(integer(1, kMaxSketchWidth)), "columns; with depth"),
                      field("depth", &S::depth, optional(integer(1, kMaxSketchDepth)), "rows; with width"),
                      field("epsilon", &S::epsilon, optional(number(kE / kMaxSketchWidth, 1)),
                            "ε: the error bound as a fraction of the total; with delta"),
                      field("delta", &S::delta, optional(number(1e-9, 0.99)),
                            "δ: the probability of exceeding the bound; with epsilon")};
  }
};

template <>
struct Describe<CountMinSketchOptions> {
  static constexpr const char* name = "CountMinSketchOptions";
  static constexpr const char* doc =
      "A sketch's shape, its update rule and how many heavy hitters it tracks.";
  static auto fields() {
    using S = CountMinSketchOptions;
    return std::tuple_cat(Describe<SketchShapeOptions>::fields(),
                          std::tuple{field("conservative", &S::conservative, optional(flag()),
                                           "conservative update (Estan & Varghese); default false"),
                                     field("topK", &S::top_k, optional(integer(0, kMaxTopK)),
                                           "heavy hitters to track; default 0")});
  }
};

template <>
struct Describe<TopK::Entry> {
  static constexpr const char* name = "CountEntry";
  static constexpr const char* doc = "An item and its count.";
  static auto fields() {
    return std::tuple{field("item", &TopK::Entry::item), field("count", &TopK::Entry::count)};
  }
};

template <>
struct Describe<CountMinStats> {
  static constexpr const char* name = "CountMinStats";
  static constexpr const char* doc = "A sketch's shape, error bound and total.";
  static auto fields() {
    using S = CountMinStats;
    return std::tuple_cat(
        Describe<SketchShape>::fields(),
        std::tuple{field("epsilon", &S::epsilon, "e / width"), field("delta", &S::delta, "e^(−depth)"),
                   field("conservative", &S::conservative), field("topK", &S::top_k, "heavy hitters tracked"),
                   field("total", &S::total, "N: the sum of all update counts"),
                   field("bound", &S::bound,
                         "ε·N: an estimate exceeds the true count by more than this with probability <= δ")});
  }
};

template <>
struct Describe<CountMinSnapshot> {
  static constexpr const char* name = "CountMinSnapshot";
  static constexpr const char* doc = "A sketch's statistics, top-K and table.";
  static auto fields() {
    using S = CountMinSnapshot;
    return std::tuple_cat(
        Describe<CountMinStats>::fields(),
        std::tuple{
            field("top", &S::top, "candidates by descending estimate"),
            field("rows", &S::rows, "rows[row][column], when width·depth <= 65536; else use cells()")});
  }
};

template <>
struct Describe<BloomSizing> {
  static constexpr const char* name = "BloomSizing";
  static constexpr const char* doc = "The filter for n items at rate p, and its memory.";
  static auto fields() {
    return std::tuple_cat(Describe<BloomShape>::fields(),
                          std::tuple{field("bytes", &BloomSizing::bytes, "⌈bits / 8⌉"),
                                     field("bitsPerItem", &BloomSizing::bits_per_item)});
  }
};

template <>
struct Describe<BloomExperimentSpec> {
  static constexpr const char* name = "BloomExperimentOptions";
  static constexpr const char* doc =
      "A filter filled past its design size, measured as it fills. Every field is required.";
  static auto fields() {
    using S = BloomExperimentSpec;
    return std::tuple{
        field("expectedItems", &S::design_items, integer(1, kMaxBloomItems),
              "n: the filter is sized for this many items"),
        field("falsePositiveRate", &S::rate, number(kMinBloomRate, kMaxBloomRate),
              "p: the target rate at n items"),
        field("maxItems", &S::max_items, integer(1, S::kMaxItems),
              "items added in all (past n the rate climbs)"),
        field("points", &S::points, integer(1, S::kMaxPoints), "evenly spaced measurements"),
        field("probes", &S::probes, integer(1, S::kMaxProbes), "items never added, tested at each point"),
        field("seed", &S::seed, integer(0, kMaxSeed), "the same seed gives the same run")};
  }
};

template <>
struct Describe<BloomPoint> {
  static constexpr const char* name = "BloomPoint";
  static constexpr const char* doc = "The false-positive rate at one fill level.";
  static auto fields() {
    using S = BloomPoint;
    return std::tuple{field("items", &S::items, "items added so far"),
                      field("measured", &S::measured, "share of the probes wrongly called maybe"),
                      field("theoretical", &S::theoretical, "(1 − e^(−k·items/m))^k"),
                      field("bitsSet", &S::bits_set)};
  }
};

template <>
struct Describe<BloomExperimentReport> {
  static constexpr const char* name = "BloomExperimentResult";
  static constexpr const char* doc = "The filter's shape and the measured rate at each point.";
  static auto fields() {
    return std::tuple_cat(Describe<BloomShape>::fields(),
                          std::tuple{field("points", &BloomExperimentReport::points)});
  }
};

template <>
struct Describe<UsernameCheckSpec> {
  static constexpr const char* name = "UsernameCheckOptions";
  static constexpr const char* doc = "The seeds' two-stage username check. Every field is required.";
  static auto fields() {
    using S = UsernameCheckSpec;
    return std::tuple{field("existing", &S::existing, integer(1, S::kMaxExisting),
                            "usernames in the store; the filter is sized for them"),
                      field("falsePositiveRate", &S::rate, number(kMinBloomRate, kMaxBloomRate),
                            "the filter's target rate"),
                      field("queries", &S::queries, integer(0, S::kMaxQueries), "sign-up checks"),
                      field("takenShare", &S::taken_share, number(0, 1),
                            "the probability that a query asks for a taken name"),
                      field("storeLatencyMs", &S::store_latency_ms, number(0, S::kMaxLatencyMs),
                            "the cost of one store lookup, ms"),
                      field("seed", &S::seed, integer(0, kMaxSeed))};
  }
};

template <>
struct Describe<UsernameCheckReport> {
  static constexpr const char* name = "UsernameCheckResult";
  static constexpr const char* doc = "The store lookups the filter saved and those it still paid for.";
  static auto fields() {
    using S = UsernameCheckResult;
    return std::tuple_cat(
        Describe<BloomShape>::fields(),
        std::tuple{field("queries", &S::queries),
                   field("taken", &S::taken, "queries for a name in the store"),
                   field("lookupsSaved", &S::lookups_saved, "the filter said absent: no store lookup"),
                   field("storeLookups", &S::store_lookups, "the filter said maybe: a store lookup"),
                   field("falsePositives", &S::false_positives, "store lookups that found the name free"),
                   field("storeMsWithFilter", &S::store_ms_with_filter),
                   field("storeMsWithoutFilter", &S::store_ms_without_filter)});
  }
};

template <>
struct Describe<CountMinExperimentOptions> {
  static constexpr const char* name = "CountMinExperimentOptions";
  static constexpr const char* doc =
      "A zipf stream through a sketch, against exact counts. Every field but the shape's pair and "
      "conservative is required.";
  static auto fields() {
    using S = CountMinExperimentSpec;
    return std::tuple_cat(
        Describe<SketchShapeOptions>::fields(),
        std::tuple{
            field("conservative", &S::conservative, optional(flag()), "conservative update; default false"),
            field("updates", &S::updates, integer(0, S::kMaxUpdates), "stream length"),
            field("universe", &S::universe, integer(1, sim::KeyStreamSpec::kMaxUniverse),
                  "distinct items \"#0\" … (\"#0\" hottest)"),
            field("skew", &S::skew, number(0, sim::KeyStreamSpec::kMaxSkew), "zipf exponent"),
            field("topK", &S::top_k, integer(0, kMaxTopK), "heavy hitters to compare"),
            field("seed", &S::seed, integer(0, kMaxSeed))});
  }
};

template <>
struct Describe<CountMinExperimentReport> {
  static constexpr const char* name = "CountMinExperimentResult";
  static constexpr const char* doc =
      "The sketch's overcounts against the bound, and its top-K against the true one.";
  static auto fields() {
    using S = CountMinExperimentResult;
    return std::tuple_cat(
        Describe<SketchShape>::fields(),
        std::tuple{
            field("total", &S::total), field("bound", &S::bound, "ε·N"),
            field("distinct", &S::distinct, "distinct items seen"), field("maxError", &S::max_error),
            field("meanError", &S::mean_error),
            field("withinBound", &S::within_bound,
                  "fraction of distinct items whose overcount <= bound (at least 1 − δ by the guarantee)"),
            field("top", &S::top, "the sketch's candidates, by estimate"),
            field("trueTop", &S::true_top, "exact counts"),
            field("topOverlap", &S::top_overlap, "items in both top lists")});
  }
};

namespace {

// Rules shared by several parameters. (Functions, not constants: EMSCRIPTEN_BINDINGS runs before
// this file's dynamic initializers.)
Rule item() { return text(kMaxItemBytes); }
Rule window_length() { return integer(0, static_cast<double>(kMaxCellsShown)); }

Status missing(const char* field) {
  return Status::invalid(std::string("options.") + field + " must be a number, got undefined");
}

// {bits, hashes} when bits is given, else {expectedItems, falsePositiveRate}; nullopt after failed().
std::optional<BloomShape> bloom_shape(const BloomShapeOptions& o) {
  if (o.bits != 0) {
    if (failed(o.hashes == 0 ? missing("hashes") : Status::ok())) return std::nullopt;
    return BloomShape{static_cast<std::uint64_t>(o.bits), static_cast<std::uint32_t>(o.hashes)};
  }
  const double n = o.expected_items, p = o.false_positive_rate;
  const Status status = n == 0   ? missing("expectedItems")
                        : p == 0 ? missing("falsePositiveRate")
                                 : check_bloom_target(n, p);
  if (failed(status)) return std::nullopt;
  return bloom_shape_for(n, p);
}

// {width, depth} when width is given, else {epsilon, delta}; nullopt after failed().
std::optional<SketchShape> sketch_shape(const SketchShapeOptions& o) {
  if (o.width != 0) {
    if (failed(o.depth == 0 ? missing("depth") : check_sketch_cells(o.width, o.depth))) return std::nullopt;
    return SketchShape{static_cast<std::uint32_t>(o.width), static_cast<std::uint32_t>(o.depth)};
  }
  const Status status = o.epsilon == 0 ? missing("epsilon")
                        : o.delta == 0 ? missing("delta")
                                       : check_sketch_error(o.epsilon, o.delta);
  if (failed(status)) return std::nullopt;
  return sketch_shape_for(o.epsilon, o.delta);
}

// [offset, offset + length) lies within `size` cells (the rules bound each on its own).
Status check_window(std::uint64_t offset, std::uint64_t length, std::uint64_t size) {
  if (offset + length <= size) return Status::ok();
  return Status::invalid("offset + length must be at most " + format_number(static_cast<double>(size)) +
                         ", got " + format_number(static_cast<double>(offset + length)));
}

// A BloomFilter or a CountingBloomFilter (which adds remove and counter values).
template <class Filter>
class BloomHandle : public Traced {
 public:
  static constexpr bool kCopyable = true;  // plain values: a copy is independent
  static constexpr bool kCounting = std::is_same_v<Filter, CountingBloomFilter>;
  using Options = std::conditional_t<kCounting, CountingBloomOptions, BloomShapeOptions>;

  static BloomHandle* create(const Options& options) {
    const std::optional<BloomShape> shape = bloom_shape(options);
    if (!shape) return nullptr;
    if constexpr (kCounting) {
      if (failed(check_counter_bits(options.counter_bits))) return nullptr;
      return leased(*shape, static_cast<unsigned>(options.counter_bits));
    } else {
      return leased(*shape);
    }
  }

  const MemoryLease& memory() const { return memory_; }

  void attach(sim::Trace* sink) { filter_.set_trace(sink); }

  void add(const std::string& item) { filter_.add(item); }
  bool contains(const std::string& item) { return filter_.contains(item); }

  std::size_t add_all(const PackedItems& packed) {
    ItemBatch batch;
    if (failed(batch.unpack(packed, kMaxItemBytes))) return 0;
    return untraced(filter_, sink(), [&] {
      for (std::size_t i = 0; i < batch.size(); ++i) filter_.add(batch.item(i));
      return batch.size();
    });
  }

  std::uint64_t count_contained(const PackedItems& packed) {
    ItemBatch batch;
    if (failed(batch.unpack(packed, kMaxItemBytes))) return 0;
    return filter_.count_contained(batch.size(), [&](std::size_t i) { return batch.item(i); });
  }

  void remove(const std::string& item) requires kCounting { failed(filter_.remove(item)); }
  // Not const: like every call but the readers below, it starts a fresh (here empty) trace.
  std::vector<std::uint64_t> positions(const std::string& item) { return filter_.positions(item); }
  void clear() { filter_.clear(); }

  std::vector<std::uint32_t> cells(std::uint64_t offset, std::uint64_t length) const {
    if (failed(check_window(offset, length, filter_.shape().bits))) return {};
    return cell_values(offset, offset + length);
  }

  BloomStats stats() const {
    const BloomShape shape = filter_.shape();
    BloomStats s{shape,
                 filter_.items(),
                 filter_.bits_set(),
                 static_cast<double>(filter_.bits_set()) / static_cast<double>(shape.bits),
                 filter_.estimated_count(),
                 filter_.false_positive_rate(),
                 std::nullopt};
    if constexpr (kCounting) s.counter_bits = filter_.counter_bits();
    return s;
  }

  BloomSnapshot snapshot() const {
    BloomSnapshot s{stats(), std::nullopt, {}};
    const std::uint64_t bits = s.bits;
    if (bits <= kMaxCellsShown) s.cells = cell_values(0, bits);
    const std::uint64_t slices = std::min<std::uint64_t>(256, bits);
    for (std::uint64_t slice = 0; slice < slices; ++slice) {
      const std::uint64_t from = bits * slice / slices, to = bits * (slice + 1) / slices;
      std::uint64_t set = 0;
      for (std::uint64_t i = from; i < to; ++i) set += filter_.test(i);
      s.density.push_back(static_cast<double>(set) / static_cast<double>(to - from));
    }
    return s;
  }

  Invariants invariants() const { return filter_.invariants(); }

 private:
  BloomHandle(std::uint64_t bytes, Filter filter) : memory_(bytes), filter_(std::move(filter)) {}

  // A filter of `shape` whose cells fit in the memory budget, or null after failed().
  template <class... CellArgs>
  static BloomHandle* leased(BloomShape shape, CellArgs... cell_args) {
    const std::uint64_t bytes = Filter::bytes_for(shape, cell_args...);
    if (failed(check_budget(bytes))) return nullptr;
    return new BloomHandle(bytes, Filter(shape, cell_args...));
  }

  // 0/1 per bit, or counter values, of cells [from, to).
  std::vector<std::uint32_t> cell_values(std::uint64_t from, std::uint64_t to) const {
    std::vector<std::uint32_t> values;
    values.reserve(to - from);
    for (std::uint64_t i = from; i < to; ++i) {
      if constexpr (kCounting) values.push_back(filter_.counter(i));
      else values.push_back(filter_.test(i) ? 1 : 0);
    }
    return values;
  }

  MemoryLease memory_;
  Filter filter_;
};

template <class Filter>
void bind_bloom(const char* name, const char* doc) {
  using H = BloomHandle<Filter>;
  Class<H> bound(name, doc);
  bound.template constructor<&H::create>({{"options", object<typename H::Options>()}})
      .template method<&H::add>("add", {{"item", item()}},
                                "Sets the item's k cells (a counting filter increments them).")
      .template method<&H::contains>(
          "contains", {{"item", item()}},
          "Probes the item's k cells: one clear cell means never added (false); all set means added, or a "
          "false positive (true).")
      .template method<&H::add_all>("addAll", {{"items", object<PackedItems>()}},
                                    "Adds every item of the batch in one call (untraced); returns how many.")
      .template method<&H::count_contained>(
          "countContained", {{"items", object<PackedItems>()}},
          "contains() for every item of the batch in one call (untraced); returns how many were maybe present.");
  if constexpr (H::kCounting) {
    bound.template method<&H::remove>("remove", {{"item", item()}},
                                      "Decrements the item's counters; throws, changing nothing, when one is "
                                      "0. Remove only what was added.");
  }
  bound
      .template method<&H::positions>("positions", {{"item", item()}},
                                      "The item's k cell indexes, in hash order.")
      .template method<&H::clear>("clear", {}, "Clears every cell.")
      .template method<&H::cells>("cells",
                                  {{"offset", integer(0, kMaxBloomBits), "the first cell"},
                                   {"length", window_length(), "cells to read; offset + length <= bits"}},
                                  "Cells [offset, offset + length): 0/1 per bit, or counter values.")
      .template method<&H::stats>("stats", {}, "Size, fill and the expected false-positive rate.")
      .template snapshot<&H::snapshot>(
          "The statistics, the cells when bits <= 65536, and the density of 256 slices.")
      .template invariants<&H::invariants>();
}

class SketchHandle : public Traced {
 public:
  static constexpr bool kCopyable = true;  // plain values: a copy is independent
  static SketchHandle* create(const CountMinSketchOptions& options) {
    const std::optional<SketchShape> shape = sketch_shape(options);
    if (!shape || failed(check_budget(CountMinSketch::bytes_for(*shape)))) return nullptr;
    return new SketchHandle(*shape, options.conservative, static_cast<std::size_t>(options.top_k));
  }

  const MemoryLease& memory() const { return memory_; }

  void attach(sim::Trace* sink) { sketch_.set_trace(sink); }

  std::uint64_t update(const std::string& item, std::uint64_t count) {
    if (sketch_.total() + count > kMaxSafeInteger) {
      failed(Status::invalid("the total count would pass 2^53 − 1"));
      return 0;
    }
    return sketch_.update(item, count);
  }

  std::uint64_t update_all(const PackedItems& packed) {
    ItemBatch batch;
    Status status = batch.unpack(packed, kMaxItemBytes);
    if (status && sketch_.total() + batch.size() > kMaxSafeInteger) {
      status = Status::invalid("the total count would pass 2^53 − 1");
    }
    if (failed(status)) return 0;
    return untraced(sketch_, sink(), [&] {
      for (std::size_t i = 0; i < batch.size(); ++i) sketch_.update(batch.item(i));
      return sketch_.total();
    });
  }

  std::uint64_t query(const std::string& item) { return sketch_.query(item); }
  // Not const: like every call but the readers below, it starts a fresh (here empty) trace.
  std::vector<std::uint32_t> columns(const std::string& item) { return sketch_.columns(item); }
  void clear() { sketch_.clear(); }

  std::vector<TopK::Entry> top_k() const { return sketch_.top().sorted(); }

  std::vector<std::vector<std::uint64_t>> cells(std::uint32_t offset, std::uint32_t length) const {
    const SketchShape shape = sketch_.shape();
    Status status = check_window(offset, length, shape.width);
    if (status && std::uint64_t{length} * shape.depth > kMaxCellsShown) {
      status = Status::invalid("length × depth must be at most 65536, got " +
                               format_number(static_cast<double>(length) * shape.depth));
    }
    if (failed(status)) return {};
    return rows(offset, offset + length);
  }

  CountMinStats stats() const {
    return {sketch_.shape(),
            sketch_.epsilon(),
            sketch_.delta(),
            sketch_.conservative(),
            sketch_.top().capacity(),
            sketch_.total(),
            sketch_.epsilon() * static_cast<double>(sketch_.total())};
  }

  CountMinSnapshot snapshot() const {
    CountMinSnapshot s{stats(), top_k(), std::nullopt};
    if (std::uint64_t{s.width} * s.depth <= kMaxCellsShown) s.rows = rows(0, s.width);
    return s;
  }

  Invariants invariants() const { return sketch_.invariants(); }

 private:
  SketchHandle(SketchShape shape, bool conservative, std::size_t top_k)
      : memory_(CountMinSketch::bytes_for(shape)), sketch_(shape, conservative, top_k) {}

  // Columns [from, to) of every row.
  std::vector<std::vector<std::uint64_t>> rows(std::uint32_t from, std::uint32_t to) const {
    std::vector<std::vector<std::uint64_t>> result(sketch_.shape().depth);
    for (std::uint32_t row = 0; row < result.size(); ++row) {
      for (std::uint32_t column = from; column < to; ++column) {
        result[row].push_back(sketch_.cell(row, column));
      }
    }
    return result;
  }

  MemoryLease memory_;
  CountMinSketch sketch_;
};

BloomSizing bloom_sizing(double items, double rate) {
  if (failed(check_bloom_target(items, rate))) return {};
  const BloomShape shape = bloom_shape_for(items, rate);
  const auto bits = static_cast<double>(shape.bits);
  return {shape, std::ceil(bits / 8), bits / items};
}

BloomExperimentReport bloom_experiment(const BloomExperimentSpec& spec) {
  if (failed(check_bloom_experiment(spec))) return {};
  BloomExperimentResult r = run_bloom_experiment(spec);
  return {r.shape, std::move(r.points)};
}

UsernameCheckReport username_check(const UsernameCheckSpec& spec) {
  if (failed(check_username_check(spec))) return {};
  const UsernameCheckResult r = check_usernames(spec);
  return {r.shape, r};
}

CountMinExperimentReport count_min_experiment(const CountMinExperimentOptions& options) {
  const std::optional<SketchShape> shape = sketch_shape(options);
  if (!shape) return {};
  CountMinExperimentSpec spec = options;
  spec.shape = *shape;
  if (failed(check_count_min_experiment(spec))) return {};
  return {*shape, run_count_min_experiment(spec)};
}

}  // namespace
}  // namespace sdlab::wasm

EMSCRIPTEN_BINDINGS(sdlab_probabilistic) {
  using namespace sdlab;
  using namespace sdlab::wasm;
  bind_bloom<probabilistic::BloomFilter>("BloomFilter",
                                         "A bloom filter: set membership in m bits with k hashes "
                                         "(Kirsch–Mitzenmacher over XXH3), never a false negative.");
  bind_bloom<probabilistic::CountingBloomFilter>(
      "CountingBloomFilter", "A bloom filter of 4- or 8-bit counters, so that items can be removed.");
  using S = SketchHandle;
  Class<S>(
      "CountMinSketch",
      "A count-min sketch: approximate counts in a depth × width table, never under, with optional top-K.")
      .constructor<&S::create>({{"options", object<CountMinSketchOptions>()}})
      .method<&S::update>(
          "update",
          {{"item", item()}, {"count", integer(1, probabilistic::kMaxSketchCount), "occurrences to add"}},
          "Adds count to the item's cell in every row; returns its new estimate (the total stays below 2^53).")
      .method<&S::update_all>(
          "updateAll", {{"items", object<PackedItems>()}},
          "update(item, 1) for every item of the batch in one call (untraced); returns the new total.")
      .method<&S::query>(
          "query", {{"item", item()}},
          "The smallest of the item's cells: never below its true count.")
      .method<&S::columns>("columns", {{"item", item()}}, "The item's column in each row.")
      .method<&S::top_k>("topK", {}, "The top-K candidates by descending estimate.")
      .method<&S::clear>("clear", {}, "Zeroes every cell and forgets the top-K.")
      .method<&S::cells>(
          "cells",
          {{"offset", integer(0, probabilistic::kMaxSketchWidth), "the first column"},
           {"length", window_length(), "columns to read; offset + length <= width, length × depth <= 65536"}},
          "Columns [offset, offset + length) of every row: rows[row][i].")
      .method<&S::stats>("stats", {}, "Shape, error bound and total.")
      .snapshot<&S::snapshot>("The statistics, the top-K, and the table when width × depth <= 65536.")
      .invariants<&S::invariants>();
  function<&bloom_sizing>(
      "bloomSizing",
      {{"expectedItems", integer(1, probabilistic::kMaxBloomItems), "n"},
       {"falsePositiveRate", number(probabilistic::kMinBloomRate, probabilistic::kMaxBloomRate), "p"}},
      "The sizing calculator: the bits and hashes for n items at false-positive rate p.");
  function<&bloom_experiment>(
      "bloomExperiment", {{"options", object<BloomExperimentSpec>()}},
      "Fills a filter past its design size, measuring the false-positive rate against theory.");
  function<&username_check>("usernameCheck", {{"options", object<UsernameCheckSpec>()}},
                            "The seeds' username check: a filter in front of a store of taken names.");
  function<&count_min_experiment>("countMinExperiment", {{"options", object<CountMinExperimentOptions>()}},
                                  "A seeded zipf stream through a sketch, against exact counts.");
}
