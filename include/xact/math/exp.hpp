// SPDX-License-Identifier: MIT
// e^x, m * e^(y_hi + y_lo) and e^x - 1 over V = T or xsimd::batch<T, A>, with correct
// overflow, gradual underflow (subnormal results) and NaN propagation.
#ifndef XACT_MATH_EXP_HPP
#define XACT_MATH_EXP_HPP

#include "xact/detail/simd.hpp"
#include "xact/math/double_word.hpp"
#include "xact/math/polynomial.hpp"

#include <type_traits>

namespace xact::math {
namespace detail_exp {

template <class T>
struct constants;

template <>
struct constants<float> {
  static constexpr float log2e = 1.44269504088896340736f;
  // ln 2 split so that n * ln2_hi is exact for |n| < 2^13 (Cody & Waite 1980, "Software
  // Manual for the Elementary Functions", ch. 6).
  static constexpr float ln2_hi = 0.693359375f;      // 0x3F318000
  static constexpr float ln2_lo = -2.12194440e-4f;   // ln 2 - ln2_hi
  static constexpr float round_magic = 12582912.0f;  // 1.5 * 2^23: x + magic rounds x
  static constexpr float exponent_bias = 127.0f;
  static constexpr int mantissa_bits = 23;
  static constexpr float min_arg = -104.0f;  // e^-104 < denorm_min / 2: rounds to +0
  static constexpr float max_arg = 89.0f;    // e^89 > FLT_MAX: overflows to +inf
  // mul_exp's multiplier may be up to 2^60: clamp lower so that m e^y still rounds to 0.
  static constexpr float min_arg_scaled = -146.0f;
  // e^r = 1 + r + r^2 Q(r) on |r| <= ln2/2; Chebyshev fit, rel. error of Q 1.3e-7
  // (scripts/fit_coefficients.py exp). The r^2 factor makes that 8e-9 of e^r.
  static constexpr float q[] = {0.5f, 0.166665770255979881901f, 0.0416665546620505339818f,
                                0.00836317307451371090281f, 0.00139261761199355788836f};
};

template <>
struct constants<double> {
  static constexpr double log2e = 1.44269504088896340736;
  static constexpr double ln2_hi = 6.93147180369123816490e-01;  // 0x3FE62E42FEE00000
  static constexpr double ln2_lo = 1.90821492927058770002e-10;  // ln 2 - ln2_hi
  static constexpr double round_magic = 6755399441055744.0;     // 1.5 * 2^52
  static constexpr double exponent_bias = 1023.0;
  static constexpr int mantissa_bits = 52;
  static constexpr double min_arg = -746.0;  // e^-746 < denorm_min / 2
  static constexpr double max_arg = 710.0;   // e^710 > DBL_MAX
  static constexpr double min_arg_scaled = -790.0;
  // Same form, degree 10 in Q: rel. error 3e-18 (scripts/fit_coefficients.py exp).
  static constexpr double q[] = {0.5,
                                 0.166666666666666709863,
                                 0.0416666666666666697515,
                                 0.00833333333332614088398,
                                 0.00138888888888837524166,
                                 0.000198412698748004919808,
                                 0.000024801587325533363819,
                                 0.00000275572554257464342818,
                                 0.000000275572736613486362187,
                                 0.000000025105206373957011116,
                                 0.00000000209146793765839350998};
};

/// Q of expm1_normal_range: for float one degree more than exp's (scripts/fit_coefficients.py
/// exp), for double exp's own.
template <class T>
struct expm1_coefficients {
  static constexpr auto const& q = constants<T>::q;
};
template <>
struct expm1_coefficients<float> {
  static constexpr float q[] = {0.500000001353872988662f,   0.166666666817042150427f,
                                0.041666464197405692315f,   0.00833331084464786256416f,
                                0.00139337307157920825022f, 0.000198910804639988420388f};
};

/// x = n ln2 + r + r_lo with n integral (held in floating point), |r| <= ln2/2 (+ rounding) and
/// r_lo the rounding error of r (to first order; exp ignores it, mul_exp folds it in).
template <class V>
struct reduced {
  V n;
  V r;
  V r_lo;
};

template <class V>
XACT_ALWAYS_INLINE reduced<V> reduce(V const& x) noexcept {
  using C = constants<detail::scalar_t<V>>;
  V const t = detail::madd(x, V(C::log2e), V(C::round_magic));
  V const n = t - V(C::round_magic);
  V const r1 = detail::madd(n, V(-C::ln2_hi), x);  // exact: ln2_hi has trailing zero bits
  V const r = detail::madd(n, V(-C::ln2_lo), r1);
  V const r_lo = detail::madd(n, V(-C::ln2_lo), V(r1 - r));
  return {n, r, r_lo};
}

/// e^r - 1 - r = r^2 Q(r) on the reduced interval.
template <class V>
XACT_ALWAYS_INLINE V expm1_minus_r(V const& r) noexcept {
  using C = constants<detail::scalar_t<V>>;
  return (r * r) * horner(r, C::q);
}

/// 2^k for integral k with k + bias in [1, 2 * bias]: built in the exponent field from the
/// low mantissa bits of k + magic + bias (no float-to-int conversion, NaN-safe).
template <class V>
XACT_ALWAYS_INLINE V pow2_of_integral(V const& k) noexcept {
  using C = constants<detail::scalar_t<V>>;
  V const biased = k + V(C::round_magic + C::exponent_bias);
  return detail::from_bits<V>(detail::to_bits(biased) << C::mantissa_bits);
}

/// v * 2^n for integral n in [-1100, 1100]: two exact power-of-two factors, so a subnormal
/// result is rounded once, by the last multiplication.
template <class V>
XACT_ALWAYS_INLINE V scale_by_pow2(V const& v, V const& n) noexcept {
  using C = constants<detail::scalar_t<V>>;
#if XSIMD_WITH_AVX512F
  // AVX-512's vscalef computes the same correctly rounded v * 2^n in one instruction.
  if constexpr (detail::is_batch_v<V>) {
    if constexpr (std::is_base_of_v<xsimd::avx512f, typename V::arch_type>) {
      if constexpr (std::is_same_v<detail::scalar_t<V>, float>) {
        return V(_mm512_scalef_ps(v, n));
      } else {
        return V(_mm512_scalef_pd(v, n));
      }
    }
  }
#endif
  V const half = (n * V(0.5) + V(C::round_magic)) - V(C::round_magic);
  return (v * pow2_of_integral(half)) * pow2_of_integral(n - half);
}

}  // namespace detail_exp

/// e^x. Max error: ~1 ULP (float and double) on the whole finite range, including subnormal
/// results. exp(-inf) = +0, exp(+inf) = +inf, NaN -> NaN.
/// Algorithm: Cody-Waite reduction x = n ln2 + r, e^r = 1 + r + r^2 Q(r), scaling by 2^n in two
/// halves so that the result may be subnormal or overflow correctly.
template <class V>
XACT_ALWAYS_INLINE V exp(V const& x) noexcept {
  using C = detail_exp::constants<detail::scalar_t<V>>;
  V const xc = detail::clamp_keep_nan(x, C::min_arg, C::max_arg);
  detail_exp::reduced<V> const red = detail_exp::reduce(xc);
  V const p = V(1) + (red.r + detail_exp::expm1_minus_r(red.r));
  return detail_exp::scale_by_pow2(p, red.n);
}

/// e^x for x in [-708, 709], where e^x is a normal number: exp's reduction and polynomial with
/// 2^n added straight into the exponent field (no clamping, no special values: the caller
/// clamps). Same error as exp (~1 ULP). Used by the double evaluation of float kernels.
template <class V>
XACT_ALWAYS_INLINE V exp_normal_range(V const& x) noexcept {
  using C = detail_exp::constants<detail::scalar_t<V>>;
  detail_exp::reduced<V> const red = detail_exp::reduce(x);
  // Estrin, not Horner: callers evaluate this inside long dependency chains.
  V const p = V(1) + (red.r + (red.r * red.r) * estrin(red.r, C::q));
  // n + magic holds n in its low mantissa bits; shifted into the exponent field (modulo 2^64
  // for negative n) and added to p's bits it scales p by 2^n exactly.
  auto const n_bits = detail::to_bits(V(red.n + V(C::round_magic))) << C::mantissa_bits;
  return detail::from_bits<V>(detail::to_bits(p) + n_bits);
}

/// e^x for x <= 709 as exp_normal_range, and exactly 0 below -700 (x = -inf included): for the
/// double evaluation of float kernels, where e^-700 is already far below any float result.
template <class V>
XACT_ALWAYS_INLINE V exp_normal_or_zero(V const& x) noexcept {
  auto const far = x < V(-700);
  return detail::select(far, V(0), exp_normal_range(detail::select(far, V(-700), x)));
}

/// e^x - 1 for x in [-87, 0] (float; [-708, 0] double), where 2^n is a normal number: expm1's
/// reduction without its clamping, special values and low part (the fast float ELU kernel;
/// the caller clamps and handles NaN). e^x - 1 = s (e^r - 1) + (s - 1), s = 2^n: where n = 0 it
/// is r + r^2 Q(r) with r = x exactly; s - 1 is exact for n >= -1 (Sterbenz). Max error 0.88 ULP
/// (float, measured on every float in range). Below |x| = 2^-25 (2^-54) it returns x itself,
/// so -0 and subnormals are exact.
template <class V>
XACT_ALWAYS_INLINE V expm1_normal_range(V const& x) noexcept {
  using T = detail::scalar_t<V>;
  constexpr T tiny = sizeof(T) == 4 ? T(0x1p-25) : T(0x1p-54);  // e^x - 1 rounds to x below
  detail_exp::reduced<V> const red = detail_exp::reduce(x);
  // r + r^2 Q(r) with one rounding (FMA) and, for float, Q of degree 5 (rel. error 2.9e-9):
  // where n = 0 this is the result, so Q's error is not diluted by the 1 of e^r.
  V const em1_r =
      detail::madd(V(red.r * red.r), horner(red.r, detail_exp::expm1_coefficients<T>::q), red.r);
  V const s = detail_exp::pow2_of_integral(red.n);
  return detail::select(detail::abs(x) < V(tiny), x, detail::madd(s, em1_r, V(s - V(1))));
}

/// m * e^(y_hi + y_lo), rounded once at the end, for y_lo a small correction (|y_lo| <<
/// ulp-scale of y_hi, e.g. the low part of a double-word argument). Exact-argument tails such
/// as x * Phi(x) far below zero need this: rounding y to one word first would cost |y| ulps.
/// m must be finite with |m| < 2^60; the result follows exp's range (0 below, inf above).
/// The optional m_lo extends the multiplier to the double word m + m_lo.
template <class V>
XACT_ALWAYS_INLINE V mul_exp(V const& m, V const& y_hi, V const& y_lo,
                             V const& m_lo = V(0)) noexcept {
  using C = detail_exp::constants<detail::scalar_t<V>>;
  V const yc = detail::clamp_keep_nan(y_hi, C::min_arg_scaled, C::max_arg);
  // Outside the clamp the result is 0 or inf whatever y_lo is (which may then be huge: the low
  // part of a huge product), so it is dropped there.
  auto const [n, r, r_lo] = detail_exp::reduce(yc);
  V const lo = detail::select(yc == y_hi, y_lo, V(0)) + r_lo;
  // e^(r + lo) - 1 = s + lo (1 + s) to first order in lo, with s = e^r - 1 carried as the
  // double word s_hi + s_lo (Fast2Sum: |r| >= |r^2 Q(r)|). Then (m + m_lo)(1 + s') is formed
  // as m + (m s' + m_lo (1 + s')), so the only roundings of the size of the result's ULP are
  // the inner sum and the final one (~0.8 ULP in all; with s' in one word the three roundings
  // of r, s and s + lo, each scaled by m / result <= 1.4, cost ~1 ULP more). m_lo (1 + s') and
  // not m_lo: callers pass low parts of several ULPs of m (erfc's first-order corrections).
  V const q = detail_exp::expm1_minus_r(r);
  V const s_hi = r + q;
  V const s_lo = (r - s_hi) + q + detail::madd(lo, s_hi, lo);
  V const low = detail::madd(m, s_lo, detail::madd(m_lo, s_hi, m_lo));
  return detail_exp::scale_by_pow2(V(m + detail::madd(m, s_hi, low)), n);
}

/// e^x - 1, accurate near 0 (returns x itself for |x| below the rounding threshold, so signed
/// zeros and subnormals are exact). Max error ~1.5 ULP. expm1(-inf) = -1, expm1(+inf) = +inf.
/// For n != 0: e^x - 1 = 2 (s (e^r - 1) + (s - 1/2)) with s = 2^(n-1), exact in s and 2.
template <class V>
XACT_ALWAYS_INLINE double_word<V> expm1_dw(V const& x) noexcept;

template <class V>
XACT_ALWAYS_INLINE V expm1(V const& x) noexcept {
  return expm1_dw(x).hi;
}

/// e^x - 1 as hi + lo: hi is expm1(x); lo is the rounding error of hi's last step (where
/// n != 0, recovered exactly with an FMA; where n = 0, of r + r^2 Q(r)), so that callers whose
/// result amplifies expm1's error (tanh: by up to 2.2 in ULPs near x = 0.52) can use it.
/// Without FMA lo is approximate (still no worse than 0).
template <class V>
XACT_ALWAYS_INLINE double_word<V> expm1_dw(V const& x) noexcept {
  using T = detail::scalar_t<V>;
  using C = detail_exp::constants<T>;
  constexpr T lowest = sizeof(T) == 4 ? T(-20) : T(-40);        // e^x - 1 rounds to -1 below
  constexpr T tiny = sizeof(T) == 4 ? T(0x1p-25) : T(0x1p-54);  // e^x - 1 rounds to x below
  V const xc = detail::clamp_keep_nan(x, lowest, C::max_arg);
  detail_exp::reduced<V> const red = detail_exp::reduce(xc);
  V const& n = red.n;
  V const q = detail_exp::expm1_minus_r(red.r);
  V const em1_r = red.r + q;
  V const em1_r_lo = (red.r - em1_r) + q;  // Fast2Sum: |r| >= |r^2 Q(r)|
  V const s = detail_exp::pow2_of_integral(n - V(1));
  V const half_offset = s - V(0.5);  // exact
  V const t = detail::madd(s, em1_r, half_offset);
  // s em1_r + (s - 1/2) - t: (s - 1/2) - t is exact where it matters (Sterbenz) and the FMA
  // adds the exact product; plus s times em1_r's own rounding error.
  V const t_lo = detail::madd(s, em1_r, V(half_offset - t)) + s * em1_r_lo;
  V const hi = detail::select(n == V(0), em1_r, V(V(2) * t));
  V const lo = detail::select(n == V(0), em1_r_lo, V(V(2) * t_lo));
  auto const small = detail::abs(x) < V(tiny);
  return {detail::select(small, x, hi), detail::select(small, V(0), lo)};
}

}  // namespace xact::math

#endif  // XACT_MATH_EXP_HPP
