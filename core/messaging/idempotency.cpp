#include "messaging/idempotency.h"

#include "sim/micros.h"

namespace sdlab::messaging {

Status check_idempotency_config(const IdempotencyConfig& config) {
  return first_error(sim::check_micros("retention", config.retention, 1, kMaxRetention),
                     check_integer("capacity", config.capacity, 1, kMaxIdempotencyKeys));
}

const char* begin_kind_name(BeginKind kind) {
  switch (kind) {
    case BeginKind::kFirst:
      return "first";
    case BeginKind::kReplay:
      return "replay";
    case BeginKind::kConflict:
      return "conflict";
    case BeginKind::kMismatch:
      return "mismatch";
  }
  return "";
}

IdempotencyStore::IdempotencyStore(const sim::Clock& clock, IdempotencyConfig config)
    : clock_(clock), config_(config) {}

void IdempotencyStore::forget_expired() {
  while (!by_expiry_.empty() && by_expiry_.begin()->first <= clock_.now()) {
    const auto [expires, key] = *by_expiry_.begin();
    if (trace_)
      trace_->add("expire", key, "retained until " + sim::format_micros(expires) + ": forgotten",
                  {{"expires", expires}});
    entries_.erase(key);
    by_expiry_.erase(by_expiry_.begin());
    ++stats_.expired;
  }
}

Status IdempotencyStore::begin(std::string_view key, std::string_view fingerprint,
                               BeginResult* result) {
  Status s = first_error(check_length("key", key, kMaxKeyBytes),
                         check_length("fingerprint", fingerprint, kMaxFingerprintBytes));
  if (s.is_ok() && key.empty()) s = Status::invalid("key must not be empty");
  if (!s.is_ok()) return s;
  forget_expired();
  BeginResult out;
  const auto it = entries_.find(key);
  if (it == entries_.end()) {
    if (entries_.size() >= config_.capacity) {
      return Status::invalid("the idempotency store is full: capacity " +
                             std::to_string(config_.capacity) + " keys");
    }
    const Micros expires = clock_.now() + config_.retention;
    entries_.emplace(std::string(key), IdempotencyEntry{std::string(key), std::string(fingerprint),
                                                        false, "", clock_.now(), expires});
    by_expiry_.emplace(expires, std::string(key));
    ++stats_.firsts;
    if (trace_)
      trace_->add("first", std::string(key), "a new key: recorded in flight, run the request",
                  {{"expires", expires}});
  } else if (it->second.fingerprint != fingerprint) {
    out.kind = BeginKind::kMismatch;
    out.error = "idempotency key " + std::string(key) +
                " was first used with other parameters: keys for idempotent requests can only be "
                "used with the same parameters they were first used with";
    ++stats_.mismatches;
    if (trace_) trace_->add("mismatch", std::string(key), out.error);
  } else if (!it->second.completed) {
    out.kind = BeginKind::kConflict;
    ++stats_.conflicts;
    if (trace_)
      trace_->add("conflict", std::string(key),
                  "the first request with this key is still in flight: try again later");
  } else {
    out.kind = BeginKind::kReplay;
    out.response = it->second.response;
    ++stats_.replays;
    if (trace_)
      trace_->add("replay", std::string(key), "completed before: the stored response, run nothing",
                  {{"created", it->second.created}});
  }
  if (result) *result = std::move(out);
  return Status::ok();
}

Status IdempotencyStore::complete(std::string_view key, std::string_view response) {
  Status s = first_error(check_length("key", key, kMaxKeyBytes),
                         check_length("response", response, kMaxResponseBytes));
  if (!s.is_ok()) return s;
  forget_expired();
  const auto it = entries_.find(key);
  if (it == entries_.end()) {
    return Status::invalid("idempotency key " + std::string(key) +
                           " is not in flight: never begun, or expired");
  }
  if (it->second.completed) {
    return Status::invalid("idempotency key " + std::string(key) + " has completed already");
  }
  it->second.completed = true;
  it->second.response = std::string(response);
  if (trace_)
    trace_->add("complete", std::string(key), "the response is stored for replays",
                {{"expires", it->second.expires}});
  return Status::ok();
}

IdempotencySnapshot IdempotencyStore::snapshot() const {
  IdempotencySnapshot snap;
  snap.now = clock_.now();
  for (const auto& [expires, key] : by_expiry_) {
    if (expires > clock_.now()) snap.entries.push_back(entries_.at(key));
  }
  snap.stats = stats_;
  return snap;
}

Invariants IdempotencyStore::invariants() const {
  Invariants list;
  std::size_t wrong_expiry = 0, unindexed = 0, early_response = 0;
  for (const auto& [key, entry] : entries_) {
    wrong_expiry += entry.expires != entry.created + config_.retention;
    unindexed += by_expiry_.count({entry.expires, key}) == 0;
    early_response += !entry.completed && !entry.response.empty();
  }
  check_invariant(list, "every key expires retention after it was created", wrong_expiry == 0,
                  [&] { return std::to_string(wrong_expiry) + " keys with another expiry"; });
  check_invariant(list, "the expiry index holds every key once",
                  unindexed == 0 && by_expiry_.size() == entries_.size(), [&] {
                    return std::to_string(by_expiry_.size()) + " index entries for " +
                           std::to_string(entries_.size()) + " keys, " + std::to_string(unindexed) +
                           " keys missing";
                  });
  check_invariant(list, "keys in flight hold no response", early_response == 0, [&] {
    return std::to_string(early_response) + " keys in flight with a response";
  });
  check_invariant(list, "holds at most capacity keys", entries_.size() <= config_.capacity, [&] {
    return std::to_string(entries_.size()) + " keys, capacity " + std::to_string(config_.capacity);
  });
  return list;
}

}  // namespace sdlab::messaging
