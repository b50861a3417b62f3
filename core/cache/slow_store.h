// sdlab::cache::SlowStore — the simulated slow backing store (a database) behind a WriteCache.
//
// A sorted map whose every read and write costs a fixed latency: each call advances the shared
// simulated clock by it and is counted, so the page can show what a cache saves and what a
// write-back cache defers. It survives a cache crash: it is the durable side.
//
// Complexity: O(log n) per call; bytes() O(1). Invariants: reads() and writes() count every call; the clock
// advances by exactly latency() per call. Thread-safety: none.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <utility>

#include "cache/cache_stats.h"
#include "sim/clock.h"

namespace sdlab::cache {

// The slowest store latency the page and the JS API may set: one minute.
inline constexpr double kMaxStoreLatencyMs = 60'000;

template <class K, class V>
class SlowStore {
 public:
  // Preconditions: latency >= 0; `clock` outlives the store.
  SlowStore(sim::Clock& clock, sim::Micros latency) : clock_(clock), latency_(latency) {}

  std::optional<V> read(const K& key) {
    charge(reads_);
    auto found = data_.find(key);
    return found == data_.end() ? std::nullopt : std::optional<V>(found->second);
  }

  void write(const K& key, V value) {
    charge(writes_);
    auto [at, added] = data_.try_emplace(key);
    owned_ -= owned_bytes(at->second);
    at->second = std::move(value);
    owned_ += owned_bytes(at->second) + (added ? owned_bytes(at->first) : 0);
  }

  // A delete is a write; false if the key was not stored.
  bool erase(const K& key) {
    charge(writes_);
    auto found = data_.find(key);
    if (found == data_.end()) return false;
    owned_ -= owned_bytes(found->first) + owned_bytes(found->second);
    data_.erase(found);
    return true;
  }

  // Bytes the store holds: its map's nodes and what its keys and values own on the heap.
  std::size_t bytes() const { return data_.size() * kEntryBytes + owned_; }
  // What one more key adds to bytes() besides its texts.
  static constexpr std::size_t kEntryBytes = sizeof(typename std::map<K, V>::value_type) + kNodeOverhead;

  // Sorted by key.
  const std::map<K, V>& data() const { return data_; }
  std::uint64_t reads() const { return reads_; }
  std::uint64_t writes() const { return writes_; }
  sim::Micros latency() const { return latency_; }

 private:
  void charge(std::uint64_t& counter) {
    ++counter;
    clock_.advance(latency_);
  }

  sim::Clock& clock_;
  sim::Micros latency_;
  std::map<K, V> data_;
  std::size_t owned_ = 0;  // owned_bytes of the keys and values stored
  std::uint64_t reads_ = 0;
  std::uint64_t writes_ = 0;
};

}  // namespace sdlab::cache
