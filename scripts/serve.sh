#!/usr/bin/env bash
# Builds everything, then serves the playground at http://localhost:${PORT:-5173}/.
#   scripts/serve.sh --strict-csp   builds and serves dist-strict/ (see scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh "$@"
mode=production
[ "${1:-}" = --strict-csp ] && mode=strict-csp
exec npx vite preview --mode "$mode" --port "${PORT:-5173}" --strictPort --host 127.0.0.1
