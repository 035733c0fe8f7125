// SPDX-License-Identifier: MIT
// Exponential linear units: ELU and SELU.
#ifndef XACT_ACTIVATION_ELU_HPP
#define XACT_ACTIVATION_ELU_HPP

#include "xact/detail/errors.hpp"
#include "xact/detail/fast_path.hpp"
#include "xact/detail/simd.hpp"
#include "xact/detail/traits.hpp"
#include "xact/math/exp.hpp"
#include "xact/math/exp_table.hpp"

#include <cmath>
#include <type_traits>

namespace xact {
namespace detail {

// scale * (x > 0 ? x : alpha expm1(x)) and its derivative scale * (x > 0 ? 1 : alpha e^x);
// from the output: y > 0 ? scale : y + scale alpha (alpha >= 0).
// float: the fast forms for every non-NaN x (forward: expm1 without its clamping, x below
// -87 taken as -87 where e^x - 1 rounds to -1) and for x >= -87 (derivative: the table-driven
// exp, which is normal there); the general kernels elsewhere and for double.
inline constexpr float elu_fast_limit = -87.0f;

template <class V, class T>
XACT_ALWAYS_INLINE V elu_forward(V const& x, T scale, T scale_alpha) noexcept {
  return detail::fast_for_float(
      x,
      [&](auto const& v) {
        using F = std::decay_t<decltype(v)>;
        F const clamped = detail::max_keep_nan(elu_fast_limit, v);
        return detail::select(v > F(0), F(v * F(scale)),
                              F(F(scale_alpha) * math::expm1_normal_range(clamped)));
      },
      [](V const& v, V const&) { return !detail::is_nan(v); },
      [&](V const& v) {
        return detail::select(v > V(0), V(v * V(scale)), V(V(scale_alpha) * math::expm1(v)));
      });
}
template <class V, class T>
XACT_ALWAYS_INLINE V elu_derivative(V const& x, T scale, T scale_alpha) noexcept {
  return detail::fast_for_float(
      x,
      [&](auto const& v) {
        using F = std::decay_t<decltype(v)>;
        return detail::select(v > F(0), F(scale), F(F(scale_alpha) * math::exp_table(v)));
      },
      [](V const& v, V const&) { return v >= V(elu_fast_limit); },
      [&](V const& v) {
        // scale alpha e^x rounded once, also where e^x alone would be subnormal (mul_exp needs
        // |multiplier| < 2^60; a larger alpha takes the plain product, whose e^x is then
        // normal wherever the result is finite and nonzero).
        V const negative = std::fabs(scale_alpha) < T(0x1p60)
                               ? math::mul_exp(V(scale_alpha), v, V(0))
                               : V(V(scale_alpha) * math::exp(v));
        return detail::select(v > V(0), V(scale), negative);
      });
}
template <class V, class T>
XACT_ALWAYS_INLINE V elu_derivative_from_output(V const& y, T scale, T scale_alpha) noexcept {
  return detail::select(y > V(0), V(scale), V(y + V(scale_alpha)));
}

}  // namespace detail

/// Exponential linear unit (Clevert, Unterthiner & Hochreiter 2016):
/// f(x) = x for x > 0 else alpha (e^x - 1); f'(x) = 1 for x > 0 else alpha e^x
/// (f'(0) = alpha, PyTorch); from the output: y > 0 ? 1 : y + alpha (needs alpha >= 0; loses
/// relative accuracy where y -> -alpha, use derivative(x) there). alpha = 1 (finite).
/// expm1 keeps small negative x exact. f(-inf) = -alpha, f(-0) = -0. NaN -> NaN.
template <class T>
struct elu {
  static_assert(detail::is_supported_scalar_v<T>, "xact: T must be float or double");
  using value_type = T;
  static constexpr char const* name = "elu";
  /// Rough cost of forward in additions/multiplications (Eigen's functor_traits::Cost).
  static constexpr int cost = 25;

  T alpha = T(1);

  void validate() const { detail::require_finite(name, "alpha", alpha); }
  template <class V>
  V forward(V const& x) const noexcept {
    return detail::elu_forward(x, T(1), alpha);
  }
  template <class V>
  V operator()(V const& x) const noexcept {
    return forward(x);
  }
  template <class V>
  V derivative(V const& x) const noexcept {
    return detail::elu_derivative(x, T(1), alpha);
  }
  template <class V>
  V derivative_from_output(V const& y) const noexcept {
    return detail::elu_derivative_from_output(y, T(1), alpha);
  }
  bool output_derivative_valid() const noexcept { return alpha >= T(0); }
};

/// Scaled ELU (Klambauer, Unterthiner, Mayr & Hochreiter 2017, "Self-Normalizing Neural
/// Networks"): f(x) = scale * elu_alpha(x) with the paper's constants to full precision.
/// f'(0) = scale alpha (PyTorch). f(-inf) = -scale alpha. NaN -> NaN.
template <class T>
struct selu {
  static_assert(detail::is_supported_scalar_v<T>, "xact: T must be float or double");
  using value_type = T;
  static constexpr char const* name = "selu";
  /// Rough cost of forward in additions/multiplications (Eigen's functor_traits::Cost).
  static constexpr int cost = 25;

  static constexpr T alpha = T(1.6732632423543772848170429916717L);
  static constexpr T scale = T(1.0507009873554804934193349852946L);
  static constexpr T scale_alpha = T(1.7580993408473768599402175208123L);  // rounded once

  void validate() const noexcept {}
  template <class V>
  V forward(V const& x) const noexcept {
    return detail::elu_forward(x, scale, scale_alpha);
  }
  template <class V>
  V operator()(V const& x) const noexcept {
    return forward(x);
  }
  template <class V>
  V derivative(V const& x) const noexcept {
    return detail::elu_derivative(x, scale, scale_alpha);
  }
  template <class V>
  V derivative_from_output(V const& y) const noexcept {
    return detail::elu_derivative_from_output(y, scale, scale_alpha);
  }
  bool output_derivative_valid() const noexcept { return true; }
};

}  // namespace xact

#endif  // XACT_ACTIVATION_ELU_HPP
