// SPDX-License-Identifier: MIT
// The pointer loop every element-wise kernel runs through: a SIMD body over full batches of
// the default architecture and a scalar tail that never touches memory beyond n.
#ifndef XACT_DETAIL_LOOP_HPP
#define XACT_DETAIL_LOOP_HPP

#include "xact/detail/simd.hpp"

#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace xact::detail {

/// Non-temporal store of a batch to p, aligned to the batch's size (plain aligned store on
/// architectures without one).
template <class T, class A>
inline void store_streaming(T* p, xsimd::batch<T, A> const& v) noexcept {
  constexpr bool is_float = std::is_same_v<T, float>;
#if XSIMD_WITH_AVX512F
  if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
    if constexpr (is_float)
      _mm512_stream_ps(p, v);
    else
      _mm512_stream_pd(p, v);
    return;
  }
#endif
#if XSIMD_WITH_AVX
  if constexpr (std::is_base_of_v<xsimd::avx, A> && !std::is_base_of_v<xsimd::avx512f, A>) {
    if constexpr (is_float)
      _mm256_stream_ps(p, v);
    else
      _mm256_stream_pd(p, v);
    return;
  }
#endif
#if XSIMD_WITH_SSE2
  if constexpr (std::is_base_of_v<xsimd::sse2, A> && !std::is_base_of_v<xsimd::avx, A>) {
    if constexpr (is_float)
      _mm_stream_ps(p, v);
    else
      _mm_stream_pd(p, v);
    return;
  }
#endif
  v.store_aligned(p);
}

/// Elements to write before y + i is aligned for store_streaming (at most n), or n when y
/// cannot be aligned (T misaligned).
template <class T>
inline std::size_t streaming_head(T const* y, std::size_t n) noexcept {
  constexpr std::size_t align = batch<T>::size * sizeof(T);
  auto const address = reinterpret_cast<std::uintptr_t>(y);
  if (address % sizeof(T) != 0) return n;
  std::size_t const head = ((align - address % align) % align) / sizeof(T);
  return head < n ? head : n;
}

/// streaming_head, or n when the output is too small to stream (XACT_STREAMING_STORE_BYTES).
template <class T>
inline std::size_t streaming_start(T const* y, std::size_t n) noexcept {
  return n * sizeof(T) < XACT_STREAMING_STORE_BYTES ? n : streaming_head(y, n);
}

/// How transform writes its output: streaming stores for outputs of XACT_STREAMING_STORE_BYTES
/// or more (by_size), or whatever the size (always: a caller writing a large output in many
/// small calls, e.g. the vectors of a softmax).
enum class streaming { by_size, always };

/// Orders the streaming stores before whatever follows (they are weakly ordered).
inline void streaming_fence() noexcept {
#if XSIMD_WITH_SSE2
  _mm_sfence();
#endif
}

/// A hint to load the cache line holding element j of the array at base (no effect on the
/// program's results). j may lie past the end of the array: a prefetch never faults, and the
/// address is formed as an integer, not as an out-of-bounds pointer.
template <class T>
XACT_ALWAYS_INLINE void prefetch_for_read(T const* base, std::size_t j) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(
      reinterpret_cast<void const*>(reinterpret_cast<std::uintptr_t>(base) + j * sizeof(T)), 0, 3);
#else
  (void)base;
  (void)j;
#endif
}

/// Prefetch hints for every cache line of the n elements at p (bytes: cache lines of 64).
template <class T>
inline void prefetch_range(T const* p, std::size_t n) noexcept {
  for (std::size_t byte = 0; byte < n * sizeof(T); byte += 64)
    prefetch_for_read(p, byte / sizeof(T));
}

/// How many elements ahead the loops with Prefetch prefetch their inputs:
/// XACT_PREFETCH_DISTANCE_BYTES for inputs of XACT_PREFETCH_BYTES or more, else 0 (the line being
/// loaded anyway). A distance chosen at run time keeps one loop: a second copy of the loop for
/// large arrays made GCC 12 stop inlining the larger kernels into either copy.
template <class T>
constexpr std::size_t prefetch_distance(std::size_t n) noexcept {
  return n * sizeof(T) >= XACT_PREFETCH_BYTES ? XACT_PREFETCH_DISTANCE_BYTES / sizeof(T) : 0;
}

/// y[i] = op(x[i]) for i < n. op is called with batch<T> in the body and with T in the tail
/// (the same formula, hence the same bits). Unaligned pointers are fine; y may equal x.
/// One batch per iteration: unrolling twice measured up to 25% slower for the float kernels
/// with a fast form (sigmoid 0.48 against 0.63 ns/element at 4 Ki, AVX-512); the out-of-order
/// core overlaps consecutive iterations anyway. With Prefetch, large inputs are prefetched
/// ahead (config.hpp): for kernels of some cost only, since the prefetch instruction itself
/// slowed relu at 4 Ki elements from 0.033 to 0.046 ns/element.
template <bool Prefetch = false, streaming Streaming = streaming::by_size, class T, class Op>
inline void transform(T const* x, T* y, std::size_t n, Op&& op_ref) {
  // A local copy of the kernel (and of the functor it holds by value): its address never
  // escapes, so the compiler knows the stores through y cannot change the parameters and keeps
  // them in registers instead of reloading them after every store.
  std::decay_t<Op> const op = op_ref;
  using B = batch<T>;
  constexpr std::size_t w = B::size;
  std::size_t const ahead = Prefetch ? prefetch_distance<T>(n) : 0;
  std::size_t i = 0;
  std::size_t const head =
      Streaming == streaming::always ? streaming_head(y, n) : streaming_start(y, n);
  if (head < n) {
    for (; i < head; ++i) y[i] = op(x[i]);
    for (; i + w <= n; i += w) {
      if constexpr (Prefetch) prefetch_for_read(x, i + ahead);
      store_streaming(y + i, op(B::load_unaligned(x + i)));
    }
    for (; i < n; ++i) y[i] = op(x[i]);
    streaming_fence();
    return;
  }
  for (; i + w <= n; i += w) {
    if constexpr (Prefetch) prefetch_for_read(x, i + ahead);
    op(B::load_unaligned(x + i)).store_unaligned(y + i);
  }
  for (; i < n; ++i) y[i] = op(x[i]);
}

/// y[i] = op(a[i], b[i]) for i < n; y may equal a or b. One batch per iteration: unrolling
/// twice measured 15-35% slower for sigmoid/elu backward (register pressure of two chains).
/// Prefetch: as in transform, both inputs.
template <bool Prefetch = false, class T, class Op>
inline void transform2(T const* a, T const* b, T* y, std::size_t n, Op&& op_ref) {
  std::decay_t<Op> const op = op_ref;  // a local copy, as in transform
  using B = batch<T>;
  constexpr std::size_t w = B::size;
  std::size_t const ahead = Prefetch ? prefetch_distance<T>(n) : 0;
  std::size_t i = 0;
  if (std::size_t const head = streaming_start(y, n); head < n) {
    for (; i < head; ++i) y[i] = op(a[i], b[i]);
    for (; i + w <= n; i += w) {
      if constexpr (Prefetch) {
        prefetch_for_read(a, i + ahead);
        prefetch_for_read(b, i + ahead);
      }
      store_streaming(y + i, op(B::load_unaligned(a + i), B::load_unaligned(b + i)));
    }
    for (; i < n; ++i) y[i] = op(a[i], b[i]);
    streaming_fence();
    return;
  }
  for (; i + w <= n; i += w) {
    if constexpr (Prefetch) {
      prefetch_for_read(a, i + ahead);
      prefetch_for_read(b, i + ahead);
    }
    op(B::load_unaligned(a + i), B::load_unaligned(b + i)).store_unaligned(y + i);
  }
  for (; i < n; ++i) y[i] = op(a[i], b[i]);
}

}  // namespace xact::detail

#endif  // XACT_DETAIL_LOOP_HPP
