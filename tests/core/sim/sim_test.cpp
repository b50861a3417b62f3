// The simulation facilities: simulated clock, portable random source, argument checks.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/status.h"
#include "sim/clock.h"
#include "sim/random.h"

namespace sdlab {
namespace {

TEST(Clock, AdvancesOnlyForward) {
  sim::Clock clock;
  clock.advance(sim::from_millis(1.5));
  EXPECT_EQ(clock.now(), 1500);
  clock.advance_to(1000);
  EXPECT_EQ(clock.now(), 1500);
  clock.advance_to(2000);
  EXPECT_EQ(clock.now(), 2000);
}

TEST(Clock, StopsAtItsEndInsteadOfWrapping) {
  sim::Clock clock;
  clock.advance(sim::kMaxTime - 5);
  EXPECT_EQ(clock.left(), 5);
  clock.advance(std::numeric_limits<sim::Micros>::max());
  EXPECT_EQ(clock.now(), sim::kMaxTime);
  clock.advance(-5);
  EXPECT_EQ(clock.now(), sim::kMaxTime);
  sim::Clock other;
  other.advance_to(std::numeric_limits<sim::Micros>::max());
  EXPECT_EQ(other.now(), sim::kMaxTime);
}

TEST(Clock, MillisecondsBecomeMicrosecondsRoundedToTheNearest) {
  EXPECT_EQ(sim::from_millis(0.0004), 0);
  EXPECT_EQ(sim::from_millis(0.0005), 1);  // a half rounds away from zero
  EXPECT_EQ(sim::from_millis(0.0009), 1);  // not truncated to 0
  EXPECT_EQ(sim::from_millis(2.9999), 3000);
  EXPECT_EQ(sim::from_millis(-1.5004), -1500);
  EXPECT_EQ(sim::from_millis(31536000000.0), 31536000000000);
}

TEST(Random, SameSeedSameSequenceOnEveryPlatform) {
  // Pinned values: the WASM build runs this test too, so both builds draw the same numbers.
  sim::Random random(42);
  EXPECT_EQ(random(), 0x15780b2e0c2ec716ULL);
  sim::Random again(42);
  again();
  EXPECT_EQ(random(), again());
}

TEST(Random, BelowIsUniformWithinBounds) {
  sim::Random random(7);
  int counts[10] = {};
  for (int i = 0; i < 100000; ++i) ++counts[random.below(10)];
  for (int count : counts) EXPECT_NEAR(count, 10000, 500);
}

TEST(Random, Uniform01StaysInUnitInterval) {
  sim::Random random(1);
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    const double u = random.uniform01();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / 100000, 0.5, 0.01);
}

TEST(Status, IntegerCheckNamesParameterRangeAndValue) {
  EXPECT_TRUE(check_integer("capacity", 3, 0, 10).is_ok());
  EXPECT_EQ(check_integer("capacity", -1, 0, 10).message(),
            "capacity must be an integer in [0, 10], got -1");
  EXPECT_EQ(check_integer("capacity", 1.5, 0, 10).message(),
            "capacity must be an integer in [0, 10], got 1.5");
  EXPECT_EQ(check_integer("capacity", std::nan(""), 0, 10).message(),
            "capacity must be an integer in [0, 10], got NaN");
}

TEST(Status, NumberCheckRejectsInfinity) {
  EXPECT_EQ(check_number("ttl", std::numeric_limits<double>::infinity(), 0, 1e9).message(),
            "ttl must be a finite number in [0, 1000000000], got Infinity");
}

TEST(Status, FirstErrorKeepsTheEarliestFailure) {
  Status s = first_error(Status::ok(), check_integer("a", -1, 0, 1), check_integer("b", -1, 0, 1));
  EXPECT_EQ(s.message(), "a must be an integer in [0, 1], got -1");
}

}  // namespace
}  // namespace sdlab
