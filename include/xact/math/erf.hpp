// SPDX-License-Identifier: MIT
// erfc over V = T or xsimd::batch<T, A>, for arguments carried as a double word, with the
// pieces that GELU and its derivative reuse. Replaces xsimd's erfc, which is off by ~5e7 ULP
// (double, z in [12, 26]) and returns NaN from |z| ~ 9.6e61 on this platform.
#ifndef XACT_MATH_ERF_HPP
#define XACT_MATH_ERF_HPP

#include "xact/detail/simd.hpp"
#include "xact/math/double_word.hpp"
#include "xact/math/exp.hpp"
#include "xact/math/polynomial.hpp"

namespace xact::math {
namespace detail_erf {

template <class T>
struct constants;

// erf(z) = z P(z^2) for |z| < small_limit; erfc(z) = e^{-z^2} R(t), t = 1/(1+z) above.
// All fits: Chebyshev interpolation in mpmath (scripts/fit_coefficients.py), relative errors
// quoted for the fitted function.
template <>
struct constants<float> {
  static constexpr float small_limit = 0.75f;
  static constexpr float tail_limit = 10.5f;  // erfc(10.5) = 7e-50 < denorm_min / 2
  static constexpr float two_over_sqrt_pi = 1.128379226e+00f;
  // erf(z)/z on z^2 in [0, 0.5625], degree 5: rel. error 1.5e-9.
  static constexpr float p[] = {1.12837916557875168374f,  -0.376126194694376761182f,
                                0.112833865384145441309f, -0.0268351145686097034767f,
                                0.00511533211253222635363f, -0.000675647956868004729967f};
  // erfc(z) e^{z^2} on z in [0.75, 10.5] as a polynomial in t = 1/(1+z), degree 10: rel. error
  // 6.4e-9; sum |c_k t^k| / R <= 1.93 (well conditioned).
  static constexpr float r[] = {0.0000010395101739570768427f, 0.564143710297014382744f,
                                0.565013234852690880772f,     0.274620983204948109755f,
                                -0.251329244551675828636f,    -0.672954758005773315417f,
                                -1.16134796777859145748f,     6.81265226588492383843f,
                                -10.4896312135777233034f,     7.52405779918642064847f,
                                -2.18155327268676781805f};
};

template <>
struct constants<double> {
  static constexpr double small_limit = 0.75;
  static constexpr double tail_limit = 27.5;  // erfc(27.5) = 1e-330 < denorm_min / 2
  static constexpr double two_over_sqrt_pi = 1.1283791670955126;
  // erf(z)/z on z^2 in [0, 0.5625], degree 10: rel. error 8.3e-19.
  static constexpr double p[] = {1.12837916709551257307,    -0.376126389031837169221,
                                 0.112837916709525960607,   -0.0268661706444284840839,
                                 0.00522397761542053867312, -0.000854832618875975266375,
                                 0.000120552895675417067418, -0.0000149241963055696165794,
                                 0.00000164306841797415490551, -0.000000159400668546617174239,
                                 0.0000000114724997010946916175};
  // Two pieces, both degree 18 so one Horner loop serves both with per-lane coefficients.
  // Near: z in [0.75, 2.5], variable t - 0.4: rel. error 2.8e-20.
  static constexpr double split = 2.5;
  static constexpr double near_shift = 0.4;
  static constexpr double r_near[] = {
      0.321585416454317525064,  1.02264323582850043581,   0.418041904783334922179,
      -0.441957946193765239715, -0.0901992960557896118494, 0.476470962615796325269,
      -0.35641561950497974541,  -0.202926201867931988043, 0.77412088446218910071,
      -0.806159582309806123653, -0.0200549456693013784055, 1.45110761810941320251,
      -2.53531199593766376832,  1.91411275553149638662,   1.37477121598261554839,
      -6.67917088303000836422,  10.5910583319634280612,   -8.37740221873026006387,
      1.73996604039764208837};
  // Far: z in [2.5, 27.5], variable t: rel. error 7.9e-18; sum |c_k t^k| / R <= 1.03.
  static constexpr double r_far[] = {
      7.45416708939893152217e-14, 0.564189583534031057035, 0.564189584696386022568,
      0.282094733817655275426,    -0.282092820575554682314, -0.705284798474183754446,
      -0.140195140196170171282,   1.61076120705173301407,  2.15520400770999643833,
      -4.3867165026200629823,     -8.749809675395276058,   5.12277082884749044675,
      -46.0817434804622125127,    903.140825873937648211,  -4194.93471417955764003,
      10015.9342924554894107,     -13981.1309111133849603, 10999.8382111417782294,
      -3817.17805009602265559};
};

/// R(a) = erfc(a) e^{a^2} for a >= small_limit (clamped to tail_limit by the caller), from
/// t ~ 1/(1+a).
template <class V>
inline V tail_ratio(V const& a, V const& t) noexcept {
  using T = detail::scalar_t<V>;
  using C = constants<T>;
  if constexpr (sizeof(T) == 4) {
    return horner(t, C::r);
  } else {
    auto const near = a < V(C::split);
    V const v = detail::select(near, t - V(C::near_shift), t);
    constexpr std::size_t n = sizeof(C::r_far) / sizeof(C::r_far[0]);
    V acc = detail::select(near, V(C::r_near[n - 1]), V(C::r_far[n - 1]));
    for (std::size_t i = n - 1; i-- > 0;)
      acc = detail::madd(acc, v, detail::select(near, V(C::r_near[i]), V(C::r_far[i])));
    return acc;
  }
}

}  // namespace detail_erf

/// The pieces of erfc(z) for z = z.hi + z.lo, so that callers can scale the exponential tail
/// before its final rounding (GELU's x * Phi(x) stays accurate down to subnormal results):
///   erfc(z) = small                              where use_small (|z| < 0.75)
///   erfc(z) = reflect ? 2 - T : T,  T = e^{exp_hi + exp_lo} * ratio   elsewhere
/// and e^{exp_hi + exp_lo} = e^{-z^2} in both regions (to first order in z.lo).
template <class V>
struct erfc_parts {
  V small;
  V ratio;
  V exp_hi;
  V exp_lo;
  decltype(V() < V()) use_small;
  decltype(V() < V()) reflect;
};

template <class V>
inline erfc_parts<V> erfc_decompose(double_word<V> const& z) noexcept {
  using T = detail::scalar_t<V>;
  using C = detail_erf::constants<T>;
  erfc_parts<V> out;
  out.reflect = z.hi < V(0);
  V const a = detail::abs(z.hi);
  V const a_lo = detail::select(out.reflect, V(-z.lo), z.lo);  // |z| = a + a_lo
  out.use_small = a < V(C::small_limit);
  // e^{-z^2}: z^2 = a^2 + 2 a a_lo exactly to first order, a^2 split exactly.
  V const ac = detail::clamp_keep_nan(a, T(0), C::tail_limit);
  double_word<V> const sq = exact_product(ac, ac);
  out.exp_hi = -sq.hi;
  out.exp_lo = -detail::madd(V(2) * ac, a_lo, sq.lo);
  // Small region: erfc(|z|) = 1 - erf(a) - a_lo * 2/sqrt(pi) * e^{-a^2} (first order in a_lo;
  // e^{-a^2} ~ 1 - a^2 is enough for a correction that small).
  V const w = a * a;
  V const erf_a = a * horner(w, C::p);
  V const erf_corr = a_lo * V(C::two_over_sqrt_pi) * (V(1) - w);
  V const erfc_abs = (V(1) - erf_a) - erf_corr;
  out.small = detail::select(out.reflect, V(2) - erfc_abs, erfc_abs);
  // Tail: the polynomial sees z_t = 1/t - 1 with t = fl(1/fl(1+a)), not a + a_lo. The exact
  // residual 1 - t (1 + a) gives z_t - a; then R(a + a_lo) = R(z_t) + dz R'(z_t) with
  // dz = a + a_lo - z_t and R' = 2 z R - 2/sqrt(pi) (first order; dz is ~1 ulp of a).
  double_word<V> const s = exact_sum(V(1), ac);
  V const t = V(1) / s.hi;
  V const residual = detail::madd(V(-t), s.hi, V(1)) - t * s.lo;  // 1 - t (1 + a)
  V const dz = a_lo - residual / t;
  V const r = detail_erf::tail_ratio(ac, t);
  out.ratio = detail::madd(dz, detail::madd(V(2) * ac, r, V(-C::two_over_sqrt_pi)), r);
  return out;
}

/// m * erfc(z.hi + z.lo), the tail rounded once (see erfc_parts). ~1.5 ULP for moderate m.
template <class V>
inline V erfc_times(V const& m, double_word<V> const& z) noexcept {
  erfc_parts<V> const p = erfc_decompose(z);
  V const tail = mul_exp(m * p.ratio, p.exp_hi, p.exp_lo);
  V const large = detail::select(p.reflect, V(2) * m - tail, tail);
  return detail::select(p.use_small, m * p.small, large);
}

/// Complementary error function erfc(z) = 1 - erf(z). ~1.5 ULP over the whole range
/// (subnormal results included); erfc(-inf) = 2, erfc(+inf) = +0, NaN -> NaN.
template <class V>
inline V erfc(V const& z) noexcept {
  return erfc_times(V(1), double_word<V>{z, V(0)});
}

}  // namespace xact::math

#endif  // XACT_MATH_ERF_HPP
