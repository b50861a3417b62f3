#!/usr/bin/env bash
# Builds the WebAssembly module (Emscripten) and the static site (Vite) into dist/.
# The site works from any static host and any sub-path: open dist/index.html through a server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export NODE_PATH=/usr/share/nodejs  # Emscripten's link step needs Debian's acorn
cmake --preset wasm >/dev/null
cmake --build --preset wasm
# The declarations and the page's method lists come from the registrations in the built module.
node scripts/generate-api.mjs build/wasm/wasm/sdlab_node.js
npx vite build --logLevel warn
