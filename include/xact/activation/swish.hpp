// SPDX-License-Identifier: MIT
// Self-gated activations: swish with a learnable beta, and SiLU (beta = 1).
#ifndef XACT_ACTIVATION_SWISH_HPP
#define XACT_ACTIVATION_SWISH_HPP

#include "xact/detail/errors.hpp"
#include "xact/detail/promote.hpp"
#include "xact/detail/simd.hpp"
#include "xact/detail/traits.hpp"
#include "xact/math/double_word.hpp"
#include "xact/math/logistic.hpp"

namespace xact {

/// Swish (Ramachandran, Zoph & Le 2017): f(x) = x sigma(beta x),
/// f'(x) = sigma(beta x) + beta x sigma(beta x)(1 - sigma(beta x)),
/// df/dbeta = x^2 sigma(beta x)(1 - sigma(beta x)). beta = 1 (finite; learnable, as
/// tf.nn.swish). beta x is split exactly (FMA two-product) so the far tail stays accurate.
/// Near the root of f' (beta x ~ -1.2785) the derivative has an absolute bound.
/// f(-inf) = -0, f(+inf) = +inf (beta > 0). NaN -> NaN.
template <class T>
struct swish {
  static_assert(detail::is_supported_scalar_v<T>, "xact: T must be float or double");
  using value_type = T;
  static constexpr char const* name = "swish";
  /// Rough cost of forward in additions/multiplications (Eigen's functor_traits::Cost).
  static constexpr int cost = 55;

  T beta = T(1);

  void validate() const { detail::require_finite(name, "beta", beta); }
  template <class V>
  V forward(V const& x) const noexcept {
    return math::x_logistic(x, math::exact_product(V(beta), x));
  }
  template <class V>
  V operator()(V const& x) const noexcept {
    return forward(x);
  }
  template <class V>
  V derivative(V const& x) const noexcept {
    auto const y = math::exact_product(V(beta), x);
    V const r = math::x_logistic_derivative(x, y, y);  // x y'(x) = beta x = y
    // 1 + beta x (1 - sigma) cancels around beta x ~ -1.2785: float lanes there are redone in
    // double (beta converts exactly).
    double const b = static_cast<double>(beta);
    return detail::refine_in_double(
        detail::both(y.hi > V(-4.0f), y.hi < V(-0.4f)), x, r,
        [b](auto const& xd) { return swish<double>{b}.derivative(xd); });
  }
  /// df/dbeta.
  template <class V>
  V parameter_derivative(V const& x) const noexcept {
    return math::x2_logistic_derivative(x, math::exact_product(V(beta), x));
  }
};

/// Sigmoid-weighted linear unit (Elfwing, Uchibe & Doya 2018; Hendrycks & Gimpel 2016):
/// swish with beta = 1, no learnable parameter. f(x) = x sigma(x).
template <class T>
struct silu {
  static_assert(detail::is_supported_scalar_v<T>, "xact: T must be float or double");
  using value_type = T;
  static constexpr char const* name = "silu";
  /// Rough cost of forward in additions/multiplications (Eigen's functor_traits::Cost).
  static constexpr int cost = 50;

  void validate() const noexcept {}
  template <class V>
  V forward(V const& x) const noexcept {
    return math::x_logistic(x, math::double_word<V>{x, V(0)});
  }
  template <class V>
  V operator()(V const& x) const noexcept {
    return forward(x);
  }
  template <class V>
  V derivative(V const& x) const noexcept {
    V const r = math::x_logistic_derivative(x, math::double_word<V>{x, V(0)},
                                            math::double_word<V>{x, V(0)});
    return detail::refine_in_double(detail::both(x > V(-4.0f), x < V(-0.4f)), x, r,
                                    [](auto const& xd) { return silu<double>{}.derivative(xd); });
  }
};

}  // namespace xact

#endif  // XACT_ACTIVATION_SWISH_HPP
