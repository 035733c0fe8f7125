// SPDX-License-Identifier: MIT
// Lazy adaptor: `x.unaryExpr(xact::eigen::op(f))` fuses an xact functor into Eigen
// expressions, vectorized by Eigen's own loops through the functor's SIMD kernel.
#ifndef XACT_EIGEN_LAZY_HPP
#define XACT_EIGEN_LAZY_HPP

#include "xact/detail/simd.hpp"
#include "xact/detail/traits.hpp"

#include <Eigen/Core>

#include <cstddef>
#include <type_traits>
#include <utility>

namespace xact::eigen {

/// Which kernel of the functor the adaptor evaluates.
enum class kernel { forward, derivative };

/// Eigen unary functor wrapping an xact functor. Eigen hands packetOp its own packet type
/// (__m128/__m256/__m512 on x86); it is mapped to the xsimd batch of the same width, so the
/// lanes run the same formula, with the same bits, as the scalar path.
template <class F, kernel K>
struct unary_op {
  using T = typename F::value_type;
  /// F itself, or F::prepared() (its derived constants computed once, detail/traits.hpp).
  decltype(xact::detail::prepared_kernel(std::declval<F const&>())) f;

  T operator()(T const& x) const { return apply(x); }

  template <class Packet>
  Packet packetOp(Packet const& p) const {
    constexpr std::size_t lanes = sizeof(Packet) / sizeof(T);
    using B = xsimd::make_sized_batch_t<T, lanes>;
    if constexpr (!std::is_void_v<B>) {
      return Packet(apply(B(p)));
    } else {
      alignas(64) T buf[lanes];
      Eigen::internal::pstoreu(buf, p);
      for (std::size_t i = 0; i < lanes; ++i) buf[i] = apply(buf[i]);
      return Eigen::internal::ploadu<Packet>(buf);
    }
  }

 private:
  template <class V>
  V apply(V const& v) const {
    if constexpr (K == kernel::forward) {
      return f.forward(v);
    } else {
      return f.derivative(v);
    }
  }
};

/// Adaptor for f(x): `x.unaryExpr(xact::eigen::op(f))`. Parameters are validated here.
template <class F>
inline unary_op<F, kernel::forward> op(F const& f) {
  static_assert(is_activation_v<F>, "xact::eigen::op: F must be an xact activation functor");
  f.validate();
  return {xact::detail::prepared_kernel(f)};
}

/// Adaptor for f'(x): `x.unaryExpr(xact::eigen::derivative_op(f))`.
template <class F>
inline unary_op<F, kernel::derivative> derivative_op(F const& f) {
  static_assert(is_activation_v<F>, "xact::eigen::derivative_op: F must be an xact functor");
  f.validate();
  return {xact::detail::prepared_kernel(f)};
}

namespace detail {
/// Cost in Eigen's units (adds/muls) as each functor states it (F::cost: a few selects for
/// the piecewise-linear ones, an exponential-type polynomial plus divisions for the others);
/// 30 for a functor that does not say.
template <class F, class = void>
struct kernel_cost : std::integral_constant<int, 30> {};
template <class F>
struct kernel_cost<F, std::void_t<decltype(F::cost)>> : std::integral_constant<int, F::cost> {};
}  // namespace detail

}  // namespace xact::eigen

namespace Eigen::internal {

template <class F, xact::eigen::kernel K>
struct functor_traits<xact::eigen::unary_op<F, K>> {
  using T = typename F::value_type;
  enum {
    Cost = xact::eigen::detail::kernel_cost<F>::value * NumTraits<T>::MulCost,
    // Vectorize when Eigen's packet has an xsimd batch of the same width.
    PacketAccess =
        packet_traits<T>::Vectorizable &&
        !std::is_void_v<
            xsimd::make_sized_batch_t<T, sizeof(typename packet_traits<T>::type) / sizeof(T)>>
  };
};

}  // namespace Eigen::internal

#endif  // XACT_EIGEN_LAZY_HPP
