// sdlab::probabilistic::CountingBloomFilter — a bloom filter whose cells are small counters, so
// items can be removed (Fan, Cao, Almeida & Broder, "Summary Cache", 2000).
//
// add increments the item's k counters; remove decrements them. Counters are 4 or 8 bits wide
// (4 is the paper's choice: overflow needs 16 colliding adds, rare at the optimal k). A counter
// that reaches its maximum sticks there: remove never decrements it, since its true count is
// lost (the filter may then keep a false positive, never a false negative).
//
// Rules for remove: an item with any clear counter was certainly never added — remove rejects it
// and changes nothing. An item whose counters are all set is assumed to have been added; removing
// a false positive that was never added decrements other items' counters and can create false
// negatives for them (no filter can detect this: the caller must only remove what it added).
//
// Complexity: add, contains, remove: O(k). Memory: m·width/8 bytes. Thread-safety: none.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "probabilistic/bloom_filter.h"

namespace sdlab::probabilistic {

inline Status check_counter_bits(double bits) {
  if (bits == 4 || bits == 8) return Status::ok();
  return Status::invalid("counterBits must be 4 or 8, got " + format_number(bits));
}

// Counters of 4 bits (two per byte) or 8 bits. Precondition: width is 4 or 8.
class CounterCells {
 public:
  CounterCells(std::uint64_t size, unsigned width)
      : bytes_(bytes_for(size, width)), width_(width) {}
  // The bytes `size` counters of `width` bits take.
  static std::uint64_t bytes_for(std::uint64_t size, unsigned width) {
    return width == 4 ? (size + 1) / 2 : size;
  }

  std::uint32_t value(std::uint64_t i) const {
    if (width_ == 8) return bytes_[i];
    return (bytes_[i / 2] >> (4 * (i % 2))) & 0xF;
  }
  std::uint32_t max() const { return width_ == 8 ? 0xFF : 0xF; }
  unsigned width() const { return width_; }
  bool test(std::uint64_t i) const { return value(i) != 0; }

  // Saturates at max().
  void increment(std::uint64_t i) {
    const std::uint32_t v = value(i);
    if (v == 0) ++set_;
    if (v < max()) store(i, v + 1);
  }

  // Leaves clear and saturated counters as they are.
  void decrement(std::uint64_t i) {
    const std::uint32_t v = value(i);
    if (v == 0 || v == max()) return;
    store(i, v - 1);
    if (v == 1) --set_;
  }

  std::uint64_t set_count() const { return set_; }
  void clear() {
    std::fill(bytes_.begin(), bytes_.end(), 0);
    set_ = 0;
  }

 private:
  void store(std::uint64_t i, std::uint32_t v) {
    if (width_ == 8) {
      bytes_[i] = static_cast<std::uint8_t>(v);
      return;
    }
    const unsigned shift = 4 * (i % 2);
    bytes_[i / 2] = static_cast<std::uint8_t>((bytes_[i / 2] & ~(0xF << shift)) | (v << shift));
  }

  std::vector<std::uint8_t> bytes_;
  unsigned width_;
  std::uint64_t set_ = 0;
};

class CountingBloomFilter : public BasicBloomFilter<CounterCells> {
 public:
  // Precondition: check_counter_bits(counter_bits) is ok.
  CountingBloomFilter(BloomShape shape, unsigned counter_bits)
      : BasicBloomFilter(shape, counter_bits) {}

  // Decrements the item's counters; rejects (changing nothing) an item with a clear counter.
  Status remove(std::string_view item) {
    const std::vector<std::uint64_t> cells = positions(item);
    for (std::uint64_t cell : cells) {
      if (!cells_.test(cell)) {
        if (trace_) {
          note("reject", item, "counter " + std::to_string(cell) + " is 0: never added",
               {{"cell", cell}});
        }
        return Status::invalid("item \"" + std::string(item) + "\" was never added (counter " +
                               std::to_string(cell) + " is 0): nothing removed");
      }
    }
    if (trace_) {
      note("remove", item, "decrements its " + std::to_string(cells.size()) + " counters",
           {{"hashes", cells.size()}});
    }
    const sim::Nest counters(trace_);
    for (std::uint32_t i = 0; i < cells.size(); ++i) {
      const std::uint64_t cell = cells[i];
      const std::uint32_t was = cells_.value(cell);
      cells_.decrement(cell);
      if (trace_) {
        trace_->add("decrement", std::to_string(cell),
                    was == cells_.max() ? "saturated: stays at its maximum"
                                        : "now " + std::to_string(cells_.value(cell)),
                    {{"cell", cell}, {"hash", i}, {"was", was}, {"now", cells_.value(cell)}});
      }
    }
    if (items_ > 0) --items_;
    return Status::ok();
  }

  std::uint32_t counter(std::uint64_t cell) const { return cells_.value(cell); }
  unsigned counter_bits() const { return cells_.width(); }
};

}  // namespace sdlab::probabilistic
