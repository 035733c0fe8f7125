// SPDX-License-Identifier: MIT
// The few compile-time switches of xact, each documented here.
#ifndef XACT_CONFIG_HPP
#define XACT_CONFIG_HPP

// XACT_HAS_FMA: 1 when scalar code may use a fused multiply-add instruction (the translation
// unit is compiled for FMA3 or AVX-512). The scalar path of every kernel then uses std::fma
// exactly where the SIMD path of the default architecture uses a fused xsimd::fma, so a scalar
// call and a SIMD lane give bit-identical results. Define it yourself (0 or 1) to override.
#ifndef XACT_HAS_FMA
#if defined(__FMA__) || defined(__AVX512F__)
#define XACT_HAS_FMA 1
#else
#define XACT_HAS_FMA 0
#endif
#endif

// XACT_ALWAYS_INLINE / XACT_NOINLINE: the loop helpers that must dissolve into the SIMD loop
// (a batch passed to an out-of-line function goes through the stack, and the callee reloads
// every constant on each call: measured 1.7x slower for ELU on AVX-512), and the rare fallback
// that must stay out of it (its constants would otherwise occupy registers in the hot loop).
#if defined(__GNUC__) || defined(__clang__)
#define XACT_ALWAYS_INLINE inline __attribute__((always_inline))
#define XACT_NOINLINE __attribute__((noinline))
#elif defined(_MSC_VER)
#define XACT_ALWAYS_INLINE __forceinline
#define XACT_NOINLINE __declspec(noinline)
#else
#define XACT_ALWAYS_INLINE inline
#define XACT_NOINLINE
#endif

// XACT_OPENMP: define it (to 1) to let the eager entry points (xact::forward, derivative,
// backward, backward_from_output, parameter_gradient) split large arrays across OpenMP
// threads; the translation unit must then be compiled with OpenMP (-fopenmp). The CMake
// option XACT_OPENMP=ON does both. Undefined (the default) or 0: no OpenMP code is compiled.
// Results are bit-identical either way (include/xact/detail/parallel.hpp).
#if defined(XACT_OPENMP) && (XACT_OPENMP + 0) && !defined(_OPENMP)
#error "xact: XACT_OPENMP is defined but OpenMP is not enabled; compile with -fopenmp"
#endif

// XACT_PARALLEL_MIN_WORK: with XACT_OPENMP, an eager call runs on several threads only when
// elements x the functor's cost (F::cost, ~1 for relu, ~30 for sigmoid) reaches this many
// units, and each thread gets at least half of it. Measured on 2 cores (README, "Multi-core").
#ifndef XACT_PARALLEL_MIN_WORK
#define XACT_PARALLEL_MIN_WORK 1048576
#endif

// XACT_STREAMING_STORE_BYTES: outputs of this many bytes or more are written with non-temporal
// (streaming) stores (include/xact/detail/loop.hpp). An output that large does not stay in
// cache anyway, and a streaming store skips the read-for-ownership of each destination line:
// a third memory stream that otherwise keeps a store loop near half of memcpy's bandwidth at
// DRAM sizes. Define it larger to keep big outputs in a large last-level cache.
#ifndef XACT_STREAMING_STORE_BYTES
#define XACT_STREAMING_STORE_BYTES (std::size_t(16) << 20)
#endif

// XACT_PREFETCH_BYTES, XACT_PREFETCH_DISTANCE_BYTES: element-wise loops over inputs of at least
// XACT_PREFETCH_BYTES each read their input this many bytes ahead with a software prefetch
// (include/xact/detail/loop.hpp). The hardware prefetchers alone leave a compute-heavy loop
// waiting on DRAM: at 16 Mi floats, prefetching 4 KiB ahead took tanh from 0.74 to 0.48,
// SiLU from 0.71 to 0.43 and ELU from 0.66 to 0.36 ns/element on the AVX-512 machine of
// docs/benchmarks.md (256 B: about half of that gain; 2 KiB to 8 KiB: the same), and changed
// nothing measurable at L2 and L3 sizes. Only the element-wise functors whose F::cost is at least
// XACT_PREFETCH_MIN_COST prefetch: the cheap ones are bound by memory with the hardware
// prefetchers alone, and one more instruction per batch slowed them at L1 sizes. Define
// XACT_PREFETCH_BYTES as 0 to prefetch at every size, or very large to never.
#ifndef XACT_PREFETCH_MIN_COST
#define XACT_PREFETCH_MIN_COST 10
#endif
#ifndef XACT_PREFETCH_BYTES
#define XACT_PREFETCH_BYTES (std::size_t(1) << 20)
#endif
#ifndef XACT_PREFETCH_DISTANCE_BYTES
#define XACT_PREFETCH_DISTANCE_BYTES 4096
#endif

#endif  // XACT_CONFIG_HPP
