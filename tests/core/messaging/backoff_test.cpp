// Exponential backoff with jitter (AWS "Exponential Backoff and Jitter"): the delay bounds of each
// strategy at both ends of every parameter and far past the cap, saturation instead of overflow,
// every drawn delay within its bounds over many seeds, and the config's ranges.
#include "messaging/backoff.h"

#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <vector>

namespace sdlab::messaging {
namespace {

constexpr Micros kMax = kMaxBackoff;

BackoffConfig backoff(Micros base, Micros cap, Jitter jitter = Jitter::kNone) {
  return {base, cap, 5, jitter};
}

TEST(Backoff, ExponentialDoublesUpToTheCapAndSaturatesFarPastIt) {
  struct Row {
    Micros base, cap;
    std::uint32_t retry;
    Micros expected;
  };
  const std::vector<Row> rows = {
      {100, 1'000, 0, 100},
      {100, 1'000, 3, 800},
      {100, 1'000, 4, 1'000},
      {125, 1'000, 3, 1'000},  // exactly at the cap
      {125, 1'000, 2, 500},
      {1, kMax, 0, 1},
      {1, kMax, 48, Micros{1} << 48},
      {1, kMax, 49, kMax},  // 2^49 passes the cap
      {1, kMax, 54, kMax},
      {1, kMax, 60, kMax},
      {1, kMax, 62, kMax},
      {1, kMax, 63, kMax},
      {1, kMax, 64, kMax},
      {1, kMax, 1'000, kMax},
      {1, kMax, UINT32_MAX, kMax},
      {kMax, kMax, 0, kMax},
      {kMax, kMax, 60, kMax},
      {3, kMax, 46, Micros{3} << 46},
      {3, kMax, 47, kMax},
      {1, 1, 0, 1},
      {1, 1, UINT32_MAX, 1},
  };
  for (const Row& r : rows) {
    EXPECT_EQ(exponential_delay(backoff(r.base, r.cap), r.retry), r.expected)
        << "base " << r.base << " cap " << r.cap << " retry " << r.retry;
  }
}

TEST(Backoff, BoundsOfEachStrategy) {
  struct Row {
    Jitter jitter;
    Micros base, cap;
    std::uint32_t retry;
    Micros previous;
    DelayBounds expected;
  };
  const std::vector<Row> rows = {
      {Jitter::kNone, 100, 1'000, 2, 0, {400, 400}},
      {Jitter::kNone, 100, 1'000, 70, 0, {1'000, 1'000}},
      {Jitter::kFull, 100, 1'000, 0, 0, {0, 100}},
      {Jitter::kFull, 100, 1'000, 64, 0, {0, 1'000}},
      {Jitter::kFull, kMax, kMax, 60, 0, {0, kMax}},
      {Jitter::kEqual, 101, 10'000, 0, 0, {51, 101}},  // ⌈v/2⌉ fixed, v at the
                                                       // top
      {Jitter::kEqual, 100, 1'000, 1, 0, {100, 200}},
      {Jitter::kEqual, 1, 1, 0, 0, {1, 1}},
      {Jitter::kEqual, 1, kMax, UINT32_MAX, 0, {kMax / 2, kMax}},
      {Jitter::kDecorrelated, 100, 1'000, 0, 100, {100, 300}},
      {Jitter::kDecorrelated, 100, 1'000, 7, 333, {100, 999}},
      {Jitter::kDecorrelated, 100, 1'000, 7, 334, {100, 1'000}},   // 1002 capped
      {Jitter::kDecorrelated, 100, 1'000, 0, 0, {100, 300}},       // below base: base
      {Jitter::kDecorrelated, 100, 1'000, 0, kMax, {100, 1'000}},  // above cap:
                                                                   // cap
      {Jitter::kDecorrelated, kMax, kMax, 0, kMax, {kMax, kMax}},  // 3 · cap: no
                                                                   // overflow
      {Jitter::kDecorrelated, 1, kMax, 90, kMax / 3 - 1, {1, kMax - 3}},
      {Jitter::kDecorrelated, 1, kMax, 90, kMax / 3, {1, kMax}},  // exactly 3 ·
                                                                  // previous
      {Jitter::kDecorrelated, 1, kMax, 90, kMax / 3 + 1, {1, kMax}},
  };
  for (const Row& r : rows) {
    const DelayBounds b = delay_bounds({r.base, r.cap, 5, r.jitter}, r.retry, r.previous);
    EXPECT_EQ(b.low, r.expected.low) << jitter_name(r.jitter) << " retry " << r.retry;
    EXPECT_EQ(b.high, r.expected.high) << jitter_name(r.jitter) << " retry " << r.retry;
  }
}

// Small bounds, many draws: every delay is within [low, high], and both ends come up (the draw
// covers the whole closed range).
TEST(Backoff, DrawsCoverTheClosedRangeOfEachStrategy) {
  for (const Jitter jitter :
       {Jitter::kNone, Jitter::kFull, Jitter::kEqual, Jitter::kDecorrelated}) {
    const BackoffConfig config{2, 12, 5, jitter};
    sim::Random random(7);
    for (std::uint32_t retry = 0; retry < 5; ++retry) {
      const DelayBounds b = delay_bounds(config, retry, 3);
      bool low = false, high = false;
      for (int i = 0; i < 400; ++i) {
        const Micros d = backoff_delay(config, retry, 3, random);
        ASSERT_GE(d, b.low) << jitter_name(jitter);
        ASSERT_LE(d, b.high) << jitter_name(jitter);
        low |= d == b.low;
        high |= d == b.high;
      }
      EXPECT_TRUE(low && high) << jitter_name(jitter) << " retry " << retry;
    }
  }
}

// Random configurations with parameters at and between the ends of their ranges, retries far past
// the cap, a chain of decorrelated delays: every delay is within the bounds of its strategy.
TEST(Backoff, EveryDelayIsWithinItsBoundsOverManySeeds) {
  const std::vector<Micros> values = {1, 2, 3, 100, 1'000'000, kMax / 3, kMax - 1, kMax};
  std::uint64_t checked = 0;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    sim::Random random(seed);
    Micros base = values[random.below(values.size())];
    Micros cap = values[random.below(values.size())];
    if (cap < base) std::swap(base, cap);
    const BackoffConfig config{base, cap, 100, static_cast<Jitter>(random.below(4))};
    ASSERT_TRUE(check_backoff_config(config).is_ok());
    Micros previous = base;
    for (std::uint32_t retry = 0; retry < 80; ++retry) {
      const std::uint32_t n = retry < 70 ? retry : static_cast<std::uint32_t>(random());
      const DelayBounds b = delay_bounds(config, n, previous);
      const Micros d = backoff_delay(config, n, previous, random);
      ASSERT_LE(0, b.low);
      ASSERT_LE(b.low, d) << "seed " << seed << " retry " << n;
      ASSERT_LE(d, b.high) << "seed " << seed << " retry " << n;
      ASSERT_LE(b.high, cap) << "seed " << seed << " retry " << n;
      previous = d;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 300u * 80u);
}

// Full jitter's draws average v/2 and equal jitter's 3v/4 (within 2% over 20,000 draws).
TEST(Backoff, FullAndEqualJitterAverageAsTheBlogDescribes) {
  const Micros v = 1'000'000;
  for (const auto& [jitter, mean] : std::vector<std::pair<Jitter, double>>{
           {Jitter::kFull, v / 2.0}, {Jitter::kEqual, v * 0.75}}) {
    sim::Random random(11);
    double sum = 0;
    for (int i = 0; i < 20'000; ++i) sum += backoff_delay({v, v, 5, jitter}, 3, v, random);
    EXPECT_NEAR(sum / 20'000, mean, mean * 0.02) << jitter_name(jitter);
  }
}

TEST(Backoff, ConfigRangesNameTheField) {
  EXPECT_TRUE(check_backoff_config({1, 1, 1, Jitter::kFull}).is_ok());
  EXPECT_TRUE(check_backoff_config({kMax, kMax, kMaxAttemptsLimit, Jitter::kFull}).is_ok());
  EXPECT_EQ(check_backoff_config({0, 10, 3, Jitter::kFull}).message(),
            "base must be an integer in [1, 315360000000000], got 0");
  EXPECT_EQ(check_backoff_config({1, kMax + 1, 3, Jitter::kFull}).message(),
            "cap must be an integer in [1, 315360000000000], got 315360000000001");
  EXPECT_EQ(check_backoff_config({100, 99, 3, Jitter::kFull}).message(),
            "cap must be at least base (100 µs), got 99 µs");
  EXPECT_EQ(check_backoff_config({1, 1, 0, Jitter::kFull}).message(),
            "maxAttempts must be an integer in [1, 100], got 0");
  EXPECT_EQ(check_backoff_config({1, 1, 101, Jitter::kFull}).message(),
            "maxAttempts must be an integer in [1, 100], got 101");
}

TEST(Backoff, JitterNames) {
  EXPECT_STREQ(jitter_name(Jitter::kNone), "none");
  EXPECT_STREQ(jitter_name(Jitter::kFull), "full");
  EXPECT_STREQ(jitter_name(Jitter::kEqual), "equal");
  EXPECT_STREQ(jitter_name(Jitter::kDecorrelated), "decorrelated");
}

}  // namespace
}  // namespace sdlab::messaging
