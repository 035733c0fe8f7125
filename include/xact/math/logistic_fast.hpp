// SPDX-License-Identifier: MIT
// Fast float forms of the logistic family and tanh for the common range of arguments (each
// function states its range; callers send other lanes to the general kernels of
// logistic.hpp through detail::fast_or_accurate). They use the table-driven exp (~0.6 ULP)
// and one reciprocal estimate instead of a division, and keep the general kernels' bounds:
// measured maxima over every float in range are given with each function.
#ifndef XACT_MATH_LOGISTIC_FAST_HPP
#define XACT_MATH_LOGISTIC_FAST_HPP

#include "xact/detail/simd.hpp"
#include "xact/math/double_word.hpp"
#include "xact/math/exp_table.hpp"
#include "xact/math/polynomial.hpp"

#include <limits>
#include <type_traits>

namespace xact::math {

/// The argument range of the fast logistic forms: e^{+-80} and everything derived from it
/// (e^-80 / 4, 80 e^-80) are normal floats.
inline constexpr float logistic_fast_limit = 80.0f;

namespace detail_logistic_fast {
/// (n + low) / (1 + e) for 0 < e <= 1 and n != 0, rounded once from ~2^-28 relative, where
/// low(q) returns the low-order terms of the residual beyond (n - q) - q e (nullptr: none).
/// q = n r with r = 1/(1 + e) to ~2^-14 (a reciprocal estimate of the rounded 1 + e); the
/// residual n - q (1 + e) = (n - q) - q e is formed without rounding 1 + e: n - q is exact
/// (Sterbenz: q lies in [n/2, n] up to the estimate's error; where it falls just outside, at
/// e ~ 1, n - q loses at most 2^-25 |n|, a quarter ULP of the result) and q e is fused. One
/// correction q + residual r then leaves r's error times the residual, ~2^-28.
template <class V, class Low>
XACT_ALWAYS_INLINE V divide_by_one_plus_with(V const& n, V const& e, Low&& low) noexcept {
  V const r = detail::reciprocal_estimate(V(V(1) + e));
  V const q = n * r;
  V residual = detail::madd(detail::neg(q), e, V(n - q));
  if constexpr (!std::is_null_pointer_v<std::decay_t<Low>>) residual = residual + low(q);
  return detail::madd(residual, r, q);
}

/// n / (1 + e), as above.
template <class V>
XACT_ALWAYS_INLINE V divide_by_one_plus(V const& n, V const& e) noexcept {
  return divide_by_one_plus_with(n, e, nullptr);
}

/// (n + n_lo) / (1 + e + e_lo) for |n_lo| <~ 2^-20 |n|, |e_lo| <~ 2^-20 e: the low parts enter
/// the residual, n_lo - q e_lo.
template <class V>
XACT_ALWAYS_INLINE V divide_by_one_plus(V const& n, V const& e, V const& n_lo,
                                        V const& e_lo) noexcept {
  return divide_by_one_plus_with(
      n, e, [&](V const& q) { return detail::madd(detail::neg(q), e_lo, n_lo); });
}

/// (n + n_lo) / (1 + e), as above.
template <class V>
XACT_ALWAYS_INLINE V divide_by_one_plus(V const& n, V const& e, V const& n_lo) noexcept {
  return divide_by_one_plus_with(n, e, [&](V const&) { return n_lo; });
}

/// m / (1 + e)^2 for 0 < e <= 1, (1 + e)^2 as a double word (its low part to ~u^2; d.lo^2
/// is below that).
template <class V>
XACT_ALWAYS_INLINE V over_square_of_one_plus(V const& m, V const& e) noexcept {
  double_word<V> const d = one_plus(e);
  V const d2 = d.hi * d.hi;
  V const d2_lo = detail::madd(d.hi, d.hi, detail::neg(d2)) + V(d.hi + d.hi) * d.lo;
  return dw_divide_estimate(m, double_word<V>{d2, d2_lo});
}

/// x n / (1 + e + e_lo) with n = e where `negative` (and then n + e_lo), else 1: x sigma(y)
/// for e = e^{-|y|} (1 + lo). x n is formed exactly (FMA) and 1 + e never rounded, so the
/// only errors are e's and the last rounding; the sign of x = +-0 is kept.
template <class V, class M>
XACT_ALWAYS_INLINE V x_times_logistic(V const& x, M const& negative, V const& e,
                                      V const& e_lo) noexcept {
  V const n = detail::select(negative, e, V(1));
  V const xn = x * n;
  // x (n + e_lo) = xn + xn_lo where negative, exact to first order
  V const xn_lo = detail::madd(x, n, detail::neg(xn)) + x * detail::select(negative, e_lo, V(0));
  return detail::copysign(divide_by_one_plus(xn, e, xn_lo, e_lo), x);
}
}  // namespace detail_logistic_fast

/// sigma(x) for float |x| <= 80: e/(1+e) or 1/(1+e) with e = e^{-|x|}, the quotient's
/// residual formed without rounding 1 + e (divide_by_one_plus), so that only e's error
/// (0.61 ULP) and the last rounding reach the result. Max error 1.47 ULP.
template <class V>
XACT_ALWAYS_INLINE V logistic_fast(V const& x) noexcept {
  V const e = exp_table(detail::negative_abs(x));
  return detail_logistic_fast::divide_by_one_plus(detail::select(x < V(0), e, V(1)), e);
}

/// sigma'(x) = e / (1 + e)^2, e = e^{-|x|}, for float |x| <= 80. Max error 1.45 ULP.
template <class V>
XACT_ALWAYS_INLINE V logistic_derivative_fast(V const& x) noexcept {
  V const e = exp_table(detail::negative_abs(x));
  return detail_logistic_fast::over_square_of_one_plus(e, e);
}

/// x sigma(y) for float y = y.hi + y.lo with |y.hi| <= 80 and 2^-100 <= |x| <= 2^100 or
/// x = +-0 (the sign of x is kept): x e / (1 + e) or x / (1 + e), e = e^{-|y|} =
/// e^{-|y.hi|} (1 + lo) to first order (-|y| = -|y.hi| + lo). Max error 1.47 ULP (SiLU, every
/// float; swish, beta = 0.5, 1.7, -1).
template <class V>
XACT_ALWAYS_INLINE V x_logistic_fast(V const& x, double_word<V> const& y) noexcept {
  V const e = exp_table(detail::negative_abs(y.hi));
  V const lo = detail::select(y.hi < V(0), y.lo, detail::neg(y.lo));
  return detail_logistic_fast::x_times_logistic(x, y.hi < V(0), e, V(e * lo));
}

/// x sigma(y) for a single-word y (SiLU: y = x), as above.
template <class V>
XACT_ALWAYS_INLINE V x_logistic_fast(V const& x, V const& y) noexcept {
  V const e = exp_table(detail::negative_abs(y));
  V const n = detail::select(y < V(0), e, V(1));
  V const xn = x * n;
  return detail::copysign(
      detail_logistic_fast::divide_by_one_plus(xn, e, detail::madd(x, n, detail::neg(xn))), x);
}

/// d/dx [x sigma(y(x))] = sigma(y) (1 + x y'(x) (1 - sigma(y))) for float y = y.hi + y.lo with
/// |y.hi| <= 80 and xk = x y'(x) a double word with |xk.hi| <= 2^60: with e = e^{-|y|} (a double
/// word: exp_table_dw, y.lo folded in),
///   y >= 0: (1 + e + xk e) / (1 + e)^2,   y < 0: e (1 + e + xk) / (1 + e)^2.
/// For y < 0 the multiplier m = 1 + e + xk cancels near the root of the derivative (silu:
/// y = -1.2785): 1 + xk.hi and (1 + xk.hi) + e.hi are exact there (Sterbenz), so m carries only
/// e's 3.3e-9 relative error; lanes with |m| < 1/64, where that would exceed ~1 ULP, return NaN
/// for the caller to send to the general kernel. Max error 1.9 ULP elsewhere (measured).
template <class V>
XACT_ALWAYS_INLINE V x_logistic_derivative_fast(double_word<V> const& xk,
                                                double_word<V> const& y) noexcept {
  auto const negative = y.hi < V(0);
  double_word<V> e = exp_table_dw(detail::negative_abs(y.hi));
  e.lo = detail::madd(e.hi, detail::select(negative, y.lo, detail::neg(y.lo)),
                      e.lo);  // -|y| = -|y.hi| + lo
  double_word<V> d = one_plus(e.hi);
  d.lo = d.lo + e.lo;
  V const d2 = d.hi * d.hi;
  V const d2_lo = detail::madd(d.hi, d.hi, detail::neg(d2)) + V(d.hi + d.hi) * d.lo;
  // y < 0: e m with m = (1 + xk) + e as m + m_lo
  V const m = V(V(1) + xk.hi) + e.hi;
  V const m_lo = xk.lo + e.lo;
  V const em = e.hi * m;
  V const em_lo = detail::madd(e.hi, m, detail::neg(em)) + detail::madd(e.hi, m_lo, V(e.lo * m));
  // y >= 0: 1 + e + xk e, rounded once
  V const positive = d.hi + detail::madd(xk.hi, e.hi, d.lo);
  V const r = dw_divide_estimate(detail::select(negative, em, positive), double_word<V>{d2, d2_lo},
                                 detail::select(negative, em_lo, V(0)));
  auto const near_root = detail::both(negative, detail::abs(V(m + m_lo)) < V(0.015625f));
  return detail::select(near_root, V(std::numeric_limits<float>::quiet_NaN()), r);
}

/// Where x_logistic_fast serves x sigma(y): |y| <= 80 and 2^-100 <= |x| <= 2^100 or x = +-0
/// (false for NaN).
template <class V>
XACT_ALWAYS_INLINE auto x_logistic_fast_usable(V const& x, V const& y) noexcept {
  V const a = detail::abs(x);
  return detail::both(detail::abs(y) <= V(logistic_fast_limit),
                      detail::both(a <= V(0x1p100f), a >= V(0x1p-100f)) || a == V(0));
}

namespace detail_tanh_fast {
// tanh x = x + x^3 P(x^2) on |x| <= 0.9: relative error 3.2e-10 (scripts/fit_coefficients.py
// tanh).
inline constexpr float p[] = {-0.33333333291606264f,   0.13333326722514659f,
                              -0.053966517644084972f,  0.021851900568450102f,
                              -0.0087742172353477927f, 0.0033403724937562258f,
                              -0.0010391203136527969f, 0.00018206540408780325f};
inline constexpr float polynomial_limit = 0.9f;
inline constexpr float saturation = 9.5f;  // 1 - tanh(9.5) < 2^-26: tanh rounds to 1 above
}  // namespace detail_tanh_fast

/// tanh x for float x other than NaN: x + x^3 P(x^2) for |x| < 0.9, else
/// 1 - 2 / (1 + e^{2|x|}) with the sign of x (|x| capped at 9.5, where tanh rounds to 1; the
/// subtracted term is below 0.29 there, so its error is at most halved). Max error 0.98 ULP.
template <class V>
XACT_ALWAYS_INLINE V tanh_fast(V const& x) noexcept {
  using namespace detail_tanh_fast;
  V const a = detail::abs(x);
  V const w = a * a;
  V const near_zero = detail::madd(V(a * w), horner(w, p), a);
  V const e = exp_table(V(V(2) * detail::min_keep_nan(saturation, a)));
  V const saturating = V(1) - V(2) / (V(1) + e);
  return detail::copysign(detail::select(a < V(polynomial_limit), near_zero, saturating), x);
}

/// tanh' x = 4 e / (1 + e)^2, e = e^{-2|x|}, for float |x| <= 40. Max error 1.45 ULP.
template <class V>
XACT_ALWAYS_INLINE V tanh_derivative_fast(V const& x) noexcept {
  V const e = exp_table(V(V(2) * detail::negative_abs(x)));
  return detail_logistic_fast::over_square_of_one_plus(V(V(4) * e), e);
}

}  // namespace xact::math

#endif  // XACT_MATH_LOGISTIC_FAST_HPP
