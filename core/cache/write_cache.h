// sdlab::cache::WriteCache — an LRU cache in front of a SlowStore, in one of two write modes.
//
//   write-through: put writes the store, then the cache; the write is durable when acknowledged,
//                  and every put pays the store's latency.
//   write-back:    put writes only the cache and marks the entry dirty; the store is written when
//                  a dirty entry is evicted or on flush(). Puts are fast, but a crash loses every
//                  acknowledged write still dirty.
// get reads through: a miss loads the value from the store (paying its latency) and caches it.
// crash() models the cache process dying: its contents vanish, the store stays.
//
// Complexity: get, put, erase, bytes: O(1) average plus one store call when the store is touched.
// flush, crash: O(n). Invariants: size() <= capacity(); dirty keys are cached keys and exist only
// under write-back; every entry evicted dirty is written back. Thread-safety: none.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "cache/lru_cache.h"
#include "cache/slow_store.h"

namespace sdlab::cache {

enum class WriteMode { kThrough, kBack };

// "through" or "back"; false for anything else.
inline bool parse_write_mode(std::string_view name, WriteMode& mode) {
  if (name != "through" && name != "back") return false;
  mode = name == "back" ? WriteMode::kBack : WriteMode::kThrough;
  return true;
}

template <class K, class V, class Hash = std::hash<K>>
class WriteCache {
 public:
  // Preconditions: capacity >= 1 (so that no acknowledged write is dropped); `store` outlives
  // the cache.
  WriteCache(WriteMode mode, std::size_t capacity, SlowStore<K, V>& store)
      : mode_(mode), cache_(capacity), store_(store) {}

  // The cached value, or on a miss the store's (then cached), or nullopt if neither has it.
  std::optional<V> get(const K& key) {
    if (const V* value = cache_.get(key)) return *value;
    std::optional<V> loaded = store_.read(key);
    if (!loaded) {
      note(trace_, "absent", key, "not in the store either");
      return std::nullopt;
    }
    note(trace_, "load", key, "read through from the store");
    insert(key, *loaded, false);
    return loaded;
  }

  void put(const K& key, V value) {
    if (mode_ == WriteMode::kThrough) {
      store_.write(key, value);
      note(trace_, "store-write", key, "written through to the store before the cache");
    } else {
      note(trace_, "dirty", key, "acknowledged from the cache; the store is written later");
    }
    insert(key, std::move(value), mode_ == WriteMode::kBack);
  }

  // Removes `key` from the cache and the store; false if neither had it.
  bool erase(const K& key) {
    clean(key);
    const bool cached = cache_.erase(key);
    return store_.erase(key) || cached;
  }

  // Writes every dirty entry to the store; returns how many.
  std::size_t flush() {
    const auto pending = dirty_entries();
    for (const auto& [key, value] : pending) write_back(key, value, "flushed to the store");
    dirty_.clear();
    dirty_owned_ = 0;
    return pending.size();
  }

  // The cache loses its contents. Returns the keys whose acknowledged writes were lost (the dirty
  // ones, head to tail; none under write-through).
  std::vector<K> crash() {
    if (trace_) trace_->add("crash", "cache", "the cache process died: its contents are gone");
    std::vector<K> lost;
    for (auto& [key, value] : dirty_entries()) {
      note(trace_, "lost", key, "dirty at the crash: the acknowledged write never reached the store");
      lost.push_back(std::move(key));
    }
    cache_.clear();
    dirty_.clear();
    dirty_owned_ = 0;
    lost_writes_ += lost.size();
    return lost;
  }

  bool dirty(const K& key) const { return dirty_.count(key) != 0; }
  WriteMode mode() const { return mode_; }
  std::size_t size() const { return cache_.size(); }
  // Bytes the cache holds (its LRU and its dirty set), not counting the store's; structure_bytes
  // without what the texts own (one put grows it by at most as much again).
  std::size_t bytes() const { return structure_bytes() + cache_.bytes() - cache_.structure_bytes() + dirty_owned_; }
  std::size_t structure_bytes() const {
    return cache_.structure_bytes() + dirty_.bucket_count() * sizeof(void*) + dirty_.size() * (sizeof(K) + kNodeOverhead);
  }
  std::size_t capacity() const { return cache_.capacity(); }
  const CacheStats& stats() const { return cache_.stats(); }
  std::uint64_t write_backs() const { return write_backs_; }
  std::uint64_t lost_writes() const { return lost_writes_; }
  const SlowStore<K, V>& store() const { return store_; }

  // Visits entries head to tail as visit(key, value, dirty).
  template <class F>
  void for_each(F&& visit) const {
    cache_.for_each([&](const K& key, const V& value) { visit(key, value, dirty(key)); });
  }

  void set_trace(sim::Trace* trace) {
    trace_ = trace;
    cache_.set_trace(trace);
  }

 private:
  void insert(const K& key, V value, bool dirty) {
    auto evicted = cache_.put(key, std::move(value));
    if (evicted && clean(evicted->first)) {
      write_back(evicted->first, std::move(evicted->second), "evicted dirty: written back");
    }
    if (!dirty) return;
    if (auto [at, added] = dirty_.insert(key); added) dirty_owned_ += owned_bytes(*at);
  }

  // Takes `key` off the dirty set; whether it was there.
  bool clean(const K& key) {
    auto found = dirty_.find(key);
    if (found == dirty_.end()) return false;
    dirty_owned_ -= owned_bytes(*found);
    dirty_.erase(found);
    return true;
  }

  void write_back(const K& key, V value, const char* why) {
    store_.write(key, std::move(value));
    ++write_backs_;
    note(trace_, "write-back", key, why);
  }

  std::vector<std::pair<K, V>> dirty_entries() const {
    std::vector<std::pair<K, V>> entries;
    cache_.for_each([&](const K& key, const V& value) {
      if (dirty(key)) entries.emplace_back(key, value);
    });
    return entries;
  }

  WriteMode mode_;
  LruCache<K, V, Hash> cache_;
  std::unordered_set<K, Hash> dirty_;
  std::size_t dirty_owned_ = 0;  // owned_bytes of the dirty keys
  SlowStore<K, V>& store_;
  std::uint64_t write_backs_ = 0;
  std::uint64_t lost_writes_ = 0;
  sim::Trace* trace_ = nullptr;
};

}  // namespace sdlab::cache
