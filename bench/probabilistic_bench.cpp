// Native bloom filter and count-min sketch benchmarks.
//
// Batch: the module's batch functions, as bloomExperiment and countMinExperiment run them inside
// WebAssembly (bench/probabilistic_node.mjs calls them with the same options).
//   bloom_fill: run_bloom_experiment sized for 1,000,000 items at 1%, filled with 1,000,000
//     seeded 8-byte items, one probe: 1,000,000 adds (plus the filter's allocation).
//   bloom_probe: the same with 100 points of 100,000 probes of items never added, at fill levels
//     1%, 2%, … 100%: 1,000,000 adds and 10,000,000 contains ("probes"); bench/report.mjs takes
//     contains/s from the difference with bloom_fill.
//   count_min: run_count_min_experiment, 2719 × 5 (ε 0.001, δ 0.01), 1,000,000 updates of "#<rank>"
//     drawn from Zipf 1.1 over 100,000 keys, no top-K — also the draws, the names, exact counts
//     and a final query of every distinct item.
// Per operation: 100,000 items "item-<i>" — the items bench/probabilistic_node.mjs passes from JS
//   and bench/probabilistic.py uses — into a bloom filter sized for them at 1% (958,506 bits, 7
//   hashes) and a 2719 × 5 count-min sketch.
//   bloom_add: a fresh filter, every item added. bloom_contains: every item looked up in the
//   filled filter (all present: every lookup probes all k bits). count_min_update: a fresh sketch,
//   every item updated by 1.
// "operations" counts adds, contains or updates.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "probabilistic/bloom_experiments.h"
#include "probabilistic/count_min_experiment.h"
#include "timing.h"

namespace {

using namespace sdlab::probabilistic;
using sdlab::bench::timing;

constexpr SketchShape kSketch{2719, 5};

void bloom_experiment(benchmark::State& state, double points, double probes) {
  const BloomExperimentSpec spec{1'000'000, 0.01, 1'000'000, points, probes, 1};
  for (auto _ : state) benchmark::DoNotOptimize(run_bloom_experiment(spec));
  state.counters["operations"] = spec.max_items;
  state.counters["probes"] = points * probes;
}

void count_min(benchmark::State& state) {
  const CountMinExperimentSpec spec{kSketch, false, 1'000'000, 100'000, 1.1, 0, 1};
  for (auto _ : state) benchmark::DoNotOptimize(run_count_min_experiment(spec));
  state.counters["operations"] = spec.updates;
}

const std::vector<std::string>& items() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> result;
    for (int i = 0; i < 100'000; ++i) result.push_back("item-" + std::to_string(i));
    return result;
  }();
  return all;
}

const BloomShape kBloom = bloom_shape_for(100'000, 0.01);

void bloom_add(benchmark::State& state) {
  for (auto _ : state) {
    BloomFilter filter(kBloom);
    for (const std::string& item : items()) filter.add(item);
    benchmark::DoNotOptimize(filter.bits_set());
  }
  state.counters["operations"] = double(items().size());
}

void bloom_contains(benchmark::State& state) {
  BloomFilter filter(kBloom);
  for (const std::string& item : items()) filter.add(item);
  std::size_t found = 0;
  for (auto _ : state) {
    found = 0;
    for (const std::string& item : items()) found += filter.contains(item);
    benchmark::DoNotOptimize(found);
  }
  state.counters["operations"] = double(items().size());
  state.counters["found"] = double(found);
}

void count_min_update(benchmark::State& state) {
  for (auto _ : state) {
    CountMinSketch sketch(kSketch);
    for (const std::string& item : items()) sketch.update(item);
    benchmark::DoNotOptimize(sketch.total());
  }
  state.counters["operations"] = double(items().size());
}

BENCHMARK_CAPTURE(bloom_experiment, bloom_fill, 1, 1)->Name("bloom_fill")->Apply(timing);
BENCHMARK_CAPTURE(bloom_experiment, bloom_probe, 100, 100'000)->Name("bloom_probe")->Apply(timing);
BENCHMARK(count_min)->Apply(timing);
BENCHMARK(bloom_add)->Apply(timing);
BENCHMARK(bloom_contains)->Apply(timing);
BENCHMARK(count_min_update)->Apply(timing);

}  // namespace

BENCHMARK_MAIN();
