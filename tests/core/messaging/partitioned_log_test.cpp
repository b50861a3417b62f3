// The Kafka-like partitioned log: partitioning, dense offsets, reads at the edges, retention by
// count and by age, bad input, trace.
#include "messaging/partitioned_log.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../common/invariant_matchers.h"
#include "../trace_data.h"
#include "common/hash.h"

namespace sdlab::messaging {
namespace {

struct LogTest : ::testing::Test {
  sim::Clock clock;
  PartitionedLog log{clock};

  void topic(const std::string& name, TopicConfig config) {
    ASSERT_TRUE(log.create_topic(name, config).is_ok());
  }
  Appended append(const std::string& t, const std::string& key, const std::string& value = "v") {
    Appended at;
    EXPECT_TRUE(log.append(t, key, value, &at).is_ok());
    return at;
  }
  std::vector<Offset> offsets(const std::string& t, double p, Offset from, double max = 100) {
    std::vector<Record> records;
    EXPECT_TRUE(log.read(t, p, from, max, &records).is_ok());
    std::vector<Offset> out;
    for (const Record& r : records) out.push_back(r.offset);
    return out;
  }
  Offset log_start(std::size_t topic, std::size_t p) {
    return log.snapshot().topics[topic].partitions[p].log_start;
  }
};

TEST_F(LogTest, AKeyAlwaysGoesToItsHashModPAndOffsetsAreDensePerPartition) {
  topic("t", {4, 100, 0});
  std::vector<Offset> next(4, 0);
  for (int i = 0; i < 40; ++i) {
    const std::string key = "user-" + std::to_string(i % 7);
    const Appended at = append("t", key);
    EXPECT_EQ(at.partition, hash64(key) % 4) << key;
    EXPECT_EQ(at.offset, next[at.partition]++);
  }
  for (std::uint32_t p = 0; p < 4; ++p) {
    std::vector<Offset> expected;
    for (Offset o = 0; o < next[p]; ++o) expected.push_back(o);
    EXPECT_EQ(offsets("t", p, 0), expected);
  }
  EXPECT_TRUE(AllHold(log.invariants()));
}

TEST_F(LogTest, AnEmptyKeyGoesRoundRobinOverThePartitions) {
  topic("t", {3, 100, 0});
  std::vector<std::uint32_t> partitions;
  for (int i = 0; i < 7; ++i) partitions.push_back(append("t", "").partition);
  EXPECT_EQ(partitions, (std::vector<std::uint32_t>{0, 1, 2, 0, 1, 2, 0}));
  EXPECT_EQ(append("t", "").offset, 2);  // partition 1's third record
}

TEST_F(LogTest, ReadsStopAtMaxAndAtTheEndAndReadingAtTheEndGivesNothing) {
  topic("t", {1, 100, 0});
  for (int i = 0; i < 5; ++i) append("t", "");
  EXPECT_EQ(offsets("t", 0, 1, 2), (std::vector<Offset>{1, 2}));
  EXPECT_EQ(offsets("t", 0, 3, 10), (std::vector<Offset>{3, 4}));
  EXPECT_EQ(offsets("t", 0, 5, 1), std::vector<Offset>{});
  std::vector<Record> records;
  EXPECT_EQ(log.read("t", 0, 6, 1, &records).message(),
            "offset 6 of t-0 is past the end: the next offset is 5");
  EXPECT_EQ(log.snapshot().stats.read, 4u);
}

TEST_F(LogTest, CountRetentionKeepsTheNewestRecordsAndReadingBelowTheStartNamesTheFirstKept) {
  topic("t", {1, 3, 0});
  for (int i = 0; i < 3; ++i) append("t", "");
  EXPECT_EQ(log_start(0, 0), 0);  // exactly at the retention count: nothing deleted
  append("t", "");
  EXPECT_EQ(log_start(0, 0), 1);
  EXPECT_EQ(offsets("t", 0, 1), (std::vector<Offset>{1, 2, 3}));
  std::vector<Record> records{{9, "", "", 0}};
  EXPECT_EQ(log.read("t", 0, 0, 10, &records).message(),
            "offset 0 of t-0 is below the log start: the first offset still kept is 1");
  EXPECT_EQ(records.size(), 1u);  // unchanged on error
  EXPECT_EQ(log.snapshot().stats.deleted_by_count, 1u);
  EXPECT_TRUE(AllHold(log.invariants()));
}

TEST_F(LogTest, AgeRetentionDeletesARecordExactlyAtItsAge) {
  topic("t", {1, 100, 1'000});
  append("t", "");  // at 0
  clock.advance(500);
  append("t", "");  // at 500
  clock.advance(499);
  log.expire();
  EXPECT_EQ(log_start(0, 0), 0);  // 999: both kept
  clock.advance(1);
  log.expire();
  EXPECT_EQ(log_start(0, 0), 1);  // 1000: the first is as old as the retention
  clock.advance(500);
  EXPECT_EQ(offsets("t", 0, 2), std::vector<Offset>{});  // the read expires the second first
  EXPECT_EQ(log_start(0, 0), 2);
  EXPECT_EQ(log.snapshot().stats.deleted_by_age, 2u);
  append("t", "");
  EXPECT_EQ(offsets("t", 0, 2), std::vector<Offset>{2});  // offsets go on after an empty log
}

TEST_F(LogTest, TheLongestAgeHoldsExactlyToItsEnd) {
  topic("t", {1, 100, kMaxRetentionAge});
  append("t", "");
  clock.advance(kMaxRetentionAge - 1);
  log.expire();
  EXPECT_EQ(log_start(0, 0), 0);
  clock.advance(1);
  log.expire();
  EXPECT_EQ(log_start(0, 0), 1);
}

TEST_F(LogTest, AZeroAgeKeepsRecordsForever) {
  topic("t", {1, 100, 0});
  append("t", "");
  clock.advance(sim::kMaxTime);
  log.expire();
  EXPECT_EQ(offsets("t", 0, 0), std::vector<Offset>{0});
}

TEST(PartitionedLog, TopicConfigRangesAreCheckedAtBothEnds) {
  struct Case {
    TopicConfig config;
    std::string error;  // "" = ok
  };
  const std::vector<Case> cases = {
      {{1, 1, 0}, ""},
      {{kMaxPartitions, kMaxRetentionRecords, kMaxRetentionAge}, ""},
      {{0, 1, 0}, "partitions must be an integer in [1, 256], got 0"},
      {{kMaxPartitions + 1, 1, 0}, "partitions must be an integer in [1, 256], got 257"},
      {{1, 0, 0}, "retentionRecords must be an integer in [1, 1000000], got 0"},
      {{1, kMaxRetentionRecords + 1, 0},
       "retentionRecords must be an integer in [1, 1000000], got 1000001"},
      {{1, 1, -1}, "retentionAge must be an integer in [0, 31536000000000], got -1"},
      {{1, 1, kMaxRetentionAge + 1},
       "retentionAge must be an integer in [0, 31536000000000], got 31536000000001"},
  };
  for (const Case& c : cases) {
    const Status s = check_topic_config(c.config);
    EXPECT_EQ(s.is_ok() ? "" : s.message(), c.error);
  }
}

TEST_F(LogTest, TopicNamesAndCountAreChecked) {
  EXPECT_EQ(log.create_topic("", {}).message(), "topic must not be empty");
  EXPECT_EQ(log.create_topic(std::string(65, 't'), {}).message(),
            "topic must be at most 64 bytes long, got 65");
  EXPECT_EQ(log.create_topic("t", {0, 1, 0}).message(),
            "partitions must be an integer in [1, 256], got 0");
  EXPECT_TRUE(log.snapshot().topics.empty());
  topic(std::string(64, 't'), {});
  topic("t", {});
  EXPECT_EQ(log.create_topic("t", {}).message(), "topic \"t\" exists");
  for (std::size_t i = 2; i < kMaxTopics; ++i) topic("x" + std::to_string(i), {1, 1, 0});
  EXPECT_EQ(log.create_topic("one-more", {}).message(), "at most 64 topics");
  EXPECT_EQ(log.snapshot().topics.size(), kMaxTopics);
}

TEST_F(LogTest, AppendAndReadRefuseBadArgumentsChangingNothing) {
  topic("t", {2, 10, 0});
  EXPECT_EQ(log.append("u", "k", "v").message(), "unknown topic \"u\"");
  EXPECT_EQ(log.append("t", std::string(kMaxKeyBytes + 1, 'k'), "v").message(),
            "key must be at most 256 bytes long, got 257");
  EXPECT_EQ(log.append("t", "k", std::string(kMaxValueBytes + 1, 'v')).message(),
            "value must be at most 65536 bytes long, got 65537");
  EXPECT_EQ(log.snapshot().stats.appended, 0u);
  append("t", std::string(kMaxKeyBytes, 'k'), std::string(kMaxValueBytes, 'v'));
  struct Case {
    double partition;
    double max;
    std::string error;
  };
  const std::vector<Case> cases = {
      {0, 1, ""},
      {1, kMaxFetch, ""},
      {-1, 1, "partition must be an integer in [0, 1], got -1"},
      {2, 1, "partition must be an integer in [0, 1], got 2"},
      {0.5, 1, "partition must be an integer in [0, 1], got 0.5"},
      {0, 0, "max must be an integer in [1, 10000], got 0"},
      {0, kMaxFetch + 1, "max must be an integer in [1, 10000], got 10001"},
  };
  for (const Case& c : cases) {
    const Status s = log.read("t", c.partition, 0, c.max, nullptr);
    EXPECT_EQ(s.is_ok() ? "" : s.message(), c.error) << c.partition << " " << c.max;
  }
  EXPECT_EQ(log.read("t", 0, -1, 1, nullptr).message(),
            "offset -1 of t-0 is below the log start: the first offset still kept is 0");
}

TEST_F(LogTest, TraceNamesThePartitionRuleAndTheRetention) {
  sim::Trace trace;
  log.set_trace(&trace);
  topic("t", {2, 100, 0});
  topic("u", {1, 1, 0});
  append("t", "k");
  append("u", "");
  append("u", "");
  std::vector<std::string> kinds;
  for (const sim::Step& step : trace.steps()) kinds.push_back(step.kind);
  EXPECT_EQ(kinds,
            (std::vector<std::string>{"topic", "topic", "append", "append", "append", "delete"}));
  const sim::Step& keyed = trace.steps()[2];
  EXPECT_EQ(testing::text(keyed, "rule"), "hash");
  EXPECT_EQ(testing::text(keyed, "hash"), hex64(hash64("k")));
  EXPECT_EQ(testing::number(keyed, "partition"), double(hash64("k") % 2));
  EXPECT_EQ(testing::text(trace.steps()[3], "rule"), "round-robin");
  const sim::Step& deleted = trace.steps()[5];
  EXPECT_EQ(deleted.subject, "u-0");
  EXPECT_EQ(deleted.note, "offsets 0..0 deleted by count retention: the log starts at 1");
  EXPECT_EQ(testing::text(deleted, "reason"), "count");
  EXPECT_EQ(testing::number(deleted, "logStart"), 1);
}

}  // namespace
}  // namespace sdlab::messaging
