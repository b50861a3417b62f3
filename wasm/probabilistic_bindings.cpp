// JS bindings for core/probabilistic: BloomFilter, CountingBloomFilter, CountMinSketch, and the
// batch functions bloomSizing, bloomExperiment, usernameCheck and countMinExperiment.
//
// Lifetimes: the three classes are handles owned by JS — call delete() when done. The functions
// return plain objects. Items are strings of at most 1024 bytes.
#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <string>
#include <utility>
#include <type_traits>

#include "binding.h"
#include "probabilistic/bloom_experiments.h"
#include "probabilistic/count_min_experiment.h"
#include "probabilistic/counting_bloom_filter.h"

namespace sdlab::wasm {
namespace {

using emscripten::val;
using namespace probabilistic;

constexpr std::size_t kMaxItemBytes = 1024;
constexpr double kMaxCellsShown = 65536;

Status check_item(const std::string& item) { return check_length("item", item, kMaxItemBytes); }

bool has(const val& options, const char* name) { return !options[name].isUndefined(); }

// options[name] as a boolean, or `fallback` when it is missing.
bool optional_bool(const val& options, const char* name, bool fallback, Status& status) {
  if (!has(options, name)) return fallback;
  if (options[name].typeOf().as<std::string>() == "boolean") return options[name].as<bool>();
  if (status) status = Status::invalid(std::string("options.") + name + " must be a boolean");
  return fallback;
}

// Reads each named number field into its target; the first problem is kept in `status`.
void number_fields(const val& options, std::initializer_list<std::pair<const char*, double*>> fields,
                   Status& status) {
  for (const auto& [name, target] : fields) *target = number_field(options, name, status);
}

double optional_number(const val& options, const char* name, double fallback, Status& status) {
  return has(options, name) ? number_field(options, name, status) : fallback;
}

// {bits, hashes} or {expectedItems, falsePositiveRate}.
Status bloom_shape_from(const val& options, BloomShape& shape) {
  Status status = Status::ok();
  if (has(options, "bits")) {
    const double bits = number_field(options, "bits", status);
    const double hashes = number_field(options, "hashes", status);
    if (status && (status = check_bloom_shape(bits, hashes))) {
      shape = {static_cast<std::uint64_t>(bits), static_cast<std::uint32_t>(hashes)};
    }
    return status;
  }
  const double items = number_field(options, "expectedItems", status);
  const double rate = number_field(options, "falsePositiveRate", status);
  if (status && (status = check_bloom_target(items, rate))) shape = bloom_shape_for(items, rate);
  return status;
}

// {width, depth} or {epsilon, delta}.
Status sketch_shape_from(const val& options, SketchShape& shape) {
  Status status = Status::ok();
  if (has(options, "width")) {
    const double width = number_field(options, "width", status);
    const double depth = number_field(options, "depth", status);
    if (status && (status = check_sketch_shape(width, depth))) {
      shape = {static_cast<std::uint32_t>(width), static_cast<std::uint32_t>(depth)};
    }
    return status;
  }
  const double epsilon = number_field(options, "epsilon", status);
  const double delta = number_field(options, "delta", status);
  if (status && (status = check_sketch_error(epsilon, delta))) shape = sketch_shape_for(epsilon, delta);
  return status;
}

template <class T>
val numbers_to_js(const std::vector<T>& numbers) {
  val result = val::array();
  for (T n : numbers) result.call<void>("push", static_cast<double>(n));
  return result;
}

Status check_window(double offset, double length, double size) {
  Status status = first_error(check_integer("offset", offset, 0, size),
                              check_integer("length", length, 0, kMaxCellsShown));
  if (status && offset + length > size) {
    return Status::invalid("offset + length must be at most " + format_number(size) + ", got " +
                           format_number(offset + length));
  }
  return status;
}

template <class Filter>
class BloomHandle : public Traced {
 public:
  static constexpr bool kCounting = std::is_same_v<Filter, CountingBloomFilter>;

  static BloomHandle* create(val options) {
    BloomShape shape{};
    Status status = bloom_shape_from(options, shape);
    if constexpr (kCounting) {
      const double counter_bits = status ? optional_number(options, "counterBits", 4, status) : 4;
      if (failed(first_error(std::move(status), check_counter_bits(counter_bits)))) return nullptr;
      return new BloomHandle(Filter(shape, static_cast<unsigned>(counter_bits)));
    } else {
      if (failed(status)) return nullptr;
      return new BloomHandle(Filter(shape));
    }
  }

  void add(const std::string& item) {
    if (!begin(check_item(item))) filter_.add(item);
  }
  bool contains(const std::string& item) { return !begin(check_item(item)) && filter_.contains(item); }
  void remove(const std::string& item) requires kCounting {
    if (!begin(check_item(item))) failed(filter_.remove(item));
  }
  val positions(const std::string& item) {
    if (begin(check_item(item))) return val::undefined();
    return numbers_to_js(filter_.positions(item));
  }
  void clear() {
    begin();
    filter_.clear();
  }

  // Cells [offset, offset + length): 0/1 per bit, or counter values.
  val cells(double offset, double length) const {
    if (failed(check_window(offset, length, static_cast<double>(filter_.shape().bits)))) {
      return val::undefined();
    }
    val result = val::array();
    for (auto i = static_cast<std::uint64_t>(offset); i < offset + length; ++i) {
      if constexpr (kCounting) result.call<void>("push", filter_.counter(i));
      else result.call<void>("push", filter_.test(i) ? 1 : 0);
    }
    return result;
  }

  val stats() const {
    val result = val::object();
    const double bits = static_cast<double>(filter_.shape().bits);
    result.set("bits", bits);
    result.set("hashes", filter_.shape().hashes);
    result.set("items", static_cast<double>(filter_.items()));
    result.set("bitsSet", static_cast<double>(filter_.bits_set()));
    result.set("fillRatio", static_cast<double>(filter_.bits_set()) / bits);
    result.set("estimatedCount", filter_.estimated_count());
    result.set("falsePositiveRate", filter_.false_positive_rate());
    if constexpr (kCounting) result.set("counterBits", filter_.counter_bits());
    return result;
  }

  // stats() plus cells (all of them when bits <= 65536) and density: the fraction of set cells in
  // each of up to 256 equal slices of the array.
  val snapshot() const {
    val result = stats();
    const std::uint64_t bits = filter_.shape().bits;
    if (static_cast<double>(bits) <= kMaxCellsShown) result.set("cells", cells(0, static_cast<double>(bits)));
    const std::uint64_t slices = std::min<std::uint64_t>(256, bits);
    val density = val::array();
    for (std::uint64_t s = 0; s < slices; ++s) {
      const std::uint64_t from = bits * s / slices, to = bits * (s + 1) / slices;
      std::uint64_t set = 0;
      for (std::uint64_t i = from; i < to; ++i) set += filter_.test(i);
      density.call<void>("push", static_cast<double>(set) / static_cast<double>(to - from));
    }
    result.set("density", density);
    return result;
  }

 private:
  explicit BloomHandle(Filter filter) : filter_(std::move(filter)) { filter_.set_trace(&trace_); }

  Filter filter_;
};

template <class Filter>
void bind_bloom(const char* name) {
  using H = BloomHandle<Filter>;
  Class<H> bound(name);
  bound.constructor(&H::create, {"options"})
      .method("add", &H::add, {"item"})
      .method("contains", &H::contains, {"item"})
      .method("positions", &H::positions, {"item"})
      .method("clear", &H::clear)
      .method("cells", &H::cells, {"offset", "length"})
      .method("stats", &H::stats)
      .method("snapshot", &H::snapshot)
      .traced();
  if constexpr (H::kCounting) bound.method("remove", &H::remove, {"item"});
}

val entries_to_js(const std::vector<TopK::Entry>& entries) {
  val result = val::array();
  for (const TopK::Entry& entry : entries) {
    val item = val::object();
    item.set("item", entry.item);
    item.set("count", static_cast<double>(entry.count));
    result.call<void>("push", item);
  }
  return result;
}

class SketchHandle : public Traced {
 public:
  static SketchHandle* create(val options) {
    SketchShape shape{};
    Status status = sketch_shape_from(options, shape);
    const bool conservative = optional_bool(options, "conservative", false, status);
    const double top_k = optional_number(options, "topK", 0, status);
    if (failed(first_error(std::move(status), check_integer("topK", top_k, 0, kMaxTopK)))) {
      return nullptr;
    }
    return new SketchHandle(shape, conservative, static_cast<std::size_t>(top_k));
  }

  // The item's new estimate. count: an integer in [1, 1e9]; the total stays below 2^53.
  double update(const std::string& item, double count) {
    Status status = first_error(check_item(item), check_integer("count", count, 1, kMaxSketchCount));
    if (status && static_cast<double>(sketch_.total()) + count > 9007199254740991.0) {
      status = Status::invalid("the total count would pass 2^53 − 1");
    }
    if (begin(status)) return 0;
    return static_cast<double>(sketch_.update(item, static_cast<std::uint64_t>(count)));
  }

  double query(const std::string& item) {
    return begin(check_item(item)) ? 0 : static_cast<double>(sketch_.query(item));
  }

  val columns(const std::string& item) {
    if (begin(check_item(item))) return val::undefined();
    return numbers_to_js(sketch_.columns(item));
  }

  val top_k() const { return entries_to_js(sketch_.top().sorted()); }

  void clear() {
    begin();
    sketch_.clear();
  }

  // Columns [offset, offset + length) of every row: rows[d][length]; length·depth <= 65536.
  val cells(double offset, double length) const {
    const SketchShape shape = sketch_.shape();
    Status status = check_window(offset, length, shape.width);
    if (status && length * shape.depth > kMaxCellsShown) {
      status = Status::invalid("length × depth must be at most 65536, got " +
                               format_number(length * shape.depth));
    }
    if (failed(status)) return val::undefined();
    val rows = val::array();
    for (std::uint32_t row = 0; row < shape.depth; ++row) {
      val cells = val::array();
      for (auto c = static_cast<std::uint32_t>(offset); c < offset + length; ++c) {
        cells.call<void>("push", static_cast<double>(sketch_.cell(row, c)));
      }
      rows.call<void>("push", cells);
    }
    return rows;
  }

  val stats() const {
    val result = val::object();
    result.set("width", sketch_.shape().width);
    result.set("depth", sketch_.shape().depth);
    result.set("epsilon", sketch_.epsilon());
    result.set("delta", sketch_.delta());
    result.set("conservative", sketch_.conservative());
    result.set("topK", static_cast<double>(sketch_.top().capacity()));
    result.set("total", static_cast<double>(sketch_.total()));
    result.set("bound", sketch_.epsilon() * static_cast<double>(sketch_.total()));
    return result;
  }

  // stats() plus top (the top-K) and rows (the whole table when width × depth <= 65536).
  val snapshot() const {
    val result = stats();
    result.set("top", top_k());
    const SketchShape shape = sketch_.shape();
    if (static_cast<double>(shape.width) * shape.depth <= kMaxCellsShown) {
      result.set("rows", cells(0, shape.width));
    }
    return result;
  }

 private:
  SketchHandle(SketchShape shape, bool conservative, std::size_t top_k)
      : sketch_(shape, conservative, top_k) {
    sketch_.set_trace(&trace_);
  }

  CountMinSketch sketch_;
};

// (expectedItems, falsePositiveRate) → {bits, hashes, bytes, bitsPerItem}
val bloom_sizing(double items, double rate) {
  if (failed(check_bloom_target(items, rate))) return val::undefined();
  const BloomShape shape = bloom_shape_for(items, rate);
  val result = val::object();
  result.set("bits", static_cast<double>(shape.bits));
  result.set("hashes", shape.hashes);
  result.set("bytes", std::ceil(static_cast<double>(shape.bits) / 8));
  result.set("bitsPerItem", static_cast<double>(shape.bits) / items);
  return result;
}

val bloom_experiment(val options) {
  Status status = Status::ok();
  BloomExperimentSpec spec;
  number_fields(options, {{"expectedItems", &spec.design_items}, {"falsePositiveRate", &spec.rate},
                          {"maxItems", &spec.max_items}, {"points", &spec.points},
                          {"probes", &spec.probes}, {"seed", &spec.seed}},
                status);
  if (failed(first_error(std::move(status), check_bloom_experiment(spec)))) return val::undefined();
  const BloomExperimentResult r = run_bloom_experiment(spec);
  val result = val::object();
  result.set("bits", static_cast<double>(r.shape.bits));
  result.set("hashes", r.shape.hashes);
  val points = val::array();
  for (const BloomPoint& p : r.points) {
    val point = val::object();
    point.set("items", static_cast<double>(p.items));
    point.set("measured", p.measured);
    point.set("theoretical", p.theoretical);
    point.set("bitsSet", static_cast<double>(p.bits_set));
    points.call<void>("push", point);
  }
  result.set("points", points);
  return result;
}

val username_check(val options) {
  Status status = Status::ok();
  UsernameCheckSpec spec;
  number_fields(options, {{"existing", &spec.existing}, {"falsePositiveRate", &spec.rate},
                          {"queries", &spec.queries}, {"takenShare", &spec.taken_share},
                          {"storeLatencyMs", &spec.store_latency_ms}, {"seed", &spec.seed}},
                status);
  if (failed(first_error(std::move(status), check_username_check(spec)))) return val::undefined();
  const UsernameCheckResult r = check_usernames(spec);
  val result = val::object();
  result.set("bits", static_cast<double>(r.shape.bits));
  result.set("hashes", r.shape.hashes);
  result.set("queries", static_cast<double>(r.queries));
  result.set("taken", static_cast<double>(r.taken));
  result.set("lookupsSaved", static_cast<double>(r.lookups_saved));
  result.set("storeLookups", static_cast<double>(r.store_lookups));
  result.set("falsePositives", static_cast<double>(r.false_positives));
  result.set("storeMsWithFilter", r.store_ms_with_filter);
  result.set("storeMsWithoutFilter", r.store_ms_without_filter);
  return result;
}

val count_min_experiment(val options) {
  Status status = Status::ok();
  CountMinExperimentSpec spec;
  status = sketch_shape_from(options, spec.shape);
  spec.conservative = optional_bool(options, "conservative", false, status);
  number_fields(options, {{"updates", &spec.updates}, {"universe", &spec.universe},
                          {"skew", &spec.skew}, {"topK", &spec.top_k}, {"seed", &spec.seed}},
                status);
  if (failed(first_error(std::move(status), check_count_min_experiment(spec)))) return val::undefined();
  const CountMinExperimentResult r = run_count_min_experiment(spec);
  val result = val::object();
  result.set("width", spec.shape.width);
  result.set("depth", spec.shape.depth);
  result.set("total", static_cast<double>(r.total));
  result.set("bound", r.bound);
  result.set("distinct", static_cast<double>(r.distinct));
  result.set("maxError", static_cast<double>(r.max_error));
  result.set("meanError", r.mean_error);
  result.set("withinBound", r.within_bound);
  result.set("top", entries_to_js(r.top));
  result.set("trueTop", entries_to_js(r.true_top));
  result.set("topOverlap", static_cast<double>(r.top_overlap));
  return result;
}

}  // namespace
}  // namespace sdlab::wasm

EMSCRIPTEN_BINDINGS(sdlab_probabilistic) {
  using namespace sdlab;
  using namespace sdlab::wasm;
  bind_bloom<probabilistic::BloomFilter>("BloomFilter");
  bind_bloom<probabilistic::CountingBloomFilter>("CountingBloomFilter");
  Class<SketchHandle>("CountMinSketch")
      .constructor(&SketchHandle::create, {"options"})
      .method("update", &SketchHandle::update, {"item", "count"})
      .method("query", &SketchHandle::query, {"item"})
      .method("columns", &SketchHandle::columns, {"item"})
      .method("topK", &SketchHandle::top_k)
      .method("clear", &SketchHandle::clear)
      .method("cells", &SketchHandle::cells, {"offset", "length"})
      .method("stats", &SketchHandle::stats)
      .method("snapshot", &SketchHandle::snapshot)
      .traced();
  function("bloomSizing", &bloom_sizing, {"expectedItems", "falsePositiveRate"});
  function("bloomExperiment", &bloom_experiment, {"options"});
  function("usernameCheck", &username_check, {"options"});
  function("countMinExperiment", &count_min_experiment, {"options"});
}
