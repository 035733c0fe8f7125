// SPDX-License-Identifier: MIT
// Smooth rectifiers with a saturating or logarithmic tail: softplus and softsign.
#ifndef XACT_ACTIVATION_SOFTPLUS_HPP
#define XACT_ACTIVATION_SOFTPLUS_HPP

#include "xact/detail/errors.hpp"
#include "xact/detail/fast_path.hpp"
#include "xact/detail/simd.hpp"
#include "xact/detail/traits.hpp"
#include "xact/math/double_word.hpp"
#include "xact/math/exp.hpp"
#include "xact/math/exp_table.hpp"
#include "xact/math/log.hpp"
#include "xact/math/logistic_fast.hpp"

#include <cmath>
#include <limits>
#include <type_traits>

namespace xact {

/// Softplus (Dugas et al. 2001; PyTorch Softplus): f(x) = log(1 + e^{beta x}) / beta, and
/// f(x) = x where beta x > threshold (PyTorch's switch to linear). Evaluated as
/// (max(y, 0) + log1p(e^{-|y|})) / beta with y = beta x split exactly: no overflow, accurate
/// tail. f'(x) = sigma(beta x), 1 above the threshold. beta = 1 (> 0), threshold = 20
/// (finite). float lanes with |beta x| <= 80 take the same formulas with the table-driven exp
/// and reciprocal-estimate corrections (math/exp_table.hpp, math::log1p_unit). f(-inf) = +0,
/// f(+inf) = +inf. NaN -> NaN.
template <class T>
struct softplus {
  static_assert(detail::is_supported_scalar_v<T>, "xact: T must be float or double");
  using value_type = T;
  static constexpr char const* name = "softplus";
  /// Rough cost of forward in additions/multiplications (Eigen's functor_traits::Cost).
  static constexpr int cost = 55;

  T beta = T(1);
  T threshold = T(20);

  void validate() const {
    detail::require_positive(name, "beta", beta);
    detail::require_finite(name, "threshold", threshold);
  }
  template <class V>
  V forward(V const& x) const noexcept {
    return detail::fast_for_float(
        x,
        [this](auto const& v) {
          using F = std::decay_t<decltype(v)>;
          auto const y = math::exact_product(F(beta), v);
          F const e = math::exp_table(detail::negative_abs(y.hi));
          F const l = math::log1p_unit(e, F(e * lower_part_of_minus_abs(y)));
          return finish_forward(v, y, l);
        },
        [this](V const& v, V const&) { return beta_x_in_fast_range(v); },
        [this](V const& v) {
          auto const y = math::exact_product(V(beta), v);
          V const l = math::log1p(
              math::mul_exp(V(1), detail::negative_abs(y.hi), lower_part_of_minus_abs(y)));
          V const r = finish_forward(v, y, l);
          // Far negative tail (beta x < -40): log1p(e) = e to well under an ULP, and e / beta is
          // formed as (1/beta) e^{beta x} rounded once (1/beta as a double word): dividing an e
          // already rounded to a subnormal would scale its rounding by 1/beta (7 ULP at
          // beta = 1/16, found by the fuzzer). Only when some lane is there: this kernel serves
          // every double batch, and the tail costs two divisions and a second exponential.
          auto const far = detail::both(y.hi < V(-40), !(y.hi > V(threshold)));
          bool any_far;
          if constexpr (detail::is_batch_v<V>) {
            any_far = xsimd::any(far);
          } else {
            any_far = far;
          }
          T const inv_hi = T(1) / beta;
          if (!any_far || !(inv_hi < T(0x1p60))) return r;  // mul_exp's multiplier range
          T const inv_lo = std::fma(-beta, inv_hi, T(1)) / beta;
          return detail::select(far, V(math::mul_exp(V(inv_hi), y.hi, y.lo, V(inv_lo))), r);
        });
  }
  template <class V>
  V operator()(V const& x) const noexcept {
    return forward(x);
  }
  template <class V>
  V derivative(V const& x) const noexcept {
    return detail::fast_for_float(
        x,
        [this](auto const& v) {
          using F = std::decay_t<decltype(v)>;
          // sigma(y) = n / (1 + e) with e = e^{-|y|} (1 + lo) to first order, n = e or 1.
          auto const y = math::exact_product(F(beta), v);
          F const e = math::exp_table(detail::negative_abs(y.hi));
          F const e_lo = e * lower_part_of_minus_abs(y);
          math::double_word<F> d = math::one_plus(e);
          d.lo = d.lo + e_lo;
          auto const negative = y.hi < F(0);
          F const s = math::dw_divide_estimate(detail::select(negative, e, F(1)), d,
                                               detail::select(negative, e_lo, F(0)));
          return detail::select(y.hi > F(threshold), F(1), s);
        },
        [this](V const& v, V const&) { return beta_x_in_fast_range(v); },
        [this](V const& v) {
          auto const y = math::exact_product(V(beta), v);
          V const e = math::mul_exp(V(1), detail::negative_abs(y.hi), lower_part_of_minus_abs(y));
          V const s = detail::select(y.hi < V(0), e, V(1)) / (V(1) + e);
          return detail::select(y.hi > V(threshold), V(1), s);
        });
  }

 private:
  /// The low part of -|y| for y = beta x as a double word.
  template <class V>
  static V lower_part_of_minus_abs(math::double_word<V> const& y) noexcept {
    return detail::select(y.hi < V(0), y.lo, detail::neg(y.lo));
  }
  /// (max(y, 0) + log1p(e^{-|y|})) / beta, and x above the threshold.
  template <class V>
  V finish_forward(V const& x, math::double_word<V> const& y, V const& l) const noexcept {
    V const r = detail::select(y.hi > V(0), V(y.hi + (y.lo + l)), l);
    // beta = 1 (the default) needs no division; one is as costly as ten multiplications.
    // (A branch, not `beta == 1 ? r : r / beta`, which GCC compiles to spills; see relu.hpp.)
    if (beta == T(1)) return detail::select(y.hi > V(threshold), x, r);
    return detail::select(y.hi > V(threshold), x, V(r / V(beta)));
  }
  /// Where the fast float forms apply: |beta x| <= 80 (e^{-|beta x|} normal; false for NaN).
  template <class V>
  auto beta_x_in_fast_range(V const& x) const noexcept {
    return detail::abs(V(V(beta) * x)) <= V(math::logistic_fast_limit);
  }
};

/// Softsign (Bergstra et al. 2009; Turian et al.): f(x) = x / (1 + |x|),
/// f'(x) = 1 / (1 + |x|)^2, from the output (1 - |y|)^2. f(+-inf) = +-1, f'(+-inf) = 0,
/// f(-0) = -0. NaN -> NaN.
template <class T>
struct softsign {
  static_assert(detail::is_supported_scalar_v<T>, "xact: T must be float or double");
  using value_type = T;
  static constexpr char const* name = "softsign";
  /// Rough cost of forward in additions/multiplications (Eigen's functor_traits::Cost).
  static constexpr int cost = 6;

  void validate() const noexcept {}
  template <class V>
  V forward(V const& x) const noexcept {
    V const ax = detail::abs(x);
    V const r = x / (V(1) + ax);
    return detail::select(ax == V(std::numeric_limits<T>::infinity()), detail::copysign(V(1), x),
                          r);
  }
  template <class V>
  V operator()(V const& x) const noexcept {
    return forward(x);
  }
  template <class V>
  V derivative(V const& x) const noexcept {
    return detail::fast_for_float(
        x, [](auto const& v) { return derivative_fast(v); },
        [](V const& v, V const&) { return detail::abs(v) < V(0x1p60f); },  // false for NaN
        [](V const& v) { return derivative_general(v); });
  }
  template <class V>
  V derivative_from_output(V const& y) const noexcept {
    V const r = V(1) - detail::abs(y);
    return r * r;
  }
  bool output_derivative_valid() const noexcept { return true; }

 private:
  /// float |x| < 2^60 on FMA architectures: 1/D with D = (1 + |x|)^2 as a double word
  /// (d = 1 + |x| exactly as d + d_lo, D = d^2 + (d^2's exact low part + 2 d d_lo)), by a
  /// reciprocal estimate and one residual step (dw_divide_estimate): ~0.5 ULP, no division.
  template <class V>
  static V derivative_fast(V const& x) noexcept {
    auto const d = math::exact_sum_finite(V(1), detail::abs(x));
    V const d2 = d.hi * d.hi;
    V const d2_lo = detail::madd(V(d.hi + d.hi), d.lo, detail::madd(d.hi, d.hi, detail::neg(d2)));
    return math::dw_divide_estimate(V(1), math::double_word<V>{d2, d2_lo});
  }
  template <class V>
  static V derivative_general(V const& x) noexcept {
    // 1 / d^2, d = 1 + |x| = d.hi + d.lo exactly, with one division: r = 1/d.hi, and
    // e = 1 - d r (the residual, exact to ~u^2) gives 1/d = r (1 + e) to first order, so
    // 1/d^2 = r^2 (1 + 2e) with r^2 split exactly: ~0.5 ulp. Where r^2 would leave the normal
    // range (|x| >= 2^60 float, 2^500 double) r * r is used: its result is tiny or subnormal
    // and two roundings are within an ulp there.
    constexpr T large = sizeof(T) == 4 ? T(0x1p60) : T(0x1p500);
    V const a = detail::abs(x);
    auto const d = math::exact_sum(V(1), a);
    V const r = V(1) / d.hi;
    auto const rd = math::exact_product(r, d.hi);
    V const e = ((V(1) - rd.hi) - rd.lo) - r * d.lo;
    auto const r2 = math::exact_product(r, r);
    V const accurate = r2.hi + detail::madd(r2.hi, V(e + e), r2.lo);
    return detail::propagate_nan(x, detail::select(a < V(large), accurate, V(r * r)));
  }
};

}  // namespace xact

#endif  // XACT_ACTIVATION_SOFTPLUS_HPP
