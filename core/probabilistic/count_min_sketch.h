// sdlab::probabilistic::CountMinSketch — approximate counts of items in a stream in a fixed d×w
// table of counters (Cormode & Muthukrishnan, 2005), with optional top-K heavy hitters.
//
// Each of the d rows maps an item to one of w columns (row i: the Kirsch–Mitzenmacher index
// h1 + i·h2 over XXH3, reduced to [0, w) by multiply-shift, see double_hashing.h). update adds the
// count to the item's cell in every row; query returns the smallest of those cells. Sized from (ε,
// δ): w = ⌈e/ε⌉ and d = ⌈ln(1/δ)⌉, so that after a stream of total N an estimate exceeds the true
// count by more than ε·N with probability at most δ. Estimates never undercount.
//
// Conservative update (Estan & Varghese, 2002) raises each cell only as far as the new estimate
// (min + count) requires: still never an undercount, usually a much smaller overcount.
// With top_k > 0, every update offers the item's new estimate to a TopK of candidates.
//
// Trace: update reports "update" with its cells as sub-steps ("cell": row, column, was, now);
// update and query report "estimate" with the cells read as sub-steps ("read": row, column,
// value), then "min", the answer; top-K changes follow ("top-enter", "top-replace").
//
// Complexity: update, query O(d) (+ O(log k) for top-K). Memory: 8·w·d bytes.
// Invariants: every cell <= total(); query(x) >= the true count of x. Thread-safety: none.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "probabilistic/double_hashing.h"
#include "probabilistic/top_k.h"
#include "sim/trace.h"

namespace sdlab::probabilistic {

struct SketchShape {
  std::uint32_t width;
  std::uint32_t depth;
};

inline constexpr double kMaxSketchWidth = 1'000'000;
inline constexpr double kMaxSketchDepth = 32;
inline constexpr double kMaxSketchCells = 1 << 22;
inline constexpr double kMaxTopK = 1000;
inline constexpr double kMaxSketchCount = 1e9;
inline constexpr double kE = 2.71828182845904523536;

inline Status check_sketch_cells(double width, double depth) {
  if (width * depth <= kMaxSketchCells) return Status::ok();
  return Status::invalid("width × depth must be at most " + format_number(kMaxSketchCells) +
                         " cells, got " + format_number(width * depth));
}

inline Status check_sketch_shape(double width, double depth) {
  Status status = first_error(check_integer("width", width, 1, kMaxSketchWidth),
                              check_integer("depth", depth, 1, kMaxSketchDepth));
  return status ? check_sketch_cells(width, depth) : status;
}

// w = ⌈e/ε⌉, d = ⌈ln(1/δ)⌉ (at least 1). Precondition: check_sketch_error(ε, δ) is ok.
inline SketchShape sketch_shape_for(double epsilon, double delta) {
  return {static_cast<std::uint32_t>(std::ceil(kE / epsilon)),
          static_cast<std::uint32_t>(std::max(1.0, std::ceil(std::log(1 / delta))))};
}

inline Status check_sketch_error(double epsilon, double delta) {
  Status status = first_error(check_number("epsilon", epsilon, kE / kMaxSketchWidth, 1),
                              check_number("delta", delta, 1e-9, 0.99));
  if (!status) return status;
  const SketchShape shape = sketch_shape_for(epsilon, delta);
  return check_sketch_cells(shape.width, shape.depth);
}

class CountMinSketch {
 public:
  // Preconditions: the shape passed check_sketch_shape; top_k <= kMaxTopK.
  CountMinSketch(SketchShape shape, bool conservative = false, std::size_t top_k = 0)
      : shape_(shape),
        conservative_(conservative),
        cells_(static_cast<std::size_t>(shape.width) * shape.depth),
        top_(top_k) {}

  // The bytes the cells of a sketch of `shape` take.
  static std::uint64_t bytes_for(SketchShape shape) {
    return std::uint64_t{sizeof(std::uint64_t)} * shape.width * shape.depth;
  }

  // Adds `count` (>= 1) occurrences of `item`; returns its new estimate. The item is hashed once.
  std::uint64_t update(std::string_view item, std::uint64_t count = 1) {
    const Probes probes(item, shape_.width);
    const std::uint64_t target = conservative_ ? estimate(probes) + count : 0;
    if (trace_) {
      trace_->add("update", std::string(item),
                  (conservative_ ? "raises its cells to at least " + std::to_string(target)
                                 : "adds " + std::to_string(count) + " to its cells"),
                  {{"count", count}, {"rows", shape_.depth}});
    }
    {
      const sim::Nest cells(trace_);
      for (std::uint32_t row = 0; row < shape_.depth; ++row) {
        std::uint64_t& cell = at(row, probes[row]);
        const std::uint64_t before = cell;
        cell = conservative_ ? std::max(cell, target) : cell + count;
        if (trace_) {
          trace_->add("cell", cell_name(row, probes[row]),
                      before == cell ? "already " + std::to_string(cell) + ": left as is"
                                     : std::to_string(before) + " → " + std::to_string(cell),
                      {{"row", row}, {"column", probes[row]}, {"was", before}, {"now", cell}});
        }
      }
    }
    total_ += count;
    const std::uint64_t result = smallest(item, probes);
    offer(item, result);
    return result;
  }

  // The smallest of the item's d cells: never below its true count.
  std::uint64_t query(std::string_view item) const {
    return smallest(item, Probes(item, shape_.width));
  }

  // The item's column in each row.
  std::vector<std::uint32_t> columns(std::string_view item) const {
    const Probes probes(item, shape_.width);
    std::vector<std::uint32_t> result(shape_.depth);
    for (std::uint32_t row = 0; row < shape_.depth; ++row) {
      result[row] = static_cast<std::uint32_t>(probes[row]);
    }
    return result;
  }

  void clear() {
    std::fill(cells_.begin(), cells_.end(), 0);
    total_ = 0;
    top_.clear();
  }

  SketchShape shape() const { return shape_; }
  bool conservative() const { return conservative_; }
  std::uint64_t total() const { return total_; }
  std::uint64_t cell(std::uint32_t row, std::uint32_t column) const { return at(row, column); }
  // ε = e/w: the additive error bound, as a fraction of total(), that holds with 1 − δ.
  double epsilon() const { return kE / shape_.width; }
  // δ = e^(−d).
  double delta() const { return std::exp(-static_cast<double>(shape_.depth)); }
  const TopK& top() const { return top_; }

  void set_trace(sim::Trace* trace) { trace_ = trace; }

 private:
  std::uint64_t& at(std::uint32_t row, std::uint64_t column) {
    return cells_[static_cast<std::size_t>(row) * shape_.width + column];
  }
  std::uint64_t at(std::uint32_t row, std::uint64_t column) const {
    return cells_[static_cast<std::size_t>(row) * shape_.width + column];
  }

  std::uint64_t estimate(const Probes& probes) const {
    std::uint64_t result = UINT64_MAX;
    for (std::uint32_t row = 0; row < shape_.depth; ++row) {
      result = std::min(result, at(row, probes[row]));
    }
    return result;
  }

  // estimate() of `item`, with each read and the minimum traced.
  std::uint64_t smallest(std::string_view item, const Probes& probes) const {
    if (!trace_) return estimate(probes);
    trace_->add("estimate", std::string(item), "reads its cell in every row",
                {{"rows", shape_.depth}});
    std::uint32_t best = 0;
    {
      const sim::Nest reads(trace_);
      for (std::uint32_t row = 0; row < shape_.depth; ++row) {
        const std::uint64_t cell = at(row, probes[row]);
        trace_->add("read", cell_name(row, probes[row]), std::to_string(cell),
                    {{"row", row}, {"column", probes[row]}, {"value", cell}});
        if (cell < at(best, probes[best])) best = row;
      }
    }
    const std::uint64_t result = at(best, probes[best]);
    trace_->add("min", cell_name(best, probes[best]),
                "estimate " + std::to_string(result) + ": the smallest of " +
                    std::to_string(shape_.depth) + " cells",
                {{"row", best}, {"column", probes[best]}, {"estimate", result}});
    return result;
  }

  static std::string cell_name(std::uint32_t row, std::uint64_t column) {
    return std::to_string(row) + "," + std::to_string(column);
  }

  void offer(std::string_view item, std::uint64_t estimate) {
    std::string evicted;
    switch (top_.offer(item, estimate, &evicted)) {
      case TopK::Offer::kEntered:
        if (trace_) {
          trace_->add("top-enter", std::string(item), "joins the top-K candidates",
                      {{"estimate", estimate}});
        }
        break;
      case TopK::Offer::kReplaced:
        if (trace_) {
          trace_->add("top-replace", std::string(item), "pushes out " + evicted,
                      {{"estimate", estimate}, {"evicted", evicted}});
        }
        break;
      default:
        break;
    }
  }

  SketchShape shape_;
  bool conservative_;
  std::vector<std::uint64_t> cells_;
  std::uint64_t total_ = 0;
  TopK top_;
  sim::Trace* trace_ = nullptr;
};

}  // namespace sdlab::probabilistic
