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

/// The same polynomial by Estrin's scheme: pairs c[2i] + c[2i+1] x, then pairs of those with
/// x^2, x^4, ...: depth ~log2(N) multiply-adds instead of N - 1, for kernels whose loop is
/// bound by the latency of one long Horner chain (Knuth, TAOCP vol. 2, 4.6.4).
template <class V, class T, std::size_t N>
inline V estrin(V const& x, T const (&c)[N]) noexcept {
  static_assert(N >= 1, "empty polynomial");
  V level[(N + 1) / 2];
  std::size_t m = 0;
  for (std::size_t i = 0; i + 1 < N; i += 2) level[m++] = detail::madd(V(c[i + 1]), x, V(c[i]));
  if (N % 2 == 1) level[m++] = V(c[N - 1]);
  V power = x * x;
  while (m > 1) {
    std::size_t k = 0;
    for (std::size_t i = 0; i + 1 < m; i += 2)
      level[k++] = detail::madd(level[i + 1], power, level[i]);
    if (m % 2 == 1) level[k++] = level[m - 1];
    m = k;
    if (m > 1) power = power * power;
  }
  return level[0];
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
