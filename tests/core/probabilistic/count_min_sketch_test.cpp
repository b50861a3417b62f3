// CountMinSketch and TopK: sizing, never an undercount, the ε·N bound for at least 1 − δ of the
// items on a seeded zipf stream, conservative update, heavy hitters.
#include "probabilistic/count_min_sketch.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "../trace_data.h"
#include "probabilistic/count_min_experiment.h"

namespace sdlab::probabilistic {
namespace {

TEST(CountMinSizing, WidthIsCeilEOverEpsilonAndDepthCeilLnOneOverDelta) {
  EXPECT_EQ(sketch_shape_for(0.01, 0.01).width, 272u);
  EXPECT_EQ(sketch_shape_for(0.01, 0.01).depth, 5u);
  EXPECT_EQ(sketch_shape_for(0.001, 0.001).width, 2719u);
  EXPECT_EQ(sketch_shape_for(0.001, 0.001).depth, 7u);
  EXPECT_EQ(sketch_shape_for(1, 0.9).depth, 1u);
  EXPECT_EQ(check_sketch_shape(0, 5).message(), "width must be an integer in [1, 1000000], got 0");
  EXPECT_EQ(check_sketch_shape(1000000, 32).message(),
            "width × depth must be at most 4194304 cells, got 32000000");
  EXPECT_EQ(check_sketch_error(0.01, 1).message(),
            "delta must be a finite number in [1e-09, 0.99], got 1");
}

TEST(CountMinSketch, NeverUndercountsAndStaysWithinEpsilonNForAtLeastOneMinusDelta) {
  for (bool conservative : {false, true}) {
    CountMinExperimentSpec spec;
    spec.shape = sketch_shape_for(0.001, 0.01);
    spec.conservative = conservative;
    spec.updates = 200'000;
    spec.universe = 50'000;
    spec.skew = 1.0;
    ASSERT_TRUE(check_count_min_experiment(spec).is_ok());
    const CountMinExperimentResult r = run_count_min_experiment(spec);
    // Overcounts are unsigned: an undercount would wrap to a huge error.
    EXPECT_LE(static_cast<double>(r.max_error), static_cast<double>(r.total)) << conservative;
    EXPECT_GE(r.within_bound, 1 - 0.01) << conservative;
    EXPECT_EQ(r.total, 200'000u);
  }
}

TEST(CountMinSketch, QueryIsAtLeastTheTrueCountForEveryItem) {
  CountMinSketch sketch({20, 3});
  std::map<std::string, std::uint64_t> exact;
  for (int i = 0; i < 500; ++i) {
    const std::string item = "k" + std::to_string(i % 97);
    sketch.update(item, 1 + i % 3);
    exact[item] += 1 + i % 3;
  }
  for (const auto& [item, count] : exact) EXPECT_GE(sketch.query(item), count) << item;
}

TEST(CountMinSketch, UpdateReturnsWhatQueryThenAnswers) {
  for (bool conservative : {false, true}) {
    CountMinSketch sketch({16, 4}, conservative);
    for (int i = 0; i < 300; ++i) {
      const std::string item = "u" + std::to_string(i % 41);
      const std::uint64_t estimate = sketch.update(item, 1 + i % 2);
      EXPECT_EQ(estimate, sketch.query(item)) << item << conservative;
    }
  }
}

TEST(CountMinSketch, ConservativeUpdateNeverEstimatesMoreThanTheStandardOne) {
  CountMinSketch standard({50, 4});
  CountMinSketch conservative({50, 4}, true);
  for (int i = 0; i < 2000; ++i) {
    const std::string item = "x" + std::to_string((i * 7919) % 300);
    standard.update(item);
    conservative.update(item);
  }
  std::uint64_t sum_standard = 0, sum_conservative = 0;
  for (int k = 0; k < 300; ++k) {
    const std::string item = "x" + std::to_string(k);
    EXPECT_LE(conservative.query(item), standard.query(item));
    sum_standard += standard.query(item);
    sum_conservative += conservative.query(item);
  }
  EXPECT_LT(sum_conservative, sum_standard);
}

TEST(CountMinSketch, TraceShowsTheItemsCellsAndTheChosenMinimum) {
  CountMinSketch sketch({10, 3});
  sketch.update("a", 2);
  sim::Trace trace;
  sketch.set_trace(&trace);
  EXPECT_EQ(sketch.query("a"), 2u);
  const auto& steps = trace.steps();
  ASSERT_EQ(steps.size(), 5u);
  EXPECT_EQ(steps[0].kind, "estimate");
  const auto columns = sketch.columns("a");
  for (std::uint32_t row = 0; row < 3; ++row) {
    const sim::Step& read = steps[row + 1];
    EXPECT_EQ(read.kind, "read");
    EXPECT_EQ(read.subject, std::to_string(row) + "," + std::to_string(columns[row]));
    EXPECT_EQ(read.parent, 0);
    EXPECT_EQ(testing::number(read, "row"), row);
    EXPECT_EQ(testing::number(read, "column"), columns[row]);
    EXPECT_EQ(testing::number(read, "value"), static_cast<double>(sketch.cell(row, columns[row])));
  }
  EXPECT_EQ(steps[4].kind, "min");
  EXPECT_EQ(steps[4].note, "estimate 2: the smallest of 3 cells");
  EXPECT_EQ(testing::number(steps[4], "estimate"), 2.0);
}

TEST(CountMinSketch, UpdateTracesEachCellBeforeAndAfter) {
  CountMinSketch sketch({10, 2});
  sim::Trace trace;
  sketch.set_trace(&trace);
  sketch.update("a", 3);
  const auto& steps = trace.steps();
  EXPECT_EQ(steps[0].kind, "update");
  EXPECT_EQ(testing::number(steps[0], "count"), 3.0);
  for (std::size_t row = 0; row < 2; ++row) {
    EXPECT_EQ(steps[row + 1].kind, "cell");
    EXPECT_EQ(testing::number(steps[row + 1], "was"), 0.0);
    EXPECT_EQ(testing::number(steps[row + 1], "now"), 3.0);
  }
  EXPECT_EQ(steps[3].kind, "estimate");
}

TEST(TopK, KeepsTheLargestCountsInABoundedHeap) {
  TopK top(3);
  EXPECT_EQ(top.offer("a", 5), TopK::Offer::kEntered);
  top.offer("b", 1);
  top.offer("c", 3);
  std::string evicted;
  EXPECT_EQ(top.offer("d", 4, &evicted), TopK::Offer::kReplaced);
  EXPECT_EQ(evicted, "b");
  EXPECT_EQ(top.offer("e", 2), TopK::Offer::kIgnored);
  EXPECT_EQ(top.offer("c", 9), TopK::Offer::kUpdated);
  const auto sorted = top.sorted();
  ASSERT_EQ(sorted.size(), 3u);
  EXPECT_EQ(sorted[0].item, "c");
  EXPECT_EQ(sorted[1].item, "a");
  EXPECT_EQ(sorted[2].item, "d");
}

TEST(TopK, TheSketchFindsTheTrueTrendingItemsOnAZipfStream) {
  CountMinExperimentSpec spec;
  spec.shape = sketch_shape_for(0.001, 0.01);
  spec.updates = 100'000;
  spec.universe = 10'000;
  spec.skew = 1.2;
  spec.top_k = 10;
  const CountMinExperimentResult r = run_count_min_experiment(spec);
  ASSERT_EQ(r.top.size(), 10u);
  EXPECT_GE(r.top_overlap, 9u);
  EXPECT_EQ(r.true_top[0].item, "#0");
  EXPECT_EQ(r.top[0].item, "#0");
}

}  // namespace
}  // namespace sdlab::probabilistic
