// Idempotency keys in the manner of Stripe: first, replay, conflict, mismatch; expiry exactly at
// the retention period; ranges; invariants. And the payment scenario on the simulator: one charge
// with keys, two without.
#include "messaging/idempotency.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "../common/invariant_matchers.h"
#include "messaging/payment.h"

namespace sdlab {

template <>
struct TestPeer<messaging::IdempotencyStore> {
  static messaging::IdempotencyEntry& entry(messaging::IdempotencyStore& store,
                                            const std::string& key) {
    return store.entries_.at(key);
  }
};

namespace messaging {
namespace {

struct IdempotencyTest : ::testing::Test {
  sim::Clock clock;
  IdempotencyStore store{clock, {100, 3}};
  sim::Trace trace;

  void SetUp() override { store.set_trace(&trace); }
  BeginResult begin(const std::string& key, const std::string& fingerprint = "amount=100") {
    BeginResult result;
    EXPECT_TRUE(store.begin(key, fingerprint, &result).is_ok());
    return result;
  }
  std::vector<std::string> kinds() {
    std::vector<std::string> out;
    for (const sim::Step& step : trace.steps()) out.push_back(step.kind);
    trace.clear();
    return out;
  }
};

TEST_F(IdempotencyTest, FirstRunsThenReplaysTheStoredResponse) {
  EXPECT_EQ(begin("k").kind, BeginKind::kFirst);
  EXPECT_TRUE(store.complete("k", "200 ch_1").is_ok());
  const BeginResult again = begin("k");
  EXPECT_EQ(again.kind, BeginKind::kReplay);
  EXPECT_EQ(again.response, "200 ch_1");
  EXPECT_EQ(kinds(), (std::vector<std::string>{"first", "complete", "replay"}));
  const IdempotencySnapshot snap = store.snapshot();
  ASSERT_EQ(snap.entries.size(), 1u);
  EXPECT_TRUE(snap.entries[0].completed);
  EXPECT_EQ(snap.entries[0].response, "200 ch_1");
  EXPECT_EQ(snap.stats.firsts, 1u);
  EXPECT_EQ(snap.stats.replays, 1u);
  EXPECT_TRUE(AllHold(store.invariants()));
}

TEST_F(IdempotencyTest, ARetryWhileTheFirstIsInFlightConflicts) {
  begin("k");
  EXPECT_EQ(begin("k").kind, BeginKind::kConflict);
  EXPECT_EQ(store.snapshot().stats.conflicts, 1u);
  EXPECT_TRUE(store.complete("k", "200").is_ok());
  EXPECT_EQ(begin("k").kind, BeginKind::kReplay);
}

TEST_F(IdempotencyTest, OtherParametersWithTheSameKeyAreAMismatchAndChangeNothing) {
  begin("k", "amount=100");
  BeginResult other = begin("k", "amount=200");
  EXPECT_EQ(other.kind, BeginKind::kMismatch);
  EXPECT_EQ(other.error,
            "idempotency key k was first used with other parameters: keys for idempotent requests "
            "can only be used with the same parameters they were first used with");
  ASSERT_TRUE(store.complete("k", "200 ch_1").is_ok());
  EXPECT_EQ(begin("k", "amount=200").kind, BeginKind::kMismatch);
  EXPECT_EQ(begin("k", "").kind, BeginKind::kMismatch);
  EXPECT_EQ(store.snapshot().entries[0].fingerprint, "amount=100");
  EXPECT_EQ(begin("k", "amount=100").response, "200 ch_1");
  EXPECT_EQ(store.snapshot().stats.mismatches, 3u);
}

TEST_F(IdempotencyTest, AKeyExpiresExactlyAtTheRetentionPeriod) {
  begin("k");
  ASSERT_TRUE(store.complete("k", "200 ch_1").is_ok());
  clock.advance_to(99);
  EXPECT_EQ(begin("k").kind, BeginKind::kReplay);
  EXPECT_EQ(store.snapshot().entries.size(), 1u);
  clock.advance_to(100);
  EXPECT_TRUE(store.snapshot().entries.empty());  // gone already, dropped by the next call
  EXPECT_EQ(begin("k").kind, BeginKind::kFirst);
  EXPECT_EQ(kinds(), (std::vector<std::string>{"first", "complete", "replay", "expire", "first"}));
  const IdempotencySnapshot snap = store.snapshot();
  EXPECT_EQ(snap.entries[0].created, 100);
  EXPECT_EQ(snap.entries[0].expires, 200);
  EXPECT_EQ(snap.stats.expired, 1u);
}

TEST_F(IdempotencyTest, AKeyInFlightExpiresToo) {
  begin("k");
  clock.advance_to(100);
  EXPECT_EQ(store.complete("k", "200").message(),
            "idempotency key k is not in flight: never begun, or expired");
  EXPECT_EQ(store.complete("never", "200").message(),
            "idempotency key never is not in flight: never begun, or expired");
}

TEST_F(IdempotencyTest, CompletingTwiceIsRefused) {
  begin("k");
  ASSERT_TRUE(store.complete("k", "first answer").is_ok());
  EXPECT_EQ(store.complete("k", "second answer").message(),
            "idempotency key k has completed already");
  EXPECT_EQ(begin("k").response, "first answer");
}

TEST_F(IdempotencyTest, CapacityCountsLiveKeys) {
  begin("a");
  clock.advance_to(50);
  begin("b");
  begin("c");
  BeginResult result;
  EXPECT_EQ(store.begin("d", "", &result).message(),
            "the idempotency store is full: capacity 3 keys");
  EXPECT_EQ(store.snapshot().entries.size(), 3u);
  EXPECT_EQ(begin("a").kind, BeginKind::kConflict);  // a known key needs no room
  clock.advance_to(100);                             // a expires
  EXPECT_EQ(begin("d").kind, BeginKind::kFirst);
  std::vector<std::string> keys;
  for (const IdempotencyEntry& e : store.snapshot().entries) keys.push_back(e.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"b", "c", "d"}));  // by expiry, then key
}

TEST_F(IdempotencyTest, LengthsAreCheckedAtBothEnds) {
  BeginResult result;
  EXPECT_EQ(store.begin("", "", &result).message(), "key must not be empty");
  EXPECT_TRUE(store.begin(std::string(kMaxKeyBytes, 'k'), "", &result).is_ok());
  EXPECT_EQ(store.begin(std::string(kMaxKeyBytes + 1, 'k'), "", &result).message(),
            "key must be at most 255 bytes long, got 256");
  EXPECT_TRUE(store.begin("f", std::string(kMaxFingerprintBytes, 'f'), &result).is_ok());
  EXPECT_EQ(store.begin("g", std::string(kMaxFingerprintBytes + 1, 'f'), &result).message(),
            "fingerprint must be at most 1024 bytes long, got 1025");
  EXPECT_EQ(store.complete("f", std::string(kMaxResponseBytes + 1, 'r')).message(),
            "response must be at most 65536 bytes long, got 65537");
  EXPECT_TRUE(store.complete("f", std::string(kMaxResponseBytes, 'r')).is_ok());
  EXPECT_EQ(store.snapshot().entries.size(), 2u);
}

TEST(IdempotencyConfigCheck, RangesAtBothEnds) {
  EXPECT_TRUE(check_idempotency_config({1, 1}).is_ok());
  EXPECT_TRUE(check_idempotency_config({kMaxRetention, kMaxIdempotencyKeys}).is_ok());
  EXPECT_EQ(check_idempotency_config({0, 1}).message(),
            "retention must be an integer in [1, 2592000000000], got 0");
  EXPECT_EQ(check_idempotency_config({kMaxRetention + 1, 1}).message(),
            "retention must be an integer in [1, 2592000000000], got 2592000000001");
  EXPECT_EQ(check_idempotency_config({1, 0}).message(),
            "capacity must be an integer in [1, 1000000], got 0");
  EXPECT_EQ(check_idempotency_config({1, kMaxIdempotencyKeys + 1}).message(),
            "capacity must be an integer in [1, 1000000], got 1000001");
  EXPECT_EQ(IdempotencyConfig{}.retention, 24 * 3'600'000'000LL);  // Stripe's 24 hours
}

TEST(IdempotencyRetention, TheShortestRetentionKeepsAKeyForOneMicrosecond) {
  sim::Clock clock;
  IdempotencyStore store(clock, {1, 1});
  BeginResult result;
  ASSERT_TRUE(store.begin("k", "", &result).is_ok());
  ASSERT_TRUE(store.begin("k", "", &result).is_ok());
  EXPECT_EQ(result.kind, BeginKind::kConflict);
  clock.advance(1);
  ASSERT_TRUE(store.begin("k", "", &result).is_ok());
  EXPECT_EQ(result.kind, BeginKind::kFirst);
}

TEST_F(IdempotencyTest, InvariantsReportDamage) {
  begin("k");
  EXPECT_TRUE(AllHold(store.invariants()));
  TestPeer<IdempotencyStore>::entry(store, "k").response = "early";
  EXPECT_EQ(Broken(store.invariants(), "keys in flight hold no response"),
            "1 keys in flight with a response");
  TestPeer<IdempotencyStore>::entry(store, "k").expires = 7;
  const Invariants list = store.invariants();
  EXPECT_EQ(Broken(list, "every key expires retention after it was created"),
            "1 keys with another expiry");
  EXPECT_EQ(Broken(list, "the expiry index holds every key once"),
            "1 index entries for 1 keys, 1 keys missing");
  EXPECT_TRUE(Named(list, "holds at most capacity keys").holds);
}

TEST(BeginKindNames, AreStable) {
  EXPECT_STREQ(begin_kind_name(BeginKind::kFirst), "first");
  EXPECT_STREQ(begin_kind_name(BeginKind::kReplay), "replay");
  EXPECT_STREQ(begin_kind_name(BeginKind::kConflict), "conflict");
  EXPECT_STREQ(begin_kind_name(BeginKind::kMismatch), "mismatch");
}

// What the steps of a payment run said, as "time note".
std::vector<std::string> story(const PaymentOutcome& out) {
  std::vector<std::string> lines;
  for (const sim::StepRecord& r : out.history) {
    for (const std::string& note : r.notes) lines.push_back(std::to_string(r.time) + " " + note);
  }
  return lines;
}

TEST(Payment, WithAKeyTheRetryAfterALostAnswerIsReplayedAndChargedOnce) {
  const PaymentOutcome out = run_payment(PaymentSpec{});
  EXPECT_EQ(out.charges, std::vector<std::string>{"ch_1"});
  EXPECT_EQ(out.attempts, 2u);
  EXPECT_EQ(out.response, "200 ch_1");
  EXPECT_EQ(story(out),
            (std::vector<std::string>{
                "0 incarnation 1 with 0 entries on disk",  // the server starts
                "0 incarnation 1 with 0 entries on disk",  // the client starts
                "1000 key key-1: first, a new key: recorded in flight, run the request",
                "1000 charged amount=100 as ch_1",
                "1000 key key-1: complete, the response is stored for replays",
                "1000 answer to client dropped by a partition",
                "4000 no answer within the timeout: retry with the same key",
                "5000 key key-1: replay, completed before: the stored response, run nothing",
                "6000 paid: 200 ch_1 (answer to attempt 2)"}));
  ASSERT_EQ(out.store.entries.size(), 1u);
  EXPECT_EQ(out.store.stats.replays, 1u);
}

TEST(Payment, WithoutAKeyTheRetryChargesTwice) {
  PaymentSpec spec;
  spec.use_keys = false;
  const PaymentOutcome out = run_payment(spec);
  EXPECT_EQ(out.charges, (std::vector<std::string>{"ch_1", "ch_2"}));
  EXPECT_EQ(out.response, "200 ch_2");
  const std::vector<std::string> lines = story(out);
  EXPECT_NE(std::find(lines.begin(), lines.end(),
                      "5000 charged amount=100 as ch_2: charge 2 of one payment"),
            lines.end());
  EXPECT_TRUE(out.store.entries.empty());
}

// The key is made at 1 ms and the retry reaches the server at 5 ms: a key kept 4 ms is gone
// exactly then, and the retry charges again; one µs longer, and it is replayed.
TEST(Payment, ARetryAfterTheRetentionPeriodChargesAgain) {
  PaymentSpec spec;
  spec.store.retention = 4'000;
  EXPECT_EQ(run_payment(spec).charges, (std::vector<std::string>{"ch_1", "ch_2"}));
  spec.store.retention = 4'001;
  EXPECT_EQ(run_payment(spec).charges, std::vector<std::string>{"ch_1"});
}

TEST(Payment, ARetryDuringTheChargeMeetsAConflict) {
  PaymentSpec spec;
  spec.cut_for = 0;
  spec.process_time = 6'000;
  spec.timeout = 5'000;
  const PaymentOutcome out = run_payment(spec);
  EXPECT_EQ(out.charges, std::vector<std::string>{"ch_1"});
  EXPECT_EQ(out.attempts, 2u);
  EXPECT_EQ(out.response, "200 ch_1");
  EXPECT_EQ(out.store.stats.conflicts, 1u);
  const std::vector<std::string> lines = story(out);
  EXPECT_NE(std::find(lines.begin(), lines.end(),
                      "7000 not paid yet: 409 in flight; retry at the timeout"),
            lines.end());
}

TEST(Payment, ALostLinkNeverChargesTwiceWithKeysAndSometimesDoesWithout) {
  std::uint32_t doubled = 0, paid = 0;
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    PaymentSpec spec;
    spec.seed = seed;
    spec.cut_for = 0;
    spec.link = {500, 1'500, 0.3, 0, true};
    spec.max_attempts = 10;
    const PaymentOutcome keyed = run_payment(spec);
    EXPECT_LE(keyed.charges.size(), 1u) << "seed " << seed;
    if (!keyed.response.empty()) {
      EXPECT_EQ(keyed.charges.size(), 1u);
      ++paid;
    }
    spec.use_keys = false;
    doubled += run_payment(spec).charges.size() > 1;
  }
  EXPECT_GT(paid, 40u);
  EXPECT_GT(doubled, 0u);
}

TEST(Payment, SameSpecSameHistory) {
  PaymentSpec spec;
  spec.seed = 4;
  spec.link = {200, 2'000, 0.2, 0.1, true};
  const PaymentOutcome a = run_payment(spec), b = run_payment(spec);
  EXPECT_EQ(story(a), story(b));
  EXPECT_EQ(a.charges, b.charges);
}

TEST(Payment, SpecRangesAreChecked) {
  PaymentSpec spec;
  EXPECT_TRUE(check_payment_spec(spec).is_ok());
  spec.amount = 0;
  EXPECT_EQ(check_payment_spec(spec).message(), "amount must be an integer in [1, 1000000], got 0");
  spec.amount = 1'000'001;
  EXPECT_EQ(check_payment_spec(spec).message(),
            "amount must be an integer in [1, 1000000], got 1000001");
  spec.amount = 1'000'000;
  EXPECT_TRUE(check_payment_spec(spec).is_ok());
  spec.max_attempts = kMaxPaymentAttempts + 1;
  EXPECT_EQ(check_payment_spec(spec).message(),
            "maxAttempts must be an integer in [1, 100], got 101");
  spec.max_attempts = kMaxPaymentAttempts;
  spec.cut_at = spec.horizon + 1;
  EXPECT_EQ(check_payment_spec(spec).message(),
            "cutAt must be an integer in [0, 1000000], got 1000001");
  spec.cut_at = spec.horizon;
  spec.cut_for = spec.horizon;
  EXPECT_TRUE(check_payment_spec(spec).is_ok());
  spec.timeout = 0;
  EXPECT_EQ(check_payment_spec(spec).message(),
            "timeout must be an integer in [1, 3600000000], got 0");
  spec.timeout = kMaxPaymentHorizon;
  spec.horizon = kMaxPaymentHorizon + 1;
  EXPECT_FALSE(check_payment_spec(spec).is_ok());
  spec.horizon = kMaxPaymentHorizon;
  spec.store.retention = 0;
  EXPECT_EQ(check_payment_spec(spec).message(),
            "retention must be an integer in [1, 2592000000000], got 0");
}

}  // namespace
}  // namespace messaging
}  // namespace sdlab
