// The timing every native benchmark uses: wall-clock time in milliseconds, as on the WASM side;
// with --benchmark_repetitions, also the fastest repetition (the figure least disturbed by other
// work on the machine), from which bench/report.mjs computes operations per second.
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <vector>

namespace sdlab::bench {

inline void timing(benchmark::internal::Benchmark* b) {
  b->Unit(benchmark::kMillisecond)->UseRealTime()->ComputeStatistics("min", [](const std::vector<double>& v) {
    return *std::min_element(v.begin(), v.end());
  });
}

}  // namespace sdlab::bench
