// sdlab::probabilistic::BloomFilter — set membership in m bits with k hashes: no false negatives,
// false positives at a rate that grows with the items added.
//
// Sizing (Bloom 1970; the usual optimum): for n expected items and a target false-positive rate
// p, m = ⌈−n·ln p / (ln 2)²⌉ bits and k = max(1, round((m/n)·ln 2)) hashes. After n adds the
// expected false-positive rate is (1 − e^(−k·n/m))^k. Cell indexes come from Kirsch–Mitzenmacher
// double hashing over XXH3 (see double_hashing.h).
//
// BasicBloomFilter<Cells> holds the algorithm; Cells is the storage: BitCells here (one bit per
// cell), CounterCells in counting_bloom_filter.h (which adds remove). contains() stops at the
// first clear cell, as real filters do; its trace shows each probe up to there.
//
// Trace: add reports "add" with the item's cells as sub-steps ("set": cell, hash, was, now);
// contains reports "lookup" with its probes as sub-steps ("probe": cell, hash, value), the last
// of them the verdict ("absent" or "maybe"). A cell's value is 0 or 1 here, its counter in a counting filter.
//
// Complexity: add, contains: O(k); count_contained: O(k) per item. clear: O(m). Invariants: bits
// set <= m; items() counts add() calls (duplicates included). Thread-safety: none.
//
//   BloomFilter filter(bloom_shape_for(1000, 0.01));  // 9586 bits, 7 hashes
//   filter.add("alice");
//   filter.contains("alice");  // true, always
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "probabilistic/double_hashing.h"
#include "sim/trace.h"

namespace sdlab::probabilistic {

struct BloomShape {
  std::uint64_t bits;
  std::uint32_t hashes;
};

inline constexpr double kMaxBloomBits = 1 << 28;  // 32 MiB of bits
inline constexpr double kMaxBloomHashes = 32;
inline constexpr double kMaxBloomItems = 10'000'000;
inline constexpr double kMinBloomRate = 1e-9;
inline constexpr double kMaxBloomRate = 0.5;

inline constexpr double kLn2 = 0.69314718055994530942;

inline Status check_bloom_shape(double bits, double hashes) {
  return first_error(check_integer("bits", bits, 1, kMaxBloomBits),
                     check_integer("hashes", hashes, 1, kMaxBloomHashes));
}

// m and k for n items at false-positive rate p. Precondition: check_bloom_target(n, p) is ok.
inline BloomShape bloom_shape_for(double items, double rate) {
  const double bits = std::ceil(-items * std::log(rate) / (kLn2 * kLn2));
  const double hashes = std::max(1.0, std::round(bits / items * kLn2));
  return {static_cast<std::uint64_t>(bits),
          static_cast<std::uint32_t>(std::min(hashes, kMaxBloomHashes))};
}

inline Status check_bloom_target(double items, double rate) {
  Status status = first_error(check_integer("expectedItems", items, 1, kMaxBloomItems),
                              check_number("falsePositiveRate", rate, kMinBloomRate, kMaxBloomRate));
  if (!status) return status;
  const double bits = static_cast<double>(bloom_shape_for(items, rate).bits);
  if (bits <= kMaxBloomBits) return status;
  return Status::invalid("expectedItems and falsePositiveRate need " + format_number(bits) +
                         " bits, more than the limit of " + format_number(kMaxBloomBits));
}

// (1 − e^(−k·n/m))^k: the expected false-positive rate after n adds.
inline double bloom_false_positive_rate(BloomShape shape, double items) {
  const double k = shape.hashes;
  return std::pow(1 - std::exp(-k * items / static_cast<double>(shape.bits)), k);
}

// One bit per cell.
class BitCells {
 public:
  explicit BitCells(std::uint64_t size) : words_(bytes_for(size) / 8) {}
  // The bytes `size` cells take.
  static std::uint64_t bytes_for(std::uint64_t size) { return (size + 63) / 64 * 8; }
  bool test(std::uint64_t i) const { return (words_[i / 64] >> (i % 64)) & 1; }
  std::uint32_t value(std::uint64_t i) const { return test(i); }
  void increment(std::uint64_t i) {
    if (!test(i)) ++set_;
    words_[i / 64] |= std::uint64_t{1} << (i % 64);
  }
  std::uint64_t set_count() const { return set_; }
  void clear() {
    std::fill(words_.begin(), words_.end(), 0);
    set_ = 0;
  }

 private:
  std::vector<std::uint64_t> words_;
  std::uint64_t set_ = 0;
};

template <class Cells>
class BasicBloomFilter {
 public:
  template <class... CellArgs>
  explicit BasicBloomFilter(BloomShape shape, CellArgs... cell_args)
      : shape_(shape), cells_(shape.bits, cell_args...) {}

  // The bytes the cells of a filter made with the same arguments take.
  template <class... CellArgs>
  static std::uint64_t bytes_for(BloomShape shape, CellArgs... cell_args) {
    return Cells::bytes_for(shape.bits, cell_args...);
  }

  void add(std::string_view item) {
    const Probes probes(item, shape_.bits);
    if (trace_) {
      note("add", item, "sets its " + std::to_string(shape_.hashes) + " cells",
           {{"hashes", shape_.hashes}});
    }
    const sim::Nest cells(trace_);
    for (std::uint32_t i = 0; i < shape_.hashes; ++i) {
      const std::uint64_t cell = probes[i];
      const std::uint32_t was = trace_ ? cells_.value(cell) : 0;
      cells_.increment(cell);
      if (trace_) {
        trace_->add("set", std::to_string(cell),
                    "hash " + std::to_string(i) + (was ? ": already set" : ": was clear, now set"),
                    {{"cell", cell}, {"hash", i}, {"was", was}, {"now", cells_.value(cell)}});
      }
    }
    ++items_;
  }

  // False: never added. True: added, or a false positive.
  bool contains(std::string_view item) const {
    const Probes probes(item, shape_.bits);
    if (trace_) {
      note("lookup", item, "probes its cells up to the first clear one",
           {{"hashes", shape_.hashes}});
    }
    const sim::Nest lookup(trace_);
    for (std::uint32_t i = 0; i < shape_.hashes; ++i) {
      const std::uint64_t cell = probes[i];
      const bool set = cells_.test(cell);
      if (trace_) {
        trace_->add("probe", std::to_string(cell),
                    "hash " + std::to_string(i) + (set ? ": set" : ": clear"),
                    {{"cell", cell}, {"hash", i}, {"value", cells_.value(cell)}});
      }
      if (!set) {
        if (trace_) {
          note("absent", item, "a probed cell is clear: definitely never added",
               {{"probed", i + 1}, {"hashes", shape_.hashes}, {"cell", cell}});
        }
        return false;
      }
    }
    if (trace_) {
      note("maybe", item,
           "all " + std::to_string(shape_.hashes) + " cells are set: present, or a false positive",
           {{"probed", shape_.hashes}, {"hashes", shape_.hashes}});
    }
    return true;
  }

  // contains() for `count` items, untraced: how many may be present. item(i) returns the i-th
  // item as a view that need only live until the next call. Items are taken in groups of
  // kGroup, whose first cells are read one after another: on a filter larger than the cache
  // each read is a miss, and independent reads overlap (WebAssembly has no prefetch, and its
  // longer calls leave the CPU less room to find that overlap on its own).
  template <class Item>
  std::uint64_t count_contained(std::size_t count, Item&& item) const {
    constexpr std::size_t kGroup = 8;
    std::uint64_t found = 0;
    for (std::size_t first = 0; first < count; first += kGroup) {
      const std::size_t size = std::min(kGroup, count - first);
      Probes group[kGroup];
      bool maybe[kGroup];
      for (std::size_t j = 0; j < size; ++j) group[j] = Probes(item(first + j), shape_.bits);
      for (std::size_t j = 0; j < size; ++j) maybe[j] = cells_.test(group[j][0]);
      for (std::size_t j = 0; j < size; ++j) found += maybe[j] && all_set(group[j], 1);
    }
    return found;
  }

  // All k cell indexes of `item`, in hash order (the page lights them).
  std::vector<std::uint64_t> positions(std::string_view item) const {
    const Probes probes(item, shape_.bits);
    std::vector<std::uint64_t> result(shape_.hashes);
    for (std::uint32_t i = 0; i < shape_.hashes; ++i) result[i] = probes[i];
    return result;
  }

  void clear() {
    cells_.clear();
    items_ = 0;
  }

  BloomShape shape() const { return shape_; }
  std::uint64_t items() const { return items_; }
  std::uint64_t bits_set() const { return cells_.set_count(); }
  bool test(std::uint64_t cell) const { return cells_.test(cell); }
  const Cells& cells() const { return cells_; }

  // Swamidass & Baldi: n ≈ −(m/k)·ln(1 − X/m) from X set cells; infinite when every cell is set.
  double estimated_count() const {
    const double m = static_cast<double>(shape_.bits);
    return -m / shape_.hashes * std::log1p(-static_cast<double>(bits_set()) / m);
  }

  // The expected false-positive rate for items() adds.
  double false_positive_rate() const {
    return bloom_false_positive_rate(shape_, static_cast<double>(items_));
  }

  void set_trace(sim::Trace* trace) { trace_ = trace; }

 protected:
  // Whether the cells of probes from..k−1 are all set (stops at the first clear one).
  bool all_set(const Probes& probes, std::uint32_t from) const {
    for (std::uint32_t i = from; i < shape_.hashes; ++i) {
      if (!cells_.test(probes[i])) return false;
    }
    return true;
  }

  // A step about `item`. Precondition: trace_ is set (callers test it first, so that no note is
  // built when tracing is off).
  void note(const char* kind, std::string_view item, std::string why, sim::Data data = {},
            sim::Where where = {}) const {
    trace_->add(kind, std::string(item), std::move(why), std::move(data), where);
  }

  BloomShape shape_;
  Cells cells_;
  std::uint64_t items_ = 0;
  sim::Trace* trace_ = nullptr;
};

using BloomFilter = BasicBloomFilter<BitCells>;

}  // namespace sdlab::probabilistic
