// SPDX-License-Identifier: MIT
// Double-word ("unevaluated sum") arithmetic: carry an argument as hi + lo so that the
// rounding of x/sqrt(2), beta*x or u(x) is not amplified by the exponential that follows.
// References: Dekker 1971; Joldes, Muller & Popescu 2017, "Tight and rigorous error bounds for
// basic building blocks of double-word arithmetic", ACM TOMS 44(2).
#ifndef XACT_MATH_DOUBLE_WORD_HPP
#define XACT_MATH_DOUBLE_WORD_HPP

#include "xact/detail/simd.hpp"

#include <limits>

namespace xact::math {

/// hi + lo, with |lo| <= ulp(hi)/2.
template <class V>
struct double_word {
  V hi;
  V lo;
};

/// Exact a*b as a double word.
template <class V>
XACT_ALWAYS_INLINE double_word<V> exact_product(V const& a, V const& b) noexcept {
  double_word<V> r;
  detail::two_prod(a, b, r.hi, r.lo);
  return r;
}

/// Exact a + b as a double word for finite a, b with a finite sum (Knuth's TwoSum; no ordering
/// of |a|, |b| needed; six operations).
template <class V>
XACT_ALWAYS_INLINE double_word<V> exact_sum_finite(V const& a, V const& b) noexcept {
  V const s = a + b;
  V const bb = s - a;
  return {s, V(V(a - V(s - bb)) + V(b - bb))};
}

/// exact_sum_finite, and a zero low part where the sum is infinite.
template <class V>
XACT_ALWAYS_INLINE double_word<V> exact_sum(V const& a, V const& b) noexcept {
  double_word<V> const r = exact_sum_finite(a, b);
  // An infinite sum has no low part (the formula would give inf - inf = NaN).
  return {r.hi, detail::select(
                    detail::abs(r.hi) < V(std::numeric_limits<detail::scalar_t<V>>::infinity()),
                    r.lo, V(0))};
}

/// a * b + c as a double word, rounding errors ~u^2 relative (two_prod, then TwoSum with c):
/// the last step of a Horner evaluation whose rounding would otherwise reach the result.
template <class V>
XACT_ALWAYS_INLINE double_word<V> exact_multiply_add(V const& a, V const& b, V const& c) noexcept {
  double_word<V> const p = exact_product(a, b);
  double_word<V> const s = exact_sum(c, p.hi);
  return {s.hi, V(s.lo + p.lo)};
}

/// x * (c.hi + c.lo) for a double-word constant c: relative error ~2 u^2.
template <class V>
XACT_ALWAYS_INLINE double_word<V> times_constant(V const& x, double_word<V> const& c) noexcept {
  double_word<V> p = exact_product(x, c.hi);
  p.lo = detail::madd(x, c.lo, p.lo);
  return p;
}

/// (a.hi + a.lo) * (b.hi + b.lo), renormalized: relative error ~5 u^2 (Joldes et al., alg. 10).
template <class V>
XACT_ALWAYS_INLINE double_word<V> dw_multiply(double_word<V> const& a,
                                              double_word<V> const& b) noexcept {
  double_word<V> p = exact_product(a.hi, b.hi);
  V const t = detail::madd(a.hi, b.lo, a.lo * b.hi);
  V const lo = p.lo + t;
  V const hi = p.hi + lo;
  return {hi, lo - (hi - p.hi)};
}

/// 1 + e as an exact double word for 0 <= e <= 1 (Fast2Sum: |1| >= |e|).
template <class V>
XACT_ALWAYS_INLINE double_word<V> one_plus(V const& e) noexcept {
  V const hi = V(1) + e;
  return {hi, e - (hi - V(1))};
}

/// (n.hi + n.lo) / (d.hi + d.lo) rounded to one word with ~0.5 ulp plus O(u^2): the quotient
/// q = n.hi / d.hi is corrected by the exact residual n.hi - q d.hi (two_prod) and the low parts.
template <class V>
XACT_ALWAYS_INLINE V dw_divide(double_word<V> const& n, double_word<V> const& d) noexcept {
  using T = detail::scalar_t<V>;
  V const q = n.hi / d.hi;
  double_word<V> const qd = exact_product(q, d.hi);
  V const residual = ((n.hi - qd.hi) - qd.lo) + n.lo - q * d.lo;
  // Zero, infinite and NaN quotients are returned as they are (keeps -0; no inf - inf), and so
  // is a quotient whose product with d.hi overflows (|n| near the largest finite value).
  constexpr T inf = std::numeric_limits<T>::infinity();
  auto const regular = detail::both(detail::both(detail::abs(q) > V(0), detail::abs(q) < V(inf)),
                                    detail::abs(qd.hi) < V(inf));
  return detail::select(regular, V(q + residual / d.hi), q);
}

/// dw_divide for denominators with 1 <= |d.hi| <= 4 (1 + e, (1 + e)^2 and 2 + m in the logistic
/// kernels): one division, for r = 1 / d.hi, which serves both the first quotient n.hi r and
/// its correction by the exact residual, instead of two (a division's throughput is a fifth of
/// a multiplication's). r's rounding only scales the correction, of <= 2 ulp, by 1 + 2^-p: the
/// result stays within ~0.5 ulp + O(u^2), the same bits in scalar and SIMD code.
template <class V>
XACT_ALWAYS_INLINE V dw_divide_moderate(double_word<V> const& n, double_word<V> const& d) noexcept {
  using T = detail::scalar_t<V>;
  V const r = V(1) / d.hi;
  V const q = n.hi * r;
  double_word<V> const qd = exact_product(q, d.hi);
  V const residual = ((n.hi - qd.hi) - qd.lo) + n.lo - q * d.lo;
  constexpr T inf = std::numeric_limits<T>::infinity();
  auto const regular = detail::both(detail::both(detail::abs(q) > V(0), detail::abs(q) < V(inf)),
                                    detail::abs(qd.hi) < V(inf));
  return detail::select(regular, detail::madd(residual, r, q), q);
}

/// n / (d.hi + d.lo) for float, 1 <= d.hi < 2^64 and n finite, with a reciprocal estimate r
/// (detail::reciprocal_estimate: 2^-14 on AVX-512) in place of a division: q = n r, then one
/// correction by the exact residual n - q (d.hi + d.lo), scaled by r. The corrected quotient
/// is within 2^-28 relative of n / d before its one rounding: <= 0.5 + 2^-4 ulp. No special
/// values (the fast float kernels send those lanes elsewhere). A division costs the time of
/// about ten multiplications on one AVX-512 port; this costs four.
template <class V>
XACT_ALWAYS_INLINE V dw_divide_estimate(V const& n, double_word<V> const& d) noexcept {
  V const r = detail::reciprocal_estimate(d.hi);
  V const q = n * r;
  V const residual = detail::madd(detail::neg(q), d.lo, detail::madd(detail::neg(q), d.hi, n));
  return detail::madd(residual, r, q);
}

/// dw_divide_estimate for the numerator n + n_lo (|n_lo| <= 2^-20 |n|).
template <class V>
XACT_ALWAYS_INLINE V dw_divide_estimate(V const& n, double_word<V> const& d,
                                        V const& n_lo) noexcept {
  V const r = detail::reciprocal_estimate(d.hi);
  V const q = n * r;
  V const residual =
      detail::madd(detail::neg(q), d.lo, detail::madd(detail::neg(q), d.hi, n)) + n_lo;
  return detail::madd(residual, r, q);
}

/// Square of a double word, renormalized.
template <class V>
XACT_ALWAYS_INLINE double_word<V> dw_square(double_word<V> const& a) noexcept {
  return dw_multiply(a, a);
}

}  // namespace xact::math

#endif  // XACT_MATH_DOUBLE_WORD_HPP
