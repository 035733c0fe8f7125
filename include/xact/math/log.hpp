// SPDX-License-Identifier: MIT
// log(x) and log1p(x) over V = T or xsimd::batch<T, A>, ~1 ULP, subnormal inputs included.
#ifndef XACT_MATH_LOG_HPP
#define XACT_MATH_LOG_HPP

#include "xact/detail/simd.hpp"
#include "xact/math/double_word.hpp"
#include "xact/math/exp.hpp"
#include "xact/math/polynomial.hpp"

#include <limits>

namespace xact::math {
namespace detail_log {

template <class T>
struct constants;

template <>
struct constants<float> {
  static constexpr std::uint32_t sqrt_half_bits = 0x3F3504F3u;  // sqrt(1/2) rounded
  static constexpr std::uint32_t one_bits = 0x3F800000u;
  static constexpr std::uint32_t mantissa_mask = 0x007FFFFFu;
  static constexpr float field_magic = 8388608.0f;  // 2^23: bits(2^23) | e reads back e
  // log((1+s)/(1-s)) = 2s + s w Q(w), w = s^2, s in [0, 0.1716]; Chebyshev fit, rel. error of
  // Q 1.7e-9 (scripts/fit_coefficients.py log1p).
  static constexpr float q[] = {0.666666665544970915514f, 0.400001218398061267144f,
                                0.285508208159606632964f, 0.233304672163038362991f};
  static constexpr float tiny = 0x1p-25f;  // log1p(x) rounds to x below
  static constexpr float subnormal_scale = 0x1p24f;
};

template <>
struct constants<double> {
  static constexpr std::uint64_t sqrt_half_bits = 0x3FE6A09E667F3BCDull;
  static constexpr std::uint64_t one_bits = 0x3FF0000000000000ull;
  static constexpr std::uint64_t mantissa_mask = 0x000FFFFFFFFFFFFFull;
  static constexpr double field_magic = 4503599627370496.0;  // 2^52
  // Same form, degree 7: rel. error of Q 3e-18.
  static constexpr double q[] = {0.666666666666666664649, 0.400000000000008769827,
                                 0.285714285708036118108, 0.222222223917139174419,
                                 0.18181795640132906276,  0.153862397028146581885,
                                 0.132687731386568851847, 0.130866261478401021381};
  static constexpr double tiny = 0x1p-54;
  static constexpr double subnormal_scale = 0x1p54;
};

/// log(2^k (1 + f)) + c for u = 2^k (1 + f) > 0 given by its bits, with c a small additive
/// correction (already divided by u). k is chosen so that 1 + f is in [sqrt(1/2), sqrt(2)).
/// log(1+f) = f - (f^2/2 - s (f^2/2 + w Q(w))), s = f / (2 + f), w = s^2 (the rearrangement
/// keeps the leading term f exact; cf. Tang 1990, ACM TOMS 16(4)).
template <class V>
XACT_ALWAYS_INLINE V log_of_normal(V const& u, V const& c, V const& extra_exponent) noexcept {
  using T = detail::scalar_t<V>;
  using C = constants<T>;
  using CE = detail_exp::constants<T>;
  using U = detail::uint_t<V>;
  U const shifted = detail::to_bits(u) + U(C::one_bits - C::sqrt_half_bits);
  U const field = shifted >> CE::mantissa_bits;  // biased exponent of the adjusted u
  V const k =
      (detail::from_bits<V>(detail::to_bits(V(C::field_magic)) | field) - V(C::field_magic)) -
      V(CE::exponent_bias) + extra_exponent;
  V const m = detail::from_bits<V>((shifted & U(C::mantissa_mask)) + U(C::sqrt_half_bits));
  V const f = m - V(1);  // exact: m in [sqrt(1/2), sqrt(2))
  V const s = f / (V(2) + f);
  V const w = s * s;
  V const half_f2 = V(0.5) * f * f;
  V const r = w * horner(w, C::q);
  V const log_m = f - (half_f2 - s * (half_f2 + r));
  return detail::madd(k, V(CE::ln2_hi), log_m + detail::madd(k, V(CE::ln2_lo), c));
}

template <class V>
XACT_ALWAYS_INLINE V log_special_cases(V const& arg, V const& result) noexcept {
  using T = detail::scalar_t<V>;
  constexpr T inf = std::numeric_limits<T>::infinity();
  constexpr T nan = std::numeric_limits<T>::quiet_NaN();
  V r = detail::select(arg == V(0), V(-inf), result);
  r = detail::select(arg < V(0), V(nan), r);
  r = detail::select(arg == V(inf), V(inf), r);
  return detail::propagate_nan(arg, r);
}

}  // namespace detail_log

/// Natural logarithm. ~1 ULP; log(0) = -inf, log(x < 0) = NaN, log(inf) = inf.
template <class V>
XACT_ALWAYS_INLINE V log(V const& x) noexcept {
  using C = detail_log::constants<detail::scalar_t<V>>;
  auto const is_subnormal = x < V(std::numeric_limits<detail::scalar_t<V>>::min());
  V const scaled = detail::select(is_subnormal, x * V(C::subnormal_scale), x);
  V const extra = detail::select(
      is_subnormal, V(-detail::scalar_t<V>(sizeof(detail::scalar_t<V>) == 4 ? 24 : 54)), V(0));
  V const r = detail_log::log_of_normal(scaled, V(0), extra);
  return detail_log::log_special_cases(x, r);
}

/// log(1 + x), accurate for small x. ~1 ULP; log1p(-1) = -inf, log1p(x < -1) = NaN, keeps -0.
/// u = 1 + x is rounded; its exact error e (Fast2Sum, ordered by magnitude) enters as the
/// first-order correction e / u.
template <class V>
XACT_ALWAYS_INLINE V log1p(V const& x) noexcept {
  using C = detail_log::constants<detail::scalar_t<V>>;
  V const u = V(1) + x;
  V const err = detail::select(detail::abs(x) > V(1), V(1) - (u - x), x - (u - V(1)));
  V const r = detail_log::log_of_normal(u, err / u, V(0));
  V const result = detail_log::log_special_cases(u, r);
  return detail::select(detail::abs(x) < V(C::tiny), x, result);
}

namespace detail_log {
// log1p(e) = 2 atanh(s) = 2s (1 + w Q(w)), s = e / (2 + e), w = s^2 in [0, 1/9] for e in [0, 1]:
// degree 4, relative error 3.9e-10 (scripts/fit_coefficients.py log1p_unit).
inline constexpr float atanh_q[] = {0.33333333661987504681f, 0.19999852539504327204f,
                                    0.14296213037334131581f, 0.10852713536419283124f,
                                    0.11615127803448179542f};
}  // namespace detail_log

/// log(1 + e + e_lo) for float 0 < e <= 1 and a small correction |e_lo| <= 2^-20 e, without
/// special values (the fast softplus kernel): 2 atanh(s) with s = (e + e_lo) / (2 + e + e_lo),
/// 2 + e exact (Fast2Sum) and the quotient formed with a reciprocal estimate and one exact
/// residual correction (dw_divide_estimate): only s's last rounding and the final one reach the
/// result. No exponent split, no second quotient. Max error ~1 ULP.
template <class V>
XACT_ALWAYS_INLINE V log1p_unit(V const& e, V const& e_lo) noexcept {
  V const d = V(2) + e;
  V const d_lo = V(e - V(d - V(2))) + e_lo;  // Fast2Sum: 2 >= e
  V const s = dw_divide_estimate(e, double_word<V>{d, d_lo}, e_lo);
  V const w = s * s;
  V const two_s = s + s;
  return detail::madd(V(two_s * w), horner(w, detail_log::atanh_q), two_s);
}
}  // namespace xact::math

#endif  // XACT_MATH_LOG_HPP
