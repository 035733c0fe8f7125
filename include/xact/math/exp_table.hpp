// SPDX-License-Identifier: MIT
// Table-driven e^x for float, on the range where e^x is a normal number: the core
// of the fast float kernels (sigmoid, tanh, SiLU/swish). No clamping and no special
// values: callers keep their arguments in range and send other lanes to the accurate kernels.
#ifndef XACT_MATH_EXP_TABLE_HPP
#define XACT_MATH_EXP_TABLE_HPP

#include "xact/detail/simd.hpp"

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
alignas(64) inline constexpr float pow2_j16_lo[16] = {
    0.0f,            0x1.9f3122p-25f,  -0x1.c15742p-27f, 0x1.ceac48p-25f,  0x1.4636e2p-25f,
    0x1.824684p-25f, -0x1.593abcp-25f, -0x1.5bd5ecp-27f, 0x1.9fcef4p-26f,  -0x1.829fd0p-25f,
    0x1.15506ep-27f, 0x1.51f848p-27f,  -0x1.a94b14p-26f, -0x1.3d56b2p-27f, -0x1.822dbcp-27f,
    0x1.52486cp-27f};

inline constexpr float sixteen_log2e = 23.0831206542234145f;  // 16 / ln 2
// ln2/16 split as in exp.hpp (Cody & Waite): n16 * ln2_16_hi is exact for |n16| < 2^15.
inline constexpr float ln2_16_hi = 0.693359375f / 16;
inline constexpr float ln2_16_lo = -2.12194440e-4f / 16;
inline constexpr float round_magic = 12582912.0f;  // 1.5 * 2^23
// e^r = 1 + r (1 + r (c2 + c3 r)) on |r| <= 1.01 ln2/32: relative error 4.9e-9 (0.04-0.08
// ULP; scripts/fit_coefficients.py exp_table).
inline constexpr float c2 = 0.50000997139544981f;
inline constexpr float c3 = 0.16666866094121136f;

/// The pieces of e^x = 2^n (hi + tail): hi = 2^(j/16) exactly a table entry, tail =
/// lo + hi (e^r - 1) with |tail| <= 0.023 hi, and the bits that add n to a float's exponent.
template <class V>
struct pieces {
  V hi;
  V tail;
  detail::uint_t<V> exponent_bits;
};

template <class V>
inline pieces<V> split(V const& x) noexcept {
  // x * 16/ln2 + magic holds n16 = round(x * 16/ln2) in its low mantissa bits (2^22 + n16):
  // the low 4 bits are j, the bits above them n (two's complement, modulo the field).
  V const t = detail::madd(x, V(sixteen_log2e), V(round_magic));
  V const n16 = t - V(round_magic);
  auto const t_bits = detail::to_bits(t);
  V const hi = detail::table_lookup16<V>(pow2_j16_hi, t_bits);
  V const lo = detail::table_lookup16<V>(pow2_j16_lo, t_bits);
  V const r = detail::madd(n16, V(-ln2_16_lo), detail::madd(n16, V(-ln2_16_hi), x));
  V const expm1_r_over_r = detail::madd(detail::madd(V(c3), r, V(c2)), r, V(1));
  V const tail = detail::madd(V(r * hi), expm1_r_over_r, lo);
  // (t_bits >> 4) << 23, with the magic's own bits shifted out of the word.
  using U = detail::uint_t<V>;
  return {hi, tail, U((t_bits << 19) & U(0xFF800000u))};
}

template <class V>
inline V times_pow2(V const& v, detail::uint_t<V> const& exponent_bits) noexcept {
  return detail::from_bits<V>(detail::to_bits(v) + exponent_bits);
}

}  // namespace detail_exp_table

/// e^x for float x in [-87.3, 88.7] (normal results only; no clamping, no NaN handling).
/// Max error 0.61 ULP (every float in range, measured): one rounding, of hi + tail.
template <class V>
inline V exp_table(V const& x) noexcept {
  static_assert(std::is_same_v<detail::scalar_t<V>, float>, "xact: exp_table is for float");
  auto const p = detail_exp_table::split(x);
  return detail_exp_table::times_pow2(V(p.hi + p.tail), p.exponent_bits);
}

}  // namespace xact::math

#endif  // XACT_MATH_EXP_TABLE_HPP
