// SPDX-License-Identifier: MIT
// Fast float form of x Phi(x) (exact GELU) for the common range |x| <= 12, where Phi is the
// standard normal CDF: no double evaluation, no division, one table-driven exponential.
#ifndef XACT_MATH_NORMAL_FAST_HPP
#define XACT_MATH_NORMAL_FAST_HPP

#include "xact/detail/simd.hpp"
#include "xact/math/double_word.hpp"
#include "xact/math/exp_table.hpp"
#include "xact/math/polynomial.hpp"

namespace xact::math {
namespace detail_normal_fast {

// The Gaussian tail through a scaled Mills ratio: for y >= 0,
//   Phi(-y) = e^{-y^2/2} M(y),   M(y) = t S(t - 1/2),   t = 4 / (4 + y),
// with S fitted on y in [0, 12] (t in [1/4, 1]; scripts/fit_coefficients.py gelu_tail):
// relative error 6.6e-10 with the coefficients below as they are (c2..c10 floats, refitted
// after each rounding; c0 and c1 double words). t - 1/2 is exact there (Sterbenz), and t = 4/(4 +
// y) keeps S smooth (it runs from 0.5 at y = 0 to 0.13 at y = 12), unlike M itself, which falls as
// 1/y.
inline constexpr float c0_hi = 0.18882128596305847f;
inline constexpr float c0_lo = -3.3122167231169897e-09f;
inline constexpr float c1_hi = 0.303948312997818f;
inline constexpr float c1_lo = 1.1639147423636587e-08f;
inline constexpr float tail_coefficients[] = {  // c2 .. c10
    0.38713738322257996f, 0.37304309010505676f,  0.24158811569213867f,
    0.06034979596734047f, -0.05576426163315773f, -0.052628155797719955f,
    0.01040065661072731f, 0.030688824132084846f, -0.013780777342617512f};
inline constexpr float inv_sqrt_2pi = 0.398942280f;  // only in a first-order correction
inline constexpr float limit = 12.0f;

// k = 1/sqrt(2 pi) as a double word, for y k in Phi(x) + x phi(x) = E (M - y k) (x < 0).
inline constexpr float k_hi = 0.398942291736602783f;
inline constexpr float k_lo = -1.1335170135851058e-08f;

// Near the root x0 of Phi(x) + x phi(x) (x0 = -0.75179152469356446), where E (M - y k)
// cancels: Phi(x) + x phi(x) = h G(h), h = x - x0 (x0 = x0_hi + x0_lo), G fitted on
// |h| <= 1/8 (scripts/fit_coefficients.py gelu_root): relative error 1.2e-8 with these float
// coefficients.
inline constexpr float root_hi = -0.7517915368080139f;
inline constexpr float root_lo = 1.211444988769017e-08f;
inline constexpr float root_zone = 0.125f;
inline constexpr float root_coefficients[] = {0.43149399757385254f,   0.38828498125076294f,
                                              -0.01820150762796402f,  -0.11400790512561798f,
                                              -0.014603440649807453f, 0.019375985488295555f};

}  // namespace detail_normal_fast

/// The pieces of Phi(-y) = E M for float y = |x| in [0, 12], each a double word:
/// M = t S(t - 1/2) and E = e^{-y^2/2} = e^{e_arg} (1 + half_y2_lo) to first order.
template <class V>
struct normal_tail {
  double_word<V> m;
  double_word<V> e;
  V half_y2_lo;  // -(y^2 - fl(y^2))/2: E's first-order correction
};

/// Every step that would round at the size of M is carried as a double word: 4 + y (exact
/// sum), t = 4/(4 + y) (reciprocal estimate and one exact-residual step; the remaining
/// residual r = 4 - t (4 + y) moves M by (k - y M) r (4 + y)/4, first order, from
/// M' = y M - k, k = 1/sqrt(2 pi)), the last two Horner steps of S (two_prod + TwoSum each)
/// and t S. M's relative error is then a few 1e-9 (the fit's 6.6e-10, the inner Horner steps
/// damped by (t - 1/2)^2 <= 1/4), and E's 3.3e-9 (exp_table_dw).
template <class V>
XACT_ALWAYS_INLINE normal_tail<V> normal_tail_fast(V const& y) noexcept {
  using namespace detail_normal_fast;
  // d = 4 + y exactly (Fast2Sum of the larger and the smaller term).
  auto const y_larger = y > V(4);
  V const big = detail::select(y_larger, y, V(4));
  V const small = detail::select(y_larger, V(4), y);
  V const d = big + small;
  V const d_lo = V(big - d) + small;
  V const t = dw_divide_estimate(V(4), double_word<V>{d, d_lo});
  V const residual =
      detail::madd(detail::neg(t), d_lo, detail::madd(detail::neg(t), d, V(4)));  // 4 - t (4 + y)
  // S(v), v = t - 1/2: c1 + v acc and c0 + v (c1 + v acc) exactly.
  V const v = t - V(0.5f);
  double_word<V> q = exact_multiply_add(horner(v, tail_coefficients), v, V(c1_hi));
  q.lo = q.lo + V(c1_lo);
  double_word<V> s = exact_multiply_add(q.hi, v, V(c0_hi));
  s.lo = s.lo + detail::madd(q.lo, v, V(c0_lo));
  // M = t S as a double word, with the first-order correction for t's residual.
  V const m = t * s.hi;
  V const correction =
      V(detail::madd(detail::neg(y), m, V(inv_sqrt_2pi)) * residual) * V(d * V(0.25f));
  V const m_lo = detail::madd(t, s.lo, detail::madd(t, s.hi, detail::neg(m))) + correction;
  // E: y^2 = y2 + y2_lo exactly, e^{-y2/2} as a double word (exp_table_dw).
  V const y2 = y * y;
  return {
      {m, m_lo}, exp_table_dw(V(y2 * V(-0.5f))), V(detail::madd(y, y, detail::neg(y2)) * V(-0.5f))};
}

/// x Phi(x) for float x with |x| <= 12 and |x| >= 2^-90 or x = +-0 (x_normal_cdf_fast_usable):
/// with y = |x|,  x < 0: x E M;  x >= 0: x - x E M (normal_tail_fast), x E M rounded once.
/// At x >= 0 the subtracted term is at most x/2, and x - x E M is exact near 0 (Sterbenz).
template <class V>
XACT_ALWAYS_INLINE V x_normal_cdf_fast(V const& x) noexcept {
  normal_tail<V> const p = normal_tail_fast(detail::abs(x));
  V const xm = x * p.m.hi;
  V const xm_lo = detail::madd(x, p.m.lo, detail::madd(x, p.m.hi, detail::neg(xm)));
  V const low = detail::madd(p.e.lo, xm, V(p.e.hi * detail::madd(xm, p.half_y2_lo, xm_lo)));
  V const tail = detail::madd(p.e.hi, xm, low);
  return detail::select(x < V(0), tail, V(x - tail));
}

/// d/dx [x Phi(x)] = Phi(x) + x phi(x) for float |x| <= 12 (not NaN): with y = |x| and
/// w = M - y k (a double word; phi(x) = k E), x < 0: E w;  x >= 0: 1 - E w (>= 0.5: no
/// cancellation). Within 1/8 of the root x0 ~ -0.7518, where M - y k cancels, h G(h) with
/// h = x - x0 (x - x0_hi exact by Sterbenz, x0_lo kept apart) instead.
template <class V>
XACT_ALWAYS_INLINE V x_normal_cdf_derivative_fast(V const& x) noexcept {
  using namespace detail_normal_fast;
  V const y = detail::abs(x);
  normal_tail<V> const p = normal_tail_fast(y);
  double_word<V> const yk = exact_product(y, V(k_hi));
  double_word<V> w = exact_sum(p.m.hi, detail::neg(yk.hi));
  w.lo = w.lo + V(p.m.lo - detail::madd(y, V(k_lo), yk.lo));
  // E w as ew + ew_lo (E's first-order correction folded in).
  V const ew = p.e.hi * w.hi;
  V const ew_lo =
      detail::madd(p.e.hi, detail::madd(w.hi, p.half_y2_lo, w.lo),
                   detail::madd(p.e.lo, w.hi, detail::madd(p.e.hi, w.hi, detail::neg(ew))));
  V const negative = ew + ew_lo;
  V const one_minus = V(1) - ew;
  V const positive = one_minus + V(V(V(1) - one_minus) - ew - ew_lo);
  // Near the root: h G(h), h = (x - x0_hi) - x0_lo rounded once in the product.
  V const h = x - V(root_hi);
  V const g = horner(h, root_coefficients);
  V const near_root = detail::madd(g, h, V(g * V(-root_lo)));
  V const r = detail::select(x < V(0), negative, positive);
  return detail::select(detail::abs(h) <= V(root_zone), near_root, r);
}

/// Where x_normal_cdf_fast applies: |x| <= 12 and |x| >= 2^-90 or x = +-0 (false for NaN).
template <class V>
XACT_ALWAYS_INLINE auto x_normal_cdf_fast_usable(V const& x) noexcept {
  V const a = detail::abs(x);
  return detail::both(a <= V(detail_normal_fast::limit), a >= V(0x1p-90f) || a == V(0));
}

}  // namespace xact::math

#endif  // XACT_MATH_NORMAL_FAST_HPP
