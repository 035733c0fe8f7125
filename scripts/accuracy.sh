#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the MPFR accuracy tool (Release), runs it for every architecture this CPU has, and
# writes docs/accuracy.md (tools/accuracy/report.py).
#
# Usage: bash scripts/accuracy.sh [--full | --all-exhaustive | --quick] [--check N]
#   default: times a --quick float sweep, estimates the full run and does it only when the
#            estimate is under 40 minutes; otherwise runs --quick and labels docs/accuracy.md so.
#   --full:  the full run whatever it costs (~70 min on 2 cores; progress on stderr): on the
#            widest architecture every float32 through the SIMD path for the default parameters,
#            every 31st for the other parameters, the scalar path (bit-compared with SIMD) on every
#            16th of those, 1e6 doubles per cell (half log-uniform, half in [-64, 64]); on the
#            narrower ones every 67th float32 (scalar and SIMD) and 5e5 doubles per cell (the same
#            kernel code with narrower batches).
#   --all-exhaustive: every float32 for every cell on every architecture (~2.5 h per arch).
#   --quick: the quick run without estimating.
#   --check N: inputs per float cell for the double-reference check against MPFR (default 1e6).
# Results: build/accuracy/accuracy-<arch>.tsv, build/accuracy/reference.tsv, docs/accuracy.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/deps.sh
xact_install_deps "${XACT_DEBIAN_PACKAGES[@]}"

mode=auto
check=1000000
while [ $# -gt 0 ]; do
  case "$1" in
    --full) mode=full ;;
    --all-exhaustive) mode=all ;;
    --quick) mode=quick ;;
    --check) check="$2"; shift ;;
    *) echo "usage: $0 [--full|--all-exhaustive|--quick] [--check N]" >&2; exit 2 ;;
  esac
  shift
done

build=build/accuracy
threads="$(xact_jobs)"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DXACT_BUILD_TOOLS=ON -DXACT_BUILD_TESTS=OFF \
  -DXACT_BUILD_EXAMPLES=OFF -DXACT_INSTALL=OFF >/dev/null
arches=()
for a in sse42 avx2 avx512; do
  if cmake --build "$build" --target help | grep -x "\.\.\. xact_accuracy_$a" >/dev/null; then arches+=("$a"); fi
done
if [ "${#arches[@]}" -eq 0 ]; then
  echo "xact: the accuracy tool was not configured (is MPFR installed? apt-get install libmpfr-dev)" >&2
  exit 1
fi
targets=()
for a in "${arches[@]}"; do targets+=(--target "xact_accuracy_$a"); done
cmake --build "$build" -j "$threads" "${targets[@]}"

if [ "$mode" = auto ]; then
  # Float: the quick sweep visits every 4093rd pattern (+ a fixed ~1e5 extra inputs per cell);
  # double: the quick run takes 1e5 samples, the full one 1e7.
  # CPU seconds (user + sys) of the quick runs, so that the estimate holds on a loaded machine.
  cpu_of() {
    python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(r.ru_utime + r.ru_stime)' "$@"
  }
  a="${arches[-1]}"
  f=$(cpu_of "$build/tools/xact_accuracy_$a" --quick --no-double --no-vector --threads "$threads")
  d=$(cpu_of "$build/tools/xact_accuracy_$a" --quick --no-float --no-vector --threads "$threads")
  est=$(python3 -c "print(int(($f * 4093 * 0.5 + $d * 100) / $threads))")
  echo "xact: quick float sweep ${f%.*} CPU s, quick double ${d%.*} CPU s on ${a};" \
       "estimated full run: $((est / 60)) min for ${#arches[@]} architecture(s) on $threads idle cores"
  if [ "$est" -le 2400 ]; then mode=full; else mode=quick; fi
  echo "xact: running the $mode sweep (full run: bash scripts/accuracy.sh --full)"
  estimate_note="estimated full run: $((est / 60)) min on $threads idle cores"
else
  estimate_note=""
fi

quick_flag=()
[ "$mode" = quick ] && quick_flag=(--quick)
[ "$mode" = quick ] && [ "$check" = 1000000 ] && check=100000
results=()
start=$SECONDS
coverage=""
for a in "${arches[@]}"; do
  arch_flags=()
  if [ "$mode" = full ]; then
    if [ "$a" = "${arches[-1]}" ]; then
      arch_flags=(--spread-stride 31 --scalar-stride 16 --samples 1000000)
      coverage+="$a: every float32 (default parameters), every 31st (other parameters), the scalar path on every 16th of those, 1e6 doubles per cell; "
    else
      arch_flags=(--stride 67 --samples 500000)
      coverage+="$a: every 67th float32, 5e5 doubles per cell; "
    fi
  elif [ "$mode" = all ]; then
    coverage+="$a: every float32, 1e7 doubles per cell; "
    arch_flags=(--samples 10000000)
  else
    coverage+="$a: every 4093rd float32, 1e5 doubles per cell; "
  fi
  "$build/tools/xact_accuracy_$a" "${quick_flag[@]}" "${arch_flags[@]}" --threads "$threads" \
    --out "$build/accuracy-$a.tsv" >/dev/null || true  # exit 1 = some cell misses: reported
  results+=("$build/accuracy-$a.tsv")
done
"$build/tools/xact_accuracy_${arches[-1]}" --check-reference "$check" --threads "$threads" \
  --out "$build/reference.tsv" >/dev/null || true
elapsed=$((SECONDS - start))

compiler="$(${CXX:-c++} --version | head -n 1)"
cpu="$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
dirty=""
git diff --quiet HEAD -- include 2>/dev/null || dirty=" (+ uncommitted changes in include/)"
label="full"
[ "$mode" = all ] && label="full, every architecture exhaustive"
[ "$mode" = quick ] && label="QUICK"
meta=(--meta "run=$label; ${elapsed} s wall${estimate_note:+; $estimate_note}"
      --meta "inputs=${coverage%; }"
      --meta "date=$(date -u +%Y-%m-%d)"
      --meta "machine=${cpu:-unknown}, $(nproc) cores, $threads threads"
      --meta "compiler=$compiler, -O3 (Release), -ffp-contract=off"
      --meta "architectures=${arches[*]} (scalar and SIMD paths of each)"
      --meta "commit=$commit$dirty")
report_mode=full
[ "$mode" = quick ] && report_mode=quick
python3 tools/accuracy/report.py --out docs/accuracy.md --summary "$build/summary.md" --mode "$report_mode" "${meta[@]}" \
  --reference "$build/reference.tsv" "${results[@]}"
echo "xact: wrote docs/accuracy.md ($mode run, ${elapsed} s)"
grep -c '\*\*MISS\*\*' docs/accuracy.md | sed 's/^/xact: cells that miss their bound: /' || true
