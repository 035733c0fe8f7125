#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets (`fuzz` preset, clang 14 with ASan + UBSan) and runs each one
# over its corpus in fuzz/corpus/<target>/.
#
# Usage: bash scripts/fuzz.sh [TARGET...]          (default: elementwise eigen_layer)
#   XACT_FUZZ_SECONDS=30     run time per target (CI smoke; use 1800+ for a real session)
#   XACT_FUZZ_MERGE=1        afterwards, minimize fuzz/corpus/<target>/ with what the run found
#   XACT_FUZZ_STRICT=1       also report the findings already filed in tests/regression/
# New inputs go to build/fuzz/corpus/<target>/ (the checked-in corpus is only read unless
# XACT_FUZZ_MERGE=1); crashes to build/fuzz/artifacts/. As root on Debian/Ubuntu it first
# installs the packages it needs. The exit status is non-zero if any target found a crash.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/deps.sh

xact_install_deps "${XACT_DEBIAN_PACKAGES[@]}" "${XACT_CLANG_PACKAGES[@]}" libmpfr-dev
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(xact_jobs)}"
seconds="${XACT_FUZZ_SECONDS:-30}"
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(elementwise eigen_layer)

start=$SECONDS
cmake --preset fuzz
cmake --build --preset fuzz --target "${targets[@]/#/xact_fuzz_}"
echo "== xact fuzz: built in $((SECONDS - start)) s =="

status=0
for t in "${targets[@]}"; do
  bin="build/fuzz/fuzz/xact_fuzz_$t"
  mkdir -p "build/fuzz/corpus/$t" build/fuzz/artifacts fuzz/corpus/"$t"
  echo "== xact fuzz: $t for $seconds s =="
  # First directory: where new inputs are written; the checked-in corpus is read only.
  if ! "$bin" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 \
      -artifact_prefix="build/fuzz/artifacts/$t-" "build/fuzz/corpus/$t" "fuzz/corpus/$t"; then
    echo "== xact fuzz: $t FAILED (reproduce: $bin build/fuzz/artifacts/$t-crash-*) =="
    status=1
  fi
  if [ "${XACT_FUZZ_MERGE:-0}" = 1 ]; then
    tmp="build/fuzz/merge-$t"
    rm -rf "$tmp" && mkdir -p "$tmp"
    "$bin" -merge=1 -max_len=4096 "$tmp" "fuzz/corpus/$t" "build/fuzz/corpus/$t"
    rm -rf "fuzz/corpus/$t" && mv "$tmp" "fuzz/corpus/$t"
    echo "== xact fuzz: fuzz/corpus/$t now holds $(ls "fuzz/corpus/$t" | wc -l) inputs =="
  fi
done
exit "$status"
