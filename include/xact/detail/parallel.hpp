// SPDX-License-Identifier: MIT
// Whether and how an element-wise pass over unit-stride runs is split across OpenMP threads
// (only with XACT_OPENMP; otherwise a plain serial loop and no OpenMP code at all).
#ifndef XACT_DETAIL_PARALLEL_HPP
#define XACT_DETAIL_PARALLEL_HPP

#include "xact/config.hpp"

#include <cstddef>
#include <limits>

#if defined(XACT_OPENMP) && (XACT_OPENMP + 0)
#define XACT_DETAIL_PARALLEL 1
#include <omp.h>
#else
#define XACT_DETAIL_PARALLEL 0
#endif

namespace xact::detail {

/// Work (elements x F::cost) below which a pass stays on the calling thread; see
/// XACT_PARALLEL_MIN_WORK in config.hpp.
inline constexpr std::size_t parallel_min_work = XACT_PARALLEL_MIN_WORK;

/// Threads for a pass over `elements` elements of cost `cost` each: 1 without XACT_OPENMP,
/// below parallel_min_work, or inside a parallel region (no nested teams); else as many as
/// OpenMP allows (omp_get_max_threads) with at least parallel_min_work / 2 units each.
inline int parallel_threads(std::size_t elements, int cost) noexcept {
#if XACT_DETAIL_PARALLEL
  std::size_t const c = cost > 1 ? static_cast<std::size_t>(cost) : 1;
  std::size_t const work = elements > std::numeric_limits<std::size_t>::max() / c
                               ? std::numeric_limits<std::size_t>::max()
                               : elements * c;
  if (work < parallel_min_work || work < 2 || omp_in_parallel()) return 1;
  std::size_t const per_thread = parallel_min_work / 2 > 1 ? parallel_min_work / 2 : 1;
  std::size_t const most = work / per_thread;
  int const available = omp_get_max_threads();
  if (available <= 1) return 1;
  return most < static_cast<std::size_t>(available) ? static_cast<int>(most) : available;
#else
  (void)elements;
  (void)cost;
  return 1;
#endif
}

/// A position in `runs` runs of equal length: element `offset` of run `run`.
struct run_position {
  std::size_t run;
  std::size_t offset;
};

/// Where part t of `parts` starts when runs x len elements are split into nearly equal parts,
/// t = parts giving the end. The offset is rounded down to a multiple of `granule` (two SIMD
/// batches): a part then covers whole iterations of the SIMD loop except where it holds the
/// end of a run, so the split changes neither which elements the SIMD body computes nor which
/// the scalar tail computes, and the results are bit-identical to the serial loop.
inline run_position split_point(std::size_t runs, std::size_t len, std::size_t granule, int t,
                                int parts) noexcept {
  auto const p = static_cast<std::size_t>(parts), k = static_cast<std::size_t>(t);
  std::size_t const total = runs * len;
  // floor(total * k / p) without overflowing total * k.
  std::size_t const at = total / p * k + total % p * k / p;
  std::size_t const offset = at % len;
  return {at / len, offset - offset % granule};
}

/// Calls body(run, begin, end) for every non-empty piece of the runs from position a to b.
template <class Body>
inline void for_each_piece(run_position a, run_position b, std::size_t len, Body& body) {
  for (std::size_t j = a.run; j <= b.run; ++j) {
    std::size_t const begin = j == a.run ? a.offset : 0;
    std::size_t const end = j == b.run ? b.offset : len;
    if (begin < end) body(j, begin, end);
  }
}

/// Calls body(run, begin, end) so that together the calls cover [0, len) of every run in
/// [0, runs) exactly once: on `threads` OpenMP threads, each taking one contiguous share of
/// the runs laid end to end (so that many short runs are split as well as one long one), or
/// serially, one call per run, when threads <= 1. body must not throw.
template <class Body>
inline void for_each_run(std::size_t runs, std::size_t len, std::size_t granule, int threads,
                         Body&& body) {
#if XACT_DETAIL_PARALLEL
  if (threads > 1 && runs > 0 && len > 0) {
#pragma omp parallel num_threads(threads)
    {
      int const parts = omp_get_num_threads(), t = omp_get_thread_num();
      for_each_piece(split_point(runs, len, granule, t, parts),
                     split_point(runs, len, granule, t + 1, parts), len, body);
    }
    return;
  }
#else
  (void)threads;
#endif
  (void)granule;
  for (std::size_t j = 0; j < runs; ++j) body(j, std::size_t(0), len);
}

}  // namespace xact::detail

#endif  // XACT_DETAIL_PARALLEL_HPP
