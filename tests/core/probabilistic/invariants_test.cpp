// invariants() of the bloom filters, the count-min sketch and its top-K: they hold in use, and a
// structure broken on purpose (through TestPeer, or by removing a false positive) reports it.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "../common/invariant_matchers.h"
#include "probabilistic/count_min_sketch.h"
#include "probabilistic/counting_bloom_filter.h"

namespace sdlab {

template <>
struct TestPeer<probabilistic::BitCells> {
  static void set_count(probabilistic::BitCells& cells, std::uint64_t count) { cells.set_ = count; }
};
template <class Cells>
struct TestPeer<probabilistic::BasicBloomFilter<Cells>> {
  static Cells& cells(probabilistic::BasicBloomFilter<Cells>& f) { return f.cells_; }
};
template <>
struct TestPeer<probabilistic::CountMinSketch> {
  static void bump(probabilistic::CountMinSketch& s, std::uint32_t row) { ++s.at(row, 0); }
  static probabilistic::TopK& top(probabilistic::CountMinSketch& s) { return s.top_; }
};
template <>
struct TestPeer<probabilistic::TopK> {
  static void swap_root(probabilistic::TopK& top) { std::swap(top.heap_[0].count, top.heap_[1].count); }
};

namespace probabilistic {
namespace {

TEST(BloomInvariants, HoldAsTheFilterFills) {
  BloomFilter filter({64, 3});
  for (int i = 0; i < 40; ++i) {
    filter.add("item-" + std::to_string(i % 25));
    ASSERT_TRUE(AllHold(filter.invariants())) << "after add " << i;
  }
  filter.clear();
  EXPECT_TRUE(AllHold(filter.invariants()));
}

TEST(BloomInvariants, ASetCountThatDisagreesWithTheBitsIsReported) {
  BloomFilter filter({64, 3});
  filter.add("a");
  TestPeer<BitCells>::set_count(TestPeer<BloomFilter>::cells(filter), 70);
  const Invariants list = filter.invariants();
  EXPECT_EQ(Named(list, "the count of set cells is what the cells hold").detail,
            "counted 70, the cells hold " + std::to_string(TestPeer<BloomFilter>::cells(filter).recount()));
  EXPECT_EQ(Named(list, "sets at most m cells").detail, "70 set, m = 64");
  EXPECT_EQ(Named(list, "sets at most k cells per item added").detail, "70 set by 1 items of k = 3 cells");
}

TEST(CountingBloomInvariants, HoldThroughAddsAndRemovesOfAddedItems) {
  CountingBloomFilter filter({32, 3}, 4);
  for (int i = 0; i < 30; ++i) {
    filter.add("item-" + std::to_string(i));
    if (i % 3 == 2) {
      ASSERT_TRUE(filter.remove("item-" + std::to_string(i - 1)).is_ok());
    }
    ASSERT_TRUE(AllHold(filter.invariants())) << "after round " << i;
  }
}

TEST(CountingBloomInvariants, RemovingAFalsePositiveCanLeaveCountersNoItemAccountsFor) {
  // One item in 8 counters; another, never added, whose probes land on some of its counters
  // only: removing it leaves the others set, with no item counted.
  CountingBloomFilter filter({8, 3}, 4);
  filter.add("a");
  const auto cells_of = [&](const std::string& item) {
    const auto cells = filter.positions(item);
    return std::set<std::uint64_t>(cells.begin(), cells.end());
  };
  const std::set<std::uint64_t> added = cells_of("a");
  ASSERT_GE(added.size(), 2u);
  std::string ghost;
  for (int i = 0; ghost.empty() && i < 100'000; ++i) {
    const std::set<std::uint64_t> cells = cells_of("b" + std::to_string(i));
    if (cells.size() < added.size() &&
        std::includes(added.begin(), added.end(), cells.begin(), cells.end())) {
      ghost = "b" + std::to_string(i);
    }
  }
  ASSERT_FALSE(ghost.empty());
  ASSERT_TRUE(filter.remove(ghost).is_ok());
  const Invariant accounted = Named(filter.invariants(), "sets at most k cells per item added");
  EXPECT_FALSE(accounted.holds);
  EXPECT_TRUE(Named(filter.invariants(), "the count of set cells is what the cells hold").holds);
}

TEST(CountMinInvariants, RowsSumToTheTotalPlainOrBoundedConservative) {
  for (bool conservative : {false, true}) {
    CountMinSketch sketch({16, 3}, conservative, 4);
    for (int i = 0; i < 200; ++i) {
      sketch.update("item-" + std::to_string(i * i % 23), 1 + i % 3);
      ASSERT_TRUE(AllHold(sketch.invariants()))
          << (conservative ? "conservative" : "plain") << " update " << i;
    }
  }
}

TEST(CountMinInvariants, ARowOffTheTotalIsReported) {
  CountMinSketch sketch({8, 3});
  sketch.update("a", 5);
  TestPeer<CountMinSketch>::bump(sketch, 2);
  EXPECT_EQ(Broken(sketch.invariants(), "every row sums to the total count"),
            "row 2 sums to 6, the total is 5");
}

TEST(CountMinInvariants, ATopKWhoseRootIsNotTheSmallestIsReported) {
  CountMinSketch sketch({1024, 2}, false, 3);
  sketch.update("a", 1);
  sketch.update("b", 5);
  TestPeer<TopK>::swap_root(TestPeer<CountMinSketch>::top(sketch));
  EXPECT_EQ(Broken(sketch.invariants(), "the smallest candidate is at the root"),
            "\"b\" (1) sits below \"a\" (5)");
}

}  // namespace
}  // namespace probabilistic
}  // namespace sdlab
