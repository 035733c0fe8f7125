// SPDX-License-Identifier: MIT
// Maxout (the maximum over groups of consecutive entries) along each column or each row of an Eigen
// array, with its backward pass.
#ifndef XACT_EIGEN_MAXOUT_HPP
#define XACT_EIGEN_MAXOUT_HPP

#include "xact/eigen/direction.hpp"

#include <Eigen/Core>

#include <cmath>
#include <stdexcept>
#include <string>

namespace xact {
namespace detail {
namespace vectorwise {

/// Checks pieces > 0 and that it divides the vector length n; `where` names the caller.
inline void check_maxout_pieces(const char* where, Eigen::Index n, Eigen::Index pieces) {
  if (pieces <= 0)
    throw std::invalid_argument(std::string(where) + ": pieces must be > 0, got " +
                                std::to_string(pieces));
  if (n % pieces != 0)
    throw std::invalid_argument(
        std::string(where) + ": " + std::to_string(n) +
        " entries per vector is not a multiple of pieces=" + std::to_string(pieces));
}

/// Position (0 .. pieces-1) within group g of vector c that maxout selects: the first NaN if
/// the group holds one, else the first maximum. at(c, i) reads entry i of vector c.
template <class At>
Eigen::Index maxout_argmax(const At& at, Eigen::Index c, Eigen::Index g, Eigen::Index pieces) {
  const Eigen::Index base = g * pieces;
  auto best = at(c, base);
  if (std::isnan(best)) return 0;
  Eigen::Index arg = 0;
  for (Eigen::Index q = 1; q < pieces; ++q) {
    const auto v = at(c, base + q);
    if (std::isnan(v)) return q;
    if (v > best) {
      best = v;
      arg = q;
    }
  }
  return arg;
}

/// Reader of entry i of vector c of a 2-D view along dir.
template <class View>
auto vector_reader(const View& v, direction dir) {
  return [&v, dir](Eigen::Index c, Eigen::Index i) {
    return dir == direction::colwise ? v(i, c) : v(c, i);
  };
}

}  // namespace vectorwise
}  // namespace detail

/// Maxout of every vector of `x` along `dir`, written to `y` (resized).
///
/// Each vector of length n is cut into n/pieces groups of `pieces` consecutive entries and each
/// group gives its maximum: \f$ y_g = \max_{0 \le q < k} x_{gk + q} \f$ (k = pieces). colwise: y is
/// (rows/pieces) x cols; rowwise: y is rows x (cols/pieces).
///
/// - x: any dense 2-D Eigen expression of float or double, any layout, any size (0 included).
/// - y: a resizable plain Array or Matrix of the same scalar type that does not overlap x.
/// - Throws std::invalid_argument "xact::maxout: pieces must be > 0, got 0" and
///   "xact::maxout: 10 entries per vector is not a multiple of pieces=3".
///
/// Special values: a NaN anywhere in a group gives NaN for that group (x_i = -inf and +inf
/// compare as usual). Ties select the first maximum (see maxout_backward).
template <class Derived, class Out>
void maxout(const Eigen::DenseBase<Derived>& x, Eigen::Index pieces, direction dir,
            Eigen::PlainObjectBase<Out>& y) {
  using T = typename Derived::Scalar;
  namespace vw = detail::vectorwise;
  vw::check_scalar<T>();
  static_assert(std::is_same<T, typename Out::Scalar>::value,
                "xact::maxout: y must have the scalar type of x");
  constexpr int order = Derived::IsRowMajor ? Eigen::RowMajor : Eigen::ColMajor;
  const vw::const_view<T, order> in(vw::as_array(x));
  const Eigen::Index count = vw::vector_count(in.rows(), in.cols(), dir);
  const Eigen::Index n = vw::vector_length(in.rows(), in.cols(), dir);
  vw::check_maxout_pieces("xact::maxout", n, pieces);
  const Eigen::Index groups = n / pieces;
  if (dir == direction::colwise)
    y.resize(groups, count);
  else
    y.resize(count, groups);
  const auto at = vw::vector_reader(in, dir);
  for (Eigen::Index c = 0; c < count; ++c) {
    for (Eigen::Index g = 0; g < groups; ++g) {
      const T v = at(c, g * pieces + vw::maxout_argmax(at, c, g, pieces));
      if (dir == direction::colwise)
        y.coeffRef(g, c) = v;
      else
        y.coeffRef(c, g) = v;
    }
  }
}

/// Maxout of every vector of `x` along `dir`, returned as a plain Array of the storage order of x.
/// See the overload with `y`.
template <class Derived>
detail::vectorwise::plain_array_t<Derived> maxout(const Eigen::DenseBase<Derived>& x,
                                                  Eigen::Index pieces, direction dir) {
  detail::vectorwise::plain_array_t<Derived> y;
  maxout(x, pieces, dir, y);
  return y;
}

/// Backward pass of maxout, written to `dx` (resized to the shape of x).
///
/// Each group routes its gradient dy_g to the entry that maxout selected (the first maximum, or
/// the first NaN of a group holding one) and gives 0 to the others:
/// \f$ dx_{gk+q} = dy_g \f$ if q is that position, else 0.
///
/// - x: the forward input; dy: the gradient of maxout(x, pieces, dir), same shape as that output.
/// - dx: a resizable plain Array or Matrix that does not overlap x or dy.
/// - Throws std::invalid_argument for pieces as `maxout` does ("xact::maxout_backward: ...") and
///   "xact::maxout_backward: dy is 2x4 but maxout(x) is 3x4" when the shapes differ.
template <class DerivedX, class DerivedDY, class Out>
void maxout_backward(const Eigen::DenseBase<DerivedX>& x, const Eigen::DenseBase<DerivedDY>& dy,
                     Eigen::Index pieces, direction dir, Eigen::PlainObjectBase<Out>& dx) {
  using T = typename DerivedX::Scalar;
  namespace vw = detail::vectorwise;
  vw::check_scalar<T>();
  static_assert(std::is_same<T, typename DerivedDY::Scalar>::value &&
                    std::is_same<T, typename Out::Scalar>::value,
                "xact::maxout_backward: x, dy and dx must have the same scalar type");
  const Eigen::Index count = vw::vector_count(x.rows(), x.cols(), dir);
  const Eigen::Index n = vw::vector_length(x.rows(), x.cols(), dir);
  vw::check_maxout_pieces("xact::maxout_backward", n, pieces);
  const Eigen::Index groups = n / pieces;
  const Eigen::Index out_rows = dir == direction::colwise ? groups : count;
  const Eigen::Index out_cols = dir == direction::colwise ? count : groups;
  if (dy.rows() != out_rows || dy.cols() != out_cols)
    throw std::invalid_argument("xact::maxout_backward: dy is " +
                                vw::shape_string(dy.rows(), dy.cols()) + " but maxout(x) is " +
                                vw::shape_string(out_rows, out_cols));
  constexpr int x_order = DerivedX::IsRowMajor ? Eigen::RowMajor : Eigen::ColMajor;
  constexpr int dy_order = DerivedDY::IsRowMajor ? Eigen::RowMajor : Eigen::ColMajor;
  const vw::const_view<T, x_order> in(vw::as_array(x));
  const vw::const_view<T, dy_order> grad(vw::as_array(dy));
  dx.setZero(x.rows(), x.cols());
  const auto at = vw::vector_reader(in, dir);
  const auto dy_at = vw::vector_reader(grad, dir);
  for (Eigen::Index c = 0; c < count; ++c) {
    for (Eigen::Index g = 0; g < groups; ++g) {
      const Eigen::Index i = g * pieces + vw::maxout_argmax(at, c, g, pieces);
      if (dir == direction::colwise)
        dx.coeffRef(i, c) = dy_at(c, g);
      else
        dx.coeffRef(c, i) = dy_at(c, g);
    }
  }
}

/// Backward pass of maxout, returned as a plain Array of the storage order of x. See the
/// overload with `dx`.
template <class DerivedX, class DerivedDY>
detail::vectorwise::plain_array_t<DerivedX> maxout_backward(const Eigen::DenseBase<DerivedX>& x,
                                                            const Eigen::DenseBase<DerivedDY>& dy,
                                                            Eigen::Index pieces, direction dir) {
  detail::vectorwise::plain_array_t<DerivedX> dx;
  maxout_backward(x, dy, pieces, dir, dx);
  return dx;
}

}  // namespace xact

#endif  // XACT_EIGEN_MAXOUT_HPP
