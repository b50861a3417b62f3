// sdlab::ratelimit::TimedQueue — a FIFO of {leaves_at, cost} entries in non-decreasing leaves_at
// order, with the running total of their costs: the sliding-window log (an entry leaves when it
// falls out of the window) and the leaky-bucket queue (an entry leaves when it departs).
//
// Stored in one vector with a moving head, compacted when the dead prefix is at least half the
// vector: push and drop are O(1) amortized, and memory is at most twice the live entries.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/invariant.h"
#include "sim/clock.h"

namespace sdlab::ratelimit {

class TimedQueue {
 public:
  struct Entry {
    sim::Micros leaves_at;
    std::uint64_t cost;
  };

  TimedQueue() = default;
  // A copy reserves the original's capacity, so heap_bytes() and every later growth match: a
  // copied limiter reports what the original does.
  TimedQueue(const TimedQueue& other) : head_(other.head_), total_(other.total_) {
    entries_.reserve(other.entries_.capacity());
    entries_.insert(entries_.end(), other.entries_.begin(), other.entries_.end());
  }
  TimedQueue& operator=(const TimedQueue& other) { return *this = TimedQueue(other); }
  TimedQueue(TimedQueue&&) noexcept = default;
  TimedQueue& operator=(TimedQueue&&) noexcept = default;

  // Precondition: leaves_at >= the last entry's.
  void push(sim::Micros leaves_at, std::uint64_t cost) {
    entries_.push_back({leaves_at, cost});
    total_ += cost;
  }

  // Removes the entries that have left by `now` (leaves_at <= now).
  void drop_until(sim::Micros now) {
    while (head_ < entries_.size() && entries_[head_].leaves_at <= now) {
      total_ -= entries_[head_++].cost;
    }
    if (head_ > 0 && head_ * 2 >= entries_.size()) {
      entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
  }

  // When enough entries will have left for `cost` more to fit under `limit`: the leaves_at of
  // the last entry that must leave. Precondition: total() + cost > limit and cost <= limit.
  sim::Micros room_at(std::uint64_t limit, std::uint64_t cost) const {
    std::uint64_t left = total_;
    std::size_t i = head_;
    while (left + cost > limit) left -= entries_[i++].cost;
    return entries_[i - 1].leaves_at;
  }

  std::uint64_t total() const { return total_; }
  bool empty() const { return head_ == entries_.size(); }
  // When the head entry leaves. Precondition: !empty().
  sim::Micros first_leaves_at() const { return entries_[head_].leaves_at; }
  // Until the last entry leaves (0 when empty or when it has left by `now`).
  sim::Micros until_empty(sim::Micros now) const {
    return empty() ? 0 : std::max<sim::Micros>(0, entries_.back().leaves_at - now);
  }
  // The total cost of the entries still there at `now`, as drop_until(now) would leave it.
  std::uint64_t total_at(sim::Micros now) const {
    std::uint64_t total = total_;
    for (std::size_t i = head_; i < entries_.size() && entries_[i].leaves_at <= now; ++i) {
      total -= entries_[i].cost;
    }
    return total;
  }
  std::size_t heap_bytes() const { return entries_.capacity() * sizeof(Entry); }

  // Where the entries stop leaving in order or the total stops matching their costs, or "". O(n).
  std::string inconsistency() const {
    std::uint64_t sum = 0;
    for (std::size_t i = head_; i < entries_.size(); ++i) {
      if (i > head_ && entries_[i].leaves_at < entries_[i - 1].leaves_at) {
        return "entry " + std::to_string(i - head_) + " leaves before the one ahead of it";
      }
      sum += entries_[i].cost;
    }
    if (sum == total_) return "";
    return "the entries cost " + std::to_string(sum) + " in all, the total says " + std::to_string(total_);
  }

  template <class F>
  void for_each(F&& visit) const {
    for (std::size_t i = head_; i < entries_.size(); ++i) visit(entries_[i]);
  }
  // Visits the entries still there at `now` (leaves_at > now), from the head.
  template <class F>
  void for_each_at(sim::Micros now, F&& visit) const {
    for_each([&](const Entry& e) {
      if (e.leaves_at > now) visit(e);
    });
  }

 private:
  template <class>
  friend struct ::sdlab::TestPeer;
  std::vector<Entry> entries_;
  std::size_t head_ = 0;
  std::uint64_t total_ = 0;
};

}  // namespace sdlab::ratelimit
