// SPDX-License-Identifier: MIT
// Eager application of element-wise functors to dense Eigen objects: forward, derivative,
// fused backward (dy * f'(x)), backward from the output, and parameter gradients.
#ifndef XACT_EIGEN_APPLY_HPP
#define XACT_EIGEN_APPLY_HPP

#include "xact/detail/loop.hpp"
#include "xact/detail/parallel.hpp"
#include "xact/detail/traits.hpp"
#include "xact/eigen/shape.hpp"

#include <Eigen/Core>

#include <cstddef>
#include <string>
#include <type_traits>

namespace xact {
namespace detail {

template <class X>
using eigen_scalar_t = typename Eigen::internal::traits<X>::Scalar;

/// Contiguous-run view: Eigen object whose inner dimension is unit-stride memory.
template <class X>
inline constexpr bool has_direct_access_v = (Eigen::internal::traits<X>::Flags &
                                             Eigen::DirectAccessBit) != 0;

template <class X>
inline bool unit_inner_stride(Eigen::DenseBase<X> const& x) {
  if constexpr (has_direct_access_v<X>) {
    return x.derived().innerStride() == 1 || x.size() <= 1;
  } else {
    return false;
  }
}

/// Plain array with the storage order of Out, used when an input or the output cannot be
/// walked as unit-stride runs in the output's order (expressions, strided Maps, other order).
template <class Out>
using plain_like_t =
    Eigen::Array<eigen_scalar_t<Out>, Eigen::Dynamic, Eigen::Dynamic,
                 (Eigen::internal::traits<Out>::Flags & Eigen::RowMajorBit) ? Eigen::RowMajor
                                                                            : Eigen::ColMajor>;

template <class A, class Out>
inline bool same_walk(Eigen::DenseBase<A> const& a, Eigen::DenseBase<Out> const& out) {
  if (!unit_inner_stride(a)) return false;
  if (a.rows() <= 1 || a.cols() <= 1) return a.innerSize() == out.innerSize() || a.size() <= 1;
  return bool(A::IsRowMajor) == bool(Out::IsRowMajor);
}

/// out = op(in...) element-wise, with in... and out of the same shape. Unit-stride runs go
/// through the SIMD loop slice by slice; anything else is first evaluated into a plain array.
/// Cost (F::cost of the functor behind op) decides, with XACT_OPENMP, whether the runs are
/// split across threads (detail/parallel.hpp; the results are the same bits either way), and
/// by default whether the loops prefetch large inputs (config.hpp, XACT_PREFETCH_MIN_COST).
template <int Cost, bool Prefetch = (Cost >= XACT_PREFETCH_MIN_COST), class Op, class Out,
          class... In>
inline void run_elementwise(Op&& op, Eigen::DenseBase<Out>& out,
                            Eigen::DenseBase<In> const&... in) {
  using T = eigen_scalar_t<Out>;
  if (out.size() == 0) return;
  if (unit_inner_stride(out) && (same_walk(in, out) && ...)) {
    if constexpr (has_direct_access_v<Out> && (has_direct_access_v<In> && ...)) {
      auto& o = out.derived();
      auto const inner = static_cast<std::size_t>(o.innerSize());
      auto const outer = static_cast<std::size_t>(o.outerSize());
      bool const single_run = outer == 1;
      auto const run = [&](std::size_t j, std::size_t begin, std::size_t end) {
        auto const at = [&](auto* data, Eigen::Index outer_stride) {
          return data + (single_run ? 0 : static_cast<Eigen::Index>(j) * outer_stride) +
                 static_cast<Eigen::Index>(begin);
        };
        T* dst = at(o.data(), o.outerStride());
        if constexpr (sizeof...(In) == 1) {
          detail::transform<Prefetch>(at(in.derived().data(), in.derived().outerStride())..., dst,
                                      end - begin, op);
        } else {
          detail::transform2<Prefetch>(at(in.derived().data(), in.derived().outerStride())..., dst,
                                       end - begin, op);
        }
      };
      detail::for_each_run(outer, inner, 2 * batch<T>::size,
                           detail::parallel_threads(inner * outer, Cost), run);
      return;
    }
  }
  // General layout: evaluate into plain arrays in the output's order, run, copy back.
  plain_like_t<Out> result(out.rows(), out.cols());
  auto run_plain = [&](auto const&... plain_in) {
    run_elementwise<Cost, Prefetch>(op, result, plain_in...);
  };
  run_plain(plain_like_t<Out>(in.derived())...);
  out.derived() = result;
}

/// Makes `out` match `shape`: resizes plain objects, checks fixed views (Map, Block).
template <class Where, class Out, class Shape>
inline void prepare_output(Where const& where, char const* out_name, Eigen::DenseBase<Out>& out,
                           char const* shape_name, Shape const& shape) {
  if constexpr (std::is_base_of_v<Eigen::PlainObjectBase<Out>, Out>) {
    if (out.rows() != shape.rows() || out.cols() != shape.cols())
      out.derived().resize(shape.rows(), shape.cols());
  } else {
    require_same_shape(where, out_name, out, shape_name, shape);
  }
}

template <class F>
constexpr operation_name where(char const* operation) noexcept {
  return {operation, F::name};
}

template <class F, class X>
inline void check_functor(F const& f) {
  static_assert(is_activation_v<F>, "xact: F must be an xact element-wise activation functor");
  static_assert(std::is_same_v<typename F::value_type, eigen_scalar_t<X>>,
                "xact: the functor's value_type must match the array's scalar type");
  f.validate();
}

template <class Y>
inline Eigen::DenseBase<Y>& writable(Eigen::DenseBase<Y> const& y) {
  // Eigen's idiom for writable temporaries (Blocks, Maps passed by value): see Eigen's
  // "Writing Functions Taking Eigen Types as Parameters".
  return const_cast<Eigen::DenseBase<Y>&>(y);
}

}  // namespace detail

/// y = f(x) element-wise into existing storage. y may be x (in-place), a plain object (resized)
/// or a writable Map/Block of x's shape. Throws std::invalid_argument on invalid parameters or
/// mismatched shapes.
template <class F, class X, class Y>
inline void forward(F const& f, Eigen::DenseBase<X> const& x, Eigen::DenseBase<Y> const& y_out) {
  detail::check_functor<F, X>(f);
  auto& y = detail::writable(y_out);
  detail::prepare_output(detail::where<F>("forward"), "y", y, "x", x);
  detail::with_loop_kernel(f, [&](auto const& kernel) {
    detail::run_elementwise<detail::cost_of_v<F>>(
        [k = kernel](auto const& v) { return k.forward(v); }, y, x);
  });
}

/// Returns f(x) as a new plain object of x's shape and storage order.
template <class F, class X>
inline typename X::PlainObject forward(F const& f, Eigen::DenseBase<X> const& x) {
  typename X::PlainObject y(x.rows(), x.cols());
  forward(f, x, y);
  return y;
}

/// d = f'(x) element-wise into existing storage (d may be x).
template <class F, class X, class D>
inline void derivative(F const& f, Eigen::DenseBase<X> const& x, Eigen::DenseBase<D> const& d_out) {
  detail::check_functor<F, X>(f);
  auto& d = detail::writable(d_out);
  detail::prepare_output(detail::where<F>("derivative"), "d", d, "x", x);
  detail::with_loop_kernel(f, [&](auto const& kernel) {
    detail::run_elementwise<detail::cost_of_v<F>>(
        [k = kernel](auto const& v) { return k.derivative(v); }, d, x);
  });
}

/// Returns f'(x).
template <class F, class X>
inline typename X::PlainObject derivative(F const& f, Eigen::DenseBase<X> const& x) {
  typename X::PlainObject d(x.rows(), x.cols());
  derivative(f, x, d);
  return d;
}

/// dx = dy * f'(x), fused in one pass (no temporary for f'(x)). dx may be x or dy.
template <class F, class X, class DY, class DX>
inline void backward(F const& f, Eigen::DenseBase<X> const& x, Eigen::DenseBase<DY> const& dy,
                     Eigen::DenseBase<DX> const& dx_out) {
  detail::check_functor<F, X>(f);
  auto const where = detail::where<F>("backward");
  detail::require_same_shape(where, "dy", dy, "x", x);
  auto& dx = detail::writable(dx_out);
  detail::prepare_output(where, "dx", dx, "x", x);
  detail::with_loop_kernel(f, [&](auto const& kernel) {
    detail::run_elementwise<detail::cost_of_v<F>>(
        [k = kernel](auto const& xv, auto const& g) { return g * k.derivative(xv); }, dx, x, dy);
  });
}

/// Returns dy * f'(x).
template <class F, class X, class DY>
inline typename X::PlainObject backward(F const& f, Eigen::DenseBase<X> const& x,
                                        Eigen::DenseBase<DY> const& dy) {
  typename X::PlainObject dx(x.rows(), x.cols());
  backward(f, x, dy, dx);
  return dx;
}

/// dx = dy * f'(x) computed from the output y = f(x), for functors with
/// derivative_from_output (has_output_derivative_v) whose parameters allow it.
template <class F, class Y, class DY, class DX>
inline void backward_from_output(F const& f, Eigen::DenseBase<Y> const& y,
                                 Eigen::DenseBase<DY> const& dy,
                                 Eigen::DenseBase<DX> const& dx_out) {
  static_assert(has_output_derivative_v<F>,
                "xact::backward_from_output: this activation's derivative is not a function of "
                "its output; use backward(f, x, dy)");
  detail::check_functor<F, Y>(f);
  auto const where = detail::where<F>("backward_from_output");
  if (!f.output_derivative_valid())
    throw std::invalid_argument(detail::describe(where) +
                                ": the derivative is not a function of the output for a "
                                "negative slope or alpha; use backward(f, x, dy)");
  detail::require_same_shape(where, "dy", dy, "y", y);
  auto& dx = detail::writable(dx_out);
  detail::prepare_output(where, "dx", dx, "y", y);
  detail::with_loop_kernel(f, [&](auto const& kernel) {
    // The derivative from the output is a few operations: bound by memory, no prefetching.
    detail::run_elementwise<detail::cost_of_v<F>, false>(
        [k = kernel](auto const& yv, auto const& g) { return g * k.derivative_from_output(yv); },
        dx, y, dy);
  });
}

/// Returns dy * f'(x) computed from y = f(x).
template <class F, class Y, class DY>
inline typename Y::PlainObject backward_from_output(F const& f, Eigen::DenseBase<Y> const& y,
                                                    Eigen::DenseBase<DY> const& dy) {
  typename Y::PlainObject dx(y.rows(), y.cols());
  backward_from_output(f, y, dy, dx);
  return dx;
}

/// Gradient of the loss with respect to the functor's learnable parameter (PReLU alpha, Swish
/// beta): sum_i dy_i * df/dparam(x_i), accumulated in double for float inputs (pairwise
/// within a column by Eigen's redux).
template <class F, class X, class DY>
inline typename F::value_type parameter_gradient(F const& f, Eigen::DenseBase<X> const& x,
                                                 Eigen::DenseBase<DY> const& dy) {
  static_assert(has_parameter_derivative_v<F>,
                "xact::parameter_gradient: this activation has no learnable parameter");
  detail::check_functor<F, X>(f);
  detail::require_same_shape(detail::where<F>("parameter_gradient"), "dy", dy, "x", x);
  using T = typename F::value_type;
  detail::plain_like_t<X> terms(x.rows(), x.cols());
  detail::run_elementwise<detail::cost_of_v<F>>(
      [f](auto const& xv, auto const& g) { return g * f.parameter_derivative(xv); }, terms, x, dy);
  return T(terms.template cast<double>().sum());
}

}  // namespace xact

#endif  // XACT_EIGEN_APPLY_HPP
