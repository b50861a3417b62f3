#!/usr/bin/env bash
# Builds everything, then serves the playground at http://localhost:${PORT:-5173}/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
exec npx vite preview --port "${PORT:-5173}" --strictPort --host 127.0.0.1
