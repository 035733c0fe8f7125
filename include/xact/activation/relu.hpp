// SPDX-License-Identifier: MIT
// The rectifier family: ReLU, leaky ReLU, PReLU, RReLU (evaluation form) and clipped ReLU.
#ifndef XACT_ACTIVATION_RELU_HPP
#define XACT_ACTIVATION_RELU_HPP

#include "xact/detail/errors.hpp"
#include "xact/detail/simd.hpp"
#include "xact/detail/traits.hpp"

#include <cmath>
#include <limits>

namespace xact {
namespace detail {

// x > 0 ? x : slope x, and its derivative x > 0 ? 1 : slope (PyTorch: the slope at 0).
// Written with selects on x > 0 so NaN falls through to slope * NaN = NaN.
template <class V, class T>
XACT_ALWAYS_INLINE V leaky_forward(V const& x, T slope) noexcept {
  // A branch on the parameter, not a select between two batches: GCC turns `c ? batch :
  // batch` with a run-time c into spills and a load through a chosen address in the loop.
  if (slope != T(0)) return detail::select(x > V(0), x, V(x * V(slope)));
  // A zero slope gives the limit -0 at x = -inf (not 0 * inf = NaN).
  V const negative =
      detail::select(x == V(-std::numeric_limits<T>::infinity()), V(-0.0), V(x * V(0)));
  return detail::select(x > V(0), x, negative);
}
template <class V, class T>
XACT_ALWAYS_INLINE V leaky_derivative(V const& x, T slope) noexcept {
  return detail::propagate_nan(x, detail::select(x > V(0), V(1), V(slope)));
}

}  // namespace detail

/// Rectified linear unit (Glorot, Bordes & Bengio 2011): f(x) = max(x, 0),
/// f'(x) = 1 for x > 0 else 0 (f'(0) = 0, PyTorch). f(-0) = +0. Exact. NaN -> NaN.
template <class T>
struct relu {
  static_assert(detail::is_supported_scalar_v<T>, "xact: T must be float or double");
  using value_type = T;
  static constexpr char const* name = "relu";
  /// Rough cost of forward in additions/multiplications (Eigen's functor_traits::Cost).
  static constexpr int cost = 1;

  void validate() const noexcept {}
  template <class V>
  V forward(V const& x) const noexcept {
    return detail::select(x <= V(0), V(0), x);  // NaN compares false: stays NaN
  }
  template <class V>
  V operator()(V const& x) const noexcept {
    return forward(x);
  }
  template <class V>
  V derivative(V const& x) const noexcept {
    return detail::leaky_derivative(x, T(0));
  }
  template <class V>
  V derivative_from_output(V const& y) const noexcept {
    return detail::leaky_derivative(y, T(0));
  }
  bool output_derivative_valid() const noexcept { return true; }
};

/// Leaky ReLU (Maas, Hannun & Ng 2013): f(x) = x for x > 0 else negative_slope x;
/// f'(x) = 1 for x > 0 else negative_slope (f'(0) = negative_slope, PyTorch).
/// negative_slope = 0.01 (finite). Exact for x > 0, one rounding otherwise. f(-0) = -0.
/// derivative_from_output is exact when negative_slope >= 0.
template <class T>
struct leaky_relu {
  static_assert(detail::is_supported_scalar_v<T>, "xact: T must be float or double");
  using value_type = T;
  static constexpr char const* name = "leaky_relu";
  /// Rough cost of forward in additions/multiplications (Eigen's functor_traits::Cost).
  static constexpr int cost = 2;

  T negative_slope = T(0.01);

  void validate() const { detail::require_finite(name, "negative_slope", negative_slope); }
  template <class V>
  V forward(V const& x) const noexcept {
    return detail::leaky_forward(x, negative_slope);
  }
  template <class V>
  V operator()(V const& x) const noexcept {
    return forward(x);
  }
  template <class V>
  V derivative(V const& x) const noexcept {
    return detail::leaky_derivative(x, negative_slope);
  }
  template <class V>
  V derivative_from_output(V const& y) const noexcept {
    return detail::leaky_derivative(y, negative_slope);
  }
  bool output_derivative_valid() const noexcept { return negative_slope >= T(0); }
};

/// Parametric ReLU (He et al. 2015): leaky ReLU with a learnable slope alpha = 0.25 (PyTorch
/// init). df/dalpha = 0 for x > 0 else x. For one alpha per channel see eigen/prelu.hpp.
template <class T>
struct prelu {
  static_assert(detail::is_supported_scalar_v<T>, "xact: T must be float or double");
  using value_type = T;
  static constexpr char const* name = "prelu";
  /// Rough cost of forward in additions/multiplications (Eigen's functor_traits::Cost).
  static constexpr int cost = 2;

  T alpha = T(0.25);

  void validate() const { detail::require_finite(name, "alpha", alpha); }
  template <class V>
  V forward(V const& x) const noexcept {
    return detail::leaky_forward(x, alpha);
  }
  template <class V>
  V operator()(V const& x) const noexcept {
    return forward(x);
  }
  template <class V>
  V derivative(V const& x) const noexcept {
    return detail::leaky_derivative(x, alpha);
  }
  template <class V>
  V derivative_from_output(V const& y) const noexcept {
    return detail::leaky_derivative(y, alpha);
  }
  /// df/dalpha.
  template <class V>
  V parameter_derivative(V const& x) const noexcept {
    return detail::select(x > V(0), V(0), x);
  }
  bool output_derivative_valid() const noexcept { return alpha >= T(0); }
};

/// Randomized leaky ReLU (Xu et al. 2015), evaluation form: leaky ReLU with the mean slope
/// (lower + upper) / 2, as PyTorch in eval mode. Defaults lower = 1/8, upper = 1/3,
/// 0 <= lower <= upper, finite. Training mode (a random slope per element, drawn from a
/// caller-seeded generator) is in eigen/rrelu.hpp.
template <class T>
struct rrelu {
  static_assert(detail::is_supported_scalar_v<T>, "xact: T must be float or double");
  using value_type = T;
  static constexpr char const* name = "rrelu";
  /// Rough cost of forward in additions/multiplications (Eigen's functor_traits::Cost).
  static constexpr int cost = 2;

  T lower = T(1) / T(8);
  T upper = T(1) / T(3);

  void validate() const {
    detail::require_finite(name, "lower", lower);
    detail::require_finite(name, "upper", upper);
    if (!(lower >= T(0))) detail::throw_invalid_parameter(name, "lower", ">= 0", lower);
    if (!(upper >= lower)) detail::throw_invalid_parameter(name, "upper", ">= lower", upper);
  }
  /// (lower + upper) / 2, without overflow for bounds near the largest finite value.
  T slope() const noexcept {
    T const sum = lower + upper;
    return std::isfinite(sum) ? sum / T(2) : lower / T(2) + upper / T(2);
  }
  /// Evaluation mode is leaky ReLU with the mean slope, computed once per array by the loops.
  leaky_relu<T> prepared() const noexcept { return {slope()}; }
  template <class V>
  V forward(V const& x) const noexcept {
    return detail::leaky_forward(x, slope());
  }
  template <class V>
  V operator()(V const& x) const noexcept {
    return forward(x);
  }
  template <class V>
  V derivative(V const& x) const noexcept {
    return detail::leaky_derivative(x, slope());
  }
  template <class V>
  V derivative_from_output(V const& y) const noexcept {
    return detail::leaky_derivative(y, slope());
  }
  bool output_derivative_valid() const noexcept { return slope() >= T(0); }
};

/// Clipped ReLU (ReLU6 for the default; Krizhevsky 2010): f(x) = min(max(x, 0), ceiling),
/// f'(x) = 1 on the open interval (0, ceiling), else 0 (PyTorch hardtanh convention at the
/// kinks). ceiling = 6, finite and > 0. Exact. f(-0) = +0. NaN -> NaN.
template <class T>
struct clipped_relu {
  static_assert(detail::is_supported_scalar_v<T>, "xact: T must be float or double");
  using value_type = T;
  static constexpr char const* name = "clipped_relu";
  /// Rough cost of forward in additions/multiplications (Eigen's functor_traits::Cost).
  static constexpr int cost = 2;

  T ceiling = T(6);

  void validate() const { detail::require_positive(name, "ceiling", ceiling); }
  template <class V>
  V forward(V const& x) const noexcept {
    return detail::min_keep_nan(ceiling, detail::select(x <= V(0), V(0), x));
  }
  template <class V>
  V operator()(V const& x) const noexcept {
    return forward(x);
  }
  template <class V>
  V derivative(V const& x) const noexcept {
    return detail::propagate_nan(
        x, detail::select(detail::both(x > V(0), x < V(ceiling)), V(1), V(0)));
  }
  template <class V>
  V derivative_from_output(V const& y) const noexcept {
    return derivative(y);
  }
  bool output_derivative_valid() const noexcept { return true; }
};

}  // namespace xact

#endif  // XACT_ACTIVATION_RELU_HPP
