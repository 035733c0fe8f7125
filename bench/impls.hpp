// SPDX-License-Identifier: MIT
// One function per implementation file: each queues its benchmarks with xbench::add.
#ifndef XACT_BENCH_IMPLS_HPP
#define XACT_BENCH_IMPLS_HPP

namespace xbench {

void add_xact_benchmarks();       // xact_ops.cpp: impl xact, xact_lazy (and xact_par)
void add_naive_benchmarks();      // naive_ops.cpp: impl naive
void add_eigen_benchmarks();      // eigen_ops.cpp: impl eigen
void add_bandwidth_benchmarks();  // bandwidth.cpp: memcpy and axpy
// Optional peers: main.cpp calls them where XACT_BENCH_HAVE_<PEER> is defined.
void add_onednn_benchmarks();   // onednn_ops.cpp
void add_xnnpack_benchmarks();  // xnnpack_ops.cpp
void add_torch_benchmarks();    // torch_ops.cpp

}  // namespace xbench

#endif  // XACT_BENCH_IMPLS_HPP
