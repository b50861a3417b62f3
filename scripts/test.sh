#!/usr/bin/env bash
# Runs every test: core GoogleTest natively (debug, ASan+UBSan, TSan) and compiled to WASM under
# node, the JS API contract of the module, web unit tests (Vitest), and end-to-end tests of the
# built site in headless Chromium. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export NODE_PATH=/usr/share/nodejs
jobs=$(nproc)

for preset in native-debug native-asan native-tsan; do
  echo "== core tests: $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" --target core_tests -j "$jobs" >/dev/null
  ctest --preset "$preset"
done

echo "== core tests and JS API: wasm under node"
cmake --preset wasm >/dev/null
cmake --build --preset wasm -j "$jobs" >/dev/null
ctest --preset wasm

echo "== web: types and unit tests"
npx tsc --noEmit -p .
npx vitest run

echo "== end-to-end tests in headless Chromium"
npx vite build --logLevel warn
npx vite build --mode strict-csp --logLevel warn  # dist-strict/, for the hosting tests
node --test --test-concurrency=1 tests/e2e/
