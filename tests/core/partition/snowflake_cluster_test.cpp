// SnowflakeCluster: machines on one clock, skew, and the checks on ids and clock moves.
#include "partition/snowflake_cluster.h"

#include <gtest/gtest.h>

#include <set>

namespace sdlab::partition {
namespace {

TEST(SnowflakeCluster, MachinesShareTheClockAndNeverCollide) {
  sim::Clock clock;
  SnowflakeCluster cluster(clock, 3);
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 9000; ++i) {
    std::uint64_t id = 0;
    sim::Micros waited = 0;
    ASSERT_TRUE(cluster.next(static_cast<std::uint32_t>(i % 3), id, waited).is_ok());
    ASSERT_TRUE(seen.insert(id).second);
  }
  EXPECT_EQ(clock.now(), 0);  // 3,000 ids per machine fit in one millisecond
  EXPECT_EQ(cluster.machines()[2].sequence(), 2999u);
}

TEST(SnowflakeCluster, ASkewedMachineStampsItsOwnTime) {
  sim::Clock clock;
  clock.advance(100 * sim::kMicrosPerMilli);
  SnowflakeCluster cluster(clock, 2);
  ASSERT_TRUE(cluster.set_skew(1, 25.5).is_ok());
  std::uint64_t id = 0;
  sim::Micros waited = 0;
  ASSERT_TRUE(cluster.next(1, id, waited).is_ok());
  EXPECT_EQ(decode_snowflake(id).time_ms, 125);
  EXPECT_EQ(cluster.machines()[1].skew(), 25'500);
}

TEST(SnowflakeCluster, BadArgumentsAreNamedAndChangeNothing) {
  sim::Clock clock;
  SnowflakeCluster cluster(clock, 2);
  EXPECT_EQ(cluster.check_machine(2).message(), "machine must be an integer in [0, 1], got 2");
  EXPECT_EQ(cluster.set_skew(0, 4e6).message(),
            "skewMs must be a finite number in [-3600000, 3600000], got 4000000");
  EXPECT_EQ(cluster.machines()[0].skew(), 0);
  EXPECT_EQ(check_machines(0).message(), "machines must be an integer in [1, 1024], got 0");
}

TEST(SnowflakeCluster, ARefusalAtTheEndOfTheRangeLeavesTheOtherMachinesWorking) {
  sim::Clock clock;
  clock.advance(kSnowflakeMaxClock);
  SnowflakeCluster cluster(clock, 2);
  std::uint64_t id = 0;
  sim::Micros waited = 0;
  for (int i = 0; i < 4096; ++i) ASSERT_TRUE(cluster.next(0, id, waited).is_ok());
  EXPECT_FALSE(cluster.next(0, id, waited).is_ok());
  EXPECT_FALSE(cluster.next(0, id, waited).is_ok());  // still refused, still no wait
  EXPECT_EQ(clock.now(), kSnowflakeMaxClock);
  ASSERT_TRUE(cluster.next(1, id, waited).is_ok());
  EXPECT_EQ(decode_snowflake(id).time_ms, kSnowflakeMaxTime);
  EXPECT_EQ(decode_snowflake(id).machine, 1u);
  EXPECT_EQ(id >> 63, 0u);
}

TEST(SnowflakeCluster, IdsParseFromDecimalTextBelow2To63) {
  std::uint64_t id = 7;
  ASSERT_TRUE(parse_snowflake("9223372036854775807", id).is_ok());
  EXPECT_EQ(id, 9223372036854775807u);
  for (const char* bad : {"", "-1", "12a", "9223372036854775808", "12345678901234567890"}) {
    id = 7;
    EXPECT_EQ(parse_snowflake(bad, id).message(),
              std::string("id must be a decimal string of a 64-bit id below 2^63, got \"") + bad +
                  "\"");
    EXPECT_EQ(id, 7u);
  }
}

TEST(SnowflakeCluster, TheClockStaysInsideThe41BitRange) {
  sim::Clock clock;
  EXPECT_TRUE(check_advance(clock, 2199023255551).is_ok());
  clock.advance(2199023255551 * sim::kMicrosPerMilli);
  EXPECT_EQ(check_advance(clock, 1).message(), "ms must be a finite number in [0, 0], got 1");
  EXPECT_EQ(check_advance(sim::Clock(), -1).message(),
            "ms must be a finite number in [0, 2199023255551], got -1");
}

}  // namespace
}  // namespace sdlab::partition
