// sdlab::cache::ListCache — a bounded key-value cache kept as one ordered list: the engine behind
// LruCache (recency order) and FifoCache (insertion order). See lru_cache.h and fifo_cache.h.
//
// Structure: entries live in one slab (a vector) and form a doubly linked list through 32-bit
// prev/next indices; a SlotIndex (open addressing, slot_index.h) maps a key's hash to its entry.
// The front of the list is the entry that stays longest; the back is the next victim.
//   - Order::kRecency   (LRU): a hit or an update moves the entry to the front.
//   - Order::kInsertion (FIFO): entries keep their place until evicted; an update keeps the place.
// An eviction reuses the victim's slab entry in place (its key's and value's storage too, when
// put is given views), so a full cache allocates nothing per put; an erased entry goes on a free
// list. Compared with std::unordered_map + std::list this removes two allocations per entry and
// two dependent memory reads per lookup: at a million entries, lookups are bound by memory.
//
// Lookups are heterogeneous when the hash is transparent (KeyHash<std::string> is): a
// std::string_view finds a std::string key without building one.
//
// Complexity: get, peek, put, erase, contains, size: O(1) average. clear: O(n).
// Memory: the slab grows by doubling up to capacity; per entry sizeof(K) + sizeof(V) + 12 bytes
// (+ padding), plus 10.7 to 21.3 bytes of index, plus whatever K and V allocate; bytes() counts
// all of it, in O(1).
// Invariants: size() <= capacity(); the index and the list hold the same entries; a capacity of
// 0 is legal and stores nothing. Precondition: capacity < 2^32 - 1. Thread-safety: none (wrap in
// SynchronizedCache for threads).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "cache/cache_stats.h"
#include "cache/key_hash.h"
#include "cache/slot_index.h"
#include "sim/trace.h"

namespace sdlab::cache {

enum class Order { kRecency, kInsertion };

template <class K, class V, Order kOrder, class Hash = KeyHash<K>>
class ListCache {
 public:
  struct Entry {
    K key;
    V value;
  };

  explicit ListCache(std::size_t capacity) : capacity_(capacity) {}

  // The value for `key`, or nullptr. Counts a hit or a miss; under LRU a hit moves the entry to
  // the front. The pointer is valid until the next call that changes the cache.
  template <class Q = K>
  V* get(const Q& key) {
    const std::uint32_t id = find(key, hash(key));
    if (id == kNone) {
      ++stats_.misses;
      note(trace_, "miss", key_of(key), "not in the cache");
      return nullptr;
    }
    ++stats_.hits;
    if (trace_) {
      note(trace_, "hit", key_of(key), "found in the cache",
           {{"position", position(id)}, {"size", size()}});
    }
    touch(id);
    return &slab_[id].entry.value;
  }

  // The value for `key`, or nullptr, without counting or reordering.
  template <class Q = K>
  const V* peek(const Q& key) const {
    const std::uint32_t id = find(key, hash(key));
    return id == kNone ? nullptr : &slab_[id].entry.value;
  }

  template <class Q = K>
  bool contains(const Q& key) const {
    return find(key, hash(key)) != kNone;
  }

  // Inserts or updates `key`. Returns the entry evicted to make room, if any.
  std::optional<std::pair<K, V>> put(K key, V value) {
    std::optional<std::pair<K, V>> evicted;
    put(std::move(key), std::move(value), [&](K& k, V& v) { evicted.emplace(std::move(k), std::move(v)); });
    return evicted;
  }

  // Inserts or updates `key` with `value` (anything K and V can be assigned from: views reuse the
  // storage of the entry they overwrite). Before a victim's entry is reused, calls
  // on_evict(K& key, V& value) with it; the callee may move from them.
  template <class Q, class W, class OnEvict>
  void put(Q&& key, W&& value, OnEvict&& on_evict) {
    const std::uint32_t h = hash(key);
    if (const std::uint32_t id = find(key, h); id != kNone) {
      owned_ -= owned_bytes(slab_[id].entry.value);
      slab_[id].entry.value = std::forward<W>(value);
      owned_ += owned_bytes(slab_[id].entry.value);
      if (trace_) {
        note(trace_, "update", key_of(key), "already cached: value replaced",
             {{"position", position(id)}});
      }
      touch(id);
      return;
    }
    if (capacity_ == 0) {
      note(trace_, "reject", key_of(key), "capacity is 0: nothing is stored");
      return;
    }
    std::uint32_t id;
    if (index_.size() == capacity_) {
      id = tail_;
      Node& victim = slab_[id];
      if (trace_) {
        note(trace_, "evict", victim.entry.key,
             kOrder == Order::kRecency ? "least recently used: at the tail"
                                       : "oldest insertion: at the tail",
             {{"position", size() - 1}, {"size", size()}});
      }
      ++stats_.evictions;
      index_.erase(victim.hash, id);
      unlink(id);
      owned_ -= owned_bytes(victim.entry.key) + owned_bytes(victim.entry.value);
      on_evict(victim.entry.key, victim.entry.value);
      victim.entry.key = std::forward<Q>(key);
      victim.entry.value = std::forward<W>(value);
    } else {
      id = allocate(std::forward<Q>(key), std::forward<W>(value));
    }
    owned_ += owned_bytes(slab_[id].entry.key) + owned_bytes(slab_[id].entry.value);
    slab_[id].hash = h;
    link_front(id);
    if (trace_) {
      note(trace_, "insert", slab_[id].entry.key, "added at the head",
           {{"position", 0}, {"size", size() + 1}});
    }
    index_.insert(h, id);
  }

  // Removes `key`; false if it was not cached.
  template <class Q = K>
  bool erase(const Q& key) {
    const std::uint32_t id = find(key, hash(key));
    if (id == kNone) return false;
    if (trace_) {
      note(trace_, "remove", key_of(key), "removed on request", {{"position", position(id)}});
    }
    index_.erase(slab_[id].hash, id);
    unlink(id);
    owned_ -= owned_bytes(slab_[id].entry.key) + owned_bytes(slab_[id].entry.value);
    slab_[id].entry = Entry{};  // releases what the key and value held
    slab_[id].next = free_;
    free_ = id;
    return true;
  }

  void clear() {
    slab_ = {};
    index_.clear();
    head_ = tail_ = free_ = kNone;
    owned_ = 0;
  }

  std::size_t size() const { return index_.size(); }
  // Bytes the cache holds: its slab and index (structure_bytes: one put grows them by at most as
  // much again), and what its keys and values own on the heap.
  std::size_t bytes() const { return structure_bytes() + owned_; }
  std::size_t structure_bytes() const { return slab_.capacity() * sizeof(Node) + index_.bytes(); }
  std::size_t capacity() const { return capacity_; }
  const CacheStats& stats() const { return stats_; }

  // Visits entries from the head (kept longest) to the tail (next victim).
  template <class F>
  void for_each(F&& visit) const {
    for (std::uint32_t id = head_; id != kNone; id = slab_[id].next) visit(slab_[id].entry.key, slab_[id].entry.value);
  }

  void set_trace(sim::Trace* trace) { trace_ = trace; }

 private:
  static constexpr std::uint32_t kNone = SlotIndex::kNone;

  struct Node {
    Entry entry;
    std::uint32_t prev;
    std::uint32_t next;
    std::uint32_t hash;  // SlotIndex::mix of the key's hash
  };

  template <class Q>
  std::uint32_t hash(const Q& key) const {
    return SlotIndex::mix(hasher_(key));
  }

  template <class Q>
  std::uint32_t find(const Q& key, std::uint32_t h) const {
    return index_.find(h, [&](std::uint32_t id) { return slab_[id].entry.key == key; });
  }

  // A looked-up key as the trace names it: a K as it is, text as a view, anything else as a K.
  template <class Q>
  static decltype(auto) key_of(const Q& key) {
    if constexpr (std::is_same_v<Q, K>) return (key);
    else if constexpr (std::is_constructible_v<std::string_view, const Q&>) return std::string_view(key);
    else return K(key);
  }

  template <class Q, class W>
  std::uint32_t allocate(Q&& key, W&& value) {
    if (free_ != kNone) {
      const std::uint32_t id = free_;
      free_ = slab_[id].next;
      slab_[id].entry.key = std::forward<Q>(key);
      slab_[id].entry.value = std::forward<W>(value);
      return id;
    }
    if (slab_.size() == slab_.capacity()) slab_.reserve(std::min(capacity_, std::max<std::size_t>(8, 2 * slab_.size())));
    slab_.push_back(Node{Entry{K(std::forward<Q>(key)), V(std::forward<W>(value))}, kNone, kNone, 0});
    return static_cast<std::uint32_t>(slab_.size() - 1);
  }

  void unlink(std::uint32_t id) {
    const Node& node = slab_[id];
    (node.prev == kNone ? head_ : slab_[node.prev].next) = node.next;
    (node.next == kNone ? tail_ : slab_[node.next].prev) = node.prev;
  }

  // The place of entry `id` in the list, 0 at the head. O(n): for trace steps only.
  std::size_t position(std::uint32_t id) const {
    std::size_t at = 0;
    for (std::uint32_t i = head_; i != id; i = slab_[i].next) ++at;
    return at;
  }

  void link_front(std::uint32_t id) {
    slab_[id].prev = kNone;
    slab_[id].next = head_;
    (head_ == kNone ? tail_ : slab_[head_].prev) = id;
    head_ = id;
  }

  void touch(std::uint32_t id) {
    if constexpr (kOrder == Order::kRecency) {
      if (id != head_) {
        const std::size_t from = trace_ ? position(id) : 0;
        unlink(id);
        link_front(id);
        if (trace_) {
          note(trace_, "promote", slab_[id].entry.key, "moved to the head: most recently used",
               {{"from", from}, {"position", 0}});
        }
      }
    }
  }

  std::size_t capacity_;
  std::vector<Node> slab_;
  SlotIndex index_;
  std::uint32_t head_ = kNone;
  std::uint32_t tail_ = kNone;
  std::uint32_t free_ = kNone;  // erased entries, linked through next
  std::size_t owned_ = 0;       // owned_bytes of the keys and values held
  [[no_unique_address]] Hash hasher_;
  CacheStats stats_;
  sim::Trace* trace_ = nullptr;
};

}  // namespace sdlab::cache
