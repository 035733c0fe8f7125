// SPDX-License-Identifier: MIT
// The logistic function and the x * sigma(y) family (swish, SiLU, GELU-tanh) over V = T or
// xsimd::batch<T, A>, stable for every input and accurate down to subnormal results; tanh.
#ifndef XACT_MATH_LOGISTIC_HPP
#define XACT_MATH_LOGISTIC_HPP

#include <limits>

#include "xact/detail/simd.hpp"
#include "xact/math/double_word.hpp"
#include "xact/math/exp.hpp"

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
inline negative_exp<V> exp_minus_abs(double_word<V> const& y) noexcept {
  using T = detail::scalar_t<V>;
  V const lo = detail::select(y.hi < V(0), y.lo, V(-y.lo));  // -|y| = -|hi| + lo'
  V const scaled = mul_exp(V(exp_scale<T>), V(-detail::abs(y.hi)), lo);
  return {scaled, scaled * V(exp_unscale<T>)};
}

/// m * e / d, evaluated as ((m * e_scaled) / d) * 2^-s when e itself is subnormal (so the
/// result is rounded once); 0 (with the sign of m) where e underflowed, so that m = +-inf gives +-0.
template <class V>
inline V times_exp_over(V const& m, negative_exp<V> const& e, V const& d) noexcept {
  using T = detail::scalar_t<V>;
  V const plain = m * e.plain / d;
  V const rescaled = (m * e.scaled / d) * V(exp_unscale<T>);
  auto const tiny = e.plain < V(std::numeric_limits<T>::min());  // e lost bits: use scaled
  V const r = detail::select(tiny, rescaled, plain);
  return detail::select(e.scaled == V(0), detail::copysign(V(0), m) * d, r);
}

}  // namespace detail_logistic

/// Logistic sigma(x) = 1 / (1 + e^{-x}), evaluated with e = e^{-|x|} as e/(1+e) for x < 0 and
/// 1/(1+e) for x >= 0 (never 1 - small, never overflow). ~1.5 ULP; sigma(-inf) = 0,
/// sigma(+inf) = 1.
template <class V>
inline V logistic(V const& x) noexcept {
  V const e = math::exp(V(-detail::abs(x)));
  return detail::select(x < V(0), e, V(1)) / (V(1) + e);
}

/// sigma'(x) = sigma(x) (1 - sigma(x)) = e / (1 + e)^2, e = e^{-|x|}: no cancellation.
template <class V>
inline V logistic_derivative(V const& x) noexcept {
  V const e = math::exp(V(-detail::abs(x)));
  V const d = V(1) + e;
  return e / (d * d);
}

/// x * sigma(y) for y = y.hi + y.lo (e.g. beta * x split exactly). The x * sigma(x) family:
/// swish, SiLU, GELU-tanh (y = 2u). x = -inf with y -> -inf gives -0, x = +inf gives +inf.
template <class V>
inline V x_logistic(V const& x, double_word<V> const& y) noexcept {
  auto const e = detail_logistic::exp_minus_abs(y);
  V const d = V(1) + e.plain;
  V const negative_branch = detail_logistic::times_exp_over(x, e, d);  // x e / (1 + e)
  V const positive_branch = x / d;
  return detail::propagate_nan(
      y.hi, detail::select(y.hi < V(0), negative_branch, positive_branch));
}

/// d/dx [x sigma(y(x))] = sigma(y) + x k sigma(y) (1 - sigma(y)) with k = y'(x):
///   y < 0:  e (1 + e + x k) / (1 + e)^2     (cancels only near the root of the derivative)
///   y >= 0: (1 + e + x k e) / (1 + e)^2
/// e = e^{-|y|}. Infinite x k times a vanished e gives the limit, not NaN.
template <class V>
inline V x_logistic_derivative(V const& x, V const& k, double_word<V> const& y) noexcept {
  auto const e = detail_logistic::exp_minus_abs(y);
  V const d = V(1) + e.plain;
  V const d2 = d * d;
  V const xk = x * k;
  // The derivative's limit where e vanished is +0 whatever the sign of d + x k.
  V const negative_branch = detail::select(
      e.scaled == V(0), V(0), detail_logistic::times_exp_over(V(d + xk), e, d2));
  V const xke = detail::select(e.scaled == V(0), V(0), xk * e.plain);
  V const positive_branch = (d + xke) / d2;
  V const r = detail::select(y.hi < V(0), negative_branch, positive_branch);
  return detail::propagate_nan(x, detail::propagate_nan(k, r));
}

/// x^2 sigma(y) (1 - sigma(y)) = x^2 e / (1 + e)^2, e = e^{-|y|}: the derivative of
/// x sigma(beta x) with respect to beta (y = beta x).
template <class V>
inline V x2_logistic_derivative(V const& x, double_word<V> const& y) noexcept {
  auto const e = detail_logistic::exp_minus_abs(y);
  V const d = V(1) + e.plain;
  // x^2 overflows only where the result does (or within a factor 4 of it, for |beta| tiny).
  V const r = detail_logistic::times_exp_over(V(x * x), e, V(d * d));
  return detail::propagate_nan(x, detail::propagate_nan(y.hi, r));
}

/// tanh(x) = -m / (2 + m), m = expm1(-2|x|), with the sign of x: no cancellation anywhere,
/// no overflow. ~2 ULP; tanh(+-inf) = +-1, keeps -0.
template <class V>
inline V tanh(V const& x) noexcept {
  V const m = math::expm1(V(V(-2) * detail::abs(x)));
  return detail::copysign(V(-m / (V(2) + m)), x);
}

/// tanh'(x) = 1 - tanh^2 = 4 e / (1 + e)^2, e = e^{-2|x|}: exact form in the saturated tails.
template <class V>
inline V tanh_derivative(V const& x) noexcept {
  V const e = math::exp(V(V(-2) * detail::abs(x)));
  V const d = V(1) + e;
  return V(4) * e / (d * d);
}

}  // namespace xact::math

#endif  // XACT_MATH_LOGISTIC_HPP
