#include "messaging/message_queue.h"

#include <algorithm>
#include <charconv>

#include "sim/micros.h"

namespace sdlab::messaging {

namespace {

std::string receipt_of(std::uint64_t sequence, std::uint32_t receives) {
  return "r" + std::to_string(sequence) + "." + std::to_string(receives);
}

// "r<sequence>.<receives>" into its two numbers; false for anything else.
bool parse_receipt(std::string_view text, std::uint64_t& sequence, std::uint32_t& receives) {
  if (text.size() < 4 || text[0] != 'r') return false;
  const char* end = text.data() + text.size();
  auto [dot, e1] = std::from_chars(text.data() + 1, end, sequence);
  if (e1 != std::errc() || dot == end || *dot != '.') return false;
  auto [last, e2] = std::from_chars(dot + 1, end, receives);
  return e2 == std::errc() && last == end && dot + 1 != end;
}

}  // namespace

Status check_queue_config(const QueueConfig& config) {
  return first_error(
      sim::check_micros("visibilityTimeout", config.visibility_timeout, 1, kMaxVisibility),
      check_integer("maxReceives", config.max_receives, 1, kMaxReceivesLimit),
      sim::check_micros("dedupWindow", config.dedup_window, 0, kMaxDedupWindow),
      check_integer("capacity", config.capacity, 1, kMaxCapacity));
}

MessageQueue::MessageQueue(const sim::Clock& clock, QueueConfig config)
    : clock_(clock), config_(config) {}

void MessageQueue::note(const char* kind, const std::string& subject, std::string why,
                        sim::Data data, sim::Where where) {
  trace_->add(kind, subject, std::move(why), std::move(data), where);
}

void MessageQueue::forget_expired_ids() {
  while (!dedup_order_.empty() && dedup_order_.front().first <= clock_.now()) {
    auto it = dedup_until_.find(dedup_order_.front().second);
    if (it != dedup_until_.end() && it->second == dedup_order_.front().first)
      dedup_until_.erase(it);
    dedup_order_.pop_front();
  }
}

Status MessageQueue::send(std::string_view id, std::string_view body, std::string_view group,
                          SendResult* result) {
  Status s =
      first_error(check_length("id", id, kMaxIdBytes), check_length("body", body, kMaxBodyBytes),
                  check_length("group", group, kMaxGroupBytes));
  if (s.is_ok() && id.empty()) s = Status::invalid("id must not be empty");
  if (!s.is_ok()) return s;
  forget_expired_ids();
  const auto seen = dedup_until_.find(id);
  if (seen != dedup_until_.end()) {
    ++stats_.duplicates;
    if (result) result->duplicate = true;
    if (trace_)
      note("duplicate", std::string(id),
           "id " + std::string(id) + " was sent within the dedup window (remembered until " +
               sim::format_micros(seen->second) + "): not queued again",
           {{"rememberedUntilMs", sim::to_millis(seen->second)}});
    return Status::ok();
  }
  if (size() >= config_.capacity) {
    return Status::invalid("the queue is full: capacity " + std::to_string(config_.capacity) +
                           " messages (visible, in flight and dead letters)");
  }
  const std::uint64_t sequence = next_sequence_++;
  messages_.emplace(sequence, Stored{sequence, std::string(id), std::string(body),
                                     std::string(group), clock_.now(), 0, clock_.now(), false});
  visible_.insert(sequence);
  if (config_.dedup_window > 0) {
    const Micros until = clock_.now() + config_.dedup_window;
    dedup_until_.emplace(std::string(id), until);
    dedup_order_.emplace_back(until, std::string(id));
  }
  ++stats_.sent;
  if (result) result->duplicate = false;
  if (trace_)
    note("send", std::string(id),
         "queued as message " + std::to_string(sequence) + ", " + std::to_string(visible_.size()) +
             " visible" + (group.empty() ? "" : ", group " + std::string(group)),
         {{"sequence", sequence}, {"visible", visible_.size()}, {"group", group}});
  return Status::ok();
}

void MessageQueue::make_visible(Stored& message) {
  in_flight_.erase({message.visible_at, message.sequence});
  auto group = groups_in_flight_.find(message.group);
  if (group != groups_in_flight_.end() && group->second == message.sequence)
    groups_in_flight_.erase(group);
  message.in_flight = false;
  visible_.insert(message.sequence);
}

void MessageQueue::expire_visibility() {
  while (!in_flight_.empty() && in_flight_.begin()->first <= clock_.now()) {
    Stored& message = messages_.at(in_flight_.begin()->second);
    make_visible(message);
    if (trace_)
      note(
          "timeout", message.id,
          "not acked within the visibility timeout: visible again since " +
              sim::format_micros(message.visible_at) + " after " +
              std::to_string(message.receives) + " receives",
          {{"receives", message.receives}, {"visibleSinceMs", sim::to_millis(message.visible_at)}});
  }
}

void MessageQueue::dead_letter(Stored& message) {
  if (trace_)
    note("dead-letter", message.id,
         "received " + std::to_string(message.receives) + " times (max " +
             std::to_string(config_.max_receives) +
             ") and never acked: moved to the dead-letter queue",
         {{"receives", message.receives}, {"maxReceives", config_.max_receives}});
  visible_.erase(message.sequence);
  dead_letters_.push_back(std::move(message));
  messages_.erase(dead_letters_.back().sequence);
  ++stats_.dead_lettered;
}

std::optional<Delivery> MessageQueue::receive() {
  expire_visibility();
  for (auto it = visible_.begin(); it != visible_.end();) {
    Stored& message = messages_.at(*it);
    ++it;  // dead_letter erases the current element
    if (!message.group.empty() && groups_in_flight_.count(message.group)) {
      if (trace_)
        note("wait", message.id, "group " + message.group + " has a message in flight",
             {{"group", message.group},
              {"blockedBy", messages_.at(groups_in_flight_.at(message.group)).id}});
      continue;
    }
    if (message.receives >= config_.max_receives) {
      dead_letter(message);
      continue;
    }
    ++message.receives;
    message.visible_at = clock_.now() + config_.visibility_timeout;
    message.in_flight = true;
    visible_.erase(message.sequence);
    in_flight_.insert({message.visible_at, message.sequence});
    if (!message.group.empty()) groups_in_flight_.emplace(message.group, message.sequence);
    ++stats_.deliveries;
    if (message.receives > 1) ++stats_.redeliveries;
    Delivery delivery{message.id,       message.body,
                      message.group,    receipt_of(message.sequence, message.receives),
                      message.receives, message.visible_at};
    if (trace_)
      note(message.receives > 1 ? "redeliver" : "deliver", message.id,
           "receive " + std::to_string(message.receives) + " as " + delivery.receipt +
               ", in flight until " + sim::format_micros(message.visible_at),
           {{"receipt", delivery.receipt},
            {"receives", message.receives},
            {"visibleAtMs", sim::to_millis(message.visible_at)}});
    return delivery;
  }
  if (trace_)
    note("empty", "", "no message is deliverable",
         {{"visible", visible_.size()}, {"inFlight", in_flight_.size()}});
  return std::nullopt;
}

Status MessageQueue::find_in_flight(std::string_view receipt, Stored*& found) {
  Status s = check_length("receipt", receipt, kMaxReceiptBytes);
  if (!s.is_ok()) return s;
  std::uint64_t sequence = 0;
  std::uint32_t receives = 0;
  auto quoted = [&] { return "receipt handle \"" + std::string(receipt) + "\""; };
  auto it = messages_.end();
  if (parse_receipt(receipt, sequence, receives)) it = messages_.find(sequence);
  if (it == messages_.end() || receives == 0 || receives > it->second.receives) {
    return Status::invalid(
        "unknown " + quoted() +
        ": no message in the queue holds it (acked, dead-lettered or never issued)");
  }
  Stored& message = it->second;
  if (receives < message.receives) {
    return Status::invalid(quoted() + " has expired: message " + message.id +
                           " was received again as " + receipt_of(sequence, message.receives));
  }
  if (!message.in_flight || message.visible_at <= clock_.now()) {
    return Status::invalid(quoted() + " has expired: message " + message.id +
                           " is visible again since " + sim::format_micros(message.visible_at));
  }
  found = &message;
  return Status::ok();
}

Status MessageQueue::ack(std::string_view receipt) {
  Stored* message = nullptr;
  Status s = find_in_flight(receipt, message);
  if (!s.is_ok()) return s;
  if (trace_)
    note("ack", message->id, "deleted after " + std::to_string(message->receives) + " receives",
         {{"receipt", std::string(receipt)}, {"receives", message->receives}});
  in_flight_.erase({message->visible_at, message->sequence});
  if (!message->group.empty()) groups_in_flight_.erase(message->group);
  messages_.erase(message->sequence);
  ++stats_.acks;
  return Status::ok();
}

Status MessageQueue::change_visibility(std::string_view receipt, Micros timeout) {
  Stored* message = nullptr;
  Status s = sim::check_micros("timeout", timeout, 0, kMaxVisibility);
  if (s.is_ok()) s = find_in_flight(receipt, message);
  if (!s.is_ok()) return s;
  if (timeout == 0) {
    make_visible(*message);
    message->visible_at = clock_.now();
    if (trace_)
      note("nack", message->id, "visible again now, for the next receive",
           {{"receipt", std::string(receipt)}, {"receives", message->receives}});
  } else {
    in_flight_.erase({message->visible_at, message->sequence});
    message->visible_at = clock_.now() + timeout;
    in_flight_.insert({message->visible_at, message->sequence});
    if (trace_)
      note("extend", message->id, "in flight until " + sim::format_micros(message->visible_at),
           {{"receipt", std::string(receipt)},
            {"visibleAtMs", sim::to_millis(message->visible_at)}});
  }
  return Status::ok();
}

QueuedMessage MessageQueue::view(const Stored& m) const {
  return {m.sequence,
          m.id,
          m.body,
          m.group,
          m.receives ? receipt_of(m.sequence, m.receives) : "",
          m.receives,
          m.sent_at,
          m.visible_at};
}

QueueSnapshot MessageQueue::snapshot() const {
  QueueSnapshot snap;
  snap.now = clock_.now();
  for (const auto& [sequence, message] : messages_) {
    const bool in_flight = message.in_flight && message.visible_at > clock_.now();
    (in_flight ? snap.in_flight : snap.visible).push_back(view(message));
  }
  std::stable_sort(
      snap.in_flight.begin(), snap.in_flight.end(),
      [](const QueuedMessage& a, const QueuedMessage& b) { return a.visible_at < b.visible_at; });
  for (const Stored& message : dead_letters_) snap.dead_letters.push_back(view(message));
  for (const auto& [until, id] : dedup_order_) {
    auto it = dedup_until_.find(id);
    if (until > clock_.now() && it != dedup_until_.end() && it->second == until)
      snap.dedup.push_back({id, until});
  }
  snap.stats = stats_;
  return snap;
}

Invariants MessageQueue::invariants() const {
  Invariants list;
  // Where each stored message is filed, against its own flag.
  std::string misfiled;
  std::map<std::string, std::size_t, std::less<>> in_flight_per_group;
  std::uint32_t most_receives = 0;
  std::string most_received;
  for (const auto& [sequence, m] : messages_) {
    const bool visible = visible_.count(sequence) > 0;
    const bool flying = in_flight_.count({m.visible_at, sequence}) > 0;
    if (misfiled.empty() && (visible == flying || flying != m.in_flight))
      misfiled = "message " + m.id + " is " + (visible ? "visible" : "not visible") + " and " +
                 (flying ? "in flight" : "not in flight");
    if (m.in_flight && !m.group.empty()) ++in_flight_per_group[m.group];
    if (m.receives > most_receives) {
      most_receives = m.receives;
      most_received = m.id;
    }
  }
  for (const Stored& m : dead_letters_) {
    if (misfiled.empty() && messages_.count(m.sequence))
      misfiled = "message " + m.id + " is a dead letter and still queued";
  }
  const std::size_t filed = visible_.size() + in_flight_.size();
  if (misfiled.empty() && filed != messages_.size())
    misfiled = std::to_string(filed) + " filed as visible or in flight, " +
               std::to_string(messages_.size()) + " queued";
  check_invariant(list, "a message is in exactly one of visible, in flight and dead letters",
                  misfiled.empty(), [&] { return misfiled; });

  std::string crowded;
  for (const auto& [group, count] : in_flight_per_group) {
    if (count > 1 && crowded.empty())
      crowded = "group " + group + " has " + std::to_string(count) + " messages in flight";
  }
  check_invariant(list, "a group has at most one message in flight", crowded.empty(),
                  [&] { return crowded; });
  check_invariant(list, "no message is received more than maxReceives times",
                  most_receives <= config_.max_receives, [&] {
                    return "message " + most_received + " was received " +
                           std::to_string(most_receives) + " times, maxReceives " +
                           std::to_string(config_.max_receives);
                  });
  check_invariant(list, "holds at most capacity messages", size() <= config_.capacity, [&] {
    return std::to_string(size()) + " messages, capacity " + std::to_string(config_.capacity);
  });
  Micros latest = 0;
  for (const auto& [id, until] : dedup_until_) latest = std::max(latest, until);
  check_invariant(list, "an id is remembered at most the dedup window",
                  latest <= clock_.now() + config_.dedup_window, [&] {
                    return "an id is remembered until " + sim::format_micros(latest) + ", now " +
                           sim::format_micros(clock_.now()) + " + window " +
                           sim::format_micros(config_.dedup_window);
                  });
  return list;
}

}  // namespace sdlab::messaging
