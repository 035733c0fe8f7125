#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Regression guard for bench/ (run by .ci/run): builds xact_bench without the optional peers
# (Google Benchmark only, warnings as errors) and runs ctest's bench_smoke test: every xact,
# xact_lazy and naive float benchmark at 4096 elements, each output checked against the naive
# loop before timing. No timing is asserted (timings belong in docs/benchmarks.md).
#
# Usage: bash scripts/bench-smoke.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/deps.sh

xact_install_deps "${XACT_DEBIAN_PACKAGES[@]}" libbenchmark-dev
build=build/bench-smoke
start=$SECONDS
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DXACT_BUILD_BENCH=ON -DXACT_BUILD_TESTS=ON \
  -DXACT_WARNINGS_AS_ERRORS=ON -DXACT_BENCH_ONEDNN=OFF -DXACT_BENCH_XNNPACK=OFF \
  -DXACT_BENCH_TORCH=OFF -DXACT_BUILD_EXAMPLES=OFF -DXACT_BUILD_TOOLS=OFF -DXACT_INSTALL=OFF \
  -DXACT_VERIFY_HEADERS=OFF >/dev/null
cmake --build "$build" -j "$(xact_jobs)" --target xact_bench
set +e
(cd "$build" && ctest -L bench --output-on-failure) | tee "$build/smoke.log"
status=${PIPESTATUS[0]}
set -e
echo "== xact bench smoke ($((SECONDS - start)) s) =="
grep -E '[0-9]+% tests passed' "$build/smoke.log" | tail -n 1 || echo "no ctest summary"
exit "$status"
