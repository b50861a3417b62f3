// sim::Trace: steps with data, nesting under sim::Nest, and the C++ line that reported each.
#include "sim/trace.h"

#include <gtest/gtest.h>

#include <string>

#include "probabilistic/bloom_filter.h"

namespace sdlab {
namespace {

// Reports on its caller's behalf, as the blocks' note() helpers do.
void report(sim::Trace& trace, const char* kind, sim::Where where = {}) {
  trace.add(kind, "", "", {}, where);
}

TEST(Trace, StepsKnowTheFileAndLineThatReportedThem) {
  sim::Trace trace;
  const std::uint32_t line = __LINE__ + 1;
  trace.add("hit", "a", "found");
  report(trace, "miss");
  const std::uint32_t helper_line = __LINE__ - 1;
  EXPECT_STREQ(trace.steps()[0].file, "tests/core/sim/trace_test.cpp");
  EXPECT_EQ(trace.steps()[0].line, line);
  EXPECT_STREQ(trace.steps()[1].file, "tests/core/sim/trace_test.cpp");
  EXPECT_EQ(trace.steps()[1].line, helper_line) << "a helper passes its caller's line on";
}

TEST(Trace, DataCarriesNumbersAndTexts) {
  sim::Trace trace;
  trace.add("probe", "17", "set", {{"cell", std::uint64_t{17}}, {"ratio", 0.25}, {"state", "set"}});
  const sim::Data& data = trace.steps()[0].data;
  ASSERT_EQ(data.size(), 3u);
  EXPECT_EQ(data[0].name, "cell");
  EXPECT_EQ(data[0].number, 17.0);
  EXPECT_FALSE(data[0].text);
  EXPECT_EQ(data[1].number, 0.25);
  EXPECT_EQ(data[2].text, "set");
  EXPECT_FALSE(data[2].number);
}

TEST(Trace, StepsInsideANestAreSubStepsOfTheStepBeforeIt) {
  sim::Trace trace;
  trace.add("lookup", "k", "");  // 0
  {
    const sim::Nest lookup(&trace);
    trace.add("hash", "k", "");  // 1
    trace.add("walk", "", "");   // 2
    {
      const sim::Nest walk(&trace);
      trace.add("skip", "", "");  // 3
    }
    trace.add("owner", "", "");  // 4
  }
  trace.add("done", "", "");  // 5
  const auto& s = trace.steps();
  const std::uint32_t depths[] = {0, 1, 1, 2, 1, 0};
  const std::int32_t parents[] = {sim::kNoParent, 0, 0, 2, 0, sim::kNoParent};
  ASSERT_EQ(s.size(), 6u);
  for (std::size_t i = 0; i < s.size(); ++i) {
    EXPECT_EQ(s[i].depth, depths[i]) << s[i].kind;
    EXPECT_EQ(s[i].parent, parents[i]) << s[i].kind;
  }
}

TEST(Trace, ANestWithNoStepBeforeItOrNoTraceDoesNothing) {
  sim::Trace trace;
  {
    const sim::Nest nothing_yet(&trace);
    const sim::Nest untraced(nullptr);
    trace.add("first", "", "");
  }
  EXPECT_EQ(trace.steps()[0].depth, 0u);
  EXPECT_EQ(trace.steps()[0].parent, sim::kNoParent);
}

TEST(Trace, ClearForgetsStepsAndNesting) {
  sim::Trace trace;
  trace.add("a", "", "");
  trace.clear();
  trace.add("b", "", "");
  ASSERT_EQ(trace.steps().size(), 1u);
  EXPECT_EQ(trace.steps()[0].parent, sim::kNoParent);
}

TEST(Trace, ABlockWithoutATraceRecordsNothing) {
  probabilistic::BloomFilter filter({64, 3});
  sim::Trace trace;
  filter.set_trace(&trace);
  filter.add("alice");
  const std::size_t traced = trace.steps().size();
  EXPECT_EQ(traced, 4u);  // add, then its 3 cells
  filter.set_trace(nullptr);
  filter.add("bob");
  EXPECT_TRUE(filter.contains("bob"));
  EXPECT_EQ(trace.steps().size(), traced);
}

}  // namespace
}  // namespace sdlab
