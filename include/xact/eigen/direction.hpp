// SPDX-License-Identifier: MIT
// The direction of a vector-wise operation (each column or each row is one vector) and the shared
// plumbing of xact's vector-wise Eigen operations.
#ifndef XACT_EIGEN_DIRECTION_HPP
#define XACT_EIGEN_DIRECTION_HPP

#include "xact/detail/loop.hpp"

#include <Eigen/Core>

#include <string>
#include <type_traits>

namespace xact {

/// Which entries of a 2-D array form one vector, in Eigen's words.
///
/// - `direction::colwise`: each column is one vector (like `x.colwise()`): a softmax makes every
///   column sum to 1, maxout shrinks the number of rows, a channel-wise PReLU has one alpha per
///   column.
/// - `direction::rowwise`: each row is one vector (like `x.rowwise()`); the usual choice for a
///   row-major batch of samples with one feature vector per row.
enum class direction { colwise, rowwise };

/// Shorthand for `direction::colwise`: `xact::softmax(x, xact::colwise)`.
inline constexpr direction colwise = direction::colwise;
/// Shorthand for `direction::rowwise`: `xact::softmax(x, xact::rowwise)`.
inline constexpr direction rowwise = direction::rowwise;

/// "colwise" or "rowwise", for messages.
constexpr const char* to_string(direction d) noexcept {
  return d == direction::colwise ? "colwise" : "rowwise";
}

namespace detail {
namespace vectorwise {

/// The plain array type returned for an input expression `Derived`: a dynamic-size
/// `Eigen::Array` of the same scalar and the same storage order.
template <class Derived>
using plain_array_t = Eigen::Array<typename Derived::Scalar, Eigen::Dynamic, Eigen::Dynamic,
                                   (Derived::IsRowMajor ? Eigen::RowMajor : Eigen::ColMajor)>;

/// A read-only view of any dense 2-D expression as a column- or row-major array with unit inner
/// stride: binds Arrays, Matrices, Maps and Blocks with unit inner stride without copying, and
/// evaluates anything else (inner strides, other storage order, expressions) into a temporary.
template <class T, int Order>
using const_view = Eigen::Ref<const Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, Order>, 0,
                              Eigen::OuterStride<>>;

/// Storage order in which each vector of `dir` is contiguous.
template <direction Dir>
inline constexpr int contiguous_order =
    Dir == direction::colwise ? Eigen::ColMajor : Eigen::RowMajor;

/// Rejects every scalar type but float and double at compile time.
template <class T>
constexpr void check_scalar() {
  static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value,
                "xact vector-wise operations take arrays of float or double");
}

/// The array view of an Eigen expression: `x.array()` for a matrix expression, `x` itself for an
/// array expression (so that it binds to an Array-kind `Eigen::Ref`).
template <class Derived>
decltype(auto) as_array(const Eigen::DenseBase<Derived>& x) {
  if constexpr (std::is_base_of<Eigen::MatrixBase<Derived>, Derived>::value)
    return x.derived().array();
  else
    return x.derived();
}

/// The writable array view of a plain Array or Matrix (a reference to an Array, an
/// `ArrayWrapper` of a Matrix); bind the result with `auto&&`.
template <class Out>
decltype(auto) as_array_mut(Eigen::PlainObjectBase<Out>& out) {
  if constexpr (std::is_base_of<Eigen::MatrixBase<Out>, Out>::value)
    return out.derived().array();
  else
    return out.derived();
}

/// Assigns an array expression to a plain Array or Matrix.
template <class Out, class Expr>
void assign(Eigen::PlainObjectBase<Out>& out, const Expr& e) {
  if constexpr (std::is_base_of<Eigen::MatrixBase<Out>, Out>::value)
    out.derived() = e.matrix();
  else
    out.derived() = e;
}

/// Number of vectors of an RxC array along `dir` (C colwise, R rowwise).
inline Eigen::Index vector_count(Eigen::Index rows, Eigen::Index cols, direction dir) noexcept {
  return dir == direction::colwise ? cols : rows;
}

/// Length of each vector of an RxC array along `dir` (R colwise, C rowwise).
inline Eigen::Index vector_length(Eigen::Index rows, Eigen::Index cols, direction dir) noexcept {
  return dir == direction::colwise ? rows : cols;
}

/// "RxC", for messages.
inline std::string shape_string(Eigen::Index rows, Eigen::Index cols) {
  return std::to_string(rows) + "x" + std::to_string(cols);
}

/// Calls `fill(T* data)` to write a rows x cols result in storage order `Order` into `out`:
/// straight into out's storage when its order matches (resized; no reallocation when the shape
/// is unchanged, so out may be an input of the kernel), else into a temporary that is then
/// assigned to out.
template <int Order, class T, class Out, class Fill>
void write_in_order(Eigen::PlainObjectBase<Out>& out, Eigen::Index rows, Eigen::Index cols,
                    Fill&& fill) {
  if constexpr (bool(Out::IsRowMajor) == (Order == Eigen::RowMajor)) {
    out.resize(rows, cols);
    fill(out.data());
  } else {
    Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, Order> tmp(rows, cols);
    fill(tmp.data());
    assign(out, tmp);
  }
}

/// Runs `kernel(const T* in, T* out, Index n, Index v)` on every vector v of `x` along `dir`,
/// with both pointers addressing the `n` contiguous entries of vector v, and stores the results in
/// `out` (resized to the shape of x). `in` may equal `out` (when `out` is `x` itself), so kernels
/// must work in place. Layouts where a vector is not contiguous are evaluated into a temporary
/// first.
template <direction Dir, class Derived, class Out, class Kernel>
void for_each_vector_as(const Eigen::DenseBase<Derived>& x, Eigen::PlainObjectBase<Out>& out,
                        Kernel&& kernel) {
  using T = typename Derived::Scalar;
  constexpr int order = contiguous_order<Dir>;
  const const_view<T, order> in(as_array(x));
  const Eigen::Index rows = in.rows(), cols = in.cols();
  const Eigen::Index count = vector_count(rows, cols, Dir), n = vector_length(rows, cols, Dir);
  // Large inputs: the next vector's lines are prefetched before this one is processed. The
  // kernels make several passes over a vector, and the hardware prefetchers, which see each
  // pass restart, leave the first pass over every vector waiting on memory.
  bool const prefetch_next =
      static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols) * sizeof(T) >=
      XACT_PREFETCH_BYTES;
  auto run = [&](T* dst) {
    for (Eigen::Index v = 0; v < count; ++v) {
      if (prefetch_next && v + 1 < count)
        prefetch_range(in.data() + (v + 1) * in.outerStride(), static_cast<std::size_t>(n));
      kernel(in.data() + v * in.outerStride(), dst + v * n, n, v);
    }
  };
  write_in_order<order, T>(out, rows, cols, run);
}

/// `for_each_vector_as` with a run-time direction.
template <class Derived, class Out, class Kernel>
void for_each_vector(const Eigen::DenseBase<Derived>& x, direction dir,
                     Eigen::PlainObjectBase<Out>& out, Kernel&& kernel) {
  if (dir == direction::colwise)
    for_each_vector_as<direction::colwise>(x, out, kernel);
  else
    for_each_vector_as<direction::rowwise>(x, out, kernel);
}

}  // namespace vectorwise
}  // namespace detail
}  // namespace xact

#endif  // XACT_EIGEN_DIRECTION_HPP
