// sdlab::ratelimit::KeyedLimiter — one limiter per client key, created on the client's first
// request with the same configuration, and forgotten after the client has been idle.
//
// Structure, laid out for memory rather than pointers (at 100,000 clients the table no longer fits
// in cache, and every pointer followed is a cache miss):
//   - client records in one vector (key, limiter, the neighbours in recency order as 32-bit
//     slots); an evicted client's record joins a free list and is reused by the next new client;
//   - an open-addressing index (linear probing, at most 3/4 full, deletion by backward shift, no
//     tombstones) of {32-bit hash, slot} pairs: a lookup reads one or two adjacent index entries
//     and then the one record whose hash matches.
// A request moves its client to the front of the recency list; before each request (and on
// sweep()), clients idle for at least `idle_timeout` are evicted from the back — O(1) amortized,
// since each client is evicted at most once per creation. An evicted client that comes back
// starts afresh, so choose an idle timeout no shorter than the time the algorithm needs to forget
// a client (a full refill, an emptied queue, two windows): then eviction never changes a decision.
//
// bytes(): the index, the record slots (live or free) and the heap the live clients' keys and
// limiters own (allocator overhead excluded). O(clients).
// Complexity: request O(1) average plus evictions. Memory: about sizeof(Client) + 16 bytes per
// client. Invariants: every live record is in the index and in the recency list exactly once.
// Thread-safety: none.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/hash.h"
#include "ratelimit/limiter.h"

namespace sdlab::ratelimit {

inline constexpr std::size_t kMaxClientKeyBytes = 256;

template <class A>
class KeyedLimiter {
 public:
  using Config = typename A::Config;

  // Preconditions: A::check(config) is ok; idle_timeout > 0.
  KeyedLimiter(const Config& config, sim::Micros idle_timeout)
      : config_(config), idle_timeout_(idle_timeout), index_(kMinIndexSize) {}

  // Decides on `key`'s request of `cost` at `now`. Errors (nothing changed): a key longer than
  // kMaxClientKeyBytes, and those of Limiter::request.
  Status request(std::string_view key, sim::Micros now, std::uint64_t cost, Decision* decision) {
    if (Status s = first_error(check_length("client", key, kMaxClientKeyBytes),
                               check_request(now, last_seen_, cost));
        !s.is_ok()) {
      return s;
    }
    last_seen_ = now;
    sweep(now);
    const auto hash = static_cast<std::uint32_t>(hash64(key));
    std::uint32_t slot = find(key, hash);
    if (slot == kNone) {
      slot = track(key, hash);
      if (trace_) trace_->add("track", clients_[slot].key, "first request: a new limiter");
    } else {
      unlink(slot);
    }
    push_front(slot);
    clients_[slot].last_seen = now;
    return clients_[slot].limiter.request(now, cost, decision);
  }

  // Evicts every client idle for at least the idle timeout at `now`; returns how many.
  std::size_t sweep(sim::Micros now) {
    std::size_t evicted = 0;
    while (back_ != kNone && now - clients_[back_].last_seen >= idle_timeout_) {
      const std::uint32_t slot = back_;
      if (trace_) trace_->add("evict", clients_[slot].key, "idle since " + format_seconds(clients_[slot].last_seen));
      unlink(slot);
      forget(slot);
      ++evicted;
    }
    evictions_ += evicted;
    return evicted;
  }

  // The client's limiter, or nullptr when it is not tracked.
  const A* find(std::string_view key) const {
    const std::uint32_t slot = find(key, static_cast<std::uint32_t>(hash64(key)));
    return slot == kNone ? nullptr : &clients_[slot].limiter;
  }

  std::size_t clients() const { return size_; }
  std::uint64_t evictions() const { return evictions_; }
  sim::Micros idle_timeout() const { return idle_timeout_; }

  std::size_t bytes() const {
    std::size_t total = sizeof(*this) + index_.capacity() * sizeof(Entry) + clients_.capacity() * sizeof(Client);
    for_each_slot([&](const Client& c) { total += c.limiter.bytes() - sizeof(A) + string_heap_bytes(c.key); });
    return total;
  }

  // Visits clients from the most recently seen: visit(key, limiter, last_seen).
  template <class F>
  void for_each(F&& visit) const {
    for_each_slot([&](const Client& c) { visit(c.key, c.limiter, c.last_seen); });
  }

  void set_trace(sim::Trace* trace) {
    trace_ = trace;
    for (std::uint32_t slot = front_; slot != kNone; slot = clients_[slot].older) {
      clients_[slot].limiter.set_trace(trace);
    }
  }

 private:
  static constexpr std::uint32_t kNone = UINT32_MAX;
  static constexpr std::size_t kMinIndexSize = 16;  // a power of two

  struct Client {
    std::string key;
    A limiter;
    sim::Micros last_seen;
    std::uint32_t newer;  // neighbours in recency order, or kNone
    std::uint32_t older;
  };

  // An index entry: a client's slot and the low 32 bits of its key's hash (kNone: empty).
  struct Entry {
    std::uint32_t hash = 0;
    std::uint32_t slot = kNone;
  };

  std::size_t mask() const { return index_.size() - 1; }

  std::uint32_t find(std::string_view key, std::uint32_t hash) const {
    for (std::size_t i = hash & mask();; i = (i + 1) & mask()) {
      const Entry& e = index_[i];
      if (e.slot == kNone) return kNone;
      if (e.hash == hash && clients_[e.slot].key == key) return e.slot;
    }
  }

  // A record for a new client, in the index; not yet in the recency list.
  std::uint32_t track(std::string_view key, std::uint32_t hash) {
    if (4 * (size_ + 1) > 3 * index_.size()) grow();
    std::uint32_t slot = free_;
    if (slot == kNone) {
      slot = static_cast<std::uint32_t>(clients_.size());
      clients_.push_back({std::string(key), A(config_), 0, kNone, kNone});
    } else {
      free_ = clients_[slot].older;
      clients_[slot].key = key;
    }
    clients_[slot].limiter.set_trace(trace_);
    place({hash, slot});
    ++size_;
    return slot;
  }

  // Drops an unlinked client from the index and frees its record (and its heap) for reuse.
  void forget(std::uint32_t slot) {
    Client& c = clients_[slot];
    std::size_t hole = static_cast<std::uint32_t>(hash64(c.key)) & mask();
    while (index_[hole].slot != slot) hole = (hole + 1) & mask();
    // Backward shift: pull later entries of the probe run into the hole when their home allows.
    for (std::size_t next = (hole + 1) & mask(); index_[next].slot != kNone; next = (next + 1) & mask()) {
      const std::size_t home = index_[next].hash & mask();
      if (((next - home) & mask()) >= ((next - hole) & mask())) {
        index_[hole] = index_[next];
        hole = next;
      }
    }
    index_[hole] = Entry{};
    std::string().swap(c.key);
    c.limiter = A(config_);
    c.older = free_;
    free_ = slot;
    --size_;
  }

  void place(Entry entry) {
    std::size_t i = entry.hash & mask();
    while (index_[i].slot != kNone) i = (i + 1) & mask();
    index_[i] = entry;
  }

  void grow() {
    std::vector<Entry> old(2 * index_.size());
    old.swap(index_);
    for (const Entry& e : old) {
      if (e.slot != kNone) place(e);
    }
  }

  void push_front(std::uint32_t slot) {
    clients_[slot].newer = kNone;
    clients_[slot].older = front_;
    (front_ == kNone ? back_ : clients_[front_].newer) = slot;
    front_ = slot;
  }

  void unlink(std::uint32_t slot) {
    const Client& c = clients_[slot];
    (c.newer == kNone ? front_ : clients_[c.newer].older) = c.older;
    (c.older == kNone ? back_ : clients_[c.older].newer) = c.newer;
  }

  template <class F>
  void for_each_slot(F&& visit) const {
    for (std::uint32_t slot = front_; slot != kNone; slot = clients_[slot].older) visit(clients_[slot]);
  }

  static std::size_t string_heap_bytes(const std::string& s) {
    const auto data = reinterpret_cast<std::uintptr_t>(s.data());
    const auto self = reinterpret_cast<std::uintptr_t>(&s);
    return data >= self && data < self + sizeof(s) ? 0 : s.capacity() + 1;
  }

  Config config_;
  sim::Micros idle_timeout_;
  std::vector<Client> clients_;   // records, live or free
  std::uint32_t free_ = kNone;    // the first free record; each links the next through `older`
  std::vector<Entry> index_;      // size a power of two
  std::size_t size_ = 0;             // live clients
  std::uint32_t front_ = kNone;      // most recently seen
  std::uint32_t back_ = kNone;       // least recently seen: the next to evict
  sim::Micros last_seen_ = 0;
  std::uint64_t evictions_ = 0;
  sim::Trace* trace_ = nullptr;
};

}  // namespace sdlab::ratelimit
