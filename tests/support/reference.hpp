// SPDX-License-Identifier: MIT
// Independent long double references for every element-wise activation, its derivatives and their
// cancelling terms.
#ifndef XACT_TESTS_SUPPORT_REFERENCE_HPP
#define XACT_TESTS_SUPPORT_REFERENCE_HPP

// Written from the mathematical definitions only (no xact code): every formula below is the
// numerically stable form in long double (64-bit significand on x86-64, 11 bits more than
// double), so its own error is far below one ULP of double over the swept ranges.

#include <cmath>

namespace xact_test {
namespace ref {

using ld = long double;

// A derivative value together with the magnitude of its largest term: where the terms cancel
// (roots of f'), the achievable accuracy in T is relative to `scale`, not to `value`.
struct deriv {
  ld value;
  ld scale;
};

inline deriv plain(ld v) { return {v, std::fabs(v)}; }

constexpr ld sqrt2 = 1.414213562373095048801688724209698079L;
constexpr ld inv_sqrt2pi = 0.398942280401432677939946059934381868L;  // 1/sqrt(2 pi)
constexpr ld sqrt_2_over_pi = 0.797884560802865355879892119868763737L;
// Klambauer et al. 2017, eq. (14): the fixed point constants, to 34 digits.
constexpr ld selu_alpha = 1.673263242354377284817042991671743698L;
constexpr ld selu_scale = 1.050700987355480493419334985294636491L;
constexpr ld gelu_tanh_c = 0.044715L;

// logistic(x) = 1/(1+e^-x), evaluated on -|x| so that exp never overflows, then reflected.
inline ld logistic(ld x) {
  if (std::isnan(x)) return x;
  if (x >= 0) return 1.0L / (1.0L + std::exp(-x));
  ld const e = std::exp(x);
  return e / (1.0L + e);
}
// logistic'(x) = logistic(x) * logistic(-x), both factors computed directly (no 1 - s).
inline ld logistic_prime(ld x) { return logistic(x) * logistic(-x); }

// ---------------------------------------------------------------- identity family
inline ld linear(ld x, ld s, ld o) { return s * x + o; }
inline ld binary_step(ld x, ld t) { return std::isnan(x) ? x : (x > t ? 1.0L : 0.0L); }

// ---------------------------------------------------------------- sigmoid family
inline ld sigmoid(ld x) { return logistic(x); }
inline ld sigmoid_d(ld x) { return logistic_prime(x); }
inline ld sigmoid_dy(ld y) { return y * (1.0L - y); }

// Hard sigmoid with the breakpoints lo = -offset/slope and hi = lo + 1/slope given explicitly
// (the contract computes them in T; see functor_table.hpp).
inline ld hard_sigmoid(ld x, ld s, ld lo) {
  if (std::isnan(x)) return x;
  ld const v = (x - lo) * s;
  return v <= 0 ? 0.0L : (v >= 1 ? 1.0L : v);
}
inline ld hard_sigmoid_d(ld x, ld s, ld lo, ld hi) {
  if (std::isnan(x)) return x;
  return (x > lo && x < hi) ? s : 0.0L;
}
inline ld hard_sigmoid_dy(ld y, ld s) {
  if (std::isnan(y)) return y;
  return (y > 0 && y < 1) ? s : 0.0L;
}

inline ld tanh(ld x) { return std::tanh(x); }
// sech^2(x) = 4 e^{-2|x|} / (1 + e^{-2|x|})^2: no cancellation for large |x|.
inline ld tanh_d(ld x) {
  if (std::isnan(x)) return x;
  ld const e = std::exp(-2.0L * std::fabs(x));
  ld const d = 1.0L + e;
  return 4.0L * e / (d * d);
}
inline ld tanh_dy(ld y) { return (1.0L - y) * (1.0L + y); }

// ---------------------------------------------------------------- relu family
inline ld relu(ld x) { return std::isnan(x) ? x : (x > 0 ? x : 0.0L); }
inline ld relu_d(ld x) { return std::isnan(x) ? x : (x > 0 ? 1.0L : 0.0L); }
// A zero slope at x = -inf gives the limit -0 (docs/semantics.md), not 0 * inf.
inline ld leaky(ld x, ld a) {
  if (std::isnan(x)) return x;
  if (x > 0) return x;
  return (a == 0 && std::isinf(x)) ? -0.0L : a * x;
}
inline ld leaky_d(ld x, ld a) { return std::isnan(x) ? x : (x > 0 ? 1.0L : a); }
inline ld leaky_dy(ld y, ld a) { return std::isnan(y) ? y : (y > 0 ? 1.0L : a); }
inline ld leaky_dalpha(ld x) { return std::isnan(x) ? x : (x > 0 ? 0.0L : x); }
inline ld clipped(ld x, ld c) { return std::isnan(x) ? x : (x <= 0 ? 0.0L : (x < c ? x : c)); }
inline ld clipped_d(ld x, ld c) { return std::isnan(x) ? x : ((x > 0 && x < c) ? 1.0L : 0.0L); }

// ---------------------------------------------------------------- elu family
inline ld elu(ld x, ld a) { return std::isnan(x) ? x : (x > 0 ? x : a * std::expm1(x)); }
inline ld elu_d(ld x, ld a) { return std::isnan(x) ? x : (x > 0 ? 1.0L : a * std::exp(x)); }
inline ld elu_dy(ld y, ld a) { return std::isnan(y) ? y : (y > 0 ? 1.0L : y + a); }
inline ld selu(ld x) { return selu_scale * elu(x, selu_alpha); }
inline ld selu_d(ld x) {
  return std::isnan(x) ? x : (x > 0 ? selu_scale : selu_scale * selu_alpha * std::exp(x));
}
inline ld selu_dy(ld y) {
  return std::isnan(y) ? y : (y > 0 ? selu_scale : y + selu_scale * selu_alpha);
}

// ---------------------------------------------------------------- gelu family
// Phi(x) = erfc(-x/sqrt2)/2 (Hendrycks & Gimpel 2016): erfc keeps the lower tail accurate.
inline ld Phi(ld x) { return 0.5L * std::erfc(-x / sqrt2); }
inline ld phi(ld x) { return inv_sqrt2pi * std::exp(-0.5L * x * x); }
inline ld gelu(ld x) {
  if (std::isinf(x)) return x > 0 ? x : -0.0L;
  return x * Phi(x);
}
inline deriv gelu_d(ld x) {
  if (std::isnan(x)) return {x, x};
  if (std::isinf(x)) return plain(x > 0 ? 1.0L : 0.0L);
  ld const a = Phi(x), b = x * phi(x);
  return {a + b, std::fmax(std::fabs(a), std::fabs(b))};
}
// tanh form: x/2 (1 + tanh u) = x * logistic(2u), u = sqrt(2/pi) (x + c x^3).
inline ld gelu_tanh_u(ld x) { return sqrt_2_over_pi * (x + gelu_tanh_c * x * x * x); }
inline ld gelu_tanh(ld x) {
  if (std::isinf(x)) return x > 0 ? x : -0.0L;
  return x * logistic(2.0L * gelu_tanh_u(x));
}
inline deriv gelu_tanh_d(ld x) {
  if (std::isnan(x)) return {x, x};
  if (std::isinf(x)) return plain(x > 0 ? 1.0L : 0.0L);
  ld const u = gelu_tanh_u(x);
  ld const du = sqrt_2_over_pi * (1.0L + 3.0L * gelu_tanh_c * x * x);
  ld const a = logistic(2.0L * u);
  ld const b = x * 2.0L * logistic_prime(2.0L * u) * du;
  if (std::isinf(du)) return plain(x > 0 ? 1.0L : 0.0L);  // b -> 0 faster than du grows
  return {a + b, std::fmax(std::fabs(a), std::fabs(b))};
}

// ---------------------------------------------------------------- swish family
// Ramachandran et al. 2017: x * logistic(beta x); silu is beta = 1 (Elfwing et al. 2018).
inline ld swish(ld x, ld beta) {
  if (std::isnan(x)) return x;
  ld const s = logistic(beta * x);
  if (std::isinf(x)) return s == 0 ? (x > 0 ? 0.0L : -0.0L) : x;  // beta > 0: +inf, -0
  return x * s;
}
inline deriv swish_d(ld x, ld beta) {
  if (std::isnan(x)) return {x, x};
  ld const bx = beta * x;
  if (std::isinf(bx)) return plain(bx > 0 ? 1.0L : 0.0L);
  ld const a = logistic(bx), b = bx * logistic_prime(bx);
  return {a + b, std::fmax(std::fabs(a), std::fabs(b))};
}
inline ld swish_dbeta(ld x, ld beta) {
  if (std::isnan(x)) return x;
  ld const bx = beta * x;
  if (std::isinf(bx)) return 0.0L;
  return x * x * logistic_prime(bx);
}

// ---------------------------------------------------------------- softplus family
// softplus_beta(x) = log1p(exp(bx))/b = (max(bx,0) + log1p(exp(-|bx|)))/b; linear above
// the threshold. `bx_t` is b*x as T computes it (the switch is taken on that value).
inline ld softplus(ld x, ld b, ld bx_t, ld threshold) {
  if (std::isnan(x)) return x;
  if (bx_t > threshold) return x;
  ld const bx = b * x;
  if (std::isinf(bx)) return bx > 0 ? bx : 0.0L;
  return (std::fmax(bx, 0.0L) + std::log1p(std::exp(-std::fabs(bx)))) / b;
}
inline ld softplus_d(ld x, ld b, ld bx_t, ld threshold) {
  if (std::isnan(x)) return x;
  if (bx_t > threshold) return 1.0L;
  return logistic(b * x);
}
inline ld softsign(ld x) {
  if (std::isinf(x)) return x > 0 ? 1.0L : -1.0L;
  return x / (1.0L + std::fabs(x));
}
inline ld softsign_d(ld x) {
  ld const d = 1.0L + std::fabs(x);
  return 1.0L / (d * d);
}
inline ld softsign_dy(ld y) {
  ld const d = 1.0L - std::fabs(y);
  return d * d;
}

}  // namespace ref
}  // namespace xact_test

#endif
