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

/// Names an operation applied with a functor, "xact::<operation>(<functor>)". The string is
/// built only when a message needs it: a successful call allocates nothing.
struct operation_name {
  char const* operation;
  char const* functor;
};

inline std::string describe(char const* where) { return where; }
inline std::string describe(operation_name const& where) {
  return std::string("xact::") + where.operation + "(" + where.functor + ")";
}

/// Throws std::invalid_argument("<where>: <a_name> is RxC but <b_name> is RxC") when the
/// shapes differ. `where` names the operation, e.g. "xact::backward(leaky_relu)".
template <class Where, class A, class B>
inline void require_same_shape(Where const& where, char const* a_name, A const& a,
                               char const* b_name, B const& b) {
  if (a.rows() == b.rows() && a.cols() == b.cols()) return;
  throw std::invalid_argument(describe(where) + ": " + a_name + " is " + shape_string(a) + " but " +
                              b_name + " is " + shape_string(b));
}

}  // namespace xact::detail

#endif  // XACT_EIGEN_SHAPE_HPP
