// SPDX-License-Identifier: MIT
// The pointer loop every element-wise kernel runs through: a SIMD body over full batches of
// the default architecture and a scalar tail that never touches memory beyond n.
#ifndef XACT_DETAIL_LOOP_HPP
#define XACT_DETAIL_LOOP_HPP

#include "xact/detail/simd.hpp"

#include <cstddef>
#include <type_traits>

namespace xact::detail {

/// y[i] = op(x[i]) for i < n. op is called with batch<T> in the body and with T in the tail
/// (the same formula, hence the same bits). Unaligned pointers are fine; y may equal x.
/// Two batches per iteration give the out-of-order core two independent dependency chains.
template <class T, class Op>
inline void transform(T const* x, T* y, std::size_t n, Op&& op_ref) {
  // A local copy of the kernel (and of the functor it holds by value): its address never
  // escapes, so the compiler knows the stores through y cannot change the parameters and keeps
  // them in registers instead of reloading them after every store.
  std::decay_t<Op> const op = op_ref;
  using B = batch<T>;
  constexpr std::size_t w = B::size;
  std::size_t i = 0;
  for (; i + 2 * w <= n; i += 2 * w) {
    B const a = B::load_unaligned(x + i);
    B const b = B::load_unaligned(x + i + w);
    op(a).store_unaligned(y + i);
    op(b).store_unaligned(y + i + w);
  }
  for (; i + w <= n; i += w) op(B::load_unaligned(x + i)).store_unaligned(y + i);
  for (; i < n; ++i) y[i] = op(x[i]);
}

/// y[i] = op(a[i], b[i]) for i < n; y may equal a or b. One batch per iteration: unrolling
/// twice measured 15-35% slower for sigmoid/elu backward (register pressure of two chains).
template <class T, class Op>
inline void transform2(T const* a, T const* b, T* y, std::size_t n, Op&& op_ref) {
  std::decay_t<Op> const op = op_ref;  // a local copy, as in transform
  using B = batch<T>;
  constexpr std::size_t w = B::size;
  std::size_t i = 0;
  for (; i + w <= n; i += w)
    op(B::load_unaligned(a + i), B::load_unaligned(b + i)).store_unaligned(y + i);
  for (; i < n; ++i) y[i] = op(a[i], b[i]);
}

}  // namespace xact::detail

#endif  // XACT_DETAIL_LOOP_HPP
