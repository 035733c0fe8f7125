// SPDX-License-Identifier: MIT
// The functors the accuracy tool and the accuracy tests measure: instances, labels, kernels, sample points.
#ifndef XACT_TOOLS_ACCURACY_FUNCTORS_HPP
#define XACT_TOOLS_ACCURACY_FUNCTORS_HPP

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "mpfr_reference.hpp"

namespace xact::accuracy {

// Every element-wise functor: X(functor).
#define XACT_ACCURACY_FUNCTORS(X)                                                                  \
  X(linear) X(binary_step) X(sigmoid) X(hard_sigmoid) X(tanh) X(relu) X(leaky_relu) X(prelu)     \
  X(rrelu) X(clipped_relu) X(elu) X(selu) X(gelu) X(gelu_tanh) X(swish) X(silu) X(softplus)     \
  X(softsign)

/// The defaults first, then a spread of other parameters.
template <template <class> class F, class T>
std::vector<F<T>> instances() {
  using xact::linear; using xact::binary_step; using xact::hard_sigmoid; using xact::leaky_relu;
  using xact::prelu; using xact::rrelu; using xact::clipped_relu; using xact::elu;
  using xact::swish; using xact::softplus;
  if constexpr (std::is_same_v<F<T>, linear<T>>) return {linear<T>{}, linear<T>{T(2), T(0.5)}, linear<T>{T(0.1), T(0.3)}};
  else if constexpr (std::is_same_v<F<T>, binary_step<T>>) return {binary_step<T>{}, binary_step<T>{T(1)}, binary_step<T>{T(-2.5)}};
  else if constexpr (std::is_same_v<F<T>, hard_sigmoid<T>>) return {hard_sigmoid<T>{}, hard_sigmoid<T>{T(0.2), T(0.5)}, hard_sigmoid<T>{T(0.5), T(0.5)}};
  else if constexpr (std::is_same_v<F<T>, leaky_relu<T>>) return {leaky_relu<T>{}, leaky_relu<T>{T(0.2)}, leaky_relu<T>{T(-0.5)}};
  else if constexpr (std::is_same_v<F<T>, prelu<T>>) return {prelu<T>{}, prelu<T>{T(0.01)}, prelu<T>{T(-1)}};
  else if constexpr (std::is_same_v<F<T>, rrelu<T>>) return {rrelu<T>{}, rrelu<T>{T(0), T(0.5)}, rrelu<T>{T(0), T(0)}};
  else if constexpr (std::is_same_v<F<T>, clipped_relu<T>>) return {clipped_relu<T>{}, clipped_relu<T>{T(1)}, clipped_relu<T>{T(20)}};
  else if constexpr (std::is_same_v<F<T>, elu<T>>) return {elu<T>{}, elu<T>{T(0.5)}, elu<T>{T(2)}};
  else if constexpr (std::is_same_v<F<T>, swish<T>>) return {swish<T>{}, swish<T>{T(0.5)}, swish<T>{T(1.7)}, swish<T>{T(-1)}};
  else if constexpr (std::is_same_v<F<T>, softplus<T>>) return {softplus<T>{}, softplus<T>{T(2), T(20)}, softplus<T>{T(0.5), T(20)}};
  else return {F<T>{}};
}

inline std::string fmt_param(long double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.7Lg", v);
  return b;
}
/// "alpha=0.5"; "" for the unparameterized functors.
inline std::string label(desc const& d) {
  switch (d.id) {
    case fid::linear: return "slope=" + fmt_param(d.p[0]) + ",offset=" + fmt_param(d.p[1]);
    case fid::binary_step: return "threshold=" + fmt_param(d.p[0]);
    case fid::hard_sigmoid: return "slope=" + fmt_param(d.p[0]) + ",lo=" + fmt_param(d.p[1]);
    case fid::leaky_relu: return "slope=" + fmt_param(d.p[0]);
    case fid::prelu: return "alpha=" + fmt_param(d.p[0]);
    case fid::rrelu: return "lower=" + fmt_param(d.p[0]) + ",upper=" + fmt_param(d.p[1]);
    case fid::clipped_relu: return "ceiling=" + fmt_param(d.p[0]);
    case fid::elu: return "alpha=" + fmt_param(d.p[1]);
    case fid::swish: return "beta=" + fmt_param(d.p[0]);
    case fid::softplus: return "beta=" + fmt_param(d.p[0]) + ",threshold=" + fmt_param(d.p[1]);
    default: return "";
  }
}

/// Kernel K of f at x (a T or a batch).
template <kernel K, class F, class V>
inline V eval(F const& f, V const& x) {
  if constexpr (K == kernel::forward) return f.forward(x);
  else if constexpr (K == kernel::derivative) return f.derivative(x);
  else if constexpr (K == kernel::from_output) {
    if constexpr (xact::has_output_derivative_v<F>) return f.derivative_from_output(x);
    else return x;
  } else {
    if constexpr (xact::has_parameter_derivative_v<F>) return f.parameter_derivative(x);
    else return x;
  }
}

/// Points whose neighbourhoods every sweep visits: kinks, thresholds of the kernels
/// (saturation, exp overflow/underflow of float and double, xsimd traps), roots of f'.
inline std::vector<long double> special_points(desc const& d) {
  std::vector<long double> base = {0.0L, 1.0L, 0.5L, 2.0L, 0.75L, 0.7518L, 1.2785L, 3.0L, 6.0L,
                                   14.8L, 20.0L, 30.0L, 38.8L, 87.3L, 88.72L, 103.97L, 708.4L,
                                   709.78L, 745.13L, 9.6e61L, 1e19L, 1e30L};
  std::vector<long double> pts;
  long double const beta = (d.id == fid::swish || d.id == fid::softplus) ? d.p[0] : 1.0L;
  for (long double b : base) {
    for (long double s : {1.0L, -1.0L}) {
      pts.push_back(s * b);
      if (beta != 1.0L && beta != 0.0L) pts.push_back(s * b / beta);
    }
  }
  switch (d.id) {
    case fid::binary_step: pts.push_back(d.p[0]); break;
    case fid::hard_sigmoid: pts.push_back(d.p[1]); pts.push_back(d.p[2]); break;
    case fid::clipped_relu: pts.push_back(d.p[0]); break;
    case fid::softplus: pts.push_back(d.p[1] / d.p[0]); break;
    case fid::elu: case fid::selu: pts.push_back(-d.p[1]); pts.push_back(-d.p[1] / 2); break;
    case fid::linear: pts.push_back(-d.p[1] / d.p[0]); break;
    default: break;
  }
  return pts;
}

/// Special inputs of T: zeros, infinities, NaN, extremes of every binade class.
template <class T>
std::vector<T> special_values() {
  using lim = std::numeric_limits<T>;
  std::vector<T> v = {T(0), lim::quiet_NaN(), lim::infinity(), lim::denorm_min(), lim::min(),
                      T(lim::min() - lim::denorm_min()), lim::max(), lim::epsilon(), T(1)};
  std::size_t const n = v.size();
  for (std::size_t i = 0; i < n; ++i) v.push_back(-v[i]);
  return v;
}

/// n floats/doubles on each side of p (nextafter), p itself included.
template <class T>
void neighbourhood(long double p, int n, std::vector<T>& out) {
  T const c = static_cast<T>(p);
  if (!std::isfinite(c)) return;
  out.push_back(c);
  T lo = c, hi = c;
  for (int i = 0; i < n; ++i) {
    lo = std::nextafter(lo, -std::numeric_limits<T>::infinity());
    hi = std::nextafter(hi, std::numeric_limits<T>::infinity());
    out.push_back(lo);
    out.push_back(hi);
  }
}

}  // namespace xact::accuracy

#endif  // XACT_TOOLS_ACCURACY_FUNCTORS_HPP
