// SPDX-License-Identifier: MIT
// Horner evaluation of polynomials with compile-time coefficient lists.
#ifndef XACT_MATH_POLYNOMIAL_HPP
#define XACT_MATH_POLYNOMIAL_HPP

#include "xact/detail/simd.hpp"
#include "xact/math/double_word.hpp"

#include <cstddef>

namespace xact::math {

/// c[0] + c[1] x + ... + c[N-1] x^(N-1), by Horner's rule with detail::madd.
template <class V, class T, std::size_t N>
inline V horner(V const& x, T const (&c)[N]) noexcept {
  static_assert(N >= 1, "empty polynomial");
  V acc(c[N - 1]);
  for (std::size_t i = N - 1; i-- > 0;) acc = detail::madd(acc, x, V(c[i]));
  return acc;
}

/// The same polynomial as a double word: the last step c[0] + x * acc is exact to ~u^2
/// (exact_multiply_add), so only the damped earlier steps round.
template <class V, class T, std::size_t N>
inline double_word<V> horner_dw(V const& x, T const (&c)[N]) noexcept {
  static_assert(N >= 2, "horner_dw needs a degree >= 1");
  V acc(c[N - 1]);
  for (std::size_t i = N - 1; i-- > 1;) acc = detail::madd(acc, x, V(c[i]));
  return exact_multiply_add(acc, x, V(c[0]));
}

}  // namespace xact::math

#endif  // XACT_MATH_POLYNOMIAL_HPP
