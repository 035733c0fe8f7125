// SPDX-License-Identifier: MIT
// Self-gated activations: swish with a learnable beta, and SiLU (beta = 1).
#ifndef XACT_ACTIVATION_SWISH_HPP
#define XACT_ACTIVATION_SWISH_HPP

#include "xact/detail/errors.hpp"
#include "xact/detail/fast_path.hpp"
#include "xact/detail/promote.hpp"
#include "xact/detail/simd.hpp"
#include "xact/detail/traits.hpp"
#include "xact/math/double_word.hpp"
#include "xact/math/logistic.hpp"
#include "xact/math/logistic_fast.hpp"

#include <type_traits>

namespace xact {

namespace detail {

/// The general float kernels of x sigma(beta x) (the lanes the fast forms of
/// math/logistic_fast.hpp do not serve, and df/dbeta), evaluated in double: beta x is
/// exact there (a product of two floats has at most 48 significant bits), sigma and 1 - sigma
/// both keep full relative accuracy, and the only cancellation (1 + y (1 - sigma) near
/// y = -1.2785) is then harmless; each result is rounded to float once.
struct swish_in_double {
  double beta;

  template <class D>
  D forward(D const& x) const noexcept {
    return x * math::logistic_and_complement(D(D(beta) * x)).sigma;
  }
  /// sigma(y) (1 + y (1 - sigma(y))), y = beta x.
  template <class D>
  D derivative(D const& x) const noexcept {
    D const y = D(beta) * x;
    auto const p = math::logistic_and_complement(y);
    return p.sigma * detail::madd(y, p.complement, D(1));
  }
  /// x^2 sigma(y) (1 - sigma(y)); x^2 is exact.
  template <class D>
  D parameter_derivative(D const& x) const noexcept {
    auto const p = math::logistic_and_complement(D(D(beta) * x));
    return (x * x) * (p.sigma * p.complement);
  }
};

}  // namespace detail

template <class T>
struct silu;

/// Swish (Ramachandran, Zoph & Le 2017): f(x) = x sigma(beta x),
/// f'(x) = sigma(beta x) + beta x sigma(beta x)(1 - sigma(beta x)),
/// df/dbeta = x^2 sigma(beta x)(1 - sigma(beta x)). beta = 1 (finite; learnable, as
/// tf.nn.swish). float: f and f' take math::x_logistic_fast / x_logistic_derivative_fast
/// (table-driven exp, a reciprocal estimate; <= 1.5 / 1.9 ULP) for |beta x| <= 80, f' outside
/// its root zone; every other finite lane, and df/dbeta, are evaluated in double and rounded once
/// (about 0.5 ULP, the root zone of f' included). double: beta x is split exactly (FMA two-product)
/// so the far tail stays accurate; near the root of f' (beta x ~ -1.2785) the double derivative has
/// an absolute bound. f(-inf) = -0, f(+inf) = +inf (beta > 0). NaN -> NaN.
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
    // beta = 1 (the default) is SiLU: its kernels skip the double word beta x (same results).
    if (beta == T(1)) return silu<T>{}.forward(x);
    return forward_general(x);
  }
  template <class V>
  V operator()(V const& x) const noexcept {
    return forward(x);
  }
  template <class V>
  V derivative(V const& x) const noexcept {
    if (beta == T(1)) return silu<T>{}.derivative(x);
    return derivative_general(x);
  }
  /// df/dbeta.
  template <class V>
  V parameter_derivative(V const& x) const noexcept {
    return detail::in_double_for_float(
        x, [k = in_double()](auto const& xd) { return k.parameter_derivative(xd); },
        [this](V const& v) { return parameter_derivative_in_t(v); });
  }
  /// The eager loops' kernel (detail::with_loop_kernel): SiLU's for beta = 1, chosen once per
  /// array, so that neither loop carries the other kernel's constants.
  template <class Run>
  void with_loop_kernel(Run&& run) const {
    if (beta == T(1)) {
      run(silu<T>{});
    } else {
      run(general_kernel{*this});
    }
  }

 private:
  /// swish without the beta = 1 dispatch (what with_loop_kernel runs for other betas).
  struct general_kernel {
    using value_type = T;
    swish f;
    template <class V>
    V forward(V const& x) const noexcept {
      return f.forward_general(x);
    }
    template <class V>
    V derivative(V const& x) const noexcept {
      return f.derivative_general(x);
    }
  };

  template <class V>
  V forward_general(V const& x) const noexcept {
    return detail::fast_for_float(
        x,
        [this](auto const& v) {
          using F = std::decay_t<decltype(v)>;
          return math::x_logistic_fast(v, math::exact_product(F(beta), v));
        },
        [this](V const& v, V const&) { return math::x_logistic_fast_usable(v, V(V(beta) * v)); },
        [this](V const& v) {
          return detail::in_double_for_float(
              v, [k = in_double()](auto const& xd) { return k.forward(xd); },
              [this](V const& u) { return forward_in_t(u); });
        });
  }
  template <class V>
  V derivative_general(V const& x) const noexcept {
    return detail::fast_for_float(
        x,
        [this](auto const& v) {
          using F = std::decay_t<decltype(v)>;
          auto const y = math::exact_product(F(beta), v);
          return math::x_logistic_derivative_fast(y, y);  // x y'(x) = beta x = y
        },
        [this](V const& v, V const& r) {
          return detail::both(math::x_logistic_fast_usable(v, V(V(beta) * v)), !detail::is_nan(r));
        },
        [this](V const& v) {
          return detail::in_double_for_float(
              v, [k = in_double()](auto const& xd) { return k.derivative(xd); },
              [this](V const& u) { return derivative_in_t(u); });
        });
  }
  detail::swish_in_double in_double() const noexcept { return {static_cast<double>(beta)}; }
  // The kernels in T itself: double's, and float's at +-inf and NaN (their limits). The double
  // kernels carry beta x and 1 + e as double words (exact to ~u^2) so the tails stay accurate.
  template <class V>
  V forward_in_t(V const& x) const noexcept {
    return math::x_logistic(x, math::exact_product(V(beta), x));
  }
  template <class V>
  V derivative_in_t(V const& x) const noexcept {
    auto const y = math::exact_product(V(beta), x);
    return math::x_logistic_derivative(x, y, y);  // x y'(x) = beta x = y
  }
  template <class V>
  V parameter_derivative_in_t(V const& x) const noexcept {
    return math::x2_logistic_derivative(x, math::exact_product(V(beta), x));
  }
};

/// Sigmoid-weighted linear unit (Elfwing, Uchibe & Doya 2018; Hendrycks & Gimpel 2016):
/// swish with beta = 1, no learnable parameter. f(x) = x sigma(x). double: |x| <= 700 takes
/// math::x_logistic_common / x_logistic_derivative_common (one division a batch), other
/// lanes the general kernels (subnormal tails, infinities, NaN).
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
    if constexpr (std::is_same_v<detail::scalar_t<V>, double>) {
      return detail::fast_or_accurate(
          x, [](V const& v) { return math::x_logistic_common(v); },
          detail::abs_at_most(math::x_logistic_common_limit),
          [](V const& v) { return forward_in_t(v); });
    } else {
      return detail::fast_for_float(
          x, [](auto const& v) { return math::x_logistic_fast(v, v); },
          detail::abs_at_most(math::logistic_fast_limit),
          [](V const& v) {
            return detail::in_double_for_float(
                v, [](auto const& xd) { return detail::swish_in_double{1.0}.forward(xd); },
                [](V const& u) { return forward_in_t(u); });
          });
    }
  }
  template <class V>
  V operator()(V const& x) const noexcept {
    return forward(x);
  }
  template <class V>
  V derivative(V const& x) const noexcept {
    if constexpr (std::is_same_v<detail::scalar_t<V>, double>) {
      return detail::fast_or_accurate(
          x,
          [](V const& v) {
            math::double_word<V> const y{v, V(0)};
            return math::x_logistic_derivative_common(y, y);
          },
          detail::abs_at_most(math::x_logistic_common_limit),
          [](V const& v) { return derivative_in_t(v); });
    } else {
      return detail::fast_for_float(
          x,
          [](auto const& v) {
            using F = std::decay_t<decltype(v)>;
            math::double_word<F> const y{v, F(0)};
            return math::x_logistic_derivative_fast(y, y);
          },
          [](V const& v, V const& r) {
            return detail::both(detail::abs(v) <= V(math::logistic_fast_limit), !detail::is_nan(r));
          },
          [](V const& v) {
            return detail::in_double_for_float(
                v, [](auto const& xd) { return detail::swish_in_double{1.0}.derivative(xd); },
                [](V const& u) { return derivative_in_t(u); });
          });
    }
  }

 private:
  template <class V>
  static V forward_in_t(V const& x) noexcept {
    return math::x_logistic(x, math::double_word<V>{x, V(0)});
  }
  template <class V>
  static V derivative_in_t(V const& x) noexcept {
    return math::x_logistic_derivative(x, math::double_word<V>{x, V(0)},
                                       math::double_word<V>{x, V(0)});
  }
};

}  // namespace xact

#endif  // XACT_ACTIVATION_SWISH_HPP
