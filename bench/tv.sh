#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The live TV board (issue 14, point 7). Claim: from sending the PATCH that wins a deal to the
# celebration drawn on the TV page (rep, deal, amount), p99 <= 250 ms over N wins, in headless
# Chromium on loopback. bench/tv.mjs drives it; the server and its scratch folder go on exit.
# Usage: bench/tv.sh [BUILD_DIR]   (BENCH_WINS, default 50)
set -euo pipefail
BUILD=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
if [ ! -x "$BUILD/uptake" ]; then
    echo "bench: no $BUILD/uptake; build first (make build, or cmake --build $BUILD)" >&2
    exit 1
fi
CHROMIUM=${UPTAKE_CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || { echo "bench: needs chromium at $CHROMIUM" >&2; exit 1; }
export UPTAKE_BIN
UPTAKE_BIN=$(cd "$BUILD" && pwd)/uptake
cd "$HERE/.."
exec node bench/tv.mjs
