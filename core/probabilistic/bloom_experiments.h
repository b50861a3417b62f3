// Whole bloom-filter experiments in one call, for the page's charts and the seeds' scenario.
//
// run_bloom_experiment: a filter sized for `design_items` at `rate` is filled with up to
// `max_items` distinct items; at `points` evenly spaced fill levels it measures the false-positive
// rate on `probes` items never added, beside the theoretical (1 − e^(−kn/m))^k. Filling past the
// design size shows the rate climbing. Items are seeded 64-bit values (members and probes drawn
// from disjoint halves), so a seed reproduces the run. Complexity: O(max_items·k + points·probes·k).
//
// check_usernames: the seeds' two-stage username check. A store holds `existing` usernames and a
// filter sized for them at `rate`; `queries` lookups ask for a taken name with probability
// `taken_share`, otherwise a new one. The filter answers "absent" without touching the store
// (a lookup saved); "maybe" costs a store lookup, wasted when the name is free (a false
// positive). Complexity: O(existing + queries) store and filter operations.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "probabilistic/bloom_filter.h"

namespace sdlab::probabilistic {

struct BloomExperimentSpec {
  double design_items = 100'000;
  double rate = 0.01;
  double max_items = 200'000;
  double points = 20;
  double probes = 10'000;
  double seed = 1;

  static constexpr double kMaxItems = 1'000'000;
  static constexpr double kMaxPoints = 100;
  static constexpr double kMaxProbes = 100'000;
};

struct BloomPoint {
  std::uint64_t items;
  double measured;
  double theoretical;
  std::uint64_t bits_set;
};

struct BloomExperimentResult {
  BloomShape shape;
  std::vector<BloomPoint> points;
};

Status check_bloom_experiment(const BloomExperimentSpec& spec);
// Precondition: check_bloom_experiment(spec) is ok.
BloomExperimentResult run_bloom_experiment(const BloomExperimentSpec& spec);

struct UsernameCheckSpec {
  double existing = 10'000;
  double rate = 0.01;
  double queries = 10'000;
  double taken_share = 0.1;
  double store_latency_ms = 5;
  double seed = 1;

  static constexpr double kMaxExisting = 100'000;
  static constexpr double kMaxQueries = 1'000'000;
  static constexpr double kMaxLatencyMs = 10'000;
};

struct UsernameCheckResult {
  BloomShape shape;
  std::uint64_t queries = 0;
  std::uint64_t taken = 0;            // queries for a name in the store
  std::uint64_t lookups_saved = 0;    // the filter said "absent": no store lookup
  std::uint64_t store_lookups = 0;    // the filter said "maybe"
  std::uint64_t false_positives = 0;  // store lookups that found the name free
  double store_ms_with_filter = 0;
  double store_ms_without_filter = 0;
};

Status check_username_check(const UsernameCheckSpec& spec);
// Precondition: check_username_check(spec) is ok.
UsernameCheckResult check_usernames(const UsernameCheckSpec& spec);

}  // namespace sdlab::probabilistic
