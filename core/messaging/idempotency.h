// sdlab::messaging::IdempotencyStore — idempotency keys in the manner of Stripe's API: a client
// sends a key of its choosing with a request that has side effects (a charge), and retries the
// request with the same key after a network failure; the server runs it once and replays the
// stored response to every retry.
//
//   begin(key, fingerprint)  the server's first step for a request carrying `key`:
//       first     the key is new (or expired): it is recorded in flight; run the request.
//       replay    the request completed before with the same parameters: `response` is the
//                 stored response; send it again, run nothing.
//       conflict  the first request with this key is still in flight (Stripe answers 409):
//                 run nothing; the client retries later.
//       mismatch  the key was used with different parameters (another fingerprint): an error
//                 for the client (Stripe answers 400 "Keys for idempotent requests can only be
//                 used with the same parameters they were first used with"); nothing changes.
//   complete(key, response)  stores the response of a key in flight (refused for an unknown,
//                 expired or already completed key).
// The fingerprint stands for the request's parameters (the server computes it, e.g. from the
// method, path and body); only equality matters here.
// Retention: a key is forgotten `retention` after it was first seen (Stripe prunes keys after
// 24 hours), whether or not it completed: at exactly created + retention it is gone, and the
// next begin with it is a first again.
//
// Ranges (checked; a refused call changes nothing): retention [1 µs, 30 days]; capacity
// [1, 1,000,000] keys; key [1, 255] bytes (Stripe's limit); fingerprint [0, 1024] bytes;
// response [0, 65536] bytes.
//
// Complexity: begin, complete O(log n) plus O(log n) per expired key dropped. Invariants
// (invariants(), O(n log n)): every key expires exactly retention after it was created; the
// expiry index holds every key once; keys in flight hold no response; at most capacity keys.
// Thread-safety: none.
#pragma once

#include <cstdint>
#include <map>
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

inline constexpr Micros kStripeRetention = 86'400'000'000;  // 24 hours
inline constexpr Micros kMaxRetention = 30 * kStripeRetention;
inline constexpr std::uint32_t kMaxIdempotencyKeys = 1'000'000;
inline constexpr std::size_t kMaxKeyBytes = 255;
inline constexpr std::size_t kMaxFingerprintBytes = 1'024;
inline constexpr std::size_t kMaxResponseBytes = 65'536;

struct IdempotencyConfig {
  Micros retention = kStripeRetention;
  std::uint32_t capacity = 10'000;
};

Status check_idempotency_config(const IdempotencyConfig& config);

enum class BeginKind { kFirst, kReplay, kConflict, kMismatch };
const char* begin_kind_name(BeginKind kind);  // "first", "replay", "conflict", "mismatch"

struct BeginResult {
  BeginKind kind = BeginKind::kFirst;
  std::string response;  // replay: the stored response
  std::string error;     // mismatch: the message for the client
};

struct IdempotencyEntry {
  std::string key;
  std::string fingerprint;
  bool completed = false;
  std::string response;
  Micros created = 0;
  Micros expires = 0;
};

struct IdempotencyStats {
  std::uint64_t firsts = 0;
  std::uint64_t replays = 0;
  std::uint64_t conflicts = 0;
  std::uint64_t mismatches = 0;
  std::uint64_t expired = 0;
};

struct IdempotencySnapshot {
  Micros now = 0;
  std::vector<IdempotencyEntry> entries;  // by expiry, then key
  IdempotencyStats stats;
};

class IdempotencyStore {
 public:
  // Preconditions: check_idempotency_config(config) is ok; `clock` outlives the store.
  IdempotencyStore(const sim::Clock& clock, IdempotencyConfig config);

  Status begin(std::string_view key, std::string_view fingerprint, BeginResult* result);
  Status complete(std::string_view key, std::string_view response);

  // Keys expired by now are shown as gone (they are; they are dropped by the next call).
  IdempotencySnapshot snapshot() const;
  Invariants invariants() const;
  const IdempotencyConfig& config() const { return config_; }
  void set_trace(sim::Trace* trace) { trace_ = trace; }

 private:
  friend struct ::sdlab::TestPeer<IdempotencyStore>;

  void forget_expired();

  const sim::Clock& clock_;
  IdempotencyConfig config_;
  std::map<std::string, IdempotencyEntry, std::less<>> entries_;
  std::set<std::pair<Micros, std::string>> by_expiry_;
  IdempotencyStats stats_;
  sim::Trace* trace_ = nullptr;
};

}  // namespace sdlab::messaging
