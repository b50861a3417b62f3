// sdlab::cache::SlotIndex — an open-addressing hash index from a key's hash to a 32-bit entry id,
// for containers that keep their entries themselves (ListCache keeps them in a slab).
//
// Structure: one flat array of slots {id, hash}, a power of two long, linear probing, growing
// to twice its length before the load passes 3/4. The caller's hash is mixed (Fibonacci
// hashing: multiply by 2^64/phi, keep the top bits), so weak hashes such as the identity on
// integers still spread. A slot keeps its entry's 32-bit mixed hash: probes skip other keys
// without touching their entries, and growth and erasure never call the caller's hash again.
// Erasure shifts the following slots back (no tombstones), so a probe sequence never has holes.
//
// Complexity: find, insert, erase O(1) expected; growth O(slots), amortized O(1) per insert.
// Memory: 8 bytes per slot, 10.7 to 21.3 bytes per indexed id. Invariants: every id is indexed
// once; between an id's home slot and its slot no slot is empty. Ids are < kNone.
// Thread-safety: none.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sdlab::cache {

class SlotIndex {
 public:
  static constexpr std::uint32_t kNone = UINT32_MAX;

  // The 32-bit mixed form of a caller's hash: what find, insert and erase take.
  static std::uint32_t mix(std::uint64_t hash) {
    return static_cast<std::uint32_t>((hash * 0x9E3779B97F4A7C15ull) >> 32);
  }

  // The id whose entry `is_key(id)` accepts among those indexed under `hash`, or kNone.
  template <class IsKey>
  std::uint32_t find(std::uint32_t hash, IsKey&& is_key) const {
    if (slots_.empty()) return kNone;
    for (std::size_t i = home(hash);; i = next(i)) {
      const Slot& slot = slots_[i];
      if (slot.id == kNone) return kNone;
      if (slot.hash == hash && is_key(slot.id)) return slot.id;
    }
  }

  // Indexes `id` under `hash`. Precondition: `id` is not indexed and < kNone.
  void insert(std::uint32_t hash, std::uint32_t id) {
    if ((count_ + 1) * 4 > slots_.size() * 3) grow();
    place({id, hash});
    ++count_;
  }

  // Removes `id`, indexed under `hash`. Precondition: it is indexed.
  void erase(std::uint32_t hash, std::uint32_t id) {
    std::size_t hole = home(hash);
    while (slots_[hole].id != id) hole = next(hole);
    // Shift back every following slot that may move closer to its home, then empty the last hole.
    for (std::size_t i = next(hole); slots_[i].id != kNone; i = next(i)) {
      if (distance(home(slots_[i].hash), i) >= distance(hole, i)) {
        slots_[hole] = slots_[i];
        hole = i;
      }
    }
    slots_[hole].id = kNone;
    --count_;
  }

  void clear() {
    slots_ = {};
    count_ = 0;
    shift_ = 64;
  }

  std::size_t size() const { return count_; }
  std::size_t slot_count() const { return slots_.size(); }
  std::size_t bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  struct Slot {
    std::uint32_t id;
    std::uint32_t hash;
  };

  // The top bits of the mixed hash pick the home slot (Fibonacci hashing).
  std::size_t home(std::uint32_t hash) const { return static_cast<std::size_t>((std::uint64_t{hash} << 32) >> shift_); }
  std::size_t next(std::size_t i) const { return (i + 1) & (slots_.size() - 1); }
  std::size_t distance(std::size_t from, std::size_t to) const { return (to - from) & (slots_.size() - 1); }

  void place(Slot slot) {
    std::size_t i = home(slot.hash);
    while (slots_[i].id != kNone) i = next(i);
    slots_[i] = slot;
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    const std::size_t length = old.empty() ? 8 : old.size() * 2;
    slots_.assign(length, Slot{kNone, 0});
    shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(length));
    for (const Slot& slot : old) {
      if (slot.id != kNone) place(slot);
    }
  }

  std::vector<Slot> slots_;
  std::size_t count_ = 0;
  unsigned shift_ = 64;  // 64 - log2(slots_.size())
};

}  // namespace sdlab::cache
