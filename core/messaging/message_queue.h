// sdlab::messaging::MessageQueue — a message queue in the manner of Amazon SQS: at-least-once
// delivery with a visibility timeout, on a simulated clock.
//
//   send(id, body, group)   enqueue, unless a message with the same id was sent within the
//                           dedup window (SQS's MessageDeduplicationId; the window counts from
//                           the first send and is not extended by duplicates).
//   receive()               the oldest deliverable message; it turns invisible ("in flight") for
//                           the visibility timeout and gets a fresh receipt handle and receive
//                           count. If it is not acked by then it becomes visible again and is
//                           redelivered (at-least-once: a consumer may see it twice).
//   ack(receipt)            deletes it (SQS DeleteMessage).
//   change_visibility(r, t) in flight for t from now; t = 0 makes it visible now (a nack).
// Dead-letter queue (SQS's redrive policy, maxReceiveCount): a message received max_receives
// times that becomes visible again is moved to the DLQ by the next receive that meets it, instead
// of being delivered once more.
// Message groups (SQS FIFO's MessageGroupId): messages of one non-empty group are delivered in
// send order and never two at a time — the group's next message waits while one is in flight.
// Messages without a group (SQS differs: there a queue is either standard or FIFO) are delivered
// oldest first, in send order; a message that becomes visible again keeps its place.
// Receipt handles: "r<sequence>.<receive count>". One is valid while its delivery is in flight;
// after the deadline, a nack or a later receive of the message it is expired (SQS would accept a
// stale handle; here using one is an error, so the page can show why the late ack failed).
//
// Ranges (checked; a refused call changes nothing):
//   visibility timeout  [1 µs, 12 h] (zero would redeliver a message the instant it is received)
//   change_visibility   [0, 12 h]
//   max receives        [1, 1000]; dedup window [0 (off), 12 h]; capacity [1, 100000] messages,
//                       counting visible, in flight and dead letters
//   id [1, 128] bytes; group [0, 128] bytes; body [0, 262144] bytes; a receipt at most 64 bytes
//
// Trace: each step carries its figures (a receipt, a receive count, a deadline in ms), and a
// receive's steps come in the order it met the messages: expired deadlines, blocked groups, dead
// letters, then the delivery (or "empty").
//
// Complexity: send, ack, change_visibility O(log n); receive O(log n) plus one step per message
// it passes over (blocked groups, dead letters). Invariants (invariants(), O(n log n)): a message
// is in exactly one of visible, in flight, dead letters; a group has at most one message in
// flight; no message is received more than max_receives times; at most capacity messages; an id
// is remembered at most the dedup window. Every in-flight message holds the receipt of its latest
// receive (the receipt is made from the receive count, so this holds by construction).
// Thread-safety: none.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/invariant.h"
#include "common/status.h"
#include "sim/clock.h"
#include "sim/trace.h"

namespace sdlab::messaging {

using sim::Micros;

inline constexpr Micros kMaxVisibility = 43'200'000'000;  // 12 hours, SQS's limit
inline constexpr Micros kMaxDedupWindow = kMaxVisibility;
inline constexpr std::uint32_t kMaxReceivesLimit = 1'000;  // SQS's maxReceiveCount limit
inline constexpr std::uint32_t kMaxCapacity = 100'000;
inline constexpr std::size_t kMaxIdBytes = 128;
inline constexpr std::size_t kMaxGroupBytes = 128;
inline constexpr std::size_t kMaxBodyBytes = 262'144;  // 256 KiB, SQS's limit
inline constexpr std::size_t kMaxReceiptBytes = 64;

struct QueueConfig {
  Micros visibility_timeout = 30'000'000;  // SQS's default, 30 s
  std::uint32_t max_receives = 3;
  Micros dedup_window = 300'000'000;  // SQS FIFO's five minutes
  std::uint32_t capacity = 10'000;
};

Status check_queue_config(const QueueConfig& config);

struct Delivery {
  std::string id;
  std::string body;
  std::string group;
  std::string receipt;
  std::uint32_t receives = 0;  // this one included
  Micros visible_at = 0;       // when it becomes visible again unless acked
};

struct QueuedMessage {
  std::uint64_t sequence = 0;  // send order, from 0: the first number of its receipts
  std::string id;
  std::string body;
  std::string group;
  std::string receipt;  // the latest receipt; empty if never received
  std::uint32_t receives = 0;
  Micros sent_at = 0;
  Micros visible_at = 0;  // in flight: its deadline; visible: when it became visible
};

struct DedupEntry {
  std::string id;
  Micros until;
};

struct QueueStats {
  std::uint64_t sent = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t deliveries = 0;
  std::uint64_t redeliveries = 0;  // deliveries with a receive count above 1
  std::uint64_t acks = 0;
  std::uint64_t dead_lettered = 0;
};

struct QueueSnapshot {
  Micros now = 0;
  std::vector<QueuedMessage> visible;       // delivery order (send order)
  std::vector<QueuedMessage> in_flight;     // by deadline
  std::vector<QueuedMessage> dead_letters;  // in the order they were moved
  std::vector<DedupEntry> dedup;            // ids still remembered, oldest first
  QueueStats stats;
};

struct SendResult {
  bool duplicate = false;
};

class MessageQueue {
 public:
  // Preconditions: check_queue_config(config) is ok; `clock` outlives the queue.
  MessageQueue(const sim::Clock& clock, QueueConfig config);

  Status send(std::string_view id, std::string_view body, std::string_view group,
              SendResult* result = nullptr);
  // Empty when no message is deliverable now.
  std::optional<Delivery> receive();
  Status ack(std::string_view receipt);
  Status change_visibility(std::string_view receipt, Micros timeout);

  // Messages in flight whose deadline has passed are shown as visible (they are; the move
  // happens on the next receive, as in SQS).
  QueueSnapshot snapshot() const;
  const QueueConfig& config() const { return config_; }
  std::size_t size() const { return messages_.size() + dead_letters_.size(); }
  void set_trace(sim::Trace* trace) { trace_ = trace; }

  Invariants invariants() const;

 private:
  template <class>
  friend struct ::sdlab::TestPeer;

  struct Stored {
    std::uint64_t sequence;
    std::string id;
    std::string body;
    std::string group;
    Micros sent_at;
    std::uint32_t receives = 0;
    Micros visible_at = 0;
    bool in_flight = false;
  };

  void forget_expired_ids();
  void expire_visibility();
  void make_visible(Stored& message);
  void dead_letter(Stored& message);
  Status find_in_flight(std::string_view receipt, Stored*& message);
  QueuedMessage view(const Stored& message) const;
  // Precondition: trace_ is set (callers check it first, so no sentence is built without it).
  void note(const char* kind, const std::string& subject, std::string why, sim::Data data = {},
            sim::Where where = {});

  const sim::Clock& clock_;
  QueueConfig config_;
  std::uint64_t next_sequence_ = 0;
  std::map<std::uint64_t, Stored> messages_;              // visible and in flight
  std::set<std::uint64_t> visible_;                       // sequences
  std::set<std::pair<Micros, std::uint64_t>> in_flight_;  // (deadline, sequence)
  std::map<std::string, std::uint64_t, std::less<>> groups_in_flight_;
  std::vector<Stored> dead_letters_;
  std::map<std::string, Micros, std::less<>> dedup_until_;
  std::deque<std::pair<Micros, std::string>> dedup_order_;  // (until, id), until ascending
  QueueStats stats_;
  sim::Trace* trace_ = nullptr;
};

}  // namespace sdlab::messaging
