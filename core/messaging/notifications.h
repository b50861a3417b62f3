// sdlab::messaging::run_notifications — notification fan-out on the simulator:
// events go through a MessageQueue to fan-out workers, which send each one to
// the user's channels through a push, an e-mail and an SMS gateway, each with
// its own latency and failure rate, retrying failures.
//
// Actors (sim::Simulator ids): 0 "queue", 1 "producer", 2.. "worker-1".., then
// "push-gateway", "email-gateway", "sms-gateway". Every link takes
// kNotifyLinkLatency and loses nothing. The queue, the dedup table and the
// per-user limiters are durable state outside the actors (nothing crashes
// here).
//   producer  sends each event to the queue at its time (an event listed twice
//   — an upstream
//             retry — is sent twice).
//   queue     a MessageQueue (its own dedup window off, so duplicates reach the
//   workers) with long
//             polling: a worker's receive on an empty queue waits until a
//             message arrives.
//   worker    receives an event and acks it, then: an event whose (user, event
//   id) is in the dedup
//             table is dropped as a duplicate; otherwise, for push, e-mail and
//             SMS in that order, a channel the user opted out of is skipped;
//             during quiet hours push and SMS wait until quiet hours end (an
//             e-mail waits in the inbox anyway); then the user's daily limiter
//             (a FixedWindow of daily_limit per UTC day [k·24 h, (k+1)·24 h),
//             one per user, via KeyedLimiter) admits the notification or it is
//             dropped as limited. Admitted, it goes to the channel's gateway; a
//             failure is retried after retry_delay · 2^(attempt − 1) until
//             max_attempts attempts have failed.
//   gateway   answers each attempt after a latency uniform in [min_latency,
//   max_latency], failed
//             with probability `failure`.
// A notification counts against the limit of the day it is admitted in (the
// limit is a promise about decisions: a notification admitted at 23:59 may
// arrive after midnight), whether or not its gateway then delivers it.
//
// Invariants (tested over seeded random runs): never two notifications for the
// same (user, event, channel); never more than daily_limit admitted per user
// per day; never a notification on a channel the user opted out of; during
// quiet hours no push or SMS is admitted. Complexity: O(steps · log events), at
// most kMaxNotifySteps steps. Deterministic per spec.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "messaging/message_queue.h"
#include "sim/simulator.h"

namespace sdlab::messaging {

inline constexpr std::uint32_t kMaxNotifyUsers = 10'000;
inline constexpr std::uint32_t kMaxNotifyEvents = 10'000;
inline constexpr std::uint32_t kMaxNotifyWorkers = 16;
inline constexpr std::uint32_t kMaxDailyLimit = 1'000;
inline constexpr std::uint32_t kMaxAttempts = 10;
inline constexpr Micros kDay = 86'400'000'000;
inline constexpr Micros kMaxEventTime = 30 * kDay;
inline constexpr Micros kMaxGatewayLatency = 3'600'000'000;  // one hour
inline constexpr Micros kMaxRetryDelay = 3'600'000'000;
inline constexpr Micros kNotifyLinkLatency = 1'000;
inline constexpr std::uint64_t kMaxNotifySteps = 2'000'000;

enum Channel : std::uint8_t { kPush = 0, kEmail = 1, kSms = 2 };
inline constexpr std::size_t kChannels = 3;
const char* channel_name(Channel channel);  // "push", "email", "sms"

struct NotifyEvent {
  Micros at = 0;            // [0, kMaxEventTime]
  std::uint32_t user = 0;   // below NotificationSpec::users
  std::uint32_t event = 0;  // the event's id: (user, event) is the dedup key
};

struct GatewaySpec {
  double failure = 0;          // probability in [0, 1] that an attempt fails
  Micros min_latency = 5'000;  // [0, kMaxGatewayLatency], min <= max
  Micros max_latency = 50'000;
};

struct NotificationSpec {
  std::uint64_t seed = 1;
  std::uint32_t users = 100;        // [1, kMaxNotifyUsers]
  std::vector<NotifyEvent> events;  // at most kMaxNotifyEvents
  // opted_out[u] bit c (1 << Channel): user u opted out of channel c; users
  // past the end opted out of nothing. At most `users` entries, each in [0, 7].
  std::vector<std::uint8_t> opted_out;
  std::array<GatewaySpec, kChannels> gateways;
  std::uint32_t daily_limit = 10;  // [1, kMaxDailyLimit] notifications per user per day
  std::uint32_t workers = 2;       // [1, kMaxNotifyWorkers]
  std::uint32_t max_attempts = 3;  // [1, kMaxAttempts]
  Micros retry_delay = 100'000;    // [0, kMaxRetryDelay]
  // Quiet hours, offsets into the UTC day in [0, kDay): [start, end), wrapping
  // past midnight when start > end; start == end means none.
  Micros quiet_start = 0;
  Micros quiet_end = 0;
};

Status check_notification_spec(const NotificationSpec& spec);

struct Notification {
  std::uint32_t user = 0;
  std::uint32_t event = 0;
  Channel channel = kPush;
  Micros admitted_at = 0;  // when the daily limiter admitted it
  Micros sent_at = 0;      // when its gateway delivered it
  std::uint32_t attempts = 0;
};

struct ChannelCounts {
  std::uint64_t sent = 0;
  std::uint64_t failed = 0;  // every attempt failed
  std::uint64_t opted_out = 0;
  std::uint64_t limited = 0;   // refused by the daily limit
  std::uint64_t deferred = 0;  // held back by quiet hours (then admitted or limited)
  std::uint64_t attempts = 0;
};

struct NotificationOutcome {
  std::array<ChannelCounts, kChannels> channels;
  std::uint64_t events = 0;        // events received by the workers
  std::uint64_t deduplicated = 0;  // of which duplicates of an earlier (user, event)
  std::vector<Notification> sent;  // in the order the workers learnt of them
  QueueSnapshot queue;
  std::vector<sim::StepRecord> history;
  bool truncated = false;  // stopped at kMaxNotifySteps with work left
};

// Precondition: check_notification_spec(spec) is ok.
NotificationOutcome run_notifications(const NotificationSpec& spec);

// `count` events at uniform times in [0, before) for uniform users; each is,
// with probability `duplicate`, a resend of an earlier event (same user and id,
// at a later time), else a new id. Sorted by time. Preconditions: users >= 1,
// before >= 1, duplicate in [0, 1].
std::vector<NotifyEvent> random_events(std::uint64_t seed, std::uint32_t count, std::uint32_t users,
                                       Micros before, double duplicate);
// Each user opts out of each channel with probability `probability`.
std::vector<std::uint8_t> random_opt_outs(std::uint64_t seed, std::uint32_t users,
                                          double probability);

}  // namespace sdlab::messaging
