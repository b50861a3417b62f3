// SnowflakeGenerator: layout, uniqueness and order, the 4,097th id of a millisecond, a clock that
// steps back.
#include "partition/snowflake.h"

#include <gtest/gtest.h>

#include <set>

#include "../trace_data.h"

namespace sdlab::partition {
namespace {

std::uint64_t next_id(SnowflakeGenerator& generator, sim::Micros* waited = nullptr) {
  std::uint64_t id = 0;
  sim::Micros wait = 0;
  EXPECT_TRUE(generator.next(id, wait).is_ok());
  if (waited) *waited = wait;
  return id;
}

TEST(Snowflake, AnIdDecodesToItsTimeMachineAndSequence) {
  sim::Clock clock;
  clock.advance(1234 * sim::kMicrosPerMilli + 500);
  SnowflakeGenerator generator(clock, 7);
  const std::uint64_t first = next_id(generator);
  EXPECT_EQ(first, (std::uint64_t{1234} << 22) | (7u << 12));
  const SnowflakeParts parts = decode_snowflake(next_id(generator));
  EXPECT_EQ(parts.time_ms, 1234);
  EXPECT_EQ(parts.machine, 7u);
  EXPECT_EQ(parts.sequence, 1u);
}

TEST(Snowflake, The4097thIdInAMillisecondWaitsForTheNext) {
  sim::Clock clock;
  SnowflakeGenerator generator(clock, 1);
  sim::Trace trace;
  generator.set_trace(&trace);
  std::uint64_t previous = 0;
  for (int i = 0; i < 4096; ++i) {
    const std::uint64_t id = next_id(generator);
    if (i > 0) ASSERT_GT(id, previous);
    previous = id;
  }
  EXPECT_EQ(decode_snowflake(previous).sequence, 4095u);
  sim::Micros waited = 0;
  const std::uint64_t id = next_id(generator, &waited);
  EXPECT_EQ(waited, sim::kMicrosPerMilli);
  EXPECT_EQ(clock.now(), sim::kMicrosPerMilli);
  EXPECT_EQ(decode_snowflake(id).time_ms, 1);
  EXPECT_EQ(decode_snowflake(id).sequence, 0u);
  EXPECT_GT(id, previous);
  EXPECT_EQ(trace.steps()[trace.steps().size() - 2].kind, "wait");
}

TEST(Snowflake, The4097thIdOfTheLastMillisecondIsRefusedAndChangesNothing) {
  sim::Clock clock;
  clock.advance(kSnowflakeMaxClock + 999);  // the last microsecond of the 41-bit range
  SnowflakeGenerator generator(clock, 1023);
  std::uint64_t last = 0;
  for (int i = 0; i < 4096; ++i) last = next_id(generator);
  EXPECT_EQ(last, std::uint64_t{0x7FFFFFFFFFFFFFFF});  // every bit but the sign bit
  std::uint64_t id = 99;
  sim::Micros waited = 99;
  EXPECT_EQ(generator.next(id, waited).message(),
            "4096 ids in 2199023255551 ms; waiting for the next millisecond would take the clock "
            "past the 41-bit range (2199023255551 ms): no id generated");
  EXPECT_EQ(id, 99u);
  EXPECT_EQ(waited, 99);
  EXPECT_EQ(clock.now(), kSnowflakeMaxClock + 999);
  EXPECT_EQ(generator.last_ms(), kSnowflakeMaxTime);
  EXPECT_EQ(generator.sequence(), 4095u);
}

TEST(Snowflake, AMachineAheadOfTheClockIsRefusedPastTheLastMillisecond) {
  sim::Clock clock;
  clock.advance(kSnowflakeMaxClock - 5 * sim::kMicrosPerMilli);
  SnowflakeGenerator generator(clock, 0);
  generator.set_skew(5 * sim::kMicrosPerMilli);  // reads the last millisecond
  for (int i = 0; i < 4096; ++i) next_id(generator);
  std::uint64_t id = 0;
  sim::Micros waited = 0;
  EXPECT_FALSE(generator.next(id, waited).is_ok());  // it would stamp 2^41 ms: the sign bit
  EXPECT_EQ(clock.now(), kSnowflakeMaxClock - 5 * sim::kMicrosPerMilli);
}

TEST(Snowflake, AWaitThatWouldTakeTheSharedClockPastTheRangeIsRefused) {
  sim::Clock clock;
  clock.advance(kSnowflakeMaxClock);
  SnowflakeGenerator behind(clock, 0);
  behind.set_skew(-1500);  // reads 2 ms before the end; its next millisecond starts 0.5 ms past it
  for (int i = 0; i < 4096; ++i) next_id(behind);
  std::uint64_t id = 0;
  sim::Micros waited = 0;
  EXPECT_FALSE(behind.next(id, waited).is_ok());
  EXPECT_EQ(clock.now(), kSnowflakeMaxClock);
  EXPECT_EQ(behind.last_ms(), kSnowflakeMaxTime - 2);
  SnowflakeGenerator other(clock, 1);  // the clock is still inside the range
  EXPECT_EQ(decode_snowflake(next_id(other)).time_ms, kSnowflakeMaxTime);
}

TEST(Snowflake, AClockThatMovesBackwardsIsAnErrorAndMakesNoId) {
  sim::Clock clock;
  clock.advance(10 * sim::kMicrosPerMilli);
  SnowflakeGenerator generator(clock, 2);
  next_id(generator);
  generator.set_skew(-3 * sim::kMicrosPerMilli);
  std::uint64_t id = 99;
  sim::Micros waited = 0;
  EXPECT_EQ(generator.next(id, waited).message(),
            "clock moved backwards by 3 ms (last id at 10 ms, now 7 ms): no id generated");
  EXPECT_EQ(id, 99u);
  EXPECT_EQ(generator.last_ms(), 10);
  clock.advance(3 * sim::kMicrosPerMilli);
  EXPECT_EQ(decode_snowflake(next_id(generator)).sequence, 1u);  // same millisecond again
}

TEST(Snowflake, IdsAreUniqueAcrossMachinesAndIncreasingPerMachine) {
  sim::Clock clock;
  std::vector<SnowflakeGenerator> machines;
  for (std::uint32_t m = 0; m < 4; ++m) machines.emplace_back(clock, m);
  std::set<std::uint64_t> seen;
  std::vector<std::uint64_t> last(4, 0);
  for (int i = 0; i < 20000; ++i) {
    if (i % 700 == 0) clock.advance(250);
    const std::size_t m = static_cast<std::size_t>(i) % 4;
    const std::uint64_t id = next_id(machines[m]);
    ASSERT_TRUE(seen.insert(id).second);
    if (i >= 4) ASSERT_GT(id, last[m]);
    last[m] = id;
  }
  EXPECT_EQ(check_machine(1024).message(), "machine must be an integer in [0, 1023], got 1024");
}

TEST(Snowflake, TraceGivesTheFieldsOfEachId) {
  sim::Clock clock;
  clock.advance(42 * sim::kMicrosPerMilli);
  SnowflakeGenerator generator(clock, 3);
  sim::Trace trace;
  generator.set_trace(&trace);
  next_id(generator);
  const SnowflakeParts parts = decode_snowflake(next_id(generator));
  const sim::Step& step = trace.steps().back();
  EXPECT_EQ(step.kind, "id");
  EXPECT_EQ(testing::number(step, "timeMs"), static_cast<double>(parts.time_ms));
  EXPECT_EQ(testing::number(step, "machine"), parts.machine);
  EXPECT_EQ(testing::number(step, "sequence"), parts.sequence);
  EXPECT_EQ(parts.sequence, 1u);
}

}  // namespace
}  // namespace sdlab::partition
