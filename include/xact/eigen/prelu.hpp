// SPDX-License-Identifier: MIT
// Channel-wise PReLU (one learnable slope per column or per row) on Eigen arrays, with the input
// and slope gradients.
#ifndef XACT_EIGEN_PRELU_HPP
#define XACT_EIGEN_PRELU_HPP

#include "xact/activation/relu.hpp"
#include "xact/detail/loop.hpp"
#include "xact/eigen/direction.hpp"
#include "xact/eigen/shape.hpp"

#include <Eigen/Core>

#include <cmath>
#include <cstddef>
#include <sstream>
#include <stdexcept>
#include <string>

namespace xact {

/// Gradients returned by `channel_prelu_backward`: dx has the shape and storage order of x,
/// dalpha one entry per channel (per column colwise, per row rowwise).
template <class T, int Order>
struct channel_prelu_gradients {
  Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, Order> dx;
  Eigen::Array<T, Eigen::Dynamic, 1> dalpha;
};

namespace detail {
namespace vectorwise {

/// Copies the slopes into a contiguous column after checking that alpha is a vector with one
/// finite entry per channel of x along dir; `where` names the caller in messages.
template <class T, class DerivedA>
Eigen::Array<T, Eigen::Dynamic, 1> channel_alphas(const char* where,
                                                  const Eigen::DenseBase<DerivedA>& alpha,
                                                  Eigen::Index rows, Eigen::Index cols,
                                                  direction dir) {
  const Eigen::Index channels = vector_count(rows, cols, dir);
  if (alpha.rows() != 1 && alpha.cols() != 1 && alpha.size() != 0)
    throw std::invalid_argument(std::string(where) + ": alpha must be a vector, got " +
                                shape_string(alpha.rows(), alpha.cols()));
  if (alpha.size() != channels)
    throw std::invalid_argument(
        std::string(where) + ": alpha has " + std::to_string(alpha.size()) + " entries but x is " +
        shape_string(rows, cols) + " with " + std::to_string(channels) +
        (dir == direction::colwise ? " columns" : " rows") + " (" + to_string(dir) + ")");
  Eigen::Array<T, Eigen::Dynamic, 1> a(channels);
  const bool is_row = alpha.rows() == 1;
  for (Eigen::Index c = 0; c < channels; ++c) {
    const T v = is_row ? alpha.derived().coeff(0, c) : alpha.derived().coeff(c, 0);
    if (!std::isfinite(v)) {
      std::ostringstream msg;
      msg << where << ": alpha(" << c << ") must be finite, got " << v;
      throw std::invalid_argument(msg.str());
    }
    a(c) = v;
  }
  return a;
}

/// The backward pass for one direction: every vector of x and dy taken contiguous.
template <direction Dir, class DerivedX, class DerivedDY, class Out, class OutA>
void channel_prelu_backward_as(const Eigen::DenseBase<DerivedX>& x,
                               const Eigen::DenseBase<DerivedDY>& dy,
                               const Eigen::Array<typename DerivedX::Scalar, Eigen::Dynamic, 1>& a,
                               Eigen::PlainObjectBase<Out>& dx,
                               Eigen::PlainObjectBase<OutA>& dalpha) {
  using T = typename DerivedX::Scalar;
  constexpr int order = contiguous_order<Dir>;
  const const_view<T, order> xv(as_array(x));
  const const_view<T, order> gv(as_array(dy));
  const Eigen::Index rows = xv.rows(), cols = xv.cols();
  const Eigen::Index count = vector_count(rows, cols, Dir), n = vector_length(rows, cols, Dir);
  dalpha.resize(count);
  auto run = [&](T* dst) {
    for (Eigen::Index c = 0; c < count; ++c) {
      const prelu<T> f{a(c)};
      const T* px = xv.data() + c * xv.outerStride();
      const T* pg = gv.data() + c * gv.outerStride();
      // dalpha first: dx may be dy itself. Accumulated in double (exact products for float).
      double s = 0;
      for (Eigen::Index i = 0; i < n; ++i)
        s += static_cast<double>(pg[i]) * static_cast<double>(f.parameter_derivative(px[i]));
      dalpha.coeffRef(c) = static_cast<T>(s);
      detail::transform2(px, pg, dst + c * n, static_cast<std::size_t>(n),
                         [f](auto xi, auto gi) { return decltype(xi)(gi * f.derivative(xi)); });
    }
  };
  write_in_order<order, T>(dx, rows, cols, run);
}

}  // namespace vectorwise
}  // namespace detail

/// Channel-wise PReLU of `x` along `dir`, written to `y` (resized to the shape of x).
///
/// \f$ y_{ic} = x_{ic} \f$ if \f$ x_{ic} > 0 \f$, else \f$ \alpha_c x_{ic} \f$, where channel c
/// is the vector: colwise, column c uses alpha(c); rowwise, row c uses alpha(c). Each entry is
/// `xact::prelu<T>{alpha(c)}.forward(x)`, so signs of zeros, NaN and infinities follow the
/// element-wise prelu (prelu(-0) = -0, NaN -> NaN).
///
/// - x: any dense 2-D Eigen expression of float or double, any layout, any size (0 included).
/// - alpha: any dense vector expression (column or row, Array or Matrix, Map, Block) of the same
///   scalar type, with one finite entry per channel.
/// - y: a resizable plain Array or Matrix; it may be x itself (in place).
/// - Throws std::invalid_argument: "xact::channel_prelu: alpha has 3 entries but x is 4x5 with
///   5 columns (colwise)", "xact::channel_prelu: alpha must be a vector, got 2x3",
///   "xact::channel_prelu: alpha(1) must be finite, got nan".
template <class DerivedX, class DerivedA, class Out>
void channel_prelu(const Eigen::DenseBase<DerivedX>& x, const Eigen::DenseBase<DerivedA>& alpha,
                   direction dir, Eigen::PlainObjectBase<Out>& y) {
  using T = typename DerivedX::Scalar;
  namespace vw = detail::vectorwise;
  vw::check_scalar<T>();
  static_assert(std::is_same<T, typename DerivedA::Scalar>::value &&
                    std::is_same<T, typename Out::Scalar>::value,
                "xact::channel_prelu: x, alpha and y must have the same scalar type");
  const auto a = vw::channel_alphas<T>("xact::channel_prelu", alpha, x.rows(), x.cols(), dir);
  vw::for_each_vector(x, dir, y, [&](const T* in, T* out, Eigen::Index n, Eigen::Index c) {
    const prelu<T> f{a(c)};
    detail::transform(in, out, static_cast<std::size_t>(n), [f](auto v) { return f.forward(v); });
  });
}

/// Channel-wise PReLU of `x` along `dir`, returned as a plain Array of the storage order of x.
/// See the overload with `y`.
template <class DerivedX, class DerivedA>
detail::vectorwise::plain_array_t<DerivedX> channel_prelu(const Eigen::DenseBase<DerivedX>& x,
                                                          const Eigen::DenseBase<DerivedA>& alpha,
                                                          direction dir) {
  detail::vectorwise::plain_array_t<DerivedX> y;
  channel_prelu(x, alpha, dir, y);
  return y;
}

/// Backward pass of channel-wise PReLU, written to `dx` (resized to the shape of x) and
/// `dalpha` (resized to one entry per channel).
///
/// \f$ dx_{ic} = dy_{ic} \cdot (x_{ic} > 0 \;?\; 1 : \alpha_c) \f$ (the kink x = 0 takes alpha,
/// like PyTorch; NaN in x gives NaN) and
/// \f$ d\alpha_c = \sum_i dy_{ic} \cdot (x_{ic} > 0 \;?\; 0 : x_{ic}) \f$, summed in double.
///
/// - x: the forward input; dy: dL/dy, same shape as x; alpha as for `channel_prelu`.
/// - dx: a resizable plain Array or Matrix (it may be x or dy itself); dalpha: a resizable plain
///   vector (e.g. Eigen::ArrayXf or Eigen::VectorXd).
/// - Throws std::invalid_argument "xact::channel_prelu_backward: dy is 3x4 but x is 4x3" and the
///   alpha errors of `channel_prelu` (with "xact::channel_prelu_backward").
template <class DerivedX, class DerivedDY, class DerivedA, class Out, class OutA>
void channel_prelu_backward(const Eigen::DenseBase<DerivedX>& x,
                            const Eigen::DenseBase<DerivedDY>& dy,
                            const Eigen::DenseBase<DerivedA>& alpha, direction dir,
                            Eigen::PlainObjectBase<Out>& dx, Eigen::PlainObjectBase<OutA>& dalpha) {
  using T = typename DerivedX::Scalar;
  namespace vw = detail::vectorwise;
  vw::check_scalar<T>();
  static_assert(
      std::is_same<T, typename DerivedDY::Scalar>::value &&
          std::is_same<T, typename DerivedA::Scalar>::value &&
          std::is_same<T, typename Out::Scalar>::value &&
          std::is_same<T, typename OutA::Scalar>::value,
      "xact::channel_prelu_backward: x, dy, alpha, dx and dalpha must have the same scalar type");
  detail::require_same_shape("xact::channel_prelu_backward", "dy", dy, "x", x);
  const auto a =
      vw::channel_alphas<T>("xact::channel_prelu_backward", alpha, x.rows(), x.cols(), dir);
  if (dir == direction::colwise)
    vw::channel_prelu_backward_as<direction::colwise>(x, dy, a, dx, dalpha);
  else
    vw::channel_prelu_backward_as<direction::rowwise>(x, dy, a, dx, dalpha);
}

/// Backward pass of channel-wise PReLU, returned as {dx, dalpha} (dx in the storage order of x).
/// See the overload with `dx` and `dalpha`.
template <class DerivedX, class DerivedDY, class DerivedA>
channel_prelu_gradients<typename DerivedX::Scalar,
                        (DerivedX::IsRowMajor ? Eigen::RowMajor : Eigen::ColMajor)>
channel_prelu_backward(const Eigen::DenseBase<DerivedX>& x, const Eigen::DenseBase<DerivedDY>& dy,
                       const Eigen::DenseBase<DerivedA>& alpha, direction dir) {
  channel_prelu_gradients<typename DerivedX::Scalar,
                          (DerivedX::IsRowMajor ? Eigen::RowMajor : Eigen::ColMajor)>
      g;
  channel_prelu_backward(x, dy, alpha, dir, g.dx, g.dalpha);
  return g;
}

}  // namespace xact

#endif  // XACT_EIGEN_PRELU_HPP
