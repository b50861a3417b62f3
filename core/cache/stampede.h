// sdlab::cache::simulate_stampede — a cache stampede (thundering herd) around expiry, and the
// protections against it, as a seeded discrete-event simulation on the simulated clock.
//
// Model (cache-aside): `keys` hot keys are cached at time 0, each for `ttl_ms`. `readers` readers
// arrive over [0, window_ms): evenly spaced (reader i at i·window/readers, a fixed schedule) or
// as a Poisson process (that many arrival times drawn uniformly, then sorted). Reader i reads key
// i mod keys. A reader that finds no live value is a miss; a load from the store takes
// load_latency_ms and then caches the value for another TTL. At equal times a finished load is
// seen before an arriving reader.
//
//   none          every reader that misses loads: all readers arriving in the load window after
//                 an expiry hit the store at once (the stampede).
//   single-flight a miss while that key's load is in flight waits for it (a waiter): exactly one
//                 load per expiry.
//   early-expiry  probabilistic early recomputation (XFetch; Vattani, Chierichetti & Lowenstein,
//                 "Optimal Probabilistic Cache Stampede Prevention", VLDB 2015): a reader that
//                 finds a live value still reloads it when now − δ·β·ln(u) ≥ expiry, u uniform in
//                 (0, 1], δ the last load's duration. Reloads start before expiry and spread out;
//                 the reader is served the live value (a hit) and the reload counts as an early
//                 refresh. Misses, if any, behave as in none.
//   jitter        every write's TTL is scaled by 1 + jitter·U(−1, 1), so keys written together
//                 expire, and reload, at different times. Misses behave as in none.
//
// Invariant, checked at every reader: "at most one store load per key at a time" — single-flight's
// promise; the first reader that starts a second concurrent load of a key breaks it (under none,
// early expiry or jitter, whenever two readers load the same key at once: the stampede).
//
// StampedeRun steps the simulation a reader at a time (the page's Step); simulate_stampede runs it
// to the end. Complexity: O((readers + loads) · log loads) time, O(readers + window/bucket)
// memory. Deterministic: the same spec gives the same result natively and in WebAssembly.
#pragma once

#include <cstdint>
#include <queue>
#include <string_view>
#include <vector>

#include "common/invariant.h"
#include "common/status.h"
#include "sim/clock.h"
#include "sim/random.h"

namespace sdlab::cache {

enum class Protection { kNone, kSingleFlight, kEarlyExpiry, kJitter };
enum class Arrivals { kUniform, kPoisson };

// "none", "single-flight", "early-expiry", "jitter" / "uniform", "poisson"; false otherwise.
bool parse_protection(std::string_view name, Protection& protection);
bool parse_arrivals(std::string_view name, Arrivals& arrivals);

struct StampedeSpec {
  Protection protection = Protection::kNone;
  Arrivals arrivals = Arrivals::kUniform;
  double readers = 1000;        // integer in [1, kMaxReaders]
  double window_ms = 1000;      // [0.001, kMaxWindowMs]
  double keys = 1;              // integer in [1, kMaxKeys]
  double ttl_ms = 100;          // [0.001, kMaxWindowMs]
  double load_latency_ms = 20;  // [0, kMaxWindowMs]
  double beta = 1;              // early-expiry: [0, kMaxBeta]; 0 never reloads early
  double jitter = 0.5;          // jitter: fraction in [0, 0.99]
  double bucket_ms = 10;        // timeline bucket width; window/bucket <= kMaxBuckets
  double seed = 1;              // integer in [0, 2^32 − 1]

  static constexpr double kMaxReaders = 1'000'000;
  static constexpr double kMaxWindowMs = 3'600'000;
  static constexpr double kMaxKeys = 1000;
  static constexpr double kMaxBeta = 10;
  static constexpr double kMaxBuckets = 10'000;
};

// Checks every field; the first problem, naming the field as the JS options do ("ttlMs"), or ok.
Status check_stampede(const StampedeSpec& spec);

struct StampedeResult {
  std::uint64_t hits = 0;     // readers served a live value (early refreshers included)
  std::uint64_t misses = 0;   // readers that found no live value (waiters included)
  std::uint64_t waiters = 0;  // single-flight: misses that waited for a load in flight
  std::uint64_t store_loads = 0;
  std::uint64_t early_refreshes = 0;       // early-expiry: loads started before expiry
  std::uint64_t expiries = 0;              // expired values that a reader ran into
  std::uint64_t max_concurrent_loads = 0;  // over all keys
  // Loads started and misses per bucket: bucket b covers [b·bucket_ms, (b+1)·bucket_ms).
  std::vector<std::uint64_t> loads_per_bucket;
  std::vector<std::uint64_t> misses_per_bucket;
  Invariants invariants;  // with the reader that first broke each
};

class StampedeRun {
 public:
  // Precondition: check_stampede(spec) is ok.
  explicit StampedeRun(const StampedeSpec& spec);

  // Lets the next `readers` readers arrive, each after the loads that finish by its time; after
  // the last reader, lands the loads still in flight. Returns how many arrived.
  std::uint64_t step(std::uint64_t readers);

  std::uint64_t arrived() const { return arrived_; }
  std::uint64_t readers() const { return arrivals_.size(); }
  bool finished() const { return arrived_ == arrivals_.size() && loads_.empty(); }
  // The time of the last reader's arrival (0 before the first).
  sim::Micros now() const { return arrived_ == 0 ? 0 : arrivals_[arrived_ - 1]; }
  // What the readers so far saw.
  StampedeResult result() const;

 private:
  struct KeyState {
    sim::Micros expires_at = 0;
    std::uint64_t loading = 0;  // loads in flight
    bool expiry_seen = false;   // a reader has run into the current value's expiry
  };
  struct Load {
    sim::Micros done;
    std::uint64_t order;  // start order: breaks ties between loads finishing together
    std::uint64_t key;
    bool operator>(const Load& other) const {
      return done != other.done ? done > other.done : order > other.order;
    }
  };

  std::vector<sim::Micros> arrival_times();
  sim::Micros ttl();
  void arrive(sim::Micros now, std::size_t key);
  bool reload_early(sim::Micros now, const KeyState& key);
  void start_load(sim::Micros now, std::size_t key);
  void finish();

  StampedeSpec spec_;
  sim::Random random_;
  sim::Micros window_;
  sim::Micros bucket_;
  sim::Micros latency_;
  std::vector<KeyState> keys_;
  std::vector<sim::Micros> arrivals_;
  std::uint64_t arrived_ = 0;
  std::priority_queue<Load, std::vector<Load>, std::greater<>> loads_;
  std::uint64_t in_flight_ = 0;
  std::uint64_t next_order_ = 0;
  StampedeResult result_;
  Invariant single_load_{"at most one store load per key at a time"};
};

// The whole run at once. Precondition: check_stampede(spec) is ok.
StampedeResult simulate_stampede(const StampedeSpec& spec);

}  // namespace sdlab::cache
