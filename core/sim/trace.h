// sdlab::sim::Trace — the steps an algorithm reports while it runs.
//
// A block that has inner steps worth seeing takes an optional Trace* and, when it is set, appends
// one Step per decision from inside its real implementation (a lookup, an eviction, a probe).
// The page animates those steps; nothing re-implements the algorithm for display.
//
// A Step names what happened (`kind`, a short stable word such as "hit" or "evict"), what it
// happened to (`subject`, usually a key), says why in a sentence (`note`), and carries the figures
// it is about (`data`: a few named numbers or texts — the cell probed, the node chosen, the tokens
// left) for the page to draw and put into words.
//
// Nesting: the steps reported while a sim::Nest lives are the sub-steps of the step reported just
// before it opened: a ring lookup's hash, search and owner hang under the lookup, so the page can
// step through one call. `depth` is 0 for a step of the call itself, 1 for its sub-steps, …;
// `parent` is the index of the step a sub-step details (kNoParent at depth 0).
//
// Where: every step knows the C++ line that reported it. Trace::add takes the caller's file and
// line through a defaulted `Where` (__builtin_FILE / __builtin_LINE: Emscripten 3.1.6's libc++
// has no <source_location>); a helper that reports on its caller's behalf takes `Where where = {}`
// as its last parameter and passes it on, so the step names the line that decided, not the
// helper. The build maps the source directory away (-fmacro-prefix-map in CMakeLists.txt), so
// `file` reads "core/partition/hash_ring.cpp".
//
// Cost: nothing when no Trace is attached — callers test the pointer before they build a string
// or a datum, and a Nest on a null trace does nothing. With one: one Step per add.
// Invariants: a step's parent, when it has one, comes before it and is one level shallower.
// Thread-safety: none; a Trace belongs to one block.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace sdlab::sim {

// One named figure of a step: a number or a text. Numbers are doubles, exact up to 2^53: a 64-bit
// hash goes as text. A flag is a text too ("set", "clear"): a number means an amount.
struct Datum {
  template <class N>
  requires(std::is_arithmetic_v<N> && !std::is_same_v<N, bool>) Datum(std::string name, N value)
      : name(std::move(name)), number(static_cast<double>(value)) {}
  Datum(std::string name, std::string value) : name(std::move(name)), text(std::move(value)) {}
  Datum(std::string name, std::string_view value) : name(std::move(name)), text(value) {}
  Datum(std::string name, const char* value) : name(std::move(name)), text(value) {}

  std::string name;
  std::optional<double> number;
  std::optional<std::string> text;
};

using Data = std::vector<Datum>;

// The C++ line that reports a step; defaults to the caller's.
struct Where {
  Where(const char* file = __builtin_FILE(), std::uint32_t line = __builtin_LINE())
      : file(file), line(line) {}
  const char* file;
  std::uint32_t line;
};

inline constexpr std::int32_t kNoParent = -1;

struct Step {
  std::string kind;
  std::string subject;
  std::string note;
  Data data;
  std::uint32_t depth = 0;
  std::int32_t parent = kNoParent;
  const char* file = "";  // a string literal from __builtin_FILE
  std::uint32_t line = 0;
};

class Trace {
 public:
  void add(std::string kind, std::string subject, std::string note, Data data = {},
           Where where = {}) {
    steps_.push_back({std::move(kind), std::move(subject), std::move(note), std::move(data), depth_,
                      parent_, where.file, where.line});
  }
  const std::vector<Step>& steps() const { return steps_; }
  void clear() {
    steps_.clear();
    parent_ = kNoParent;
    depth_ = 0;
  }

 private:
  friend class Nest;
  std::vector<Step> steps_;
  std::int32_t parent_ = kNoParent;  // of the steps added now
  std::uint32_t depth_ = 0;
};

// While it lives, the steps added to `trace` are sub-steps of the last step added before it
// opened. Open it right after the step it details; nests stack. Null trace, or no step yet:
// nothing happens.
class Nest {
 public:
  explicit Nest(Trace* trace) : trace_(trace && !trace->steps_.empty() ? trace : nullptr) {
    if (!trace_) return;
    saved_parent_ = trace_->parent_;
    saved_depth_ = trace_->depth_;
    trace_->parent_ = static_cast<std::int32_t>(trace_->steps_.size() - 1);
    trace_->depth_ = trace_->steps_.back().depth + 1;
  }
  ~Nest() {
    if (!trace_) return;
    trace_->parent_ = saved_parent_;
    trace_->depth_ = saved_depth_;
  }
  Nest(const Nest&) = delete;
  Nest& operator=(const Nest&) = delete;

 private:
  Trace* trace_;
  std::int32_t saved_parent_ = kNoParent;
  std::uint32_t saved_depth_ = 0;
};

}  // namespace sdlab::sim
