#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds and runs the xact demo (values, derivatives and timings of every activation).
#
# Usage: bash scripts/demo.sh [demo options, e.g. --runs 5]
# As root on Debian/Ubuntu it first installs the packages it needs.
# The demo is built in Release with -march=native (preset `release`); XACT_NATIVE=OFF disables
# that and builds for the baseline x86-64 ISA (SSE2).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/deps.sh

xact_install_deps "${XACT_DEBIAN_PACKAGES[@]}"
jobs="$(xact_jobs)"

cmake --preset release -DXACT_ENABLE_NATIVE="${XACT_NATIVE:-ON}" >/dev/null
cmake --build --preset demo -j "$jobs"
echo
./build/release/examples/xact_demo "$@"
