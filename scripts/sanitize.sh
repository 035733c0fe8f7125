#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds and runs the unit tests under AddressSanitizer + UndefinedBehaviorSanitizer (clang 14,
# one architecture: `cmake --workflow --preset sanitize`).
#
# Usage: bash scripts/sanitize.sh
# As root on Debian/Ubuntu it first installs the packages it needs (clang, its sanitizer
# runtimes). Prints the elapsed time last; the exit status is the workflow's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/deps.sh

xact_install_deps "${XACT_DEBIAN_PACKAGES[@]}" "${XACT_CLANG_PACKAGES[@]}"
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(xact_jobs)}"
export CTEST_PARALLEL_LEVEL="${CTEST_PARALLEL_LEVEL:-$(xact_jobs)}"

mkdir -p build/sanitize
log=build/sanitize/sanitize.log
start=$SECONDS
set +e
cmake --workflow --preset sanitize 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
echo
echo "== xact sanitizer tests ($((SECONDS - start)) s, log: $log) =="
grep -E '[0-9]+% tests passed' "$log" | tail -n 1 || echo "no ctest summary (exit status $status)"
exit "$status"
