#!/usr/bin/env bash
# Benchmarks (not tests): the cache workload natively and in WebAssembly under node, per-call LRU
# from JS against npm lru-cache, and cold page load of the built site in headless Chromium.
# Prints one table of figures and ratios and writes it to build/bench-results.md.
# Builds into build/native-release and build/wasm-bench; builds dist/ only if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export NODE_PATH=/usr/share/nodejs  # Emscripten's link step needs Debian's acorn
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

echo "== build: native-release, wasm (build/wasm-bench)"
cmake --preset native-release >/dev/null
cmake --build --preset native-release --target cache_bench >/dev/null
cmake --preset wasm -B build/wasm-bench >/dev/null
cmake --build build/wasm-bench --target sdlab_node >/dev/null
[ -d dist ] || scripts/build.sh

echo "== native cache workload (Google Benchmark)"
build/native-release/bench/cache_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_out="$results/native.json" --benchmark_out_format=json
echo "== WASM under node"
node bench/node_bench.mjs build/wasm-bench/wasm/sdlab_node.js >"$results/node.json"
echo "== page load"
node bench/page_load.mjs >"$results/page.json"

echo
node bench/report.mjs "$results"/{native,node,page}.json | tee build/bench-results.md
