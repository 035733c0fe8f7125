// SPDX-License-Identifier: MIT
// A fast double-precision reference for the exhaustive float32 sweep, checked against MPFR.
#ifndef XACT_TOOLS_ACCURACY_DOUBLE_REFERENCE_HPP
#define XACT_TOOLS_ACCURACY_DOUBLE_REFERENCE_HPP

// The element-wise kernels of mpfr_reference.hpp written in double with the same stable
// formulas, for float inputs only: a float x, beta*x and x^2 are exact in double, every
// float-relevant value is a normal double, so each result is within a few double ULPs
// (2^-29 float ULP each) of the exact value. Where a result is a cancelling sum with
// |value| < term / 2^10 (the roots of gelu', gelu_tanh', swish', silu'), `exact` is false and the
// caller must use MPFR. `xact_accuracy --check-reference` measures the discrepancy to MPFR on
// >= 10^6 inputs per kernel (docs/accuracy.md reports it).

#include "mpfr_reference.hpp"

#include <cmath>
#include <limits>

namespace xact::accuracy {

struct double_result {
  double value;
  bool exact;  // false: cancellation, use mpfr_evaluate
};

namespace dref {
// e^t, 0 far below the double range without glibc's slow underflow path (half of all float32
// patterns have |x| > 745).
inline double exp_or_zero(double t) { return t < -800.0 ? 0.0 : std::exp(t); }
inline double sigma(double t) {
  double const e = exp_or_zero(-std::fabs(t));
  return t >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}
inline double sigma_prime(double t) {
  double const e = exp_or_zero(-std::fabs(t));
  double const d = 1.0 + e;
  return e / (d * d);
}
inline double_result sum2(double a, double b) {
  double const r = a + b;
  double const big = std::fmax(std::fabs(a), std::fabs(b));
  return {r, !(std::fabs(r) * 1024.0 < big)};
}
}  // namespace dref

/// A functor description with its parameters in double (exact: they are float values).
struct double_desc {
  fid id;
  double p[4];
};
inline double_desc to_double(desc const& d) {
  return {d.id, {double(d.p[0]), double(d.p[1]), double(d.p[2]), double(d.p[3])}};
}

/// Kernel k of the functor d at the float value x (x, or y for from_output).
inline double_result double_evaluate(double_desc const& d, kernel k, float xf) {
  using namespace dref;
  double const x = xf;
  if (std::isnan(x)) return {x, true};
  if (std::isinf(x)) return {0, false};  // limits: MPFR
  bool const pos = x > 0;
  auto const ok = [](double v) { return double_result{v, true}; };
  switch (d.id) {
    case fid::linear:
      if (k == kernel::forward) return ok(std::fma(double(d.p[0]), x, double(d.p[1])));
      return ok(double(d.p[0]));
    case fid::binary_step:
      if (k == kernel::forward) return ok(x > d.p[0] ? 1.0 : 0.0);
      return ok(0.0);
    case fid::sigmoid:
      if (k == kernel::forward) return ok(sigma(x));
      if (k == kernel::derivative) return ok(sigma_prime(x));
      return ok(x * (1.0 - x));
    case fid::hard_sigmoid: {
      double const s = double(d.p[0]), lo = double(d.p[1]), hi = double(d.p[2]);
      if (k == kernel::forward) return ok(x <= lo ? 0.0 : x >= hi ? 1.0 : (x - lo) * s);
      if (k == kernel::derivative) return ok(x > lo && x < hi ? s : 0.0);
      return ok(x > 0 && x < 1 ? s : 0.0);
    }
    case fid::tanh:
      if (k == kernel::forward) return ok(std::tanh(x));
      if (k == kernel::derivative) {
        double const e = exp_or_zero(-2.0 * std::fabs(x));
        double const dd = 1.0 + e;
        return ok(4.0 * e / (dd * dd));
      }
      return ok((1.0 - x) * (1.0 + x));
    case fid::relu:
      if (k == kernel::forward) return ok(pos ? x : 0.0);
      return ok(pos ? 1.0 : 0.0);
    case fid::leaky_relu:
    case fid::prelu:
    case fid::rrelu: {
      // Exact products in double: 24 + 24 bits (rrelu's slope is a float, p0 = p1).
      double const a = d.id == fid::rrelu ? (d.p[0] + d.p[1]) / 2.0 : d.p[0];
      if (k == kernel::forward) return ok(pos ? x : double(a * x));
      if (k == kernel::parameter) return ok(pos ? 0.0 : x);
      return ok(pos ? 1.0 : double(a));
    }
    case fid::clipped_relu: {
      double const c = double(d.p[0]);
      if (k == kernel::forward) return ok(x <= 0 ? 0.0 : x > c ? c : x);
      return ok(x > 0 && x < c ? 1.0 : 0.0);
    }
    case fid::elu:
    case fid::selu: {
      double const scale = double(d.p[0]), sa = double(d.p[1]);
      if (k == kernel::forward) return ok(pos ? scale * x : sa * std::expm1(x));
      if (k == kernel::derivative) return ok(pos ? scale : sa * exp_or_zero(x));
      return ok(pos ? scale : x + sa);
    }
    case fid::gelu: {
      double const phi_cdf = 0.5 * std::erfc(-x * 0.70710678118654752440);
      if (k == kernel::forward) return ok(x * phi_cdf);
      double const dens = exp_or_zero(-0.5 * (x * x)) * 0.39894228040143267794;
      return sum2(phi_cdf, x * dens);
    }
    case fid::gelu_tanh: {
      double const c2 = 2.0 * 0.79788456080286535588;  // 2 sqrt(2/pi)
      double const kk = 0.044715;
      double const x2 = x * x;
      double const two_u = c2 * (x + kk * x2 * x);
      if (k == kernel::forward) return ok(x * sigma(two_u));
      double const slope = c2 * (1.0 + 3.0 * kk * x2);
      return sum2(sigma(two_u), x * slope * sigma_prime(two_u));
    }
    case fid::swish:
    case fid::silu: {
      double const t = double(d.p[0]) * x;
      if (k == kernel::forward) return ok(x * sigma(t));
      if (k == kernel::parameter) return ok((x * x) * sigma_prime(t));
      return sum2(sigma(t), t * sigma_prime(t));
    }
    case fid::softplus: {
      double const beta = double(d.p[0]);
      if (static_cast<float>(beta * x) > d.p[1]) return ok(k == kernel::forward ? x : 1.0);
      double const t = beta * x;
      if (k == kernel::derivative) return ok(sigma(t));
      double const l = std::log1p(exp_or_zero(-std::fabs(t)));
      return ok((t > 0 ? t + l : l) / beta);
    }
    case fid::softsign: {
      double const d1 = 1.0 + std::fabs(x);
      if (k == kernel::forward) return ok(x / d1);
      if (k == kernel::derivative) return ok(1.0 / (d1 * d1));
      double const r = 1.0 - std::fabs(x);
      return ok(r * r);
    }
  }
  return {0, false};
}
inline double_result double_evaluate(desc const& d, kernel k, float x) {
  return double_evaluate(to_double(d), k, x);
}

}  // namespace xact::accuracy

#endif  // XACT_TOOLS_ACCURACY_DOUBLE_REFERENCE_HPP
