// Native cache benchmarks: the exact workload that the module's runCacheWorkload runs.
//
// What is timed: one whole cache::run_read_through call — building the Zipf key stream's table,
// drawing every key, and the cache's get (and put on a miss) — because that is what one
// runCacheWorkload call does inside WebAssembly. Timing the same call on both sides makes the
// WASM/native ratio compare like with like. key_stream times the stream alone, to show its share.
//
// Workload: universe 100,000 keys, Zipf skew 1.0, capacity 10,000, 1,000,000 reads, seed 1
// (the same options as bench/cache_node.mjs; the report checks that the hit ratios agree).
// items/s counts reads.
#include <benchmark/benchmark.h>

#include "cache/cache_workload.h"
#include "timing.h"

namespace {

using sdlab::cache::Policy;

constexpr std::uint64_t kOperations = 1'000'000;
constexpr std::size_t kCapacity = 10'000;
const sdlab::sim::KeyStreamSpec kSpec{sdlab::sim::Distribution::kZipf, 100'000, 1.0, 1};

void read_through(benchmark::State& state, Policy policy) {
  sdlab::cache::CacheStats stats;
  for (auto _ : state) {
    stats = sdlab::cache::run_read_through(policy, kCapacity, kSpec, kOperations);
    benchmark::DoNotOptimize(stats);
  }
  state.SetItemsProcessed(state.iterations() * kOperations);
  state.counters["hit_ratio"] = stats.hit_ratio();
}

void key_stream(benchmark::State& state) {
  for (auto _ : state) {
    sdlab::sim::KeyStream keys(kSpec);
    std::uint64_t sum = 0;
    for (std::uint64_t i = 0; i < kOperations; ++i) sum += keys.next();
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * kOperations);
}

using sdlab::bench::timing;

BENCHMARK_CAPTURE(read_through, lru, Policy::kLru)->Apply(timing);
BENCHMARK_CAPTURE(read_through, lfu, Policy::kLfu)->Apply(timing);
BENCHMARK_CAPTURE(read_through, fifo, Policy::kFifo)->Apply(timing);
BENCHMARK(key_stream)->Apply(timing);

}  // namespace

BENCHMARK_MAIN();
