// Consumer groups on the partitioned log: Kafka's range and round-robin assignors, rebalances and
// the offsets they make a group read twice, commits that never move backwards, seeks, retention
// overtaking a commit, broken invariants.
#include "messaging/consumer_group.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "../common/invariant_matchers.h"
#include "../trace_data.h"
#include "messaging/partitioned_log.h"

namespace sdlab {

template <>
struct TestPeer<messaging::PartitionedLog> {
  static messaging::ConsumerGroup& group(messaging::PartitionedLog& log, const std::string& name) {
    return log.groups_.find(name)->second;
  }
  static void set_offset(messaging::PartitionedLog& log, const std::string& topic, std::size_t i,
                         messaging::Offset offset) {
    log.topics_.find(topic)->second.partitions[0].records[i].offset = offset;
  }
  static void push_record(messaging::PartitionedLog& log, const std::string& topic) {
    auto& partition = log.topics_.find(topic)->second.partitions[0];
    partition.records.push_back({partition.end(), "", "", 0});
  }
};

namespace messaging {
namespace {

using Names = std::vector<std::string>;

// "t0p1 t1p0" for a consumer's partitions, as Kafka's documentation writes them.
std::string names(const std::vector<TopicPartition>& partitions) {
  std::string out;
  for (const TopicPartition& tp : partitions)
    out += (out.empty() ? "" : " ") + tp.topic + "p" + std::to_string(tp.partition);
  return out;
}

std::map<std::string, std::string> assigned(Assignor assignor, const Subscriptions& subscriptions,
                                            const PartitionCounts& counts) {
  std::map<std::string, std::string> out;
  for (const auto& [consumer, partitions] : assign(assignor, subscriptions, counts))
    out[consumer] = names(partitions);
  return out;
}

TEST(Assignors, MatchTheExamplesOfKafkasDocumentation) {
  // RangeAssignor's and RoundRobinAssignor's javadoc: C0, C1 on t0 and t1 of 3 partitions each.
  const Subscriptions both = {{"C0", {"t0", "t1"}}, {"C1", {"t0", "t1"}}};
  const PartitionCounts three = {{"t0", 3}, {"t1", 3}};
  EXPECT_EQ(
      assigned(Assignor::kRange, both, three),
      (std::map<std::string, std::string>{{"C0", "t0p0 t0p1 t1p0 t1p1"}, {"C1", "t0p2 t1p2"}}));
  EXPECT_EQ(
      assigned(Assignor::kRoundRobin, both, three),
      (std::map<std::string, std::string>{{"C0", "t0p0 t0p2 t1p1"}, {"C1", "t0p1 t1p0 t1p2"}}));
  // RoundRobinAssignor's javadoc, unequal subscriptions: t0, t1, t2 of 1, 2, 3 partitions.
  const Subscriptions mixed = {{"C0", {"t0"}}, {"C1", {"t0", "t1"}}, {"C2", {"t0", "t1", "t2"}}};
  EXPECT_EQ(assigned(Assignor::kRoundRobin, mixed, {{"t0", 1}, {"t1", 2}, {"t2", 3}}),
            (std::map<std::string, std::string>{
                {"C0", "t0p0"}, {"C1", "t1p0"}, {"C2", "t1p1 t2p0 t2p1 t2p2"}}));
}

TEST(Assignors, RangeGivesContiguousRunsTheFirstConsumersOneMore) {
  struct Case {
    std::uint32_t partitions;
    std::size_t consumers;
    std::vector<std::string> expected;  // by consumer c0, c1, …
  };
  const std::vector<Case> cases = {
      {1, 1, {"tp0"}},
      {1, 2, {"tp0", ""}},                 // fewer partitions than consumers
      {4, 2, {"tp0 tp1", "tp2 tp3"}},      // P % C = 0
      {5, 2, {"tp0 tp1 tp2", "tp3 tp4"}},  // P % C = 1
      {7, 3, {"tp0 tp1 tp2", "tp3 tp4", "tp5 tp6"}},
      {2, 3, {"tp0", "tp1", ""}},
  };
  for (const Case& c : cases) {
    Subscriptions subscriptions;
    for (std::size_t i = 0; i < c.consumers; ++i) subscriptions["c" + std::to_string(i)] = {"t"};
    const Assignment a = assign(Assignor::kRange, subscriptions, {{"t", c.partitions}});
    std::vector<std::string> got;
    for (const auto& [consumer, partitions] : a) got.push_back(names(partitions));
    EXPECT_EQ(got, c.expected) << c.partitions << " partitions, " << c.consumers << " consumers";
  }
}

TEST(Assignors, ConsumersAreOrderedByIdNotByJoinOrder) {
  const Subscriptions s = {{"b", {"t"}}, {"a", {"t"}}, {"c", {"t"}}};
  EXPECT_EQ(assigned(Assignor::kRoundRobin, s, {{"t", 4}}),
            (std::map<std::string, std::string>{{"a", "tp0 tp3"}, {"b", "tp1"}, {"c", "tp2"}}));
}

TEST(Assignors, NamesParseBackAndOthersAreRefused) {
  Assignor a = Assignor::kRange;
  ASSERT_TRUE(parse_assignor("round-robin", a).is_ok());
  EXPECT_EQ(a, Assignor::kRoundRobin);
  EXPECT_EQ(parse_assignor("sticky", a).message(),
            "assignor must be \"range\" or \"round-robin\", got \"sticky\"");
  EXPECT_EQ(a, Assignor::kRoundRobin);
}

struct GroupTest : ::testing::Test {
  sim::Clock clock;
  PartitionedLog log{clock};

  void SetUp() override {
    ASSERT_TRUE(log.create_topic("t", {4, 100, 0}).is_ok());
    for (int i = 0; i < 8; ++i) ASSERT_TRUE(log.append("t", "", "v").is_ok());  // 2 a partition
    ASSERT_TRUE(log.create_group("g", Assignor::kRange).is_ok());
  }
  RebalanceReport join(const std::string& consumer, const Names& topics = {"t"}) {
    RebalanceReport report;
    EXPECT_TRUE(log.join("g", consumer, topics, &report).is_ok());
    return report;
  }
  RebalanceReport leave(const std::string& consumer) {
    RebalanceReport report;
    EXPECT_TRUE(log.leave("g", consumer, &report).is_ok());
    return report;
  }
  std::vector<std::string> poll(const std::string& consumer, double max = 100) {
    std::vector<Fetched> fetched;
    EXPECT_TRUE(log.poll("g", consumer, max, &fetched).is_ok());
    std::vector<std::string> out;
    for (const Fetched& f : fetched)
      out.push_back(partition_name(f.tp) + "@" + std::to_string(f.record.offset));
    return out;
  }
  GroupPartition state(std::uint32_t p) {
    return log.snapshot().groups.at("g").partitions.at({"t", p});
  }
};

std::string moves(const RebalanceReport& report) {
  std::string out;
  for (const PartitionMove& m : report.moved)
    out += (out.empty() ? "" : "; ") + partition_name(m.tp) + " " +
           (m.from.empty() ? "-" : m.from) + ">" + (m.to.empty() ? "-" : m.to) + " [" +
           std::to_string(m.committed) + "," + std::to_string(m.reached) + ")";
  return out;
}

TEST_F(GroupTest, ARebalanceReportsWhatMovedAndTheOffsetsReadTwice) {
  RebalanceReport first = join("c1");
  EXPECT_EQ(first.generation, 1u);
  EXPECT_EQ(moves(first), "t-0 ->c1 [0,0); t-1 ->c1 [0,0); t-2 ->c1 [0,0); t-3 ->c1 [0,0)");
  EXPECT_EQ(first.rereads, 0);
  EXPECT_EQ(poll("c1").size(), 8u);
  ASSERT_TRUE(log.commit("g", "c1", "t", 0, 2).is_ok());
  ASSERT_TRUE(log.commit("g", "c1", "t", 1, 1).is_ok());
  const RebalanceReport second = join("c2");  // range: c1 keeps t-0, t-1; c2 takes t-2, t-3
  EXPECT_EQ(second.generation, 2u);
  EXPECT_EQ(moves(second), "t-2 c1>c2 [0,2); t-3 c1>c2 [0,2)");
  EXPECT_EQ(second.moved[0].rereads(), 2);
  EXPECT_EQ(second.rereads, 4);
  EXPECT_EQ(poll("c1"), std::vector<std::string>{});  // it keeps its positions
  EXPECT_EQ(poll("c2"), (std::vector<std::string>{"t-2@0", "t-2@1", "t-3@0", "t-3@1"}));
  const RebalanceReport third = leave("c1");
  EXPECT_EQ(moves(third), "t-0 c1>c2 [2,2); t-1 c1>c2 [1,2)");
  EXPECT_EQ(third.rereads, 1);
  EXPECT_EQ(poll("c2", 1), std::vector<std::string>{"t-1@1"});  // its one reread
  EXPECT_EQ(log.snapshot().stats.rereads, 5u);
  EXPECT_EQ(log.snapshot().stats.rebalances, 3u);
  EXPECT_TRUE(AllHold(log.invariants()));
}

TEST_F(GroupTest, WhenTheLastMemberLeavesItsPartitionsHaveNoOwnerAndCommitsStay) {
  join("c1");
  poll("c1");
  ASSERT_TRUE(log.commit_positions("g", "c1").is_ok());
  const RebalanceReport report = leave("c1");
  EXPECT_EQ(moves(report), "t-0 c1>- [2,2); t-1 c1>- [2,2); t-2 c1>- [2,2); t-3 c1>- [2,2)");
  EXPECT_TRUE(report.assignment.empty());
  EXPECT_EQ(state(3).committed, 2);
  EXPECT_EQ(moves(join("c9")), "t-0 ->c9 [2,2); t-1 ->c9 [2,2); t-2 ->c9 [2,2); t-3 ->c9 [2,2)");
  EXPECT_EQ(poll("c9"), std::vector<std::string>{});
  EXPECT_TRUE(AllHold(log.invariants()));
}

TEST_F(GroupTest, PollStartsWithADifferentPartitionEachTimeSoNoneStarves) {
  join("c1");
  EXPECT_EQ(poll("c1", 1), std::vector<std::string>{"t-0@0"});
  EXPECT_EQ(poll("c1", 1), std::vector<std::string>{"t-1@0"});
  EXPECT_EQ(poll("c1", 3), (std::vector<std::string>{"t-2@0", "t-2@1", "t-3@0"}));
  EXPECT_EQ(poll("c1", 1), std::vector<std::string>{"t-3@1"});
}

TEST_F(GroupTest, ACommitNeverMovesBackwardsNorPastWhatTheOwnerRead) {
  join("c1");
  poll("c1", 1);  // t-0@0
  EXPECT_EQ(log.commit("g", "c1", "t", 0, 2).message(),
            "\"c1\" has read t-0 up to offset 1: a commit must not pass it, got 2");
  ASSERT_TRUE(log.commit("g", "c1", "t", 0, 1).is_ok());
  ASSERT_TRUE(log.commit("g", "c1", "t", 0, 1).is_ok());  // the same offset again: fine
  EXPECT_EQ(log.commit("g", "c1", "t", 0, 0).message(),
            "a commit never moves backwards: t-0 is committed at 1, got 0 (seek to replay)");
  EXPECT_EQ(state(0).committed, 1);
  join("c2");
  EXPECT_EQ(log.commit("g", "c1", "t", 3, 0).message(),
            "t-3 is not assigned to \"c1\" (its owner is \"c2\")");
  EXPECT_EQ(log.commit("g", "c3", "t", 0, 0).message(),
            "consumer \"c3\" is not a member of group \"g\"");
  EXPECT_EQ(log.commit("h", "c1", "t", 0, 0).message(), "unknown group \"h\"");
  EXPECT_EQ(log.commit("g", "c1", "t", 4, 0).message(),
            "partition must be an integer in [0, 3], got 4");
}

TEST_F(GroupTest, SeekReplaysBackwardsOrSkipsAheadAndIsRecorded) {
  join("c1");
  poll("c1");
  ASSERT_TRUE(log.commit_positions("g", "c1").is_ok());
  clock.advance(7);
  ASSERT_TRUE(log.seek("g", "t", 2, 0).is_ok());
  EXPECT_EQ(state(2).committed, 0);
  EXPECT_EQ(poll("c1"), (std::vector<std::string>{"t-2@0", "t-2@1"}));
  ASSERT_TRUE(log.seek("g", "t", 1, 2).is_ok());  // at the end: allowed
  EXPECT_EQ(log.seek("g", "t", 1, 3).message(),
            "offset 3 of t-1 is past the end: the next offset is 2");
  EXPECT_EQ(log.seek("g", "t", 1, -1).message(),
            "offset -1 of t-1 is below the log start: the first offset still kept is 0");
  const std::vector<Replay> replays = log.snapshot().replays;
  ASSERT_EQ(replays.size(), 2u);
  EXPECT_EQ(replays[0].group, "g");
  EXPECT_EQ(partition_name(replays[0].tp), "t-2");
  EXPECT_EQ(replays[0].from, 2);
  EXPECT_EQ(replays[0].to, 0);
  EXPECT_EQ(replays[0].at, 7);
  EXPECT_TRUE(AllHold(log.invariants()));
}

TEST_F(GroupTest, RetentionPastACommitMovesItUpAndCountsTheRecordsLost) {
  ASSERT_TRUE(log.create_topic("short", {1, 2, 0}).is_ok());
  join("c1", {"short"});
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(log.append("short", "", "v").is_ok());
  const GroupPartition s = log.snapshot().groups.at("g").partitions.at({"short", 0});
  EXPECT_EQ(s.committed, 1);  // offset 0 was deleted unread
  EXPECT_EQ(s.position, 1);
  EXPECT_EQ(log.snapshot().stats.lost, 1u);
  EXPECT_EQ(poll("c1"), (std::vector<std::string>{"short-0@1", "short-0@2"}));
  EXPECT_TRUE(AllHold(log.invariants()));
}

TEST_F(GroupTest, AgeRetentionPastACommitIsTracedAsLost) {
  ASSERT_TRUE(log.create_topic("aged", {1, 100, 10}).is_ok());
  join("c1", {"aged"});
  ASSERT_TRUE(log.append("aged", "", "v").is_ok());
  ASSERT_TRUE(log.append("aged", "", "v").is_ok());
  EXPECT_EQ(poll("c1", 1), std::vector<std::string>{"aged-0@0"});
  ASSERT_TRUE(log.commit_positions("g", "c1").is_ok());
  sim::Trace trace;
  log.set_trace(&trace);
  clock.advance(10);
  log.expire();
  ASSERT_EQ(trace.steps().size(), 2u);
  EXPECT_EQ(trace.steps()[0].kind, "delete");
  EXPECT_EQ(testing::text(trace.steps()[0], "reason"), "age");
  const sim::Step& lost = trace.steps()[1];
  EXPECT_EQ(lost.kind, "lost");
  EXPECT_EQ(lost.note,
            "1 records of aged-0 deleted before the group committed them: its commit moves from 1 "
            "to 2");
  EXPECT_EQ(testing::number(lost, "lost"), 1);
  EXPECT_EQ(poll("c1"), std::vector<std::string>{});
  EXPECT_TRUE(AllHold(log.invariants()));
}

TEST_F(GroupTest, SeekOnAPartitionTheGroupNeverReadStartsFromItsLogStart) {
  ASSERT_TRUE(log.seek("g", "t", 1, 1).is_ok());
  const Replay replay = log.snapshot().replays.at(0);
  EXPECT_EQ(replay.from, 0);
  EXPECT_EQ(replay.to, 1);
  join("c1");
  EXPECT_EQ(state(1).position, 1);
  EXPECT_EQ(poll("c1", 1), std::vector<std::string>{"t-0@0"});
  EXPECT_EQ(poll("c1", 1), std::vector<std::string>{"t-1@1"});
}

TEST_F(GroupTest, PollTracesAFetchPerPartitionItReads) {
  join("c1");
  sim::Trace trace;
  log.set_trace(&trace);
  poll("c1", 3);
  std::vector<std::string> steps;
  for (const sim::Step& step : trace.steps())
    steps.push_back(step.kind + ":" + step.subject + ":" + std::to_string(step.depth));
  EXPECT_EQ(steps, (std::vector<std::string>{"poll:c1:0", "fetch:t-0:1", "fetch:t-1:1"}));
  EXPECT_EQ(testing::number(trace.steps()[2], "count"), 1);
  EXPECT_EQ(log.snapshot().stats.read, 3u);
}

TEST_F(GroupTest, JoinAndGroupArgumentsAreChecked) {
  EXPECT_EQ(log.create_group("g", Assignor::kRange).message(), "group \"g\" exists");
  EXPECT_EQ(log.create_group("", Assignor::kRange).message(), "group must not be empty");
  EXPECT_EQ(log.join("h", "c", {"t"}).message(), "unknown group \"h\"");
  EXPECT_EQ(log.join("g", "", {"t"}).message(), "consumer must not be empty");
  EXPECT_EQ(log.join("g", std::string(65, 'c'), {"t"}).message(),
            "consumer must be at most 64 bytes long, got 65");
  EXPECT_EQ(log.join("g", "c", {}).message(), "topics must name 1 to 64 topics, got 0");
  EXPECT_EQ(log.join("g", "c", Names(kMaxTopics + 1, "t")).message(),
            "topics must name 1 to 64 topics, got 65");
  EXPECT_TRUE(log.join("g", "c0", Names(kMaxTopics, "t")).is_ok());  // the same topic, once
  EXPECT_EQ(log.snapshot().groups.at("g").members.at("c0").topics, Names{"t"});
  ASSERT_TRUE(log.leave("g", "c0").is_ok());
  EXPECT_EQ(log.join("g", "c", {"t", "nope"}).message(), "unknown topic \"nope\"");
  EXPECT_TRUE(log.snapshot().groups.at("g").members.empty());
  join("c");
  EXPECT_EQ(log.join("g", "c", {"t"}).message(),
            "consumer \"c\" is already a member of group \"g\"");
  for (std::size_t i = 1; i < kMaxMembers; ++i) join("m" + std::to_string(i));
  EXPECT_EQ(log.join("g", "late", {"t"}).message(),
            "group \"g\" has 256 members, the most it may have");
  EXPECT_EQ(log.leave("g", "late").message(), "consumer \"late\" is not a member of group \"g\"");
  EXPECT_EQ(log.poll("g", "c", 0, nullptr).message(),
            "max must be an integer in [1, 10000], got 0");
  EXPECT_TRUE(log.poll("g", "c", kMaxFetch, nullptr).is_ok());
  EXPECT_EQ(log.poll("g", "c", kMaxFetch + 1, nullptr).message(),
            "max must be an integer in [1, 10000], got 10001");
  for (std::size_t i = 1; i < kMaxGroups; ++i)
    ASSERT_TRUE(log.create_group("g" + std::to_string(i), Assignor::kRange).is_ok());
  EXPECT_EQ(log.create_group("one-more", Assignor::kRange).message(), "at most 64 groups");
}

TEST_F(GroupTest, TraceShowsTheAssignmentAndEachMoveUnderTheJoin) {
  join("c1");
  poll("c1");
  sim::Trace trace;
  log.set_trace(&trace);
  join("c2");
  std::vector<std::string> steps;
  for (const sim::Step& step : trace.steps())
    steps.push_back(step.kind + ":" + step.subject + ":" + std::to_string(step.depth));
  EXPECT_EQ(steps, (std::vector<std::string>{"join:c2:0", "assign:c1:1", "assign:c2:1",
                                             "move:t-2:1", "move:t-3:1"}));
  const sim::Step& move = trace.steps()[3];
  EXPECT_EQ(move.note,
            "from c1 to c2: reading resumes at the commit 0, so offsets 0..1 are read twice");
  EXPECT_EQ(testing::number(move, "rereads"), 2);
  EXPECT_EQ(testing::text(trace.steps()[1], "partitions"), "t-0, t-1");
}

TEST_F(GroupTest, BrokenStateIsReportedByTheInvariants) {
  join("c1");
  join("c2");
  ConsumerGroup& g = TestPeer<PartitionedLog>::group(log, "g");
  g.members.at("c2").assigned.insert(g.members.at("c2").assigned.begin(), {"t", 0});
  EXPECT_EQ(Broken(log.invariants(), "a partition has at most one owner in a group"),
            "group g: t-0 is held by c1 and c2");
  g.members.at("c1").assigned.clear();
  EXPECT_EQ(Broken(log.invariants(), "every partition of a subscribed topic has an owner"),
            "group g: t-1 has no owner");
  g.partitions.at({"t", 3}).committed = 3;
  EXPECT_EQ(Broken(log.invariants(), "committed offsets lie within [log start, end]"),
            "group g: t-3 committed at 3, log [0, 2]");
  g.partitions.at({"t", 2}).position = 1;
  g.partitions.at({"t", 2}).committed = 2;
  EXPECT_EQ(Broken(log.invariants(), "an owner's position lies within [committed, end]"),
            "group g: t-2 at position 1, committed 2, end 2");
  ASSERT_TRUE(log.create_topic("one", {1, 5, 0}).is_ok());
  ASSERT_TRUE(log.append("one", "", "").is_ok());
  TestPeer<PartitionedLog>::set_offset(log, "one", 0, 4);
  EXPECT_EQ(Broken(log.invariants(), "offsets are dense and increasing in every partition"),
            "one-0 holds offset 4 at 0");
  ASSERT_TRUE(log.create_topic("two", {1, 2, 0}).is_ok());
  for (int i = 0; i < 3; ++i) TestPeer<PartitionedLog>::push_record(log, "two");
  EXPECT_EQ(Broken(log.invariants(), "a partition holds at most retention records"),
            "two-0 holds 3 records, retention 2");
}

}  // namespace
}  // namespace messaging
}  // namespace sdlab
