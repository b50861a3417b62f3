// sdlab::messaging::run_payment — why idempotency keys exist, on the simulator: a client charges
// a card through a server over a network that fails after the charge, and retries.
//
// Actors (sim::Simulator ids): 0 "server", 1 "client". The server's ledger of charges and its
// IdempotencyStore live outside the actors (its database: durable).
//   client   sends "charge" (amount, and the key "key-1" when use_keys) and, with no success
//            answer within `timeout`, sends it again with the same key, up to max_attempts
//            sends in all; a 409 (conflict) answer is retried the same way.
//   server   with a key: IdempotencyStore::begin; on first it charges `process_time` later,
//            completes the key with its response ("200 ch_<n>") and answers; on replay it
//            answers the stored response; on conflict "409", on mismatch "400 <error>". Without
//            a key it charges every request it receives.
// The network failure: the client–server link is cut from `cut_at` for `cut_for` (both ways;
// what is already in flight still arrives), on top of the link's own loss. With the default
// spec (1 ms links, the cut from 1 ms to 2 ms) the request arrives at 1 ms, the charge is made
// and its answer is lost in the cut; the retry at 5 ms gets the stored answer: one charge. The
// same run without keys charges twice.
//
// Complexity: O(steps · log events); at most kMaxPaymentSteps steps. Deterministic per spec.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "messaging/idempotency.h"
#include "sim/simulator.h"

namespace sdlab::messaging {

inline constexpr std::uint32_t kMaxPaymentAttempts = 100;
inline constexpr std::uint64_t kMaxPaymentSteps = 100'000;
inline constexpr Micros kMaxPaymentHorizon = 3'600'000'000;  // one simulated hour
inline constexpr sim::ActorId kPaymentServer = 0;
inline constexpr sim::ActorId kPaymentClient = 1;

struct PaymentSpec {
  std::uint64_t seed = 1;
  bool use_keys = true;
  std::uint32_t amount = 100;      // [1, 1,000,000] cents; the request's parameters
  sim::LinkSpec link;              // both ways
  Micros cut_at = 1'000;           // [0, horizon]
  Micros cut_for = 1'000;          // [0, horizon]; 0: no cut
  Micros process_time = 0;         // [0, kMaxPaymentHorizon]: from receipt to the charge and answer
  Micros timeout = 4'000;          // [1, kMaxPaymentHorizon]: the client's wait for an answer
  std::uint32_t max_attempts = 5;  // [1, kMaxPaymentAttempts]
  IdempotencyConfig store;
  Micros horizon = 1'000'000;  // [1, kMaxPaymentHorizon]
};

Status check_payment_spec(const PaymentSpec& spec);

struct PaymentOutcome {
  std::vector<std::string> charges;  // the ledger: "ch_1", … in the order they were made
  std::uint32_t attempts = 0;        // requests the client sent
  std::string response;              // the success answer the client got; empty if none
  IdempotencySnapshot store;
  std::vector<sim::StepRecord> history;
};

// Precondition: check_payment_spec(spec) is ok.
PaymentOutcome run_payment(const PaymentSpec& spec);

}  // namespace sdlab::messaging
