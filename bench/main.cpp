// SPDX-License-Identifier: MIT
// xact_bench: xact's activations against naive loops, Eigen built-ins and the optional peers
// (oneDNN, XNNPACK, libtorch), all single-threaded (but xact_par, xact built with XACT_OPENMP
// on 2 threads). Names: <op>/<pass>/<impl>/<type>/<n>.
// Every implementation other than xact's eager calls is checked against xact once before it is
// timed (a mismatch is reported as the benchmark's error and it is not timed); with
// XACT_BENCH_GATE_VERBOSE=1 in the environment each passed check prints its worst element.
#include "common.hpp"
#include "impls.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

int main(int argc, char** argv) {
#ifdef XACT_BENCH_HAVE_ONEDNN
  // oneDNN's OpenMP runtime reads OMP_NUM_THREADS when the library loads, before main.
  char const* omp = std::getenv("OMP_NUM_THREADS");
  if (omp == nullptr || std::strcmp(omp, "1") != 0)
    std::fprintf(stderr,
                 "xact_bench: OMP_NUM_THREADS is not 1; oneDNN may use several threads "
                 "(run with OMP_NUM_THREADS=1)\n");
#endif
  xbench::add_xact_benchmarks();
  xbench::add_naive_benchmarks();
  xbench::add_eigen_benchmarks();
  xbench::add_bandwidth_benchmarks();
#ifdef XACT_BENCH_HAVE_ONEDNN
  xbench::add_onednn_benchmarks();
#endif
#ifdef XACT_BENCH_HAVE_XNNPACK
  xbench::add_xnnpack_benchmarks();
#endif
#ifdef XACT_BENCH_HAVE_TORCH
  xbench::add_torch_benchmarks();
#endif
  xbench::register_all();

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
