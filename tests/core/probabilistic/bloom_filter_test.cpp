// BloomFilter and CountingBloomFilter: sizing, no false negatives, false-positive rate within a
// stated factor of theory (in the manner of LevelDB's util/bloom_test.cc), removal rules.
#include "probabilistic/bloom_filter.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "../trace_data.h"
#include "probabilistic/bloom_experiments.h"
#include "probabilistic/counting_bloom_filter.h"

namespace sdlab::probabilistic {
namespace {

std::string member(int i) { return "member-" + std::to_string(i); }
std::string stranger(int i) { return "stranger-" + std::to_string(i); }

TEST(BloomSizing, MatchesTheFormulasExactly) {
  for (const auto& [n, p, m, k] : {std::tuple{1e6, 0.01, 9585059u, 7u}, {1000.0, 0.01, 9586u, 7u},
                                   {1000.0, 0.001, 14378u, 10u}, {1.0, 0.5, 2u, 1u}}) {
    const BloomShape shape = bloom_shape_for(n, p);
    EXPECT_EQ(shape.bits, m) << n << " items at " << p;
    EXPECT_EQ(shape.hashes, k) << n << " items at " << p;
  }
}

TEST(BloomSizing, RejectsBadTargetsByName) {
  EXPECT_EQ(check_bloom_target(0, 0.01).message(),
            "expectedItems must be an integer in [1, 10000000], got 0");
  EXPECT_EQ(check_bloom_target(10, 0).message(),
            "falsePositiveRate must be a finite number in [1e-09, 0.5], got 0");
  EXPECT_EQ(check_bloom_target(1e7, 1e-9).message(),
            "expectedItems and falsePositiveRate need 431327627 bits, more than the limit of "
            "268435456");
  EXPECT_EQ(check_bloom_shape(64, 0).message(), "hashes must be an integer in [1, 32], got 0");
}

TEST(Probes, StayInTheirRangeAtBothEndsAndSpreadEvenly) {
  for (int i = 0; i < 1000; ++i) {
    const Probes one(member(i), 1);
    const Probes widest(member(i), std::uint64_t{1} << 32);
    for (std::uint64_t k = 0; k < 32; ++k) {
      EXPECT_EQ(one[k], 0u);
      EXPECT_LT(widest[k], std::uint64_t{1} << 32);
    }
  }
  // Multiply-shift over 10 cells: 200,000 indexes, each cell within 3% of its 20,000 share.
  std::uint64_t counts[10] = {};
  for (int i = 0; i < 100000; ++i) {
    const Probes probes(member(i), 10);
    ++counts[probes[0]];
    ++counts[probes[1]];
  }
  for (std::uint64_t count : counts) EXPECT_NEAR(static_cast<double>(count), 20000, 600);
}

TEST(BloomFilter, NeverGivesAFalseNegative) {
  BloomFilter filter(bloom_shape_for(10000, 0.01));
  for (int i = 0; i < 20000; ++i) filter.add(member(i));  // twice the design load
  for (int i = 0; i < 20000; ++i) ASSERT_TRUE(filter.contains(member(i))) << member(i);
}

TEST(BloomFilter, FalsePositiveRateAtOnePercentIsWithinAQuarterOfTheory) {
  BloomFilter filter(bloom_shape_for(10000, 0.01));
  for (int i = 0; i < 10000; ++i) filter.add(member(i));
  int positives = 0;
  constexpr int kProbes = 100000;
  for (int i = 0; i < kProbes; ++i) positives += filter.contains(stranger(i));
  const double measured = static_cast<double>(positives) / kProbes;
  const double theory = filter.false_positive_rate();
  EXPECT_NEAR(theory, 0.01, 0.001);
  EXPECT_GT(measured, theory / 1.25);
  EXPECT_LT(measured, theory * 1.25);
}

TEST(BloomFilter, CountContainedAnswersAsContainsDoesWhateverTheGroupSize) {
  BloomFilter filter({512, 3});  // small: about half the strangers are false positives
  CountingBloomFilter counting({512, 3}, 4);
  for (int i = 0; i < 100; ++i) {
    filter.add(member(i));
    counting.add(member(i));
  }
  auto item = [](int i) { return i % 2 ? member(i) : stranger(i); };
  for (int count = 0; count <= 41; ++count) {
    std::uint64_t expected = 0;
    for (int i = 0; i < count; ++i) expected += filter.contains(item(i));
    std::string current;  // each view need only live until the next call
    auto at = [&](std::size_t i) -> std::string_view { return current = item(static_cast<int>(i)); };
    EXPECT_EQ(filter.count_contained(count, at), expected) << count;
    EXPECT_EQ(counting.count_contained(count, at), expected) << count;
  }
}

TEST(BloomFilter, EstimatedCountIsCloseToTheDistinctItems) {
  BloomFilter filter(bloom_shape_for(10000, 0.01));
  for (int i = 0; i < 5000; ++i) filter.add(member(i));
  EXPECT_NEAR(filter.estimated_count(), 5000, 5000 * 0.03);
  EXPECT_EQ(filter.items(), 5000u);
}

TEST(BloomFilter, ContainsTracesEachProbeUntilAClearCellUnderTheLookup) {
  BloomFilter filter(BloomShape{1000, 4});
  filter.add("alice");
  sim::Trace trace;
  filter.set_trace(&trace);
  ASSERT_TRUE(filter.contains("alice"));
  const auto& steps = trace.steps();
  ASSERT_EQ(steps.size(), 6u);
  EXPECT_EQ(steps[0].kind, "lookup");
  const auto positions = filter.positions("alice");
  for (int i = 0; i < 4; ++i) {
    const sim::Step& probe = steps[i + 1];
    EXPECT_EQ(probe.kind, "probe");
    EXPECT_EQ(probe.subject, std::to_string(positions[i]));
    EXPECT_EQ(probe.note, "hash " + std::to_string(i) + ": set");
    EXPECT_EQ(testing::number(probe, "cell"), static_cast<double>(positions[i]));
    EXPECT_EQ(testing::number(probe, "hash"), i);
    EXPECT_EQ(testing::number(probe, "value"), 1.0);
    EXPECT_EQ(probe.depth, 1u);
    EXPECT_EQ(probe.parent, 0);
  }
  EXPECT_EQ(steps[5].kind, "maybe");
  EXPECT_EQ(steps[5].parent, 0) << "the verdict closes the lookup";
  EXPECT_EQ(testing::number(steps[5], "probed"), 4.0);
  trace.clear();
  ASSERT_FALSE(filter.contains("bob"));
  const sim::Step& clear = steps[steps.size() - 2];
  EXPECT_EQ(steps.back().kind, "absent");
  EXPECT_EQ(testing::number(clear, "value"), 0.0);
  EXPECT_EQ(testing::number(steps.back(), "cell"), testing::number(clear, "cell"));
  EXPECT_EQ(testing::number(steps.back(), "probed"), static_cast<double>(steps.size() - 2));
}

TEST(BloomFilter, AddTracesTheCellsItSetsUnderTheAdd) {
  BloomFilter filter(BloomShape{1000, 3});
  sim::Trace trace;
  filter.set_trace(&trace);
  filter.add("alice");
  filter.add("alice");
  const auto positions = filter.positions("alice");
  const auto& steps = trace.steps();
  ASSERT_EQ(steps.size(), 8u);
  for (std::size_t add : {0u, 4u}) {
    EXPECT_EQ(steps[add].kind, "add");
    for (std::uint32_t i = 0; i < 3; ++i) {
      const sim::Step& set = steps[add + 1 + i];
      EXPECT_EQ(set.parent, static_cast<std::int32_t>(add));
      EXPECT_EQ(testing::number(set, "cell"), static_cast<double>(positions[i]));
      EXPECT_EQ(testing::number(set, "was"), add == 0 ? 0.0 : 1.0)
          << "the second add finds them set";
      EXPECT_EQ(testing::number(set, "now"), 1.0);
    }
  }
}

TEST(CountingBloomFilter, RemoveTracesEachCounterBeforeAndAfter) {
  CountingBloomFilter filter(BloomShape{1000, 3}, 4);
  filter.add("bob");
  filter.add("bob");
  sim::Trace trace;
  filter.set_trace(&trace);
  ASSERT_TRUE(filter.remove("bob").is_ok());
  const auto& steps = trace.steps();
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[0].kind, "remove");
  for (std::size_t i = 1; i < 4; ++i) {
    EXPECT_EQ(steps[i].kind, "decrement");
    EXPECT_EQ(testing::number(steps[i], "was"), 2.0);
    EXPECT_EQ(testing::number(steps[i], "now"), 1.0);
  }
}

TEST(BloomFilter, ClearEmptiesTheFilter) {
  BloomFilter filter(BloomShape{128, 3});
  filter.add("a");
  EXPECT_EQ(filter.bits_set(), 3u);
  filter.clear();
  EXPECT_EQ(filter.bits_set(), 0u);
  EXPECT_EQ(filter.items(), 0u);
  EXPECT_FALSE(filter.contains("a"));
}

TEST(CountingBloomFilter, RemoveMakesAnItemAbsentAndKeepsOthers) {
  CountingBloomFilter filter(bloom_shape_for(1000, 0.01), 4);
  for (int i = 0; i < 1000; ++i) filter.add(member(i));
  for (int i = 0; i < 500; ++i) ASSERT_TRUE(filter.remove(member(i)).is_ok());
  for (int i = 500; i < 1000; ++i) ASSERT_TRUE(filter.contains(member(i)));
  int still = 0;
  for (int i = 0; i < 500; ++i) still += filter.contains(member(i));
  EXPECT_LT(still, 20);  // the removed half is now mostly absent (false positives remain)
  EXPECT_EQ(filter.items(), 500u);
}

TEST(CountingBloomFilter, RemovingAnItemNeverAddedIsRejectedAndChangesNothing) {
  CountingBloomFilter filter(BloomShape{1000, 4}, 8);
  filter.add("alice");
  const Status status = filter.remove("bob");
  EXPECT_EQ(status.message().rfind("item \"bob\" was never added (counter ", 0), 0u);
  EXPECT_TRUE(filter.contains("alice"));
  EXPECT_EQ(filter.items(), 1u);
  EXPECT_EQ(filter.bits_set(), 4u);
}

TEST(CountingBloomFilter, FourBitCountersSaturateAndStick) {
  CountingBloomFilter filter(BloomShape{64, 1}, 4);
  for (int i = 0; i < 20; ++i) filter.add("hot");
  const std::uint64_t cell = filter.positions("hot")[0];
  EXPECT_EQ(filter.counter(cell), 15u);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(filter.remove("hot").is_ok());
  EXPECT_EQ(filter.counter(cell), 15u);
  EXPECT_TRUE(filter.contains("hot"));
  EXPECT_EQ(check_counter_bits(3).message(), "counterBits must be 4 or 8, got 3");
}

TEST(BloomExperiment, MeasuredRateFollowsTheoryAndRisesPastTheDesignLoad) {
  const BloomExperimentSpec spec{100'000, 0.01, 200'000, 4, 50'000, 3};
  ASSERT_TRUE(check_bloom_experiment(spec).is_ok());
  const BloomExperimentResult result = run_bloom_experiment(spec);
  ASSERT_EQ(result.points.size(), 4u);
  EXPECT_EQ(result.points[1].items, 100'000u);
  for (const BloomPoint& point : result.points) {
    if (point.theoretical * spec.probes < 100) continue;  // too few expected positives to compare
    EXPECT_GT(point.measured, point.theoretical / 1.5) << point.items;
    EXPECT_LT(point.measured, point.theoretical * 1.5) << point.items;
  }
  EXPECT_GT(result.points[3].measured, 10 * result.points[1].measured);
  const BloomExperimentResult again = run_bloom_experiment(spec);
  EXPECT_EQ(again.points[2].measured, result.points[2].measured);
}

TEST(UsernameCheck, TheFilterSavesStoreLookupsAndPaysForFalsePositives) {
  const UsernameCheckSpec spec{10'000, 0.01, 100'000, 0.2, 5, 9};
  ASSERT_TRUE(check_username_check(spec).is_ok());
  const UsernameCheckResult r = check_usernames(spec);
  EXPECT_EQ(r.lookups_saved + r.store_lookups, r.queries);
  EXPECT_EQ(r.store_lookups, r.taken + r.false_positives);  // taken names always pass the filter
  EXPECT_NEAR(static_cast<double>(r.false_positives) / static_cast<double>(r.queries - r.taken),
              0.01, 0.003);
  EXPECT_DOUBLE_EQ(r.store_ms_with_filter, 5.0 * static_cast<double>(r.store_lookups));
  EXPECT_EQ(check_username_check({0, 0.01, 1, 0, 0, 0}).message(),
            "existing must be an integer in [1, 100000], got 0");
}

}  // namespace
}  // namespace sdlab::probabilistic
