// SPDX-License-Identifier: MIT
// The logistic function and the x * sigma(y) family (swish, SiLU, GELU-tanh) over V = T or
// xsimd::batch<T, A>, stable for every input and accurate down to subnormal results; tanh.
#ifndef XACT_MATH_LOGISTIC_HPP
#define XACT_MATH_LOGISTIC_HPP

#include "xact/detail/simd.hpp"
#include "xact/math/double_word.hpp"
#include "xact/math/exp.hpp"

#include <limits>
#include <type_traits>

namespace xact::math {
namespace detail_logistic {

/// e^{-|y|} scaled by 2^s: with s = 50 (float) / 56 (double) every nonzero e^{-|y|} is a
/// normal number after scaling, so products such as x * e^{-|y|} round once even when the
/// final result is subnormal; and x * scaled overflows only where the final result does.
template <class T>
inline constexpr T exp_scale = sizeof(T) == 4 ? T(0x1p50) : T(0x1p56);
template <class T>
inline constexpr T exp_unscale = sizeof(T) == 4 ? T(0x1p-50) : T(0x1p-56);

/// e^{-|y|} for y = hi + lo, scaled by exp_scale, and unscaled.
template <class V>
struct negative_exp {
  V scaled;
  V plain;
};

template <class V>
XACT_ALWAYS_INLINE negative_exp<V> exp_minus_abs(double_word<V> const& y) noexcept {
  using T = detail::scalar_t<V>;
  V const lo = detail::select(y.hi < V(0), y.lo, detail::neg(y.lo));  // -|y| = -|hi| + lo'
  V const scaled = mul_exp(V(exp_scale<T>), detail::negative_abs(y.hi), lo);
  return {scaled, scaled * V(exp_unscale<T>)};
}

/// m e / d for double words m and d, with e = e^{-|y|}: the numerator m e is formed exactly
/// to ~u^2 and divided with correction (~0.5 ulp beyond e's own error). Where e is subnormal
/// (lost bits) the scaled e is used and the quotient unscaled at the end, so the result is
/// rounded once more at most; where e underflowed to 0 the result is 0 with the sign of m (so
/// m = +-inf gives +-0, not NaN).
template <class V>
XACT_ALWAYS_INLINE V times_exp_over(double_word<V> const& m, negative_exp<V> const& e,
                                    double_word<V> const& d) noexcept {
  using T = detail::scalar_t<V>;
  double_word<V> numerator = exact_product(m.hi, e.plain);
  numerator.lo = detail::madd(m.lo, e.plain, numerator.lo);
  V const plain = dw_divide_moderate(numerator, d);
  V const rescaled = (m.hi * e.scaled / d.hi) * V(exp_unscale<T>);
  auto const subnormal_e = e.plain < V(std::numeric_limits<T>::min());
  V const r = detail::select(subnormal_e, rescaled, plain);
  return detail::select(e.scaled == V(0), V(detail::copysign(V(0), m.hi)), r);
}

}  // namespace detail_logistic

/// sigma(y) and 1 - sigma(y), each to full relative accuracy (neither is formed as 1 minus the
/// other): with e = e^{-|y|}, sigma = 1/(1+e) and 1 - sigma = e/(1+e) for y >= 0, the other way
/// round for y < 0. For V = double or batch<double> and finite y; within ~3 double ULP, which
/// is what the float kernels evaluated in double need (the cancelling sum 1 + x k (1 - sigma)
/// of the swish and GELU-tanh derivatives then loses at most ~2^-28 float ULP per unit of
/// distance to its root, measured at 0.06 ULP over every float).
template <class V>
struct logistic_pair {
  V sigma;
  V complement;
};

template <class V>
XACT_ALWAYS_INLINE logistic_pair<V> logistic_and_complement(V const& y) noexcept {
  static_assert(std::is_same_v<detail::scalar_t<V>, double>, "xact: double arithmetic only");
  V const e = exp_normal_or_zero(detail::negative_abs(y));  // below e^-700: 0 (x^2 e < 2^-400)
  V const inv = V(1) / (V(1) + e);
  V const e_inv = e * inv;
  auto const negative = y < V(0);
  return {detail::select(negative, e_inv, inv), detail::select(negative, inv, e_inv)};
}

/// Logistic sigma(x) = 1 / (1 + e^{-x}), evaluated with e = e^{-|x|} as e/(1+e) for x < 0 and
/// 1/(1+e) for x >= 0 (never 1 - small, never overflow), 1 + e carried exactly.
/// sigma(-inf) = 0, sigma(+inf) = 1.
template <class V>
XACT_ALWAYS_INLINE V logistic(V const& x) noexcept {
  V const e = math::exp(detail::negative_abs(x));
  return dw_divide_moderate(double_word<V>{detail::select(x < V(0), e, V(1)), V(0)}, one_plus(e));
}

/// sigma'(x) = sigma(x) (1 - sigma(x)) = e / (1 + e)^2, e = e^{-|x|}: no cancellation; the
/// denominator is squared in double-word arithmetic.
template <class V>
XACT_ALWAYS_INLINE V logistic_derivative(V const& x) noexcept {
  V const e = math::exp(detail::negative_abs(x));
  return dw_divide_moderate(double_word<V>{e, V(0)}, dw_square(one_plus(e)));
}

/// x * sigma(y) for y = y.hi + y.lo (e.g. beta * x split exactly). The x * sigma(x) family:
/// swish, SiLU, GELU-tanh (y = 2u). x = -inf with y -> -inf gives -0, x = +inf gives +inf.
template <class V>
XACT_ALWAYS_INLINE V x_logistic(V const& x, double_word<V> const& y) noexcept {
  auto const e = detail_logistic::exp_minus_abs(y);
  double_word<V> const d = one_plus(e.plain);
  V const negative_branch =
      detail_logistic::times_exp_over(double_word<V>{x, V(0)}, e, d);        // x e / (1+e)
  V const positive_branch = dw_divide_moderate(double_word<V>{x, V(0)}, d);  // x / (1 + e)
  V const r = detail::select(y.hi < V(0), negative_branch, positive_branch);
  // x = +-inf: x / (1 + e) is +-inf already; the exact-division correction would give NaN.
  auto const infinite = detail::abs(x) == V(std::numeric_limits<detail::scalar_t<V>>::infinity());
  V const r_inf = detail::select(y.hi < V(0), V(detail::copysign(V(0), x)), x);
  return detail::propagate_nan(y.hi, detail::select(infinite, r_inf, r));
}

/// d/dx [x sigma(y(x))] = sigma(y) + x k sigma(y) (1 - sigma(y)) with k = y'(x):
///   y < 0:  e (1 + e + x k) / (1 + e)^2     (cancels only near the root of the derivative)
///   y >= 0: (1 + e + x k e) / (1 + e)^2
/// e = e^{-|y|}. x k is passed as a double word (for swish it is y itself): in the negative
/// tail 1 + e + x k is the whole multiplier of e, so its rounding would reach the result.
/// An infinite x k times a vanished e gives the limit (+0 or 1), not NaN.
template <class V>
XACT_ALWAYS_INLINE V x_logistic_derivative(V const& x, double_word<V> const& xk,
                                           double_word<V> const& y) noexcept {
  using T = detail::scalar_t<V>;
  constexpr T inf = std::numeric_limits<T>::infinity();
  auto const e = detail_logistic::exp_minus_abs(y);
  double_word<V> const d = one_plus(e.plain);
  double_word<V> const d2 = dw_square(d);
  // An infinite x k has no meaningful low part.
  V const xk_lo = detail::select(detail::abs(xk.hi) < V(inf), xk.lo, V(0));
  double_word<V> multiplier = exact_sum(d.hi, xk.hi);  // 1 + e + x k
  multiplier.lo = multiplier.lo + (d.lo + xk_lo);
  // The derivative's limit where e vanished is +0 whatever the sign of d + x k.
  V const negative_branch =
      detail::select(e.scaled == V(0), V(0), detail_logistic::times_exp_over(multiplier, e, d2));
  V const xke = detail::select(e.scaled == V(0), V(0), xk.hi * e.plain);
  double_word<V> const numerator = exact_sum(d.hi, V(d.lo + xke));
  V const positive_branch =
      detail::select(detail::abs(xke) == V(inf), V(xke), dw_divide_moderate(numerator, d2));
  V const r = detail::select(y.hi < V(0), negative_branch, positive_branch);
  return detail::propagate_nan(x, detail::propagate_nan(xk.hi, r));
}

/// Where x_logistic_common and x_logistic_derivative_common apply: |x| <= 700, so that
/// e^{-|x|} is a normal double (false for NaN).
inline constexpr float x_logistic_common_limit = 700.0f;

/// x sigma(x) (SiLU) for double |x| <= 700: x n / (1 + e), n = e for x < 0 and 1 otherwise,
/// with x n formed exactly and one double-word division, as in logistic(). x_logistic's scaled
/// exponential and second quotient serve only lanes whose e^{-|x|} is subnormal; here they
/// would triple the divisions of a batch (f64 SiLU 3.9 ns/element against 1.96 for sigmoid).
template <class V>
XACT_ALWAYS_INLINE V x_logistic_common(V const& x) noexcept {
  static_assert(std::is_same_v<detail::scalar_t<V>, double>, "xact: double arithmetic only");
  V const e = mul_exp(V(1), detail::negative_abs(x), V(0));  // rounded once (r_lo folded in)
  return dw_divide_moderate(exact_product(x, detail::select(x < V(0), e, V(1))), one_plus(e));
}

/// x_logistic_derivative (d/dx [x sigma(y(x))], x k = x y'(x) and y as double words) for double
/// |y.hi| <= 700, with one division instead of three: e = e^{-|y|} from mul_exp (y.lo folded in,
/// rounded once), and
///   y < 0:  e (1 + e + x k) / (1 + e)^2, the multiplier 1 + e + x k a double word (it cancels
///           at the root of the derivative: there the error is absolute, as in the general
///           kernel);
///   y >= 0: (1 + e + x k e) / (1 + e)^2, x k e rounded once beside 1 + e.
/// x k must be finite. SiLU: x k = y = x; GELU-tanh: y = 2u, x k = x 2u'(x).
template <class V>
XACT_ALWAYS_INLINE V x_logistic_derivative_common(double_word<V> const& xk,
                                                  double_word<V> const& y) noexcept {
  static_assert(std::is_same_v<detail::scalar_t<V>, double>, "xact: double arithmetic only");
  auto const is_negative = y.hi < V(0);
  V const e = mul_exp(V(1), detail::negative_abs(y.hi),
                      detail::select(is_negative, y.lo, detail::neg(y.lo)));  // -|y|
  double_word<V> const d = one_plus(e);
  double_word<V> multiplier = exact_sum(d.hi, xk.hi);  // 1 + e + x k
  multiplier.lo = multiplier.lo + (d.lo + xk.lo);
  double_word<V> negative = exact_product(multiplier.hi, e);
  negative.lo = detail::madd(multiplier.lo, e, negative.lo);
  double_word<V> const positive = exact_sum(d.hi, V(d.lo + xk.hi * e));
  return dw_divide_moderate(double_word<V>{detail::select(is_negative, negative.hi, positive.hi),
                                           detail::select(is_negative, negative.lo, positive.lo)},
                            dw_square(d));
}

/// x^2 sigma(y) (1 - sigma(y)) = x^2 e / (1 + e)^2, e = e^{-|y|}: the derivative of
/// x sigma(beta x) with respect to beta (y = beta x).
template <class V>
XACT_ALWAYS_INLINE V x2_logistic_derivative(V const& x, double_word<V> const& y) noexcept {
  auto const e = detail_logistic::exp_minus_abs(y);
  double_word<V> const d = one_plus(e.plain);
  // x^2 overflows only where the result does (or within a factor 4 of it, for |beta| tiny).
  // x^2 exact (its rounding would reach the result in the tails, where e is the whole result).
  double_word<V> const x2_exact = exact_product(x, x);
  V const x2 = x2_exact.hi;
  V const x2e = detail_logistic::times_exp_over(x2_exact, e, dw_square(d));
  auto const overflow =
      detail::both(x2 == V(std::numeric_limits<detail::scalar_t<V>>::infinity()), e.scaled != V(0));
  V const r = detail::select(overflow, x2, x2e);
  return detail::propagate_nan(x, detail::propagate_nan(y.hi, r));
}

/// tanh(x) = -m / (2 + m), m = expm1(-2|x|), with the sign of x: no cancellation anywhere,
/// no overflow; 2 + m carried exactly. tanh(+-inf) = +-1, keeps -0.
template <class V>
XACT_ALWAYS_INLINE V tanh(V const& x) noexcept {
  // m as a double word: tanh amplifies m's relative error by 2 / (2 + m) and, near x = 0.52
  // where m crosses a binade and tanh does not, by another ~1.5 in ULPs (2.04 ULP otherwise).
  double_word<V> const m = math::expm1_dw(V(V(-2) * detail::abs(x)));
  double_word<V> denominator = exact_sum(V(2), m.hi);
  denominator.lo = denominator.lo + m.lo;
  V const t = dw_divide_moderate(double_word<V>{detail::neg(m.hi), detail::neg(m.lo)}, denominator);
  return detail::copysign(t, x);
}

/// tanh'(x) = 1 - tanh^2 = 4 e / (1 + e)^2, e = e^{-2|x|}: exact form in the saturated tails.
template <class V>
XACT_ALWAYS_INLINE V tanh_derivative(V const& x) noexcept {
  V const e = math::exp(V(V(-2) * detail::abs(x)));
  return dw_divide_moderate(double_word<V>{V(V(4) * e), V(0)}, dw_square(one_plus(e)));
}

}  // namespace xact::math

#endif  // XACT_MATH_LOGISTIC_HPP
