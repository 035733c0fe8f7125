// SPDX-License-Identifier: MIT
// Training-mode randomized leaky ReLU on Eigen arrays: a slope per element drawn from a
// caller-seeded generator, reused by the backward pass.
#ifndef XACT_EIGEN_RRELU_HPP
#define XACT_EIGEN_RRELU_HPP

#include "xact/activation/relu.hpp"
#include "xact/eigen/direction.hpp"
#include "xact/eigen/shape.hpp"

#include <Eigen/Core>

#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace xact {

/// Result of `rrelu_train`: the output y and the slope ("noise") applied to each element, both
/// of the shape and storage order of x. Keep `noise` for `rrelu_train_backward`.
template <class T, int Order>
struct rrelu_train_result {
  Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, Order> y;
  Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, Order> noise;
};

namespace detail {
namespace vectorwise {

/// A uniform draw u = k / 2^p in [0, 1), p = numeric_limits<T>::digits (24 or 53), k uniform on
/// [0, 2^p), built from the raw output of any UniformRandomBitGenerator g: g() - g.min() is cut
/// to its top b bits, b = floor(log2(g.max() - g.min() + 1)) (with rejection of the values
/// >= 2^b when that range is not a power of two), and as many draws as needed are concatenated,
/// most significant first. Unlike std::uniform_real_distribution and std::generate_canonical,
/// whose algorithms are unspecified, this gives the same numbers with every standard library
/// (the engines themselves are specified exactly).
template <class T, class URBG>
T uniform_unit(URBG& g) {
  using R = typename std::remove_reference_t<URBG>::result_type;
  static_assert(
      std::is_unsigned<R>::value && sizeof(R) <= sizeof(std::uint64_t),
      "xact::rrelu_train: the generator must return an unsigned integer of at most 64 bits");
  constexpr std::uint64_t lo = static_cast<std::uint64_t>(std::remove_reference_t<URBG>::min());
  constexpr std::uint64_t span =
      static_cast<std::uint64_t>(std::remove_reference_t<URBG>::max()) - lo;  // range - 1
  static_assert(span >= 1, "xact::rrelu_train: the generator must produce at least two values");
  constexpr int bits = [] {
    if (span == ~std::uint64_t(0)) return 64;
    int b = 0;
    while (b < 63 && (std::uint64_t(1) << (b + 1)) <= span + 1) ++b;
    return b;  // 2^b <= span + 1 < 2^(b+1)
  }();
  constexpr bool exact = bits == 64 || (std::uint64_t(1) << (bits & 63)) == span + 1;
  constexpr int p = std::numeric_limits<T>::digits;
  std::uint64_t k = 0;
  int have = 0;
  while (have < p) {
    std::uint64_t v = static_cast<std::uint64_t>(g()) - lo;
    if constexpr (!exact) {
      while (v >= (std::uint64_t(1) << (bits & 63))) v = static_cast<std::uint64_t>(g()) - lo;
    }
    const int take = bits < p - have ? bits : p - have;
    const std::uint64_t top = take == bits ? v : v >> (bits - take);
    k = (k << take) | top;  // take <= p <= 53
    have += take;
  }
  return static_cast<T>(k) * std::ldexp(T(1), -p);  // exact: k < 2^p
}

/// Checks 0 <= lower <= upper, both finite; `where` names the caller.
template <class T>
void check_rrelu_bounds(const char* where, T lower, T upper) {
  std::ostringstream msg;
  msg << where << ": ";
  if (!std::isfinite(lower) || !std::isfinite(upper))
    msg << "lower and upper must be finite, got lower=" << lower << ", upper=" << upper;
  else if (lower < T(0))
    msg << "lower must be >= 0, got " << lower;
  else if (lower > upper)
    msg << "lower must be <= upper, got lower=" << lower << ", upper=" << upper;
  else
    return;
  throw std::invalid_argument(msg.str());
}

}  // namespace vectorwise
}  // namespace detail

/// Training-mode RReLU of `x`, written to `y` and `noise` (both resized to the shape of x).
///
/// Per element: noise = 1 where x > 0; noise = a slope r drawn uniformly from [lower, upper]
/// where x <= 0 (x = ±0 included, as PyTorch's `rrelu_with_noise` does); noise = NaN where x is
/// NaN (so that the backward pass propagates NaN, xact's rule for derivatives). y = x * noise
/// (y = x where x > 0; rrelu(-0) = -0; -inf * r = -inf for r > 0).
/// r = lower + (upper - lower) * u, capped at upper, with u from `uniform_unit` (one or two
/// generator calls per drawn slope for std::mt19937, depending on T).
///
/// - x: any dense 2-D Eigen expression of float or double, any layout, any size (0 included).
/// - f: the bounds, `xact::rrelu<T>{lower, upper}` (defaults 1/8 and 1/3); must satisfy
///   0 <= lower <= upper, both finite, else std::invalid_argument
///   "xact::rrelu_train: lower must be <= upper, got lower=0.5, upper=0.25".
/// - gen: any UniformRandomBitGenerator (std::mt19937, std::mt19937_64, std::minstd_rand, ...),
///   seeded by the caller. Slopes are drawn only for the entries with x <= 0, in column-major
///   logical order (column by column, top to bottom) whatever the storage order of x, so the
///   same values of x and the same seed give the same noise with every layout and every
///   standard library.
/// - y, noise: resizable plain Arrays or Matrices; y may be x itself (in place).
template <class Derived, class URBG, class OutY, class OutN>
void rrelu_train(const Eigen::DenseBase<Derived>& x, const rrelu<typename Derived::Scalar>& f,
                 URBG&& gen, Eigen::PlainObjectBase<OutY>& y, Eigen::PlainObjectBase<OutN>& noise) {
  using T = typename Derived::Scalar;
  namespace vw = detail::vectorwise;
  vw::check_scalar<T>();
  static_assert(std::is_same<T, typename OutY::Scalar>::value &&
                    std::is_same<T, typename OutN::Scalar>::value,
                "xact::rrelu_train: x, y and noise must have the same scalar type");
  vw::check_rrelu_bounds("xact::rrelu_train", f.lower, f.upper);
  constexpr int order = Derived::IsRowMajor ? Eigen::RowMajor : Eigen::ColMajor;
  const vw::const_view<T, order> in(vw::as_array(x));
  const Eigen::Index rows = in.rows(), cols = in.cols();
  noise.resize(rows, cols);
  const T width = f.upper - f.lower;
  for (Eigen::Index j = 0; j < cols; ++j) {
    for (Eigen::Index i = 0; i < rows; ++i) {
      const T v = in(i, j);
      T r = T(1);
      if (std::isnan(v)) {
        r = std::numeric_limits<T>::quiet_NaN();
      } else if (!(v > T(0))) {
        r = f.lower + width * vw::uniform_unit<T>(gen);
        if (r > f.upper) r = f.upper;  // rounding of lower + width * u
      }
      noise.coeffRef(i, j) = r;
    }
  }
  // y after noise: y may be x itself.
  y.resize(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index i = 0; i < rows; ++i) {
      const T v = in(i, j);
      y.coeffRef(i, j) = v > T(0) ? v : v * noise.coeff(i, j);
    }
}

/// Training-mode RReLU of `x`, returned as {y, noise} in the storage order of x. See the
/// overload with `y` and `noise`.
template <class Derived, class URBG>
rrelu_train_result<typename Derived::Scalar,
                   (Derived::IsRowMajor ? Eigen::RowMajor : Eigen::ColMajor)>
rrelu_train(const Eigen::DenseBase<Derived>& x, const rrelu<typename Derived::Scalar>& f,
            URBG&& gen) {
  rrelu_train_result<typename Derived::Scalar,
                     (Derived::IsRowMajor ? Eigen::RowMajor : Eigen::ColMajor)>
      r;
  rrelu_train(x, f, gen, r.y, r.noise);
  return r;
}

/// Backward pass of training-mode RReLU, written to `dx` (resized): dx = dy * noise, element-wise,
/// with the noise returned by the forward pass. Throws std::invalid_argument
/// "xact::rrelu_train_backward: dy is 3x4 but noise is 4x3" when the shapes differ. dx may be dy
/// or noise itself.
template <class DerivedDY, class DerivedN, class Out>
void rrelu_train_backward(const Eigen::DenseBase<DerivedDY>& dy,
                          const Eigen::DenseBase<DerivedN>& noise,
                          Eigen::PlainObjectBase<Out>& dx) {
  using T = typename DerivedDY::Scalar;
  detail::vectorwise::check_scalar<T>();
  static_assert(std::is_same<T, typename DerivedN::Scalar>::value &&
                    std::is_same<T, typename Out::Scalar>::value,
                "xact::rrelu_train_backward: dy, noise and dx must have the same scalar type");
  detail::require_same_shape("xact::rrelu_train_backward", "dy", dy, "noise", noise);
  detail::vectorwise::assign(
      dx, detail::vectorwise::as_array(dy) * detail::vectorwise::as_array(noise));
}

/// Backward pass of training-mode RReLU, returned as a plain Array of the storage order of dy.
/// See the overload with `dx`.
template <class DerivedDY, class DerivedN>
detail::vectorwise::plain_array_t<DerivedDY> rrelu_train_backward(
    const Eigen::DenseBase<DerivedDY>& dy, const Eigen::DenseBase<DerivedN>& noise) {
  detail::vectorwise::plain_array_t<DerivedDY> dx;
  rrelu_train_backward(dy, noise, dx);
  return dx;
}

}  // namespace xact

#endif  // XACT_EIGEN_RRELU_HPP
