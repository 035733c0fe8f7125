// SPDX-License-Identifier: MIT
// Horner evaluation of polynomials with compile-time coefficient lists.
#ifndef XACT_MATH_POLYNOMIAL_HPP
#define XACT_MATH_POLYNOMIAL_HPP

#include "xact/detail/simd.hpp"

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

}  // namespace xact::math

#endif  // XACT_MATH_POLYNOMIAL_HPP
