// SPDX-License-Identifier: MIT
// Sigmoid-shaped activations: logistic sigmoid, hard sigmoid and tanh.
#ifndef XACT_ACTIVATION_SIGMOID_HPP
#define XACT_ACTIVATION_SIGMOID_HPP

#include "xact/detail/errors.hpp"
#include "xact/detail/fast_path.hpp"
#include "xact/detail/simd.hpp"
#include "xact/detail/traits.hpp"
#include "xact/math/logistic.hpp"
#include "xact/math/logistic_fast.hpp"

#include <cmath>
#include <limits>

namespace xact {

/// Logistic sigmoid: f(x) = 1 / (1 + e^{-x}), f'(x) = f (1 - f), from the output y (1 - y).
/// Evaluated as e/(1+e) or 1/(1+e) with e = e^{-|x|} (no overflow, no cancellation); float
/// lanes with |x| <= 80 take the fast forms of math/logistic_fast.hpp (table-driven exp, a
/// reciprocal estimate), the others the general kernel. Max error: see docs/accuracy.md
/// (<= 2 ULP forward, <= 3 derivative). f(-inf) = 0, f(+inf) = 1, f'(+-inf) = 0. NaN -> NaN.
template <class T>
struct sigmoid {
  static_assert(detail::is_supported_scalar_v<T>, "xact: T must be float or double");
  using value_type = T;
  static constexpr char const* name = "sigmoid";
  /// Rough cost of forward in additions/multiplications (Eigen's functor_traits::Cost).
  static constexpr int cost = 30;

  void validate() const noexcept {}
  template <class V>
  V forward(V const& x) const noexcept {
    return detail::fast_for_float(
        x, [](auto const& v) { return math::logistic_fast(v); },
        detail::abs_at_most(math::logistic_fast_limit),
        [](V const& v) { return math::logistic(v); });
  }
  template <class V>
  V operator()(V const& x) const noexcept {
    return forward(x);
  }
  template <class V>
  V derivative(V const& x) const noexcept {
    return detail::fast_for_float(
        x, [](auto const& v) { return math::logistic_derivative_fast(v); },
        detail::abs_at_most(math::logistic_fast_limit),
        [](V const& v) { return math::logistic_derivative(v); });
  }
  template <class V>
  V derivative_from_output(V const& y) const noexcept {
    return y * (V(1) - y);
  }
  bool output_derivative_valid() const noexcept { return true; }
};

namespace detail {
/// hard_sigmoid with its kinks lo = -offset/slope and hi = lo + 1/slope precomputed.
template <class T>
struct hard_sigmoid_kernel {
  using value_type = T;
  T slope, offset, lo, hi;
  bool finite_kinks;

  template <class V>
  V forward(V const& x) const noexcept {
    // (x - lo) slope is exactly 0 at lo, and it is monotonic in x after rounding, so clamping
    // it to [0, 1] (vmaxps, vminps) gives 0 for every x <= lo and never leaves [0, 1]: two
    // operations where the tests x <= lo, x >= hi and their selects took four (two of them
    // compares, which AVX-512 runs on one port only). For a slope so small that lo or hi
    // overflow, the ramp is clamp(slope x + offset, 0, 1) and the derivative is read off it.
    if (finite_kinks) return detail::clamp_keep_nan(V((x - V(lo)) * V(slope)), T(0), T(1));
    return detail::clamp_keep_nan(detail::madd(V(slope), x, V(offset)), T(0), T(1));
  }
  template <class V>
  V derivative(V const& x) const noexcept {
    if (!finite_kinks) return derivative_from_output(forward(x));
    return detail::propagate_nan(
        x, detail::select(detail::both(x > V(lo), x < V(hi)), V(slope), V(0)));
  }
  template <class V>
  V derivative_from_output(V const& y) const noexcept {
    return detail::propagate_nan(y,
                                 detail::select(detail::both(y > V(0), y < V(1)), V(slope), V(0)));
  }
};
}  // namespace detail

/// Hard sigmoid: f(x) = clamp(slope x + offset, 0, 1), evaluated as (x - lo) slope with
/// lo = -offset/slope so that f(lo) is exactly 0. Defaults slope = 1/6, offset = 1/2 (PyTorch
/// Hardsigmoid, Keras 3); slope = 0.2 gives Keras 2. f'(x) = slope on the open interval
/// (lo, hi), hi = lo + 1/slope, and 0 elsewhere, including at the kinks (PyTorch). The kinks are
/// tested on x, never on slope x + offset (1/6 rounds down in double). slope > 0, offset finite.
template <class T>
struct hard_sigmoid {
  static_assert(detail::is_supported_scalar_v<T>, "xact: T must be float or double");
  using value_type = T;
  static constexpr char const* name = "hard_sigmoid";
  /// Rough cost of forward in additions/multiplications (Eigen's functor_traits::Cost).
  static constexpr int cost = 4;

  T slope = T(1) / T(6);
  T offset = T(0.5);

  void validate() const {
    detail::require_positive(name, "slope", slope);
    detail::require_finite(name, "offset", offset);
  }
  T lower_kink() const noexcept { return -offset / slope; }
  T upper_kink() const noexcept {
    T const hi = lower_kink() + T(1) / slope;
    return std::isnan(hi) ? std::numeric_limits<T>::infinity() : hi;  // -inf + inf
  }
  /// The kernel with the kinks computed once (two divisions); the eager and lazy loops call
  /// this once per array instead of once per batch (detail::prepared_kernel).
  detail::hard_sigmoid_kernel<T> prepared() const noexcept {
    T const lo = lower_kink(), hi = upper_kink();
    return {slope, offset, lo, hi, std::isfinite(lo) && std::isfinite(hi)};
  }

  template <class V>
  V forward(V const& x) const noexcept {
    return prepared().forward(x);
  }
  template <class V>
  V operator()(V const& x) const noexcept {
    return forward(x);
  }
  template <class V>
  V derivative(V const& x) const noexcept {
    return prepared().derivative(x);
  }
  template <class V>
  V derivative_from_output(V const& y) const noexcept {
    return prepared().derivative_from_output(y);
  }
  bool output_derivative_valid() const noexcept { return true; }
};

/// Hyperbolic tangent: f(x) = tanh x, f'(x) = 1 - tanh^2 x, from the output (1 - y)(1 + y).
/// Forward as -m/(2 + m), m = expm1(-2|x|); derivative as 4e/(1+e)^2, e = e^{-2|x|}. float:
/// an odd polynomial below |x| = 0.9 and 1 - 2/(1 + e^{2|x|}) above (math/logistic_fast.hpp)
/// for every non-NaN x; the derivative's fast form for |x| <= 40.
/// f(+-inf) = +-1, f(-0) = -0, f'(+-inf) = 0. NaN -> NaN.
template <class T>
struct tanh {
  static_assert(detail::is_supported_scalar_v<T>, "xact: T must be float or double");
  using value_type = T;
  static constexpr char const* name = "tanh";
  /// Rough cost of forward in additions/multiplications (Eigen's functor_traits::Cost).
  static constexpr int cost = 35;

  void validate() const noexcept {}
  template <class V>
  V forward(V const& x) const noexcept {
    return detail::fast_for_float(
        x, [](auto const& v) { return math::tanh_fast(v); },
        [](V const& v, V const&) { return !detail::is_nan(v); },
        [](V const& v) { return math::tanh(v); });
  }
  template <class V>
  V operator()(V const& x) const noexcept {
    return forward(x);
  }
  template <class V>
  V derivative(V const& x) const noexcept {
    return detail::fast_for_float(
        x, [](auto const& v) { return math::tanh_derivative_fast(v); },
        detail::abs_at_most(math::logistic_fast_limit / 2),
        [](V const& v) { return math::tanh_derivative(v); });
  }
  template <class V>
  V derivative_from_output(V const& y) const noexcept {
    return (V(1) - y) * (V(1) + y);
  }
  bool output_derivative_valid() const noexcept { return true; }
};

}  // namespace xact

#endif  // XACT_ACTIVATION_SIGMOID_HPP
