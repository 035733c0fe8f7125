#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Configures, builds and runs every xact test (`cmake --workflow --preset ci`).
#
# Usage: bash scripts/test.sh     (XACT_PRESET=dev|ci|release picks another workflow)
# As root on Debian/Ubuntu it first installs the packages it needs. The `ci` preset compiles
# with warnings as errors. Prints ctest's summary line last; the exit status is ctest's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/deps.sh

xact_install_deps "${XACT_DEBIAN_PACKAGES[@]}"
preset="${XACT_PRESET:-ci}"
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(xact_jobs)}"
export CTEST_PARALLEL_LEVEL="${CTEST_PARALLEL_LEVEL:-$(xact_jobs)}"

mkdir -p "build/$preset"
log="build/$preset/test.log"
start=$SECONDS
set +e
cmake --workflow --preset "$preset" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

echo
echo "== xact tests (preset $preset, $((SECONDS - start)) s, log: $log) =="
summary="$(grep -E '[0-9]+% tests passed' "$log" | tail -n 1 || true)"
if [ -n "$summary" ]; then
  echo "$summary"
  grep -E '\(Skipped\)|\(Failed\)|\(Timeout\)|\(Not Run\)' "$log" || true
else
  echo "no ctest summary: the configure or build step failed (exit status $status)"
fi
exit "$status"
