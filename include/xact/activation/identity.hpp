// SPDX-License-Identifier: MIT
// Affine and step activations: linear (identity by default) and binary step.
#ifndef XACT_ACTIVATION_IDENTITY_HPP
#define XACT_ACTIVATION_IDENTITY_HPP

#include "xact/detail/errors.hpp"
#include "xact/detail/simd.hpp"
#include "xact/detail/traits.hpp"
#include "xact/math/double_word.hpp"

#include <limits>

namespace xact {

/// Linear (identity for the defaults): f(x) = slope x + offset, f'(x) = slope.
/// Parameters: slope = 1, offset = 0 (both finite). Keras "linear"; tf.identity.
/// Error: one rounding (<= 0.5 ULP) with FMA; without FMA an exact product and sum (~0.5 ULP).
/// Exact for the defaults. f(-0) = +0 (x + 0). NaN -> NaN.
template <class T>
struct linear {
  static_assert(detail::is_supported_scalar_v<T>, "xact: T must be float or double");
  using value_type = T;
  static constexpr char const* name = "linear";
  /// Rough cost of forward in additions/multiplications (Eigen's functor_traits::Cost).
  static constexpr int cost = 2;

  T slope = T(1);
  T offset = T(0);

  void validate() const {
    detail::require_finite(name, "slope", slope);
    detail::require_finite(name, "offset", offset);
  }
  template <class V>
  V forward(V const& x) const noexcept {
    if constexpr (detail::fused_fma_v<V>) {
      return detail::madd(V(slope), x, V(offset));  // one rounding
    } else {
      // Without FMA: exact product (Dekker) and exact sum, so the result near the root of
      // slope x + offset does not inherit the product's rounding.
      auto const p = math::exact_product(V(slope), x);
      auto const s = math::exact_sum(p.hi, V(offset));
      V const r = s.hi + (s.lo + p.lo);
      return detail::select(detail::abs(p.hi) < V(std::numeric_limits<T>::infinity()), r,
                            V(p.hi + V(offset)));
    }
  }
  template <class V>
  V operator()(V const& x) const noexcept {
    return forward(x);
  }
  template <class V>
  V derivative(V const& x) const noexcept {
    return detail::propagate_nan(x, V(slope));
  }
  template <class V>
  V derivative_from_output(V const& y) const noexcept {
    return detail::propagate_nan(y, V(slope));
  }
  bool output_derivative_valid() const noexcept { return true; }
};

/// Binary (Heaviside) step: f(x) = 1 if x > threshold else 0; f'(x) = 0 (PyTorch's autograd
/// convention for torch.heaviside-like steps: no gradient). threshold = 0 (not NaN).
/// Exact. NaN -> NaN for f and f'.
template <class T>
struct binary_step {
  static_assert(detail::is_supported_scalar_v<T>, "xact: T must be float or double");
  using value_type = T;
  static constexpr char const* name = "binary_step";
  /// Rough cost of forward in additions/multiplications (Eigen's functor_traits::Cost).
  static constexpr int cost = 2;

  T threshold = T(0);

  void validate() const { detail::require_not_nan(name, "threshold", threshold); }
  template <class V>
  V forward(V const& x) const noexcept {
    return detail::propagate_nan(x, detail::select(x > V(threshold), V(1), V(0)));
  }
  template <class V>
  V operator()(V const& x) const noexcept {
    return forward(x);
  }
  template <class V>
  V derivative(V const& x) const noexcept {
    return detail::propagate_nan(x, V(0));
  }
  template <class V>
  V derivative_from_output(V const& y) const noexcept {
    return detail::propagate_nan(y, V(0));
  }
  bool output_derivative_valid() const noexcept { return true; }
};

}  // namespace xact

#endif  // XACT_ACTIVATION_IDENTITY_HPP
