// SPDX-License-Identifier: MIT
// Table-driven e^x (Tang's method): for float on the range where e^x is a normal number, the
// core of the fast float kernels (sigmoid, tanh, SiLU/swish, softplus, ELU'); and a shorter
// double version accurate to 2^-36, enough for float results computed in double (GELU,
// softmax). No special values: callers keep their arguments in range and send other lanes to
// the general kernels.
#ifndef XACT_MATH_EXP_TABLE_HPP
#define XACT_MATH_EXP_TABLE_HPP

#include "xact/detail/simd.hpp"
#include "xact/math/double_word.hpp"
#include "xact/math/polynomial.hpp"

#include <type_traits>

namespace xact::math {
namespace detail_exp_table {

// Tang's method (P. T. P. Tang 1989, "Table-driven implementation of the exponential function
// in IEEE floating-point arithmetic", ACM TOMS 15(2)): x = (16 n + j) ln2/16 + r, |r| <= ln2/32,
// e^x = 2^n 2^(j/16) e^r. 2^(j/16) is held as hi + lo (hi rounded to float, lo the float
// nearest to the rest; scripts/fit_coefficients.py exp_table), so the table adds no rounding
// error of its own; the lookup is one vpermps on AVX-512.
alignas(64) inline constexpr float pow2_j16_hi[16] = {
    0x1p+0f,        0x1.0b5586p+0f, 0x1.172b84p+0f, 0x1.2387a6p+0f, 0x1.306fe0p+0f, 0x1.3dea64p+0f,
    0x1.4bfdaep+0f, 0x1.5ab07ep+0f, 0x1.6a09e6p+0f, 0x1.7a1148p+0f, 0x1.8ace54p+0f, 0x1.9c4918p+0f,
    0x1.ae89fap+0f, 0x1.c199bep+0f, 0x1.d5818ep+0f, 0x1.ea4afap+0f};
alignas(64) inline constexpr float pow2_j16_lo[16] = {0.0f,
                                                      0x1.9f3122p-25f,
                                                      -0x1.c15742p-27f,
                                                      0x1.ceac48p-25f,
                                                      0x1.4636e2p-25f,
                                                      0x1.824684p-25f,
                                                      -0x1.593abcp-25f,
                                                      -0x1.5bd5ecp-27f,
                                                      0x1.9fcef4p-26f,
                                                      -0x1.829fd0p-25f,
                                                      0x1.15506ep-27f,
                                                      0x1.51f848p-27f,
                                                      -0x1.a94b14p-26f,
                                                      -0x1.3d56b2p-27f,
                                                      -0x1.822dbcp-27f,
                                                      0x1.52486cp-27f};

inline constexpr float log2e = 1.44269504088896341f;
// ln2 split as in exp.hpp (Cody & Waite): k * ln2_hi is exact for k a multiple of 1/16 with
// |k| < 2^11 (ln2_hi has 9 significant bits).
inline constexpr float ln2_hi = 0.693359375f;
inline constexpr float ln2_lo = -2.12194440e-4f;
// 1.5 * 2^19, whose ULP is 1/16: x log2e + magic rounds x log2e to k = n + j/16.
inline constexpr float round_magic = 786432.0f;
// e^r = 1 + r (1 + r (c2 + c3 r)) on |r| <= 1.01 ln2/32: relative error 4.9e-9 (0.04-0.08
// ULP; scripts/fit_coefficients.py exp_table).
inline constexpr float c2 = 0.50000997139544981f;
inline constexpr float c3 = 0.16666866094121136f;

/// The pieces of e^x = 2^n (hi + tail): hi = 2^(j/16) exactly a table entry, tail =
/// lo + hi (e^r - 1) with |tail| <= 0.023 hi, k = n + j/16 (so n = floor(k)), and the bits
/// that add n to a float's exponent.
template <class V>
struct pieces {
  V hi;
  V tail;
  V k;
  detail::uint_t<V> exponent_bits;
};

// The precise variant (exp_table_dw): one more term, e^r = 1 + r (1 + r (c2 + r (c3 + c4 r))),
// relative error 1.1e-11 on the same interval (scripts/fit_coefficients.py exp_table).
inline constexpr float precise_c2 = 0.5f;
inline constexpr float precise_c3 = 0.16666965808700609963f;
inline constexpr float precise_c4 = 0.041667165235657939534f;

/// Precise = true: the polynomial above, and the rounding error of r carried into the tail, so
/// that hi + tail (unrounded) is e^x / 2^n to ~3e-9 (3.3e-9 measured), the tail's own rounding.
template <bool Precise = false, class V>
XACT_ALWAYS_INLINE pieces<V> split(V const& x) noexcept {
  // x log2e + magic holds 16 k = round(16 x / ln2) in its low mantissa bits (2^22 + 16 k):
  // the low 4 bits are j, the bits above them n (two's complement, modulo the field).
  V const t = detail::madd(x, V(log2e), V(round_magic));
  V const k = t - V(round_magic);
  auto const t_bits = detail::to_bits(t);
  V const hi = detail::table_lookup16<V>(pow2_j16_hi, t_bits);
  V const lo = detail::table_lookup16<V>(pow2_j16_lo, t_bits);
  V const r1 = detail::madd(k, V(-ln2_hi), x);  // exact
  V const r = detail::madd(k, V(-ln2_lo), r1);
  V tail;
  if constexpr (Precise) {
    V const r_lo = detail::madd(k, V(-ln2_lo), V(r1 - r));
    V const q = detail::madd(detail::madd(V(precise_c4), r, V(precise_c3)), r, V(precise_c2));
    V const expm1_r_over_r = detail::madd(q, r, V(1));
    tail = detail::madd(V(r * hi), expm1_r_over_r, detail::madd(hi, r_lo, lo));
  } else {
    V const expm1_r_over_r = detail::madd(detail::madd(V(c3), r, V(c2)), r, V(1));
    tail = detail::madd(V(r * hi), expm1_r_over_r, lo);
  }
  // (t_bits >> 4) << 23, with the magic's own bits shifted out of the word.
  using U = detail::uint_t<V>;
  return {hi, tail, k, U((t_bits << 19) & U(0xFF800000u))};
}

/// v 2^n for the n of p, exact where the result is normal: one vscalefps on AVX-512, else an
/// integer addition to the exponent field (v and the result normal).
template <class V>
XACT_ALWAYS_INLINE V times_pow2(V const& v, pieces<V> const& p) noexcept {
  if constexpr (detail::has_scalef_v<V>) {
    return detail::scalef(v, p.k);
  } else {
    return detail::from_bits<V>(detail::to_bits(v) + p.exponent_bits);
  }
}

/// v 2^n for the n of p where the result may be subnormal (2^n itself normal): rounded like a
/// multiplication, which vscalefps is; elsewhere a multiplication by 2^n.
template <class V>
XACT_ALWAYS_INLINE V times_pow2_rounded(V const& v, pieces<V> const& p) noexcept {
  if constexpr (detail::has_scalef_v<V>) {
    return detail::scalef(v, p.k);
  } else {
    return V(v * times_pow2(V(1), p));
  }
}

}  // namespace detail_exp_table

/// e^x as a double word hi + lo to 3.3e-9 relative (measured; the rounding of the tail, 0.05 ULP of
/// hi), for float x in [-87.3, 0]: for sums that cancel (the x sigma(y) derivatives). Below x = -70
/// the low part (~2^-25 hi) is subnormal and the pair degrades towards hi's own 0.6 ULP.
template <class V>
XACT_ALWAYS_INLINE double_word<V> exp_table_dw(V const& x) noexcept {
  static_assert(std::is_same_v<detail::scalar_t<V>, float>, "xact: exp_table_dw is for float");
  auto const p = detail_exp_table::split<true>(x);
  V const sum = p.hi + p.tail;
  V const low = V(p.hi - sum) + p.tail;  // Fast2Sum: |hi| >= |tail|
  return {detail_exp_table::times_pow2(sum, p), detail_exp_table::times_pow2_rounded(low, p)};
}

/// e^x for float x in [-87.3, 88.7] (normal results only; no clamping, no NaN handling).
/// Max error 0.61 ULP (every float in range, measured): one rounding, of hi + tail.
template <class V>
XACT_ALWAYS_INLINE V exp_table(V const& x) noexcept {
  static_assert(std::is_same_v<detail::scalar_t<V>, float>, "xact: exp_table is for float");
  auto const p = detail_exp_table::split(x);
  return detail_exp_table::times_pow2(V(p.hi + p.tail), p);
}

namespace detail_exp_table {
// 2^(j/16) rounded to double: its 2^-53 relative error is far below the 2^-36 of the fit.
alignas(64) inline constexpr double pow2_j16_double[16] = {
    0x1.0000000000000p+0, 0x1.0b5586cf9890fp+0, 0x1.172b83c7d517bp+0, 0x1.2387a6e756238p+0,
    0x1.306fe0a31b715p+0, 0x1.3dea64c123422p+0, 0x1.4bfdad5362a27p+0, 0x1.5ab07dd485429p+0,
    0x1.6a09e667f3bcdp+0, 0x1.7a11473eb0187p+0, 0x1.8ace5422aa0dbp+0, 0x1.9c49182a3f090p+0,
    0x1.ae89f995ad3adp+0, 0x1.c199bdd85529cp+0, 0x1.d5818dcfba487p+0, 0x1.ea4afa2a490dap+0};
inline constexpr double sixteen_log2e_double = 23.083120654223414;
// ln2/16 = hi + lo, hi with 32 significant bits: n16 hi is exact for |n16| < 2^21.
inline constexpr double ln2_16_hi_double = 0x1.62e42ff000000p-5;
inline constexpr double ln2_16_lo_double = -0x1.718432a1b0e26p-39;
inline constexpr double round_magic_double = 6755399441055744.0;  // 1.5 * 2^52
// e^r = 1 + r + r^2 (c2 + c3 r + c4 r^2) on |r| <= 1.01 ln2/32: relative error 1.1e-11
// (scripts/fit_coefficients.py exp_table).
inline constexpr double q_double[] = {0.5, 0.16666965808700609963, 0.041667165235657939534};
}  // namespace detail_exp_table

/// e^x for double x <= 709 to within 2^-36 relative (and 2^-53 rounding), exactly 0 below -700
/// (x = -inf included): for float results computed in double, where a float ULP is 2^-24
/// (about 0.5 + 2^-12 ULP after the rounding to float). Not for cancelling sums (the root zones
/// of the derivatives keep math::exp_normal_or_zero). NaN is not handled.
template <class V>
XACT_ALWAYS_INLINE V exp_for_float_results(V const& x_in) noexcept {
  static_assert(std::is_same_v<detail::scalar_t<V>, double>,
                "xact: exp_for_float_results is double arithmetic");
  using namespace detail_exp_table;
  using U = detail::uint_t<V>;
  auto const far = x_in < V(-700);
  V const x = detail::select(far, V(-700), x_in);
  V const t = detail::madd(x, V(sixteen_log2e_double), V(round_magic_double));
  V const n16 = t - V(round_magic_double);
  auto const t_bits = detail::to_bits(t);
  V const hi = detail::table_lookup16<V>(pow2_j16_double, t_bits);
  V const r = detail::madd(n16, V(-ln2_16_lo_double), detail::madd(n16, V(-ln2_16_hi_double), x));
  V const expm1_r = detail::madd(V(r * r), horner(r, q_double), r);
  V const e = detail::madd(hi, expm1_r, hi);
  // n = n16 >> 4 into the exponent field (t's low 52 bits hold 2^51 + n16).
  U const exponent = U((t_bits << 48) & U(0xFFF0000000000000ull));
  return detail::select(far, V(0), detail::from_bits<V>(U(detail::to_bits(e) + exponent)));
}

}  // namespace xact::math

#endif  // XACT_MATH_EXP_TABLE_HPP
