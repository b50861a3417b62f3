#!/usr/bin/env bash
# Benchmarks (not tests), each native against WebAssembly under node in the same run:
#   caches         the cache workload; per-call LRU from JS against npm lru-cache
#   rate limiting  the seven-algorithm comparison and each algorithm's keyed decisions; a CPython
#                  token bucket on the same traffic
#   probabilistic  bloom and count-min batch experiments; per call from JS against npm
#                  bloom-filters; a CPython bloom filter and count-min sketch on the same items
# and cold page load of the built site in headless Chromium.
# Prints the tables of figures and ratios and writes them to build/bench-results.md.
# Builds into build/native-release and build/wasm-bench; builds dist/ only if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export NODE_PATH=/usr/share/nodejs  # Emscripten's link step needs Debian's acorn
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
module=build/wasm-bench/wasm/sdlab_node.js

echo "== build: native-release, wasm (build/wasm-bench)"
cmake --preset native-release >/dev/null
cmake --build --preset native-release --target cache_bench ratelimit_bench probabilistic_bench >/dev/null
cmake --preset wasm -B build/wasm-bench >/dev/null
cmake --build build/wasm-bench --target sdlab_node >/dev/null
[ -d dist ] || scripts/build.sh

# Each domain's native and WASM runs back to back, so that both see the same load on the machine.
native() {
  echo "== $1: native (Google Benchmark), WASM under node, baselines"
  "build/native-release/bench/$1_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
    --benchmark_out="$results/$1-native.json" --benchmark_out_format=json >/dev/null
}
native cache
node bench/cache_node.mjs "$module" >"$results/cache-node.json"
native ratelimit
node bench/ratelimit_node.mjs "$module" "$results/traffic.bin" >"$results/ratelimit-node.json"
python3 bench/ratelimit.py "$results/traffic.bin" >"$results/ratelimit-python.json"
native probabilistic
node bench/probabilistic_node.mjs "$module" >"$results/probabilistic-node.json"
python3 bench/probabilistic.py >"$results/probabilistic-python.json"
node bench/probabilistic_chromium.mjs >"$results/probabilistic-chromium.json"
echo "== page load"
node bench/page_load.mjs >"$results/page.json"

echo
node bench/report.mjs "$results" | tee build/bench-results.md
