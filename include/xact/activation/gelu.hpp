// SPDX-License-Identifier: MIT
// Gaussian error linear units: exact (erf) GELU and its tanh approximation.
#ifndef XACT_ACTIVATION_GELU_HPP
#define XACT_ACTIVATION_GELU_HPP

#include "xact/detail/fast_path.hpp"
#include "xact/detail/promote.hpp"
#include "xact/detail/simd.hpp"
#include "xact/detail/traits.hpp"
#include "xact/math/double_word.hpp"
#include "xact/math/erf.hpp"
#include "xact/math/exp_table.hpp"
#include "xact/math/logistic.hpp"
#include "xact/math/logistic_fast.hpp"
#include "xact/math/normal_fast.hpp"

#include <limits>
#include <type_traits>

namespace xact {
namespace detail {

template <class T>
struct gelu_constants;
template <>
struct gelu_constants<float> {
  static constexpr float minus_inv_sqrt2_hi = -7.071067691e-01f;  // -1/sqrt(2) = hi + lo
  static constexpr float minus_inv_sqrt2_lo = -1.210161749e-08f;
  static constexpr float inv_sqrt_2pi = 3.989422917e-01f;  // 1/sqrt(2 pi) = hi + lo
  static constexpr float inv_sqrt_2pi_lo = -1.133517014e-08f;
  static constexpr float saturation = 14.8f;  // |x| beyond: f = x or -0, f' = 1 or 0
  // GELU-tanh: 2u(x) = x (a + b x^2), a = 2 sqrt(2/pi), b = 0.044715 a (double words).
  static constexpr float a_hi = 1.595769167e+00f, a_lo = -4.534068054e-08f;
  static constexpr float b_hi = 7.135481387e-02f, b_lo = 2.398832466e-09f;
  static constexpr float three_b_hi = 2.140644491e-01f, three_b_lo = -2.540834210e-10f;  // 3 b
  static constexpr float tanh_clamp = 30.0f;  // |2u(30)| > 1900: sigma is 0 or 1
};
template <>
struct gelu_constants<double> {
  static constexpr double minus_inv_sqrt2_hi = -0.7071067811865476;
  static constexpr double minus_inv_sqrt2_lo = 4.833646656726457e-17;
  static constexpr double inv_sqrt_2pi = 0.3989422804014327;
  static constexpr double inv_sqrt_2pi_lo = -2.49232720227773e-17;
  static constexpr double saturation = 38.8;
  static constexpr double a_hi = 1.5957691216057308, a_lo = -9.96930880911092e-17;
  static constexpr double b_hi = 0.07135481627260025, b_lo = -6.175149918155315e-19;
  static constexpr double three_b_hi = 0.21406444881780073, three_b_lo = 1.2025242832367862e-17;
  static constexpr double tanh_clamp = 30.0;
};

/// z = -x / sqrt(2) as an exact-to-u^2 double word.
template <class V>
XACT_ALWAYS_INLINE math::double_word<V> gelu_erfc_argument(V const& x) noexcept {
  using C = gelu_constants<scalar_t<V>>;
  return math::times_constant(
      x, math::double_word<V>{V(C::minus_inv_sqrt2_hi), V(C::minus_inv_sqrt2_lo)});
}

/// a + c x^2 as a double word (x^2 exact, c a double-word constant): the polynomial factor of
/// 2u(x) (c = b) and of its slope 2u'(x) (c = 3b).
template <class V, class T>
XACT_ALWAYS_INLINE math::double_word<V> gelu_tanh_a_plus(T c_hi, T c_lo, V const& x) noexcept {
  using C = gelu_constants<scalar_t<V>>;
  math::double_word<V> const cx2 =
      math::dw_multiply(math::double_word<V>{V(c_hi), V(c_lo)}, math::exact_product(x, x));
  math::double_word<V> sum = math::exact_sum(V(C::a_hi), cx2.hi);
  sum.lo = sum.lo + (V(C::a_lo) + cx2.lo);
  return sum;
}

/// 2u(x) = x (a + b x^2) as a double word, x clamped where sigma(2u) is already 0 or 1.
template <class V>
XACT_ALWAYS_INLINE math::double_word<V> gelu_tanh_argument(V const& x) noexcept {
  using C = gelu_constants<scalar_t<V>>;
  V const xc = clamp_keep_nan(x, -C::tanh_clamp, C::tanh_clamp);
  return math::dw_multiply(math::double_word<V>{xc, V(0)}, gelu_tanh_a_plus(C::b_hi, C::b_lo, xc));
}

/// x 2u'(x) = x (a + 3 b x^2) as a double word (the slope taken at the clamped x, as 2u is): in
/// the negative tail of gelu_tanh' this product is the whole multiplier of the exponential,
/// so its rounding would reach the result (3.5 ULP in double when rounded word by word).
template <class V>
XACT_ALWAYS_INLINE math::double_word<V> gelu_tanh_x_slope(V const& x) noexcept {
  using C = gelu_constants<scalar_t<V>>;
  V const xc = clamp_keep_nan(x, -C::tanh_clamp, C::tanh_clamp);
  math::double_word<V> const slope = gelu_tanh_a_plus(C::three_b_hi, C::three_b_lo, xc);
  math::double_word<V> const x_slope = math::dw_multiply(math::double_word<V>{x, V(0)}, slope);
  // x = +-inf, or x slope beyond the largest finite value: the product is +-inf, no low part.
  V const rounded = x * slope.hi;
  auto const infinite = detail::abs(rounded) == V(std::numeric_limits<scalar_t<V>>::infinity());
  return {detail::select(infinite, rounded, x_slope.hi),
          detail::select(infinite, V(0), x_slope.lo)};
}

/// The float kernels of GELU-tanh, evaluated in double (detail/promote.hpp), as swish's are:
/// 2u(x) = x (a + b x^2) and x 2u'(x) = x (a + 3 b x^2) round at ~2^-52 relative, which costs
/// |2u| 2^-52 of e^{-|2u|} (under 2^-37 where the float result is not 0).
/// 2u(x) = x (a + b x^2) as a double word for float, with the magnitudes known (a > 0,
/// b x^2 >= 0, |x| small enough that nothing overflows: the fast range): x^2 and b x^2 exact to
/// ~u^2, a + b x^2 by Fast2Sum of the larger and the smaller term. Relative error ~2^-44, so
/// that e^{-2u} stays within 0.01 ULP at |2u| = 80. With c = 3b: x 2u'(x) = x (a + 3b x^2).
template <class V>
XACT_ALWAYS_INLINE math::double_word<V> gelu_tanh_argument_fast(
    V const& x, float c_hi = gelu_constants<float>::b_hi,
    float c_lo = gelu_constants<float>::b_lo) noexcept {
  using C = gelu_constants<float>;
  V const x2 = x * x;
  V const x2_lo = detail::madd(x, x, detail::neg(x2));
  V const p = V(c_hi) * x2;
  V const p_lo =
      detail::madd(V(c_hi), x2, detail::neg(p)) + detail::madd(V(c_hi), x2_lo, V(V(c_lo) * x2));
  auto const p_larger = p > V(C::a_hi);
  V const big = detail::select(p_larger, p, V(C::a_hi));
  V const small = detail::select(p_larger, V(C::a_hi), p);
  V const s = big + small;
  V const s_lo = V(small - V(s - big)) + V(p_lo + V(C::a_lo));
  V const y = x * s;
  return {y, V(detail::madd(x, s, detail::neg(y)) + x * s_lo)};
}

struct gelu_tanh_in_double {
  template <class D>
  static D argument(D const& x) noexcept {
    using C = gelu_constants<double>;
    return x * detail::madd(D(C::b_hi), D(x * x), D(C::a_hi));
  }
  template <class D>
  static D forward(D const& x) noexcept {
    return x * math::logistic_and_complement(argument(x)).sigma;
  }
  /// sigma(2u) (1 + x 2u'(x) (1 - sigma(2u))).
  template <class D>
  static D derivative(D const& x) noexcept {
    using C = gelu_constants<double>;
    D const x_slope = x * detail::madd(D(C::three_b_hi), D(x * x), D(C::a_hi));
    auto const p = math::logistic_and_complement(argument(x));
    return p.sigma * detail::madd(x_slope, p.complement, D(1));
  }
};

/// The general float kernels of exact GELU (the lanes math/normal_fast.hpp does not serve:
/// |x| > 12, |x| < 2^-90), evaluated in double (detail/promote.hpp) with the erfc fits
/// of math/erf.hpp in plain double arithmetic. The forward pass uses the fits made for float
/// (relative error <= 1.4e-9: <= 0.03 ULP before the final rounding) and the 2^-36 table exp of
/// math/exp_table.hpp; the derivative uses the
/// double fits where Phi + x phi cancels (|z| < 2.5, root at x ~ -0.7518), so that it too
/// rounds to float within ~0.5 ULP. x^2 / 2 is exact for a float x, so e^{-x^2/2} carries only
/// exp's own rounding.
struct gelu_in_double {
  template <class D>
  struct cdf_pdf {
    D cdf;  // Phi(x)
    D pdf;  // phi(x)
  };

  template <bool precise, class D>
  static cdf_pdf<D> normal(D const& x) noexcept {
    using F = math::detail_erf::constants<float>;   // fits for float results
    using P = math::detail_erf::constants<double>;  // fits to ~1e-18
    using G = gelu_constants<double>;
    D const z = x * D(G::minus_inv_sqrt2_hi);  // Phi(x) = erfc(z) / 2
    D const a = detail::abs(z);
    // e^{-z^2} = e^{-x^2/2} (x^2/2 exact): the forward pass needs 2^-36 (a sum without
    // cancellation), the derivative full double accuracy (Phi + x phi cancels near its root).
    D const minus_half_x2 = -(x * x) * D(0.5);
    D const gauss = precise ? math::exp_normal_or_zero(minus_half_x2)
                            : math::exp_for_float_results(minus_half_x2);
    // |z| < 0.5: erfc(z) = 1 - z P(z^2). Else erfc(|z|) = e^{-z^2} t S(t), t = 1 / (1 + |z|),
    // S in two pieces (near: variable t - 0.4375), reflected as 2 - erfc(|z|) for z < 0. The
    // far piece's float fit is enough: beyond |z| = 2.5 the derivative no longer cancels.
    D const ac = detail::select(a < D(F::tail_limit), a, D(F::tail_limit));
    D const t = D(1) / (D(1) + ac);
    D const w = z * z, near_v = t - D(F::near_shift);
    // Horner, not Estrin, in the forward pass: fewer operations, and the OoO core overlaps
    // the independent chains of a batch pair.
    D erf_over_z, s;
    if constexpr (precise) {
      erf_over_z = math::estrin(w, P::p);
      s = detail::select(ac < D(F::split), D(math::estrin(near_v, P::r_near)),
                         D(math::estrin(t, F::r_far)));
    } else {
      // One Horner loop over both tail pieces, each lane with its piece's variable and
      // coefficients (the selects run beside the multiply-adds, on another port).
      erf_over_z = math::horner(w, F::p);
      auto const near = ac < D(F::split);
      D const v = detail::select(near, near_v, t);
      constexpr std::size_t n = sizeof(F::r_near) / sizeof(F::r_near[0]);
      static_assert(n == sizeof(F::r_far) / sizeof(F::r_far[0]), "one degree for both pieces");
      s = detail::select(near, D(F::r_near[n - 1]), D(F::r_far[n - 1]));
      for (std::size_t k = n - 1; k-- > 0;)
        s = detail::madd(s, v, detail::select(near, D(F::r_near[k]), D(F::r_far[k])));
    }
    D const tail = gauss * (t * s);
    D const erfc = detail::select(a < D(F::small_limit), D(D(1) - z * erf_over_z),
                                  detail::select(z < D(0), D(D(2) - tail), tail));
    return {erfc * D(0.5), gauss * D(G::inv_sqrt_2pi)};
  }
  template <class D>
  static D forward(D const& x) noexcept {
    return x * normal<false>(x).cdf;
  }
  template <class D>
  static D derivative(D const& x) noexcept {
    auto const n = normal<true>(x);
    return detail::madd(x, n.pdf, n.cdf);
  }
};

}  // namespace detail

/// Gaussian error linear unit, exact form (Hendrycks & Gimpel 2016):
/// f(x) = x Phi(x) = (x/2) erfc(-x/sqrt 2), f'(x) = Phi(x) + x phi(x).
/// -x/sqrt 2 is carried as a double word and the Gaussian tail is rounded once, so the far
/// negative tail keeps full relative accuracy down to subnormal results (peers lose 60-1600 ULP
/// there). float: f and f' take the fast forms of math/normal_fast.hpp for |x| <= 12 (a
/// scaled Mills ratio and the table-driven exp, double words throughout, a local expansion at
/// the root of f' at x ~ -0.7518: 0.90 and 1.43 ULP measured); the other finite lanes are
/// evaluated in double and rounded once (about 0.5 ULP). The double derivative has an
/// absolute, not relative, bound near that root.
/// f(-inf) = -0, f(+inf) = +inf, f'(-inf) = 0, f'(+inf) = 1, f(-0) = -0. NaN -> NaN.
template <class T>
struct gelu {
  static_assert(detail::is_supported_scalar_v<T>, "xact: T must be float or double");
  using value_type = T;
  static constexpr char const* name = "gelu";
  /// Rough cost of forward in additions/multiplications (Eigen's functor_traits::Cost).
  static constexpr int cost = 80;

  void validate() const noexcept {}
  template <class V>
  V forward(V const& x) const noexcept {
    return detail::fast_for_float(
        x, [](auto const& v) { return math::x_normal_cdf_fast(v); },
        [](V const& v, V const&) { return math::x_normal_cdf_fast_usable(v); },
        [](V const& v) {
          return detail::in_double_for_float(
              v, [](auto const& xd) { return detail::gelu_in_double::forward(xd); },
              [](V const& u) { return forward_in_t(u); });
        });
  }
  template <class V>
  V operator()(V const& x) const noexcept {
    return forward(x);
  }
  template <class V>
  V derivative(V const& x) const noexcept {
    return detail::fast_for_float(
        x, [](auto const& v) { return math::x_normal_cdf_derivative_fast(v); },
        detail::abs_at_most(math::detail_normal_fast::limit),
        [](V const& v) {
          return detail::in_double_for_float(
              v, [](auto const& xd) { return detail::gelu_in_double::derivative(xd); },
              [](V const& u) { return derivative_in_t(u); });
        });
  }

 private:
  // The kernels in T itself: double's, and float's at +-inf and NaN (their limits).
  template <class V>
  static V forward_in_t(V const& x) noexcept {
    using C = detail::gelu_constants<T>;
    V const r = math::erfc_times(V(x * V(0.5)), detail::gelu_erfc_argument(x));
    V const saturated = detail::select(x > V(0), x, V(-0.0));
    // 1 - erf and the tail ratio as double words and the exponential's multiplier folded in
    // exactly: ~1.5 ULP in double down to subnormal results.
    return detail::select(detail::abs(x) > V(C::saturation), saturated, r);
  }
  template <class V>
  static V derivative_in_t(V const& x) noexcept {
    using C = detail::gelu_constants<T>;
    // With E = e^{-x^2/2} (rounded once at the end by mul_exp):
    //   |z| < 0.5:        Phi + x phi = small/2 + x/sqrt(2 pi) E
    //   x < 0 (tail):     E (R/2 + x/sqrt(2 pi))
    //   x > 0 (tail):     1 + E (x/sqrt(2 pi) - R/2)
    // The multiplier of E is carried as a double word (x / sqrt(2 pi) and R/2 both split), so
    // that near the root only the cancellation itself costs accuracy.
    auto const p = math::erfc_decompose(detail::gelu_erfc_argument(x));
    auto const x_c =
        math::times_constant(x, math::double_word<V>{V(C::inv_sqrt_2pi), V(C::inv_sqrt_2pi_lo)});
    V const sign = detail::select(p.use_small, V(0), detail::select(p.reflect, V(-0.5), V(0.5)));
    auto m = math::exact_sum(x_c.hi, V(p.ratio * sign));
    m.lo = m.lo + detail::madd(p.ratio_lo, sign, x_c.lo);
    V const e = math::mul_exp(m.hi, p.exp_hi, p.exp_lo, m.lo);
    auto const near_zero = math::exact_sum(V(p.small * V(0.5)), e);  // Phi + x phi, |z| < 0.5
    V const r = detail::select(p.use_small,
                               V(near_zero.hi + detail::madd(p.small_lo, V(0.5), near_zero.lo)),
                               detail::select(p.reflect, V(V(1) + e), e));
    V const saturated = detail::select(x > V(0), V(1), V(0));
    return detail::select(detail::abs(x) > V(C::saturation), saturated, r);
  }
};

/// GELU, tanh approximation (Hendrycks & Gimpel 2016; PyTorch approximate='tanh'):
/// f(x) = (x/2) (1 + tanh u), u = sqrt(2/pi) (x + 0.044715 x^3), evaluated as x sigma(2u) with
/// 2u carried as a double word; f'(x) = sigma(2u) + x 2u'(x) sigma(2u)(1 - sigma(2u)),
/// 2u'(x) = a + 3 b x^2. No x^3 overflow (x is clamped where sigma saturates). float: the
/// forward pass and the derivative take math::x_logistic_fast / x_logistic_derivative_fast with
/// 2u and x 2u' as lean double words (gelu_tanh_argument_fast) for |x| <= 9.6 (|2u| <= 80), the
/// derivative outside its root zone (x ~ -0.75); every other finite lane is evaluated in double
/// and rounded once (about 0.5 ULP).
/// f(-inf) = -0, f(+inf) = +inf, f'(-inf) = 0, f'(+inf) = 1. NaN -> NaN.
template <class T>
struct gelu_tanh {
  static_assert(detail::is_supported_scalar_v<T>, "xact: T must be float or double");
  using value_type = T;
  static constexpr char const* name = "gelu_tanh";
  /// Rough cost of forward in additions/multiplications (Eigen's functor_traits::Cost).
  static constexpr int cost = 60;

  void validate() const noexcept {}
  template <class V>
  V forward(V const& x) const noexcept {
    return detail::fast_for_float(
        x,
        [](auto const& v) { return math::x_logistic_fast(v, detail::gelu_tanh_argument_fast(v)); },
        [](V const& v, V const&) {
          // |x| <= 9.6 gives |2u| <= 78.5 (the range of x_logistic_fast; false for NaN)
          V const a = detail::abs(v);
          return detail::both(a <= V(T(9.6)), a >= V(T(0x1p-100)) || a == V(0));
        },
        [](V const& v) {
          return detail::in_double_for_float(
              v, [](auto const& xd) { return detail::gelu_tanh_in_double::forward(xd); },
              [](V const& u) { return forward_in_t(u); });
        });
  }
  template <class V>
  V operator()(V const& x) const noexcept {
    return forward(x);
  }
  template <class V>
  V derivative(V const& x) const noexcept {
    if constexpr (std::is_same_v<detail::scalar_t<V>, double>) {
      // |x| <= 20 keeps |2u| <= 604, where e^{-|2u|} is a normal double (false for NaN).
      return detail::fast_or_accurate(
          x,
          [](V const& v) {
            return math::x_logistic_derivative_common(detail::gelu_tanh_x_slope(v),
                                                      detail::gelu_tanh_argument(v));
          },
          detail::abs_at_most(20.0f), [](V const& v) { return derivative_in_t(v); });
    }
    using C = detail::gelu_constants<float>;
    return detail::fast_for_float(
        x,
        [](auto const& v) {
          return math::x_logistic_derivative_fast(
              detail::gelu_tanh_argument_fast(v, C::three_b_hi, C::three_b_lo),
              detail::gelu_tanh_argument_fast(v));
        },
        [](V const& v, V const& r) {
          return detail::both(detail::abs(v) <= V(T(9.6)), !detail::is_nan(r));
        },
        [](V const& v) {
          return detail::in_double_for_float(
              v, [](auto const& xd) { return detail::gelu_tanh_in_double::derivative(xd); },
              [](V const& u) { return derivative_in_t(u); });
        });
  }

 private:
  // The kernels in T itself: double's, and float's at +-inf and NaN (their limits).
  template <class V>
  static V forward_in_t(V const& x) noexcept {
    return math::x_logistic(x, detail::gelu_tanh_argument(x));
  }
  template <class V>
  static V derivative_in_t(V const& x) noexcept {
    return math::x_logistic_derivative(x, detail::gelu_tanh_x_slope(x),
                                       detail::gelu_tanh_argument(x));
  }
};

}  // namespace xact

#endif  // XACT_ACTIVATION_GELU_HPP
