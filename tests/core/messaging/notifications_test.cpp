// Notification fan-out: dedup by (user, event), opt-outs, the daily limit
// exactly at its edge and at a day boundary, retries, quiet hours, and the
// invariants over seeded random runs.
#include "messaging/notifications.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

namespace sdlab::messaging {
namespace {

// Fixed gateway latency of 5 ms and no failures: an event at t reaches the
// queue and a worker at t + 2 ms (admitted then) and is sent at t + 8 ms.
NotificationSpec plain(std::vector<NotifyEvent> events) {
  NotificationSpec spec;
  spec.users = 4;
  spec.events = std::move(events);
  for (GatewaySpec& g : spec.gateways) g = {0, 5'000, 5'000};
  spec.workers = 1;
  return spec;
}

std::array<std::uint64_t, kChannels> sent(const NotificationOutcome& out) {
  return {out.channels[kPush].sent, out.channels[kEmail].sent, out.channels[kSms].sent};
}

using Counts = std::array<std::uint64_t, kChannels>;

TEST(Notifications, AnEventReachesEveryChannel) {
  const NotificationOutcome out = run_notifications(plain({{0, 1, 7}}));
  EXPECT_EQ(sent(out), (Counts{1, 1, 1}));
  ASSERT_EQ(out.sent.size(), 3u);
  for (const Notification& n : out.sent) {
    EXPECT_EQ(n.user, 1u);
    EXPECT_EQ(n.event, 7u);
    EXPECT_EQ(n.admitted_at, 2'000);
    EXPECT_EQ(n.sent_at, 8'000);
    EXPECT_EQ(n.attempts, 1u);
  }
  EXPECT_EQ(out.events, 1u);
  EXPECT_EQ(out.queue.stats.acks, 1u);
  EXPECT_TRUE(out.queue.visible.empty());
  EXPECT_FALSE(out.truncated);
}

TEST(Notifications, ADuplicateUserAndEventIsDroppedOnce) {
  const NotificationOutcome out =
      run_notifications(plain({{0, 1, 7}, {10'000, 1, 7}, {20'000, 2, 7}, {30'000, 1, 8}}));
  EXPECT_EQ(out.events, 4u);
  EXPECT_EQ(out.deduplicated, 1u);  // (1, 7) again; (2, 7) and (1, 8) are new
  EXPECT_EQ(sent(out), (Counts{3, 3, 3}));
}

TEST(Notifications, OptedOutChannelsAreSkipped) {
  NotificationSpec spec = plain({{0, 0, 1}, {0, 1, 2}, {0, 2, 3}});
  spec.opted_out = {1u << kSms, (1u << kPush) | (1u << kEmail)};  // user 2: no entry, all channels
  const NotificationOutcome out = run_notifications(spec);
  EXPECT_EQ(sent(out), (Counts{2, 2, 2}));
  EXPECT_EQ(out.channels[kPush].opted_out, 1u);
  EXPECT_EQ(out.channels[kEmail].opted_out, 1u);
  EXPECT_EQ(out.channels[kSms].opted_out, 1u);
  for (const Notification& n : out.sent) {
    EXPECT_FALSE(n.user == 0 && n.channel == kSms);
    EXPECT_FALSE(n.user == 1 && n.channel != kSms);
  }
}

TEST(Notifications, TheDailyLimitIsReachedExactly) {
  // Two events of three channels each. Limit 3: the first event uses the day's
  // allowance exactly.
  NotificationSpec spec = plain({{0, 1, 1}, {10'000, 1, 2}});
  spec.daily_limit = 3;
  NotificationOutcome out = run_notifications(spec);
  EXPECT_EQ(sent(out), (Counts{1, 1, 1}));
  EXPECT_EQ(out.channels[kPush].limited + out.channels[kEmail].limited + out.channels[kSms].limited,
            3u);
  // Limit 4: the second event's push (first in channel order) is the fourth,
  // then the limit.
  spec.daily_limit = 4;
  out = run_notifications(spec);
  EXPECT_EQ(sent(out), (Counts{2, 1, 1}));
  EXPECT_EQ(out.channels[kEmail].limited, 1u);
  EXPECT_EQ(out.channels[kSms].limited, 1u);
}

TEST(Notifications, TheDailyLimitRestartsExactlyAtMidnight) {
  // The first event at 0 uses the allowance of 3; the second is admitted 2 ms
  // after its time.
  NotificationSpec spec = plain({{0, 1, 1}, {kDay - 2'001, 1, 2}});
  spec.daily_limit = 3;
  NotificationOutcome out = run_notifications(spec);
  EXPECT_EQ(sent(out), (Counts{1, 1, 1}));  // admitted at kDay − 1: still day 0
  spec.events[1].at = kDay - 2'000;
  out = run_notifications(spec);
  EXPECT_EQ(sent(out), (Counts{2, 2, 2}));  // admitted at kDay: day 1
  EXPECT_EQ(out.sent.back().admitted_at, kDay);
}

TEST(Notifications, FailedAttemptsAreRetriedWithBackoffUntilMaxAttempts) {
  NotificationSpec spec = plain({{0, 1, 1}});
  spec.gateways[kSms].failure = 1;
  spec.max_attempts = 3;
  spec.retry_delay = 100'000;
  NotificationOutcome out = run_notifications(spec);
  EXPECT_EQ(sent(out), (Counts{1, 1, 0}));
  EXPECT_EQ(out.channels[kSms].failed, 1u);
  EXPECT_EQ(out.channels[kSms].attempts, 3u);
  // Attempts leave at 2 ms, then 2 + 7 + 100 ms, then 109 + 7 + 200 ms (7 ms:
  // there and back).
  std::vector<Micros> sends;
  for (const sim::StepRecord& r : out.history) {
    if (r.kind == "deliver" && r.actor == "sms-gateway")
      sends.push_back(r.time - kNotifyLinkLatency);
  }
  EXPECT_EQ(sends, (std::vector<Micros>{2'000, 109'000, 316'000}));
  spec.max_attempts = 1;
  out = run_notifications(spec);
  EXPECT_EQ(out.channels[kSms].attempts, 1u);
  EXPECT_EQ(out.channels[kSms].failed, 1u);
  spec.gateways[kSms].failure = 0;
  spec.max_attempts = kMaxAttempts;
  out = run_notifications(spec);
  EXPECT_EQ(out.channels[kSms].attempts, 1u);
  EXPECT_EQ(out.channels[kSms].failed, 0u);
}

TEST(Notifications, QuietHoursHoldPushAndSmsUntilTheyEnd) {
  constexpr Micros kHour = 3'600'000'000;
  NotificationSpec spec = plain({{10 * 60'000'000, 1, 1}});
  spec.quiet_start = 0;
  spec.quiet_end = kHour;
  NotificationOutcome out = run_notifications(spec);
  std::map<Channel, Micros> admitted;
  for (const Notification& n : out.sent) admitted[n.channel] = n.admitted_at;
  EXPECT_EQ(admitted[kEmail], 10 * 60'000'000 + 2'000);
  EXPECT_EQ(admitted[kPush], kHour);
  EXPECT_EQ(admitted[kSms], kHour);
  EXPECT_EQ(out.channels[kPush].deferred, 1u);
  EXPECT_EQ(out.channels[kEmail].deferred, 0u);
  // Quiet hours wrapping midnight (23:00–01:00): an event at 23:30 waits until
  // 01:00 the next day.
  spec.quiet_start = 23 * kHour;
  spec.quiet_end = kHour;
  spec.events = {{23 * kHour + 30 * 60'000'000 - 2'000, 1, 1}};
  out = run_notifications(spec);
  for (const Notification& n : out.sent) admitted[n.channel] = n.admitted_at;
  EXPECT_EQ(admitted[kPush], kDay + kHour);
  // A worker meeting an event exactly at quiet_end is not held.
  spec.events = {{kHour - 2'000, 1, 1}};
  out = run_notifications(spec);
  EXPECT_EQ(out.channels[kPush].deferred, 0u);
  // One microsecond earlier it is, for 1 µs.
  spec.events = {{kHour - 2'001, 1, 1}};
  out = run_notifications(spec);
  EXPECT_EQ(out.channels[kPush].deferred, 1u);
  for (const Notification& n : out.sent) admitted[n.channel] = n.admitted_at;
  EXPECT_EQ(admitted[kPush], kHour);
}

TEST(Notifications, RangesAreCheckedAtBothEnds) {
  const auto message = [](auto change) {
    NotificationSpec spec = plain({});
    change(spec);
    return check_notification_spec(spec).message();
  };
  EXPECT_EQ(message([](NotificationSpec& s) { s.users = 1; }), "");
  EXPECT_EQ(message([](NotificationSpec& s) { s.users = kMaxNotifyUsers; }), "");
  EXPECT_EQ(message([](NotificationSpec& s) { s.users = 0; }),
            "users must be an integer in [1, 10000], got 0");
  EXPECT_EQ(message([](NotificationSpec& s) { s.users = 10'001; }),
            "users must be an integer in [1, 10000], got 10001");
  EXPECT_EQ(message([](NotificationSpec& s) { s.events.assign(kMaxNotifyEvents, {}); }), "");
  EXPECT_EQ(message([](NotificationSpec& s) { s.events.assign(kMaxNotifyEvents + 1, {}); }),
            "events must be an integer in [0, 10000], got 10001");
  EXPECT_EQ(message([](NotificationSpec& s) { s.events = {{kMaxEventTime, 3, 0}}; }), "");
  EXPECT_EQ(message([](NotificationSpec& s) {
              s.events = {{-1, 0, 0}};
            }),
            "event at must be an integer in [0, 2592000000000], got -1");
  EXPECT_EQ(message([](NotificationSpec& s) {
              s.events = {{kMaxEventTime + 1, 0, 0}};
            }),
            "event at must be an integer in [0, 2592000000000], got 2592000000001");
  EXPECT_EQ(message([](NotificationSpec& s) {
              s.events = {{0, 4, 0}};
            }),
            "event user must be an integer in [0, 3], got 4");
  EXPECT_EQ(message([](NotificationSpec& s) { s.opted_out = {7, 0, 0, 0}; }), "");
  EXPECT_EQ(message([](NotificationSpec& s) {
              s.opted_out = {0, 0, 0, 0, 0};
            }),
            "optedOut entries must be an integer in [0, 4], got 5");
  EXPECT_EQ(message([](NotificationSpec& s) {
              s.opted_out = {0, 8};
            }),
            "optedOut[1] must be an integer in [0, 7], got 8");
  EXPECT_EQ(message([](NotificationSpec& s) { s.daily_limit = 1; }), "");
  EXPECT_EQ(message([](NotificationSpec& s) { s.daily_limit = kMaxDailyLimit; }), "");
  EXPECT_EQ(message([](NotificationSpec& s) { s.daily_limit = 0; }),
            "dailyLimit must be an integer in [1, 1000], got 0");
  EXPECT_EQ(message([](NotificationSpec& s) { s.daily_limit = 1'001; }),
            "dailyLimit must be an integer in [1, 1000], got 1001");
  EXPECT_EQ(message([](NotificationSpec& s) { s.workers = kMaxNotifyWorkers; }), "");
  EXPECT_EQ(message([](NotificationSpec& s) { s.workers = 0; }),
            "workers must be an integer in [1, 16], got 0");
  EXPECT_EQ(message([](NotificationSpec& s) { s.workers = 17; }),
            "workers must be an integer in [1, 16], got 17");
  EXPECT_EQ(message([](NotificationSpec& s) { s.max_attempts = 1; }), "");
  EXPECT_EQ(message([](NotificationSpec& s) { s.max_attempts = kMaxAttempts; }), "");
  EXPECT_EQ(message([](NotificationSpec& s) { s.max_attempts = 0; }),
            "maxAttempts must be an integer in [1, 10], got 0");
  EXPECT_EQ(message([](NotificationSpec& s) { s.max_attempts = 11; }),
            "maxAttempts must be an integer in [1, 10], got 11");
  EXPECT_EQ(message([](NotificationSpec& s) { s.retry_delay = 0; }), "");
  EXPECT_EQ(message([](NotificationSpec& s) { s.retry_delay = kMaxRetryDelay; }), "");
  EXPECT_EQ(message([](NotificationSpec& s) { s.retry_delay = -1; }),
            "retryDelay must be an integer in [0, 3600000000], got -1");
  EXPECT_EQ(message([](NotificationSpec& s) { s.retry_delay = kMaxRetryDelay + 1; }),
            "retryDelay must be an integer in [0, 3600000000], got 3600000001");
  EXPECT_EQ(message([](NotificationSpec& s) { s.quiet_start = kDay - 1; }), "");
  EXPECT_EQ(message([](NotificationSpec& s) { s.quiet_start = kDay; }),
            "quietStart must be an integer in [0, 86399999999], got 86400000000");
  EXPECT_EQ(message([](NotificationSpec& s) { s.quiet_end = kDay - 1; }), "");
  EXPECT_EQ(message([](NotificationSpec& s) { s.quiet_end = kDay; }),
            "quietEnd must be an integer in [0, 86399999999], got 86400000000");
  EXPECT_EQ(message([](NotificationSpec& s) { s.quiet_start = -1; }),
            "quietStart must be an integer in [0, 86399999999], got -1");
  EXPECT_EQ(message([](NotificationSpec& s) { s.quiet_end = -1; }),
            "quietEnd must be an integer in [0, 86399999999], got -1");
  EXPECT_EQ(message([](NotificationSpec& s) { s.gateways[kEmail] = {1, 0, 0}; }), "");
  EXPECT_EQ(message([](NotificationSpec& s) {
              s.gateways[kSms] = {0, kMaxGatewayLatency, kMaxGatewayLatency};
            }),
            "");
  EXPECT_EQ(message([](NotificationSpec& s) { s.gateways[kEmail].failure = 1.5; }),
            "email failure must be a finite number in [0, 1], got 1.5");
  EXPECT_EQ(message([](NotificationSpec& s) { s.gateways[kPush].failure = -0.1; }),
            "push failure must be a finite number in [0, 1], got -0.1");
  EXPECT_EQ(message([](NotificationSpec& s) { s.gateways[kSms].min_latency = -1; }),
            "sms minLatency must be an integer in [0, 3600000000], got -1");
  EXPECT_EQ(message([](NotificationSpec& s) { s.gateways[kSms].max_latency = 4'999; }),
            "sms maxLatency must be an integer in [5000, 3600000000], got 4999");
  EXPECT_EQ(
      message([](NotificationSpec& s) { s.gateways[kSms].max_latency = kMaxGatewayLatency + 1; }),
      "sms maxLatency must be an integer in [5000, 3600000000], got "
      "3600000001");
}

NotificationSpec random_spec(std::uint64_t seed) {
  sim::Random random(seed);
  NotificationSpec spec;
  spec.seed = seed;
  spec.users = 1 + static_cast<std::uint32_t>(random.below(20));
  spec.events = random_events(seed, 200, spec.users, 3 * kDay, 0.3);
  spec.opted_out = random_opt_outs(seed, spec.users, 0.2);
  for (GatewaySpec& g : spec.gateways) {
    const Micros a = static_cast<Micros>(random.below(100'000)),
                 b = static_cast<Micros>(random.below(100'000));
    g = {random.uniform01() * 0.6, std::min(a, b), std::max(a, b)};
  }
  spec.daily_limit = 1 + static_cast<std::uint32_t>(random.below(10));
  spec.workers = 1 + static_cast<std::uint32_t>(random.below(4));
  spec.max_attempts = 1 + static_cast<std::uint32_t>(random.below(4));
  spec.retry_delay = static_cast<Micros>(random.below(1'000'000));
  if (random.below(2) == 0) {
    spec.quiet_start = static_cast<Micros>(random.below(kDay));
    spec.quiet_end = static_cast<Micros>(random.below(kDay));
  }
  return spec;
}

bool quiet(const NotificationSpec& spec, Micros t) {
  const Micros at = t % kDay;
  if (spec.quiet_start == spec.quiet_end) return false;
  return spec.quiet_start < spec.quiet_end ? spec.quiet_start <= at && at < spec.quiet_end
                                           : at >= spec.quiet_start || at < spec.quiet_end;
}

TEST(Notifications, InvariantsHoldOverSeededRandomRuns) {
  std::uint64_t limited = 0, failed = 0, deduplicated = 0, deferred = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const NotificationSpec spec = random_spec(seed);
    const NotificationOutcome out = run_notifications(spec);
    ASSERT_FALSE(out.truncated);
    std::set<std::tuple<std::uint32_t, std::uint32_t, Channel>> seen;
    std::map<std::pair<std::uint32_t, Micros>, std::uint32_t> per_day;
    for (const Notification& n : out.sent) {
      EXPECT_TRUE(seen.insert({n.user, n.event, n.channel}).second)
          << "seed " << seed << ": sent twice";
      EXPECT_LE(++per_day[std::make_pair(n.user, n.admitted_at / kDay)], spec.daily_limit)
          << "seed " << seed;
      const std::uint8_t mask = n.user < spec.opted_out.size() ? spec.opted_out[n.user] : 0;
      EXPECT_EQ(mask & (1u << n.channel), 0u) << "seed " << seed << ": an opted-out channel";
      EXPECT_FALSE(n.channel != kEmail && quiet(spec, n.admitted_at)) << "seed " << seed;
      EXPECT_GE(n.sent_at, n.admitted_at);
      EXPECT_LE(n.attempts, spec.max_attempts);
    }
    // Every event is received once and acked; every fresh event meets each
    // channel once, and each meeting ends opted out, limited, sent or failed.
    EXPECT_EQ(out.events, spec.events.size());
    EXPECT_EQ(out.queue.stats.acks, spec.events.size());
    for (const ChannelCounts& c : out.channels) {
      EXPECT_EQ(c.opted_out + c.limited + c.sent + c.failed, out.events - out.deduplicated)
          << "seed " << seed;
      limited += c.limited;
      failed += c.failed;
      deferred += c.deferred;
    }
    deduplicated += out.deduplicated;
  }
  // The runs exercised every path.
  EXPECT_GT(limited, 0u);
  EXPECT_GT(failed, 0u);
  EXPECT_GT(deduplicated, 0u);
  EXPECT_GT(deferred, 0u);
}

TEST(Notifications, SameSpecSameHistory) {
  const NotificationSpec spec = random_spec(5);
  const NotificationOutcome a = run_notifications(spec), b = run_notifications(spec);
  ASSERT_EQ(a.history.size(), b.history.size());
  for (std::size_t i = 0; i < a.history.size(); ++i) {
    EXPECT_EQ(a.history[i].time, b.history[i].time);
    EXPECT_EQ(a.history[i].notes, b.history[i].notes);
  }
  EXPECT_EQ(a.sent.size(), b.sent.size());
}

}  // namespace
}  // namespace sdlab::messaging
