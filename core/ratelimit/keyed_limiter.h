// sdlab::ratelimit::KeyedLimiter — one limiter per client key, created on the client's first
// request with the same configuration, and forgotten after the client has been idle.
//
// Structure: a list of clients ordered by their last request (most recent at the front) and a
// hash map from key to list node. A request moves its client to the front; before each request
// (and on sweep()), clients idle for at least `idle_timeout` are evicted from the back — O(1)
// amortized, since each client is evicted at most once per creation. An evicted client that comes
// back starts afresh, so choose an idle timeout no shorter than the time the algorithm needs to
// forget a client (a full refill, an emptied queue, two windows): then eviction never changes a
// decision.
//
// bytes(): the map's bucket array plus, per client, its list node (key, limiter, last-seen time),
// its map node and the heap its key and limiter own, as laid out by the standard library
// (allocator overhead excluded). O(clients).
// Complexity: request O(1) average plus evictions. Thread-safety: none.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>

#include "ratelimit/limiter.h"

namespace sdlab::ratelimit {

inline constexpr std::size_t kMaxClientKeyBytes = 256;

template <class A>
class KeyedLimiter {
 public:
  using Config = typename A::Config;

  struct Client {
    std::string key;
    A limiter;
    sim::Micros last_seen;
  };

  // Preconditions: A::check(config) is ok; idle_timeout > 0.
  KeyedLimiter(const Config& config, sim::Micros idle_timeout)
      : config_(config), idle_timeout_(idle_timeout) {}

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
    auto found = index_.find(key);
    if (found == index_.end()) {
      clients_.push_front(Client{std::string(key), A(config_), now});
      clients_.front().limiter.set_trace(trace_);
      if (trace_) trace_->add("track", clients_.front().key, "first request: a new limiter");
      found = index_.emplace(clients_.front().key, clients_.begin()).first;
    } else {
      clients_.splice(clients_.begin(), clients_, found->second);
      found->second->last_seen = now;
    }
    return found->second->limiter.request(now, cost, decision);
  }

  // Evicts every client idle for at least the idle timeout at `now`; returns how many.
  std::size_t sweep(sim::Micros now) {
    std::size_t evicted = 0;
    while (!clients_.empty() && now - clients_.back().last_seen >= idle_timeout_) {
      if (trace_) trace_->add("evict", clients_.back().key, "idle since " +
                              format_seconds(clients_.back().last_seen));
      index_.erase(clients_.back().key);
      clients_.pop_back();
      ++evicted;
    }
    evictions_ += evicted;
    return evicted;
  }

  // The client's limiter, or nullptr when it is not tracked.
  const A* find(std::string_view key) const {
    auto found = index_.find(key);
    return found == index_.end() ? nullptr : &found->second->limiter;
  }

  std::size_t clients() const { return index_.size(); }
  std::uint64_t evictions() const { return evictions_; }
  sim::Micros idle_timeout() const { return idle_timeout_; }

  std::size_t bytes() const {
    std::size_t total = sizeof(*this) + index_.bucket_count() * sizeof(void*);
    for (const Client& client : clients_) {
      total += kListNodeBytes + kMapNodeBytes + client.limiter.bytes() - sizeof(A) +
               string_heap_bytes(client.key);
    }
    return total;
  }

  // Visits clients from the most recently seen: visit(key, limiter, last_seen).
  template <class F>
  void for_each(F&& visit) const {
    for (const Client& c : clients_) visit(c.key, c.limiter, c.last_seen);
  }

  void set_trace(sim::Trace* trace) {
    trace_ = trace;
    for (Client& client : clients_) client.limiter.set_trace(trace);
  }

 private:
  using Node = typename std::list<Client>::iterator;
  static constexpr std::size_t kListNodeBytes = sizeof(Client) + 2 * sizeof(void*);
  // next pointer, the key view and node, and the cached hash.
  static constexpr std::size_t kMapNodeBytes =
      sizeof(void*) + sizeof(std::string_view) + sizeof(Node) + sizeof(std::size_t);

  static std::size_t string_heap_bytes(const std::string& s) {
    const auto data = reinterpret_cast<std::uintptr_t>(s.data());
    const auto self = reinterpret_cast<std::uintptr_t>(&s);
    return data >= self && data < self + sizeof(s) ? 0 : s.capacity() + 1;
  }

  Config config_;
  sim::Micros idle_timeout_;
  std::list<Client> clients_;
  std::unordered_map<std::string_view, Node> index_;  // views into the clients' keys
  sim::Micros last_seen_ = 0;
  std::uint64_t evictions_ = 0;
  sim::Trace* trace_ = nullptr;
};

}  // namespace sdlab::ratelimit
