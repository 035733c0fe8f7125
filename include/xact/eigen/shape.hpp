// SPDX-License-Identifier: MIT
// Shape checks for the Eigen layer, with messages that name the operation and both shapes.
#ifndef XACT_EIGEN_SHAPE_HPP
#define XACT_EIGEN_SHAPE_HPP

#include <Eigen/Core>

#include <sstream>
#include <stdexcept>
#include <string>

namespace xact::detail {

template <class A>
inline std::string shape_string(A const& a) {
  std::ostringstream s;
  s << a.rows() << 'x' << a.cols();
  return s.str();
}

/// Throws std::invalid_argument("<where>: <a_name> is RxC but <b_name> is RxC") when the
/// shapes differ. `where` names the operation, e.g. "xact::backward(leaky_relu)".
template <class A, class B>
inline void require_same_shape(char const* where, char const* a_name, A const& a,
                               char const* b_name, B const& b) {
  if (a.rows() == b.rows() && a.cols() == b.cols()) return;
  throw std::invalid_argument(std::string(where) + ": " + a_name + " is " + shape_string(a) +
                              " but " + b_name + " is " + shape_string(b));
}

}  // namespace xact::detail

#endif  // XACT_EIGEN_SHAPE_HPP
