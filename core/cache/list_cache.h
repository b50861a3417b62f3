// sdlab::cache::ListCache — a bounded key-value cache kept as one ordered list: the engine behind
// LruCache (recency order) and FifoCache (insertion order). See lru_cache.h and fifo_cache.h.
//
// Structure: a hash map from key to a node of a doubly linked list. The front of the list is the
// entry that stays longest; the back is the next victim.
//   - Order::kRecency   (LRU): a hit or an update moves the entry to the front.
//   - Order::kInsertion (FIFO): entries keep their place until evicted; an update keeps the place.
//
// Complexity: get, peek, put, erase, contains, size: O(1) average. clear: O(n).
// Invariants: size() <= capacity(); the map and the list hold the same keys; a capacity of 0 is
// legal and stores nothing. Thread-safety: none (wrap in Synchronized for threads).
#pragma once

#include <cstddef>
#include <list>
#include <optional>
#include <unordered_map>
#include <utility>

#include "cache/cache_stats.h"
#include "sim/trace.h"

namespace sdlab::cache {

enum class Order { kRecency, kInsertion };

template <class K, class V, Order kOrder, class Hash = std::hash<K>>
class ListCache {
 public:
  struct Entry {
    K key;
    V value;
  };

  explicit ListCache(std::size_t capacity) : capacity_(capacity) { index_.reserve(capacity); }

  // The value for `key`, or nullptr. Counts a hit or a miss; under LRU a hit moves the entry to
  // the front. The pointer is valid until the next call that changes the cache.
  V* get(const K& key) {
    auto found = index_.find(key);
    if (found == index_.end()) {
      ++stats_.misses;
      note(trace_, "miss", key, "not in the cache");
      return nullptr;
    }
    ++stats_.hits;
    note(trace_, "hit", key, "found in the cache");
    touch(found->second);
    return &found->second->value;
  }

  // The value for `key`, or nullptr, without counting or reordering.
  const V* peek(const K& key) const {
    auto found = index_.find(key);
    return found == index_.end() ? nullptr : &found->second->value;
  }

  bool contains(const K& key) const { return index_.count(key) != 0; }

  // Inserts or updates `key`. Returns the entry evicted to make room, if any.
  std::optional<std::pair<K, V>> put(K key, V value) {
    if (auto found = index_.find(key); found != index_.end()) {
      found->second->value = std::move(value);
      note(trace_, "update", key, "already cached: value replaced");
      touch(found->second);
      return std::nullopt;
    }
    if (capacity_ == 0) {
      note(trace_, "reject", key, "capacity is 0: nothing is stored");
      return std::nullopt;
    }
    std::optional<std::pair<K, V>> evicted;
    if (index_.size() == capacity_) {
      // Reuse the victim's node: no allocation once the cache is full.
      auto victim = std::prev(order_.end());
      note(trace_, "evict", victim->key, kOrder == Order::kRecency ? "least recently used: at the tail"
                                                           : "oldest insertion: at the tail");
      ++stats_.evictions;
      index_.erase(victim->key);
      evicted.emplace(std::move(victim->key), std::move(victim->value));
      order_.splice(order_.begin(), order_, victim);
      order_.front() = Entry{key, std::move(value)};
    } else {
      order_.push_front(Entry{key, std::move(value)});
    }
    note(trace_, "insert", key, "added at the head");
    index_.emplace(std::move(key), order_.begin());
    return evicted;
  }

  // Removes `key`; false if it was not cached.
  bool erase(const K& key) {
    auto found = index_.find(key);
    if (found == index_.end()) return false;
    note(trace_, "remove", key, "removed on request");
    order_.erase(found->second);
    index_.erase(found);
    return true;
  }

  void clear() {
    index_.clear();
    order_.clear();
  }

  std::size_t size() const { return index_.size(); }
  std::size_t capacity() const { return capacity_; }
  const CacheStats& stats() const { return stats_; }

  // Visits entries from the head (kept longest) to the tail (next victim).
  template <class F>
  void for_each(F&& visit) const {
    for (const Entry& entry : order_) visit(entry.key, entry.value);
  }

  void set_trace(sim::Trace* trace) { trace_ = trace; }

 private:
  using Node = typename std::list<Entry>::iterator;

  void touch(Node node) {
    if constexpr (kOrder == Order::kRecency) {
      if (node != order_.begin()) {
        order_.splice(order_.begin(), order_, node);
        note(trace_, "promote", node->key, "moved to the head: most recently used");
      }
    }
  }

  std::size_t capacity_;
  std::list<Entry> order_;
  std::unordered_map<K, Node, Hash> index_;
  CacheStats stats_;
  sim::Trace* trace_ = nullptr;
};

}  // namespace sdlab::cache
