// sdlab::cache::LfuCache — evicts the least frequently used entry; among entries used equally
// often, the least recently used one.
//
// Structure (the O(1) LFU of Shah, Mitra & Matani, 2010): a list of frequency buckets in
// ascending order of use count, each holding its entries from most to least recently used, and a
// hash map from key to entry. An access moves the entry from bucket f to bucket f+1 (created
// next to f when missing); an eviction takes the back of the first bucket.
//
// A new entry starts at frequency 1. get and put of a cached key both count as a use.
// Complexity: get, peek, put, erase, contains, size, bytes: O(1) average. clear: O(n).
// Invariants: buckets are non-empty and strictly ascending by frequency; size() <= capacity();
// capacity 0 is legal and stores nothing. Thread-safety: none (wrap in Synchronized).
//
// Trade-off against LRU: keeps long-term popular keys through scans, but a key that was hot once
// keeps its high count after it cools (no ageing here, as in the classic algorithm).
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "cache/cache_stats.h"
#include "sim/trace.h"

namespace sdlab::cache {

template <class K, class V, class Hash = std::hash<K>>
class LfuCache {
  struct Bucket;
  using BucketIt = typename std::list<Bucket>::iterator;

 public:
  struct Entry {
    K key;
    V value;
    BucketIt bucket;
  };

  explicit LfuCache(std::size_t capacity) : capacity_(capacity) { index_.reserve(capacity); }

  V* get(const K& key) {
    auto found = index_.find(key);
    if (found == index_.end()) {
      ++stats_.misses;
      note(trace_, "miss", key, "not in the cache");
      return nullptr;
    }
    ++stats_.hits;
    if (trace_) {
      note(trace_, "hit", key, "found in the cache", {{"count", found->second->bucket->frequency}});
    }
    found->second = bump(found->second);
    return &found->second->value;
  }

  const V* peek(const K& key) const {
    auto found = index_.find(key);
    return found == index_.end() ? nullptr : &found->second->value;
  }

  bool contains(const K& key) const { return index_.count(key) != 0; }

  // Inserts or updates `key`. Returns the entry evicted to make room, if any.
  std::optional<std::pair<K, V>> put(K key, V value) {
    if (auto found = index_.find(key); found != index_.end()) {
      owned_ -= owned_bytes(found->second->value);
      found->second->value = std::move(value);
      owned_ += owned_bytes(found->second->value);
      note(trace_, "update", key, "already cached: value replaced");
      found->second = bump(found->second);
      return std::nullopt;
    }
    if (capacity_ == 0) {
      note(trace_, "reject", key, "capacity is 0: nothing is stored");
      return std::nullopt;
    }
    std::optional<std::pair<K, V>> evicted;
    if (index_.size() == capacity_) evicted = evict();
    if (buckets_.empty() || buckets_.front().frequency != 1) {
      buckets_.push_front(Bucket{1, {}});
    }
    BucketIt first = buckets_.begin();
    first->entries.push_front(Entry{key, std::move(value), first});
    if (trace_) note(trace_, "insert", key, "added to the frequency-1 bucket", {{"count", 1}});
    const Entry& entry = first->entries.front();
    const K& indexed = index_.emplace(std::move(key), first->entries.begin()).first->first;
    owned_ += owned_bytes(entry.key) + owned_bytes(entry.value) + owned_bytes(indexed);
    return evicted;
  }

  bool erase(const K& key) {
    auto found = index_.find(key);
    if (found == index_.end()) return false;
    note(trace_, "remove", key, "removed on request");
    owned_ -= owned_bytes(found->second->key) + owned_bytes(found->second->value) + owned_bytes(found->first);
    unlink(found->second);
    index_.erase(found);
    return true;
  }

  void clear() {
    index_.clear();
    buckets_.clear();
    owned_ = 0;
  }

  std::size_t size() const { return index_.size(); }
  // Bytes the cache holds: its lists' and map's nodes and the map's buckets (structure_bytes: one
  // put grows them by at most as much again), and what its keys (held twice: in the entry and in
  // the map) and values own on the heap.
  std::size_t bytes() const { return structure_bytes() + owned_; }
  std::size_t structure_bytes() const {
    return index_.bucket_count() * sizeof(void*) +
           index_.size() * (sizeof(typename Index::value_type) + sizeof(Entry) + 2 * kNodeOverhead) +
           buckets_.size() * (sizeof(Bucket) + kNodeOverhead);
  }
  std::size_t capacity() const { return capacity_; }
  const CacheStats& stats() const { return stats_; }

  // The use count of `key`, or 0 if it is not cached.
  std::uint64_t frequency(const K& key) const {
    auto found = index_.find(key);
    return found == index_.end() ? 0 : found->second->bucket->frequency;
  }

  // Visits buckets from the lowest frequency (next victims) up: visit(frequency, entries), the
  // entries ordered from most to least recently used.
  template <class F>
  void for_each_bucket(F&& visit) const {
    for (const Bucket& bucket : buckets_) visit(bucket.frequency, bucket.entries);
  }

  void set_trace(sim::Trace* trace) { trace_ = trace; }

 private:
  using EntryIt = typename std::list<Entry>::iterator;

  struct Bucket {
    std::uint64_t frequency;
    std::list<Entry> entries;
  };

  // Moves an entry from its bucket f to bucket f+1; returns its new position.
  EntryIt bump(EntryIt entry) {
    BucketIt from = entry->bucket;
    BucketIt to = std::next(from);
    const std::uint64_t frequency = from->frequency + 1;
    if (to == buckets_.end() || to->frequency != frequency) {
      to = buckets_.insert(to, Bucket{frequency, {}});
    }
    to->entries.splice(to->entries.begin(), from->entries, entry);
    entry->bucket = to;
    if (from->entries.empty()) buckets_.erase(from);
    if (trace_) {
      note(trace_, "promote", entry->key, ("use count " + std::to_string(frequency)).c_str(),
           {{"count", frequency}});
    }
    return entry;
  }

  std::pair<K, V> evict() {
    Bucket& lowest = buckets_.front();
    Entry& victim = lowest.entries.back();
    if (trace_) {
      note(trace_, "evict", victim.key,
           ("least frequently used (count " + std::to_string(lowest.frequency) +
            "), least recent among equals")
               .c_str(),
           {{"count", lowest.frequency}, {"size", index_.size()}});
    }
    ++stats_.evictions;
    auto found = index_.find(victim.key);
    owned_ -= owned_bytes(victim.key) + owned_bytes(victim.value) + owned_bytes(found->first);
    std::pair<K, V> evicted{std::move(victim.key), std::move(victim.value)};
    index_.erase(found);
    unlink(std::prev(lowest.entries.end()));
    return evicted;
  }

  void unlink(EntryIt entry) {
    BucketIt bucket = entry->bucket;
    bucket->entries.erase(entry);
    if (bucket->entries.empty()) buckets_.erase(bucket);
  }

  using Index = std::unordered_map<K, EntryIt, Hash>;
  std::size_t capacity_;
  std::list<Bucket> buckets_;
  Index index_;
  std::size_t owned_ = 0;  // owned_bytes of the keys (in entries and index) and values held
  CacheStats stats_;
  sim::Trace* trace_ = nullptr;
};

}  // namespace sdlab::cache
