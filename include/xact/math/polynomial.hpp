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
XACT_ALWAYS_INLINE V horner(V const& x, T const (&c)[N]) noexcept {
  static_assert(N >= 1, "empty polynomial");
  V acc(c[N - 1]);
  for (std::size_t i = N - 1; i-- > 0;) acc = detail::madd(acc, x, V(c[i]));
  return acc;
}

namespace detail_polynomial {

constexpr std::size_t highest_power_of_two_below(std::size_t n) {
  std::size_t h = 1;
  while (2 * h < n) h *= 2;
  return h;
}
constexpr std::size_t log2_of(std::size_t h) { return h <= 1 ? 0 : 1 + log2_of(h / 2); }

/// c[B] + c[B+1] x + ... + c[B+K-1] x^(K-1) as low + x^h high, h the largest power of two
/// below K, recursively; power[k] = x^(2^k). Unrolled at compile time.
template <std::size_t B, std::size_t K, class V, class T, std::size_t N>
XACT_ALWAYS_INLINE V estrin_part(V const& x, V const (&power)[6], T const (&c)[N]) noexcept {
  if constexpr (K == 1) {
    return V(c[B]);
  } else if constexpr (K == 2) {
    return detail::madd(V(c[B + 1]), x, V(c[B]));
  } else {
    constexpr std::size_t h = highest_power_of_two_below(K);
    return detail::madd(estrin_part<B + h, K - h>(x, power, c), power[log2_of(h)],
                        estrin_part<B, h>(x, power, c));
  }
}

}  // namespace detail_polynomial

/// The same polynomial by Estrin's scheme (Knuth, TAOCP vol. 2, 4.6.4): depth ~log2(N)
/// multiply-adds instead of N - 1, for kernels whose loop is bound by the latency of one long
/// Horner chain. Rounds differently from horner (both are within a few ulp).
template <class V, class T, std::size_t N>
XACT_ALWAYS_INLINE V estrin(V const& x, T const (&c)[N]) noexcept {
  static_assert(N >= 1 && N <= 64, "estrin: 1 to 64 coefficients");
  V power[6] = {x, V(x * x), V(0), V(0), V(0), V(0)};
  for (std::size_t k = 2; k < 6 && (std::size_t(1) << k) < N; ++k)
    power[k] = power[k - 1] * power[k - 1];
  return detail_polynomial::estrin_part<0, N>(x, power, c);
}

/// The same polynomial as a double word: the last step c[0] + x * acc is exact to ~u^2
/// (exact_multiply_add), so only the damped earlier steps round.
template <class V, class T, std::size_t N>
XACT_ALWAYS_INLINE double_word<V> horner_dw(V const& x, T const (&c)[N]) noexcept {
  static_assert(N >= 2, "horner_dw needs a degree >= 1");
  V acc(c[N - 1]);
  for (std::size_t i = N - 1; i-- > 1;) acc = detail::madd(acc, x, V(c[i]));
  return exact_multiply_add(acc, x, V(c[0]));
}

}  // namespace xact::math

#endif  // XACT_MATH_POLYNOMIAL_HPP
