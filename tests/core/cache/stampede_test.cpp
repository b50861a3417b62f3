// The stampede simulation: counts that are exact for a fixed arrival schedule, and each
// protection's effect against none for the same seed.
#include "cache/stampede.h"

#include <gtest/gtest.h>

#include <numeric>

#include "../common/invariant_matchers.h"

namespace sdlab::cache {
namespace {

// One reader per millisecond at 0, 1, …, 149 ms; the key expires at 100 ms; a load takes 20 ms.
StampedeSpec one_expiry(Protection protection) {
  StampedeSpec spec;
  spec.protection = protection;
  spec.readers = 150;
  spec.window_ms = 150;
  spec.ttl_ms = 100;
  spec.load_latency_ms = 20;
  return spec;
}

// Ten keys cached together, read round-robin by 20,000 Poisson readers over 1 s.
StampedeSpec ten_hot_keys(Protection protection, double seed) {
  StampedeSpec spec;
  spec.protection = protection;
  spec.arrivals = Arrivals::kPoisson;
  spec.readers = 20000;
  spec.window_ms = 1000;
  spec.keys = 10;
  spec.seed = seed;
  return spec;
}

TEST(Stampede, UnprotectedEveryReaderInTheLoadWindowLoads) {
  const StampedeResult r = simulate_stampede(one_expiry(Protection::kNone));
  // Readers at 100…119 ms find the key expired; the first load lands at 120 ms.
  EXPECT_EQ(r.store_loads, 20u);
  EXPECT_EQ(r.max_concurrent_loads, 20u);
  EXPECT_EQ(r.misses, 20u);
  EXPECT_EQ(r.hits, 130u);
  EXPECT_EQ(r.waiters, 0u);
  EXPECT_EQ(r.expiries, 1u);
  EXPECT_EQ(r.loads_per_bucket[10], 10u);  // [100, 110)
  EXPECT_EQ(r.loads_per_bucket[11], 10u);  // [110, 120)
  EXPECT_EQ(std::accumulate(r.loads_per_bucket.begin(), r.loads_per_bucket.end(), 0u), 20u);
}

TEST(Stampede, UnprotectedBreaksSingleLoadAtTheSecondReaderToMiss) {
  const Invariant single = simulate_stampede(one_expiry(Protection::kNone)).invariants.at(0);
  EXPECT_EQ(single.name, "at most one store load per key at a time");
  EXPECT_FALSE(single.holds);
  EXPECT_EQ(single.step, 101u);  // reader 100 starts the first load at 100 ms, reader 101 a second
  EXPECT_EQ(single.detail, "at 101 ms, a second load of key 0 started while the first was in flight");
  EXPECT_TRUE(AllHold(simulate_stampede(one_expiry(Protection::kSingleFlight)).invariants));
}

TEST(Stampede, SteppingAReaderAtATimeGivesTheSameResult) {
  const StampedeSpec spec = ten_hot_keys(Protection::kEarlyExpiry, 3);
  const StampedeResult whole = simulate_stampede(spec);
  StampedeRun run(spec);
  EXPECT_EQ(run.readers(), 20000u);
  while (run.arrived() < run.readers()) ASSERT_EQ(run.step(1), 1u);
  EXPECT_TRUE(run.finished());
  const StampedeResult stepped = run.result();
  EXPECT_EQ(stepped.hits, whole.hits);
  EXPECT_EQ(stepped.store_loads, whole.store_loads);
  EXPECT_EQ(stepped.early_refreshes, whole.early_refreshes);
  EXPECT_EQ(stepped.loads_per_bucket, whole.loads_per_bucket);
  EXPECT_EQ(stepped.invariants.at(0).step, whole.invariants.at(0).step);
}

TEST(Stampede, SingleFlightLoadsOnceAndTheRestWait) {
  const StampedeResult r = simulate_stampede(one_expiry(Protection::kSingleFlight));
  EXPECT_EQ(r.store_loads, 1u);
  EXPECT_EQ(r.max_concurrent_loads, 1u);
  EXPECT_EQ(r.misses, 20u);
  EXPECT_EQ(r.waiters, 19u);
  EXPECT_EQ(r.hits, 130u);
}

TEST(Stampede, SingleFlightLoadsExactlyOncePerExpiry) {
  for (double seed = 1; seed <= 5; ++seed) {
    const StampedeResult r = simulate_stampede(ten_hot_keys(Protection::kSingleFlight, seed));
    EXPECT_GT(r.expiries, 10u);
    EXPECT_EQ(r.store_loads, r.expiries);
    EXPECT_EQ(r.hits + r.misses, 20000u);
  }
}

TEST(Stampede, EarlyExpiryAvoidsMissesAndConcurrentLoads) {
  for (double seed = 1; seed <= 5; ++seed) {
    StampedeSpec spec = one_expiry(Protection::kNone);
    spec.arrivals = Arrivals::kPoisson;
    spec.seed = seed;
    const StampedeResult none = simulate_stampede(spec);
    spec.protection = Protection::kEarlyExpiry;
    const StampedeResult early = simulate_stampede(spec);
    EXPECT_LT(early.max_concurrent_loads, none.max_concurrent_loads) << "seed " << seed;
    EXPECT_EQ(early.misses, 0u) << "seed " << seed;
    EXPECT_GE(early.early_refreshes, 1u);
    EXPECT_EQ(early.store_loads, early.early_refreshes);
  }
}

TEST(Stampede, JitterSpreadsTheReloadsOfKeysWrittenTogether) {
  for (double seed = 1; seed <= 5; ++seed) {
    const StampedeResult none = simulate_stampede(ten_hot_keys(Protection::kNone, seed));
    const StampedeResult jitter = simulate_stampede(ten_hot_keys(Protection::kJitter, seed));
    EXPECT_LT(jitter.max_concurrent_loads, none.max_concurrent_loads) << "seed " << seed;
  }
}

TEST(Stampede, SameSpecGivesTheSameResult) {
  const StampedeSpec spec = ten_hot_keys(Protection::kEarlyExpiry, 42);
  const StampedeResult a = simulate_stampede(spec);
  const StampedeResult b = simulate_stampede(spec);
  EXPECT_EQ(a.store_loads, b.store_loads);
  EXPECT_EQ(a.loads_per_bucket, b.loads_per_bucket);
  EXPECT_EQ(a.misses_per_bucket, b.misses_per_bucket);
}

TEST(Stampede, ZeroBetaNeverReloadsEarly) {
  StampedeSpec spec = one_expiry(Protection::kEarlyExpiry);
  spec.beta = 0;
  const StampedeResult r = simulate_stampede(spec);
  EXPECT_EQ(r.early_refreshes, 0u);
  EXPECT_EQ(r.store_loads, 20u);
}

TEST(Stampede, TimelineCoversTheWindowInBuckets) {
  StampedeSpec spec = one_expiry(Protection::kNone);
  spec.bucket_ms = 40;
  const StampedeResult r = simulate_stampede(spec);
  EXPECT_EQ(r.loads_per_bucket.size(), 4u);
  EXPECT_EQ(r.misses_per_bucket, (std::vector<std::uint64_t>{0, 0, 20, 0}));
}

TEST(StampedeChecks, EachFieldIsNamedWhenOutOfRange) {
  StampedeSpec spec;
  EXPECT_TRUE(check_stampede(spec).is_ok());
  spec.readers = 0;
  EXPECT_EQ(check_stampede(spec).message(), "readers must be an integer in [1, 1000000], got 0");
  spec = StampedeSpec{};
  spec.ttl_ms = -5;
  EXPECT_EQ(check_stampede(spec).message(),
            "ttlMs must be a finite number in [0.001, 3600000], got -5");
  spec = StampedeSpec{};
  spec.bucket_ms = 0.01;  // 100,000 buckets over 1 s
  EXPECT_EQ(check_stampede(spec).message(),
            "bucketMs must be a finite number in [0.1, 3600000], got 0.01");
}

TEST(StampedeChecks, ParsesOnlyKnownNames) {
  Protection protection = Protection::kNone;
  EXPECT_TRUE(parse_protection("single-flight", protection));
  EXPECT_EQ(protection, Protection::kSingleFlight);
  EXPECT_FALSE(parse_protection("lock", protection));
  Arrivals arrivals = Arrivals::kUniform;
  EXPECT_TRUE(parse_arrivals("poisson", arrivals));
  EXPECT_FALSE(parse_arrivals("bursty", arrivals));
}

}  // namespace
}  // namespace sdlab::cache
