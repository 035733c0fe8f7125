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
  // The polynomial coefficients are stored in double: the float kernels round them to float,
  // and GELU's float kernel evaluated in double (activation/gelu.hpp) uses them at the fits'
  // own accuracy.
  static constexpr float small_limit = 0.5f;  // 1 - erf(z) loses < 1 bit below (erf(0.5) = 0.52)
  static constexpr float tail_limit = 10.5f;  // erfc(10.5) = 7e-50 < denorm_min / 2
  static constexpr float two_over_sqrt_pi = 1.128379226e+00f;
  // erf(z)/z on z^2 in [0, 0.25], degree 4: rel. error 1.4e-9.
  static constexpr double p[] = {1.12837916560179145517, -0.376126090074698029277,
                                 0.112828314284658618742, -0.0267577327350155156224,
                                 0.00471908256721881387983};
  // S(t) = erfc(z) e^{z^2} / t in t = 1/(1+z) (nearly constant: no cancellation in Horner's last
  // step), two pieces of degree 9 (one Horner loop, per-lane
  // coefficients). Near: z in [0.5, 2.5], variable t - 0.4375, rel. error 1.9e-10.
  static constexpr float split = 2.5f;
  static constexpr float near_shift = 0.4375f;  // exact in binary
  static constexpr double r_near[] = {0.82399762007042305924,   0.521416625455633958558,
                                      -0.351121331117046752674, -0.224123776940154787463,
                                      0.492488699898792781951,  -0.228491577215515644946,
                                      -0.351963201316573723215, 0.760468879121309231453,
                                      -0.558895393591119159059, 0.0126734481896451791739};
  // Far: z in [2.5, 10.5], variable t, rel. error 5.0e-12.
  static constexpr double r_far[] = {0.564189932397471984523,  0.564167965983374015182,
                                     0.28267967384876093835,   -0.291142372127273658073,
                                     -0.617536509355670984949, -0.68576111613943777526,
                                     3.70365310893804225515,   -1.97468612059854971619,
                                     -4.24464233633037179654,  4.54100298075444629323};
};

template <>
struct constants<double> {
  static constexpr double small_limit = 0.5;
  static constexpr double tail_limit = 27.5;  // erfc(27.5) = 1e-330 < denorm_min / 2
  static constexpr double two_over_sqrt_pi = 1.1283791670955126;
  // erf(z)/z on z^2 in [0, 0.25], degree 8: rel. error 4.0e-18.
  static constexpr double p[] = {
      1.12837916709551256959,     -0.376126389031834735445,     0.112837916709253531472,
      -0.026866170632887929351,   0.00522397737302147001687,    -0.00085482977536749668828,
      0.000120533351243537407458, -0.0000148458492597078697684, 0.00000147258654805567439118};
  // S(t) = R(t) / t, two pieces of degree 18. Near: z in [0.5, 2.5], variable t - 0.4375:
  // rel. error 2.3e-18.
  static constexpr double split = 2.5;
  static constexpr double near_shift = 0.4375;
  static constexpr double r_near[] = {
      0.823997620119706053905,  0.521416620226718632326, -0.351121389976821558364,
      -0.224121149794552321237, 0.492496311775254557488, -0.228857217773612324551,
      -0.351728747602660860637, 0.779217384644051537917, -0.612822371549886024589,
      -0.26332905785197922239,  1.45571397190496457073,  -2.11232755231373838147,
      1.28000434903176459634,   1.48318763196994637943,  -5.41401902070107898057,
      7.89535519358996207487,   -4.83616332802927961684, -3.71199804560479483604,
      6.70480756931126506233};
  // Far: z in [2.5, 27.5], variable t: rel. error 1.2e-18.
  static constexpr double r_far[] = {
      0.564189583548176259779,  0.564189583467434177785,  0.282094798813464183932,
      -0.282095167650785394558, -0.705223266317231936571, -0.141410757103357324721,
      1.62929978606143524836,   1.93347883678594148475,   -2.2860869503177376389,
      -24.5990689916978160615,  100.47581695834044709,    -502.192694166080285251,
      2624.71753172247593561,   -9253.53218885438348341,  21336.1225952071969321,
      -32604.8000742484078787,  32221.2942276495810063,   -18770.9875050352663354,
      4906.71872740193933243};
};

/// S = erfc(a) e^{a^2} / t for a >= small_limit (clamped to tail_limit by the caller), from
/// t ~ 1/(1+a), as a double word: the last Horner step c0 + v * acc is the one whose rounding
/// (~0.5 ULP of S) would pass straight into erfc, so it is done exactly (two_prod + TwoSum);
/// the steps before it are damped by |v| <= 0.6.
template <class V>
XACT_ALWAYS_INLINE double_word<V> tail_ratio(V const& a, V const& t) noexcept {
  using T = detail::scalar_t<V>;
  using C = constants<T>;
  auto const near = a < V(C::split);
  V const v = detail::select(near, V(t - V(C::near_shift)), t);
  constexpr std::size_t n = sizeof(C::r_far) / sizeof(C::r_far[0]);
  static_assert(n == sizeof(C::r_near) / sizeof(C::r_near[0]), "pieces share one loop");
  V acc = detail::select(near, V(C::r_near[n - 1]), V(C::r_far[n - 1]));
  for (std::size_t i = n - 1; i-- > 1;)
    acc = detail::madd(acc, v, detail::select(near, V(C::r_near[i]), V(C::r_far[i])));
  return exact_multiply_add(acc, v, detail::select(near, V(C::r_near[0]), V(C::r_far[0])));
}

}  // namespace detail_erf

/// The pieces of erfc(z) for z = z.hi + z.lo, so that callers can scale the exponential tail
/// before its final rounding (GELU's x * Phi(x) stays accurate down to subnormal results):
///   erfc(z) = small + small_lo                   where use_small (|z| < 0.5)
///   erfc(z) = reflect ? 2 - T : T,  T = e^{exp_hi + exp_lo} * ratio   elsewhere
/// and e^{exp_hi + exp_lo} = e^{-z^2} in both regions (to first order in z.lo).
template <class V>
struct erfc_parts {
  V small;  // erfc(z) as the double word small + small_lo where use_small
  V small_lo;
  V ratio;  // R = erfc(|z|) e^{z^2} as the double word ratio + ratio_lo
  V ratio_lo;
  V exp_hi;
  V exp_lo;
  decltype(V() < V()) use_small;
  decltype(V() < V()) reflect;
};

template <class V>
XACT_ALWAYS_INLINE erfc_parts<V> erfc_decompose(double_word<V> const& z) noexcept {
  using T = detail::scalar_t<V>;
  using C = detail_erf::constants<T>;
  erfc_parts<V> out;
  out.reflect = z.hi < V(0);
  V const a = detail::abs(z.hi);
  V const a_lo = detail::select(out.reflect, detail::neg(z.lo), z.lo);  // |z| = a + a_lo
  out.use_small = a < V(C::small_limit);
  // e^{-z^2}: z^2 = a^2 + 2 a a_lo exactly to first order, a^2 split exactly.
  V const ac = detail::clamp_keep_nan(a, T(0), C::tail_limit);
  double_word<V> const sq = exact_product(ac, ac);
  out.exp_hi = -sq.hi;
  out.exp_lo = -detail::madd(V(2) * ac, a_lo, sq.lo);
  // Small region: erfc(z) = 1 - erf(z), erf(z) = z P(z^2) + z_lo 2/sqrt(pi) e^{-z^2} (first
  // order in z_lo; e^{-z^2} ~ 1 - z^2 is enough for a correction that small). P's last Horner
  // step and z P are exact double words and 1 - erf is an exact sum, so that near |z| = 0.5,
  // where 1 - erf loses a bit, the result keeps ~0.5 ULP (instead of ~2.2 with one-word erf).
  V const w = z.hi * z.hi;
  double_word<V> const poly = horner_dw(w, C::p);
  double_word<V> const erf_z = exact_product(z.hi, poly.hi);
  V const erf_lo = erf_z.lo + z.hi * poly.lo + z.lo * V(C::two_over_sqrt_pi) * (V(1) - w);
  double_word<V> const one_minus = exact_sum(V(1), detail::neg(erf_z.hi));
  V const small_tail = one_minus.lo - erf_lo;
  out.small = one_minus.hi + small_tail;
  out.small_lo = (one_minus.hi - out.small) + small_tail;  // Fast2Sum: |1 - erf| >= 0.47
  // Tail: the polynomial sees z_t = 1/t - 1 with t = fl(1/fl(1+a)), not a + a_lo. The exact
  // residual 1 - t (1 + a) gives z_t - a; then R(a + a_lo) = R(z_t) + dz R'(z_t) with
  // dz = a + a_lo - z_t and R' = 2 z R - 2/sqrt(pi) (first order; dz is ~1 ulp of a).
  double_word<V> const s = exact_sum(V(1), ac);
  V const t = V(1) / s.hi;
  V const residual = detail::madd(detail::neg(t), s.hi, V(1)) - t * s.lo;  // 1 - t (1 + a)
  V const dz = a_lo - residual / t;
  double_word<V> const ratio = detail_erf::tail_ratio(ac, t);
  double_word<V> const r = exact_product(t, ratio.hi);
  out.ratio = r.hi;
  out.ratio_lo = detail::madd(dz, detail::madd(V(2) * ac, r.hi, V(-C::two_over_sqrt_pi)),
                              detail::madd(t, ratio.lo, r.lo));
  return out;
}

/// m * erfc(z.hi + z.lo), the tail rounded once (see erfc_parts). ~1.5 ULP for moderate m.
template <class V>
XACT_ALWAYS_INLINE V erfc_times(V const& m, double_word<V> const& z) noexcept {
  erfc_parts<V> const p = erfc_decompose(z);
  double_word<V> const mr = exact_product(m, p.ratio);
  V const tail = mul_exp(mr.hi, p.exp_hi, p.exp_lo, detail::madd(m, p.ratio_lo, mr.lo));
  V const large = detail::select(p.reflect, V(2) * m - tail, tail);
  double_word<V> const ms = exact_product(m, p.small);
  // A zero product keeps its sign (-0 * erfc = -0; adding the +0 low part would give +0).
  V const small =
      detail::select(ms.hi == V(0), ms.hi, V(ms.hi + detail::madd(m, p.small_lo, ms.lo)));
  return detail::select(p.use_small, small, large);
}

/// Complementary error function erfc(z) = 1 - erf(z). ~1.5 ULP over the whole range
/// (subnormal results included); erfc(-inf) = 2, erfc(+inf) = +0, NaN -> NaN.
template <class V>
XACT_ALWAYS_INLINE V erfc(V const& z) noexcept {
  return erfc_times(V(1), double_word<V>{z, V(0)});
}

}  // namespace xact::math

#endif  // XACT_MATH_ERF_HPP
