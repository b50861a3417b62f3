// The discrete-event simulator and its network: ordering, timers, crashes, links, determinism.
#include "sim/simulator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sdlab::sim {
namespace {

// An actor whose handlers are lambdas; `memory` is what it holds in memory (lost on a crash).
struct Scripted : Actor {
  std::function<void(Scripted&, Context&)> on_start;
  std::function<void(Scripted&, Context&, ActorId, const Message&)> on_receive;
  std::function<void(Scripted&, Context&, const Message&)> on_timer;
  int memory = 0;

  void start(Context& ctx) override {
    if (on_start) on_start(*this, ctx);
  }
  void receive(Context& ctx, ActorId from, const Message& m) override {
    if (on_receive) on_receive(*this, ctx, from, m);
  }
  void timer(Context& ctx, const Message& tag) override {
    if (on_timer) on_timer(*this, ctx, tag);
  }
};

ActorFactory make(std::function<void(Scripted&)> setup) {
  return [setup] {
    auto actor = std::make_unique<Scripted>();
    setup(*actor);
    return actor;
  };
}

ActorFactory sink() {
  return make([](Scripted&) {});
}

// The kinds and actors of the steps, as "kind actor" strings.
std::vector<std::string> kinds(const Simulator& sim) {
  std::vector<std::string> out;
  for (const StepRecord& r : sim.history()) out.push_back(r.kind + " " + r.actor);
  return out;
}

std::vector<std::string> delivered(const Simulator& sim, const std::string& to) {
  std::vector<std::string> out;
  for (const StepRecord& r : sim.history()) {
    if (r.kind == "deliver" && r.actor == to) out.push_back(r.message.key);
  }
  return out;
}

void run_all(Simulator& sim) {
  while (sim.step()) {
  }
}

TEST(Simulator, EventsDueAtTheSameTimeRunInTheOrderTheyWereScheduled) {
  Simulator sim(1);
  const ActorId a = sim.add("a", sink());
  ASSERT_TRUE(sim.inject(a, {"m", "second", "", 0}, 500).is_ok());
  ASSERT_TRUE(sim.inject(a, {"m", "first", "", 0}, 100).is_ok());
  ASSERT_TRUE(sim.inject(a, {"m", "third", "", 0}, 500).is_ok());
  run_all(sim);
  EXPECT_EQ(delivered(sim, "a"), (std::vector<std::string>{"first", "second", "third"}));
  EXPECT_EQ(sim.history()[0].kind, "start");
  EXPECT_EQ(sim.history()[2].time, 500);
  EXPECT_EQ(sim.history()[2].why, "injected from outside");
  EXPECT_EQ(sim.now(), 500);
}

TEST(Simulator, OneStepIsOneEventAndRecordsItsCause) {
  Simulator sim(1, {2'000, 2'000, 0, 0, false});
  const ActorId pong =
      sim.add("pong", make([](Scripted& s) {
                s.on_receive = [](Scripted&, Context& ctx, ActorId from, const Message& m) {
                  ctx.send(from, {"pong", m.key, "", 0});
                };
              }));
  sim.add("ping", make([pong](Scripted& s) {
            s.on_start = [pong](Scripted&, Context& ctx) { ctx.send(pong, {"ping", "1", "", 0}); };
          }));
  run_all(sim);
  EXPECT_EQ(kinds(sim),
            (std::vector<std::string>{"start pong", "start ping", "deliver pong", "deliver ping"}));
  const StepRecord& reply = sim.history()[3];
  EXPECT_EQ(reply.time, 4'000);
  EXPECT_EQ(reply.from, "pong");
  EXPECT_EQ(reply.message.type, "pong");
  EXPECT_EQ(reply.cause, 2);
  EXPECT_EQ(reply.why, "sent by pong at step 2 (2000 µs)");
  for (std::size_t i = 0; i < sim.history().size(); ++i) EXPECT_EQ(sim.history()[i].index, i);
}

TEST(Simulator, TimerFiresAfterItsDelayAndACancelledOneNever) {
  Simulator sim(1);
  sim.add("t", make([](Scripted& s) {
            s.on_start = [](Scripted&, Context& ctx) {
              ctx.set_timer(300, {"keep", "", "", 0});
              const TimerId drop = ctx.set_timer(200, {"cancelled", "", "", 0});
              ctx.cancel_timer(drop);
            };
          }));
  run_all(sim);
  ASSERT_EQ(sim.history().size(), 2u);
  EXPECT_EQ(sim.history()[1].kind, "timer");
  EXPECT_EQ(sim.history()[1].message.type, "keep");
  EXPECT_EQ(sim.history()[1].time, 300);
  EXPECT_EQ(sim.pending(), 0u);
}

TEST(Simulator, RunUntilStopsAtTheTimeAndMovesTheClockThere) {
  Simulator sim(1);
  const ActorId a = sim.add("a", sink());
  ASSERT_TRUE(sim.inject(a, {"m", "early", "", 0}, 1'000).is_ok());
  ASSERT_TRUE(sim.inject(a, {"m", "late", "", 0}, 1'001).is_ok());
  EXPECT_EQ(sim.run_until(1'000), 2u);  // start and "early"
  EXPECT_EQ(sim.now(), 1'000);
  EXPECT_EQ(sim.run_until(5'000), 1u);
  EXPECT_EQ(sim.now(), 5'000);
}

TEST(Simulator, CrashLosesMemoryAndTimersKeepsDisk) {
  Simulator sim(1);
  const ActorId a =
      sim.add("a", make([](Scripted& s) {
                s.on_receive = [](Scripted& self, Context& ctx, ActorId, const Message&) {
                  ++self.memory;
                  ctx.disk()["count"] = std::to_string(
                      std::stoi(ctx.disk()["count"].empty() ? "0" : ctx.disk()["count"]) + 1);
                  ctx.set_timer(1'000, {"after-crash", "", "", 0});
                  ctx.note("memory " + std::to_string(self.memory));
                };
              }));
  ASSERT_TRUE(sim.inject(a, {"m", "1", "", 0}, 100).is_ok());
  ASSERT_TRUE(sim.crash_at(a, 200).is_ok());
  ASSERT_TRUE(sim.inject(a, {"m", "while-down", "", 0}, 300).is_ok());
  ASSERT_TRUE(sim.restart_at(a, 400).is_ok());
  ASSERT_TRUE(sim.inject(a, {"m", "2", "", 0}, 500).is_ok());
  ASSERT_TRUE(sim.crash_at(a, 600).is_ok());
  run_all(sim);
  EXPECT_EQ(kinds(sim), (std::vector<std::string>{"start a", "deliver a", "crash a", "drop a",
                                                  "restart a", "deliver a", "crash a"}));
  EXPECT_EQ(sim.history()[1].notes, std::vector<std::string>{"memory 1"});
  EXPECT_EQ(sim.history()[5].notes, std::vector<std::string>{"memory 1"});  // memory began anew
  EXPECT_EQ(sim.history()[3].notes, std::vector<std::string>{"a is down"});
  EXPECT_EQ(sim.history()[4].notes,
            std::vector<std::string>{"incarnation 2 with 1 entries on disk"});
  EXPECT_EQ(sim.disk(a).at("count"), "2");  // the disk survived both crashes
  EXPECT_FALSE(sim.up(a));
}

TEST(Simulator, BadCallsNameTheProblemAndScheduleNothing) {
  Simulator sim(1);
  const ActorId a = sim.add("a", sink());
  sim.run_until(1'000);
  EXPECT_EQ(sim.inject(7, {}, 1'000).message(), "actor must be one of the 1 actors added, got 7");
  EXPECT_EQ(sim.crash_at(a, 999).message(),
            "at must be an integer in [1000, 315360000000000], got 999");
  EXPECT_TRUE(sim.crash_at(a, 1'000).is_ok());  // now is allowed
  EXPECT_TRUE(sim.restart_at(a, kMaxTime).is_ok());
  EXPECT_FALSE(sim.restart_at(a, kMaxTime + 1).is_ok());
  EXPECT_FALSE(sim.partition_at(a, 1, 2'000).is_ok());
  EXPECT_EQ(sim.pending(), 2u);
}

TEST(Network, LinkRulesAreCheckedAtBothEnds) {
  EXPECT_TRUE(check_link({0, kMaxLatency, 0, 1, true}).is_ok());
  EXPECT_EQ(check_link({-1, 0, 0, 0, false}).message(),
            "minLatency must be an integer in [0, 3600000000], got -1");
  EXPECT_FALSE(check_link({0, kMaxLatency + 1, 0, 0, false}).is_ok());
  EXPECT_EQ(check_link({0, 0, 1.5, 0, false}).message(),
            "loss must be a finite number in [0, 1], got 1.5");
  EXPECT_FALSE(check_link({0, 0, 0, -0.1, false}).is_ok());
  EXPECT_EQ(check_link({5, 4, 0, 0, false}).message(),
            "minLatency must be at most maxLatency, got 5 > 4");
  Simulator sim(1);
  const ActorId a = sim.add("a", sink());
  EXPECT_FALSE(sim.set_link(a, a, {5, 4, 0, 0, false}).is_ok());
  EXPECT_EQ(sim.network().link(a, a).min_latency, 1'000);  // unchanged
}

// A sender that sends `count` numbered messages to actor 0 at start.
ActorFactory burst(int count) {
  return make([count](Scripted& s) {
    s.on_start = [count](Scripted&, Context& ctx) {
      for (int i = 0; i < count; ++i) ctx.send(0, {"m", std::to_string(i), "", 0});
    };
  });
}

std::vector<std::string> numbers(int count) {
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) out.push_back(std::to_string(i));
  return out;
}

TEST(Network, AFifoLinkKeepsSendOrderWhateverTheLatencies) {
  Simulator sim(3, {1'000, 50'000, 0, 0, false});
  sim.add("sink", sink());
  sim.add("sender", burst(50));
  run_all(sim);
  EXPECT_EQ(delivered(sim, "sink"), numbers(50));
}

TEST(Network, AReorderingLinkLetsLaterMessagesOvertake) {
  Simulator sim(3, {1'000, 50'000, 0, 0, true});
  sim.add("sink", sink());
  sim.add("sender", burst(50));
  run_all(sim);
  std::vector<std::string> got = delivered(sim, "sink");
  EXPECT_NE(got, numbers(50));
  std::sort(got.begin(), got.end());
  std::vector<std::string> want = numbers(50);
  std::sort(want.begin(), want.end());
  EXPECT_EQ(got, want);  // all arrive, once
}

TEST(Network, LossDropsAboutThatShareAndDuplicationDeliversTwice) {
  Simulator lossy(5, {1'000, 1'000, 0.25, 0, false});
  lossy.add("sink", sink());
  lossy.add("sender", burst(4'000));
  run_all(lossy);
  EXPECT_NEAR(static_cast<double>(delivered(lossy, "sink").size()), 3'000, 100);

  Simulator doubling(5, {1'000, 1'000, 0, 1, false});
  doubling.add("sink", sink());
  doubling.add("sender", burst(10));
  run_all(doubling);
  const std::vector<std::string> got = delivered(doubling, "sink");
  ASSERT_EQ(got.size(), 20u);
  EXPECT_EQ(got[0], got[1]);
  EXPECT_EQ(doubling.history()[3].why.rfind("a duplicate made by the network", 0), 0u);
}

TEST(Network, APartitionDropsBothWaysUntilHealedButNotWhatWasInFlight) {
  Simulator sim(1, {1'000, 1'000, 0, 0, false});
  const ActorId sink_id = sim.add("sink", sink());
  const ActorId sender =
      sim.add("sender", make([](Scripted& s) {
                s.on_receive = [](Scripted&, Context& ctx, ActorId, const Message& m) {
                  ctx.send(0, {"m", m.key, "", 0});
                };
              }));
  auto tick = [&](const char* key, Micros at) {
    ASSERT_TRUE(sim.inject(sender, {"go", key, "", 0}, at).is_ok());
  };
  tick("before", 100);  // arrives at 1100, after the cut: it was in flight
  ASSERT_TRUE(sim.partition_at(sink_id, sender, 500).is_ok());
  tick("during", 2'000);  // dropped
  ASSERT_TRUE(sim.heal_at(sender, sink_id, 3'000).is_ok());
  tick("after", 4'000);
  run_all(sim);
  EXPECT_EQ(delivered(sim, "sink"), (std::vector<std::string>{"before", "after"}));
  bool noted = false;
  for (const StepRecord& r : sim.history()) {
    if (r.message.key == "during" && r.kind == "deliver") {
      noted = r.notes == std::vector<std::string>{"m to sink dropped by a partition"};
    }
  }
  EXPECT_TRUE(noted);
}

// A chatty run: two actors ping each other with random think times over a jittery, lossy,
// duplicating link. Its exact history is pinned: the WASM build runs this test too.
Simulator chatty(std::uint64_t seed) {
  Simulator sim(seed, {500, 5'000, 0.05, 0.1, true});
  for (int i = 0; i < 2; ++i) {
    sim.add(i == 0 ? "left" : "right", make([i](Scripted& s) {
              s.on_start = [i](Scripted&, Context& ctx) {
                for (int ball = 0; i == 0 && ball < 3; ++ball)
                  ctx.send(1, {"ball", std::to_string(ball * 100), "", 0});
              };
              s.on_receive = [](Scripted&, Context& ctx, ActorId from, const Message& m) {
                ctx.set_timer(static_cast<Micros>(ctx.random().below(1'000)),
                              {"return", m.key, "", from});
              };
              s.on_timer = [](Scripted&, Context& ctx, const Message& tag) {
                ctx.send(static_cast<ActorId>(tag.value),
                         {"ball", std::to_string(std::stoi(tag.key) + 1), "", 0});
              };
            }));
  }
  sim.run_until(10'000);
  return sim;
}

std::string signature(const Simulator& sim) {
  std::string out;
  for (const StepRecord& r : sim.history()) {
    out += std::to_string(r.time) + ":" + r.kind.substr(0, 1) + r.actor.substr(0, 1) +
           r.message.key + " ";
  }
  return out;
}

TEST(Simulator, SameSeedSameRunOnEveryPlatform) {
  EXPECT_EQ(signature(chatty(42)), signature(chatty(42)));
  EXPECT_NE(signature(chatty(42)), signature(chatty(43)));
  // time:<kind initial><actor initial><ball> — s start, d deliver, t timer. Ball 1 reaches left
  // twice (the network copied it), each copy sent back.
  EXPECT_EQ(signature(chatty(42)),
            "0:sl 0:sr 3451:dr100 3536:tr100 3769:dr200 3811:tr200 3966:dr0 4522:tr0 5792:dl101 "
            "6101:tl101 6224:dl201 6638:dl1 7188:tl201 7422:tl1 8192:dr2 8858:tr2 8882:dr102 "
            "8918:dr202 9236:dl1 9251:tr202 9560:dl3 9693:tr102 9793:tl1 ");
}

}  // namespace
}  // namespace sdlab::sim
