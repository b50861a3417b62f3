// sdlab::probabilistic::TopK — the k items with the largest counts seen so far, kept in a bounded
// min-heap of candidates (the heavy-hitters scheme used with a count-min sketch, as for the
// seeds' trending hashtags).
//
// offer(item, count) reports an item's latest (estimated) count: a candidate is updated in place;
// a new item enters while there is room, or replaces the smallest candidate when its count is
// larger. An item pushed out may re-enter later when its count grows again.
// Complexity: offer O(log k) average (a hash lookup and a sift); sorted() O(k log k).
// Invariants (invariants(), O(k)): size() <= capacity(); every candidate's count is at least its
// parent's, so the root holds the smallest; the index leads to every candidate. Thread-safety: none.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/invariant.h"

namespace sdlab::probabilistic {

class TopK {
 public:
  struct Entry {
    std::string item;
    std::uint64_t count;
  };

  enum class Offer { kIgnored, kUpdated, kEntered, kReplaced };

  explicit TopK(std::size_t capacity) : capacity_(capacity) {}

  // What happened; on kReplaced, `evicted` (when given) receives the candidate pushed out.
  Offer offer(std::string_view item, std::uint64_t count, std::string* evicted = nullptr) {
    if (capacity_ == 0) return Offer::kIgnored;
    if (auto found = index_.find(std::string(item)); found != index_.end()) {
      heap_[found->second].count = count;
      sift_down(sift_up(found->second));
      return Offer::kUpdated;
    }
    if (heap_.size() < capacity_) {
      heap_.push_back({std::string(item), count});
      index_[heap_.back().item] = heap_.size() - 1;
      sift_up(heap_.size() - 1);
      return Offer::kEntered;
    }
    if (count <= heap_.front().count) return Offer::kIgnored;
    index_.erase(heap_.front().item);
    if (evicted) *evicted = std::move(heap_.front().item);
    heap_.front() = {std::string(item), count};
    index_[heap_.front().item] = 0;
    sift_down(0);
    return Offer::kReplaced;
  }

  // Candidates by descending count, ties by item.
  std::vector<Entry> sorted() const {
    std::vector<Entry> result = heap_;
    std::sort(result.begin(), result.end(), [](const Entry& a, const Entry& b) {
      return a.count != b.count ? a.count > b.count : a.item < b.item;
    });
    return result;
  }

  std::size_t size() const { return heap_.size(); }
  std::size_t capacity() const { return capacity_; }
  void clear() {
    heap_.clear();
    index_.clear();
  }

  Invariants invariants() const {
    Invariants list;
    check_invariant(list, "keeps at most K candidates", heap_.size() <= capacity_, [&] {
      return std::to_string(heap_.size()) + " candidates, K = " + std::to_string(capacity_);
    });
    std::size_t child = 1;
    while (child < heap_.size() && !less(child, (child - 1) / 2)) ++child;
    check_invariant(list, "the smallest candidate is at the root", child >= heap_.size(), [&] {
      return "\"" + heap_[child].item + "\" (" + std::to_string(heap_[child].count) + ") sits below \"" +
             heap_[(child - 1) / 2].item + "\" (" + std::to_string(heap_[(child - 1) / 2].count) + ")";
    });
    std::size_t i = 0;
    while (i < heap_.size() && index_.count(heap_[i].item) && index_.at(heap_[i].item) == i) ++i;
    check_invariant(list, "the index leads to every candidate",
                    i == heap_.size() && index_.size() == heap_.size(), [&] {
                      return i < heap_.size() ? "the index does not lead to \"" + heap_[i].item + "\""
                                              : "the index holds " + std::to_string(index_.size()) +
                                                    " items, the heap " + std::to_string(heap_.size());
                    });
    return list;
  }

 private:
  template <class>
  friend struct ::sdlab::TestPeer;
  bool less(std::size_t a, std::size_t b) const { return heap_[a].count < heap_[b].count; }

  void swap_at(std::size_t a, std::size_t b) {
    std::swap(heap_[a], heap_[b]);
    index_[heap_[a].item] = a;
    index_[heap_[b].item] = b;
  }

  std::size_t sift_up(std::size_t i) {
    for (; i > 0 && less(i, (i - 1) / 2); i = (i - 1) / 2) swap_at(i, (i - 1) / 2);
    return i;
  }

  void sift_down(std::size_t i) {
    for (;;) {
      std::size_t smallest = i;
      for (std::size_t child : {2 * i + 1, 2 * i + 2}) {
        if (child < heap_.size() && less(child, smallest)) smallest = child;
      }
      if (smallest == i) return;
      swap_at(i, smallest);
      i = smallest;
    }
  }

  std::size_t capacity_;
  std::vector<Entry> heap_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace sdlab::probabilistic
