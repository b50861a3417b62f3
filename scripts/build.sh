#!/usr/bin/env bash
# Builds the WebAssembly module (Emscripten) and the static site (Vite) into dist/.
# The site works from any static host and any sub-path: open dist/index.html through a server.
#   scripts/build.sh --strict-csp   builds dist-strict/ instead: the same site on the module built
#                                   without `new Function`, for hosts whose Content-Security-Policy
#                                   has script-src 'self' 'wasm-unsafe-eval' and no 'unsafe-eval'
set -euo pipefail
cd "$(dirname "$0")/.."
mode=production
case "${1:-}" in
  --strict-csp) mode=strict-csp ;;
  "") ;;
  *) echo "usage: scripts/build.sh [--strict-csp]" >&2; exit 2 ;;
esac
scripts/setup.sh
export NODE_PATH=/usr/share/nodejs  # Emscripten's link step needs Debian's acorn
cmake --preset wasm >/dev/null
cmake --build --preset wasm
# The declarations and the page's method lists come from the registrations in the built module.
node scripts/generate-api.mjs build/wasm/wasm/sdlab_node.js
npx vite build --mode "$mode" --logLevel warn
