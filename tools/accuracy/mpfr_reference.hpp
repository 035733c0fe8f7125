// SPDX-License-Identifier: MIT
// The reference of record: every element-wise activation kernel, and softmax / log_softmax and
// their backward passes, evaluated with GNU MPFR and rounded once to long double.
#ifndef XACT_TOOLS_ACCURACY_MPFR_REFERENCE_HPP
#define XACT_TOOLS_ACCURACY_MPFR_REFERENCE_HPP

// Header-only over MPFR (link -lmpfr -lgmp). Needs only the public functor types of
// include/xact/activation/. Thread-safe (MPFR is built thread-safe on Debian; the exponent
// range is widened once per thread).
//
// Method: every kernel is written with the stable mathematical formula (expm1, log1p, erfc,
// e^{-|t|}/(1+e^{-|t|})^2 ...) at PREC = 256 bits with the functor's parameters as they are
// stored in T (exact binary values: 0.01f is 0.00999999977648258209228515625), then rounded to
// nearest long double (64-bit significand: 1/2048 ULP resolution for double, 2^-40 for float).
// Where the functor defines its breakpoints in T (hard_sigmoid's lo = -offset/slope and
// hi = lo + 1/slope, softplus's switch on beta*x rounded to T), the reference uses those T
// values, since they are part of the function's definition. Infinite inputs are evaluated at
// +-1e4000 (beyond every T, inside long double and MPFR's range), which gives the limits:
// e.g. swish(-inf) = -1e4000 * e^{-1e4000} = -0 (-0 in MPFR: e^{-1e4000} underflows to +0).
// selu uses its stored T constants scale and scale_alpha (scale_alpha is a member rounded
// once from the exact product), rrelu its slope() as stored in T.

#include <mpfr.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

#include <xact/activation/elu.hpp>
#include <xact/activation/gelu.hpp>
#include <xact/activation/identity.hpp>
#include <xact/activation/relu.hpp>
#include <xact/activation/sigmoid.hpp>
#include <xact/activation/softplus.hpp>
#include <xact/activation/swish.hpp>
#include <xact/detail/traits.hpp>

namespace xact::accuracy {

enum class kernel { forward, derivative, from_output, parameter };

inline char const* kernel_name(kernel k) {
  switch (k) {
    case kernel::forward: return "forward";
    case kernel::derivative: return "derivative";
    case kernel::from_output: return "from_output";
    case kernel::parameter: return "parameter";
  }
  return "?";
}

template <class F>
bool has_kernel(kernel k) {
  switch (k) {
    case kernel::forward:
    case kernel::derivative: return true;
    case kernel::from_output: return xact::has_output_derivative_v<F>;
    case kernel::parameter: return xact::has_parameter_derivative_v<F>;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// A functor reduced to its formula and exact parameter values.
enum class fid {
  linear, binary_step, sigmoid, hard_sigmoid, tanh, relu, leaky_relu, prelu, rrelu, clipped_relu,
  elu, selu, gelu, gelu_tanh, swish, silu, softplus, softsign
};

struct desc {
  fid id;
  long double p[4] = {0, 0, 0, 0};  // exact T values (see describe)
  int digits = 53;                  // T's significand bits: 24 (float) or 53 (double)
};

template <class T> desc describe(xact::linear<T> const& f) { return {fid::linear, {f.slope, f.offset}, std::numeric_limits<T>::digits}; }
template <class T> desc describe(xact::binary_step<T> const& f) { return {fid::binary_step, {f.threshold}, std::numeric_limits<T>::digits}; }
template <class T> desc describe(xact::sigmoid<T> const&) { return {fid::sigmoid, {}, std::numeric_limits<T>::digits}; }
template <class T> desc describe(xact::hard_sigmoid<T> const& f) {
  // p0 = slope, p1 = lo, p2 = hi, all as the functor computes them in T.
  volatile T lo = f.lower_kink();
  volatile T hi = f.upper_kink();
  return {fid::hard_sigmoid, {f.slope, lo, hi}, std::numeric_limits<T>::digits};
}
template <class T> desc describe(xact::tanh<T> const&) { return {fid::tanh, {}, std::numeric_limits<T>::digits}; }
template <class T> desc describe(xact::relu<T> const&) { return {fid::relu, {}, std::numeric_limits<T>::digits}; }
template <class T> desc describe(xact::leaky_relu<T> const& f) { return {fid::leaky_relu, {f.negative_slope}, std::numeric_limits<T>::digits}; }
template <class T> desc describe(xact::prelu<T> const& f) { return {fid::prelu, {f.alpha}, std::numeric_limits<T>::digits}; }
// The functor's slope() as stored in T (the mean of the bounds, rounded once), like every other
// parameter: the bound of record is about the kernel, not the rounding of the parameter.
template <class T> desc describe(xact::rrelu<T> const& f) { return {fid::rrelu, {f.slope(), f.slope()}, std::numeric_limits<T>::digits}; }
template <class T> desc describe(xact::clipped_relu<T> const& f) { return {fid::clipped_relu, {f.ceiling}, std::numeric_limits<T>::digits}; }
template <class T> desc describe(xact::elu<T> const& f) { return {fid::elu, {1.0L, f.alpha}, std::numeric_limits<T>::digits}; }
template <class T> desc describe(xact::selu<T> const&) {
  return {fid::selu, {xact::selu<T>::scale, xact::selu<T>::scale_alpha}, std::numeric_limits<T>::digits};
}
template <class T> desc describe(xact::gelu<T> const&) { return {fid::gelu, {}, std::numeric_limits<T>::digits}; }
template <class T> desc describe(xact::gelu_tanh<T> const&) { return {fid::gelu_tanh, {}, std::numeric_limits<T>::digits}; }
template <class T> desc describe(xact::swish<T> const& f) { return {fid::swish, {f.beta}, std::numeric_limits<T>::digits}; }
template <class T> desc describe(xact::silu<T> const&) { return {fid::silu, {1.0L}, std::numeric_limits<T>::digits}; }
template <class T> desc describe(xact::softplus<T> const& f) { return {fid::softplus, {f.beta, f.threshold}, std::numeric_limits<T>::digits}; }
template <class T> desc describe(xact::softsign<T> const&) { return {fid::softsign, {}, std::numeric_limits<T>::digits}; }

/// beta * x rounded to T (round to nearest), as the functor's exact_product(beta, x).hi.
inline long double product_in_t(long double beta, long double x, int digits) {
  if (digits == 24) {
    volatile float r = static_cast<float>(beta) * static_cast<float>(x);
    return r;
  }
  volatile double r = static_cast<double>(beta) * static_cast<double>(x);
  return r;
}

namespace mp {

inline constexpr mpfr_prec_t prec = 256;

inline void ensure_range() {
  thread_local bool done = false;
  if (!done) {
    mpfr_set_emin(mpfr_get_emin_min());
    mpfr_set_emax(mpfr_get_emax_max());
    done = true;
  }
}

// RAII number; the few operations the formulas need.
struct num {
  mpfr_t v;
  num() { mpfr_init2(v, prec); mpfr_set_zero(v, 1); }
  explicit num(long double x) { mpfr_init2(v, prec); mpfr_set_ld(v, x, MPFR_RNDN); }
  num(num const& o) { mpfr_init2(v, prec); mpfr_set(v, o.v, MPFR_RNDN); }
  num& operator=(num const& o) { mpfr_set(v, o.v, MPFR_RNDN); return *this; }
  ~num() { mpfr_clear(v); }
  long double ld() const { return mpfr_get_ld(v, MPFR_RNDN); }
  int sgn() const { return mpfr_sgn(v); }
};
inline num add(num const& a, num const& b) { num r; mpfr_add(r.v, a.v, b.v, MPFR_RNDN); return r; }
inline num sub(num const& a, num const& b) { num r; mpfr_sub(r.v, a.v, b.v, MPFR_RNDN); return r; }
inline num mul(num const& a, num const& b) { num r; mpfr_mul(r.v, a.v, b.v, MPFR_RNDN); return r; }
inline num div(num const& a, num const& b) { num r; mpfr_div(r.v, a.v, b.v, MPFR_RNDN); return r; }
inline num neg(num const& a) { num r; mpfr_neg(r.v, a.v, MPFR_RNDN); return r; }
inline num abs(num const& a) { num r; mpfr_abs(r.v, a.v, MPFR_RNDN); return r; }
inline num exp(num const& a) { num r; mpfr_exp(r.v, a.v, MPFR_RNDN); return r; }
inline num expm1(num const& a) { num r; mpfr_expm1(r.v, a.v, MPFR_RNDN); return r; }
inline num log1p(num const& a) { num r; mpfr_log1p(r.v, a.v, MPFR_RNDN); return r; }
inline num log(num const& a) { num r; mpfr_log(r.v, a.v, MPFR_RNDN); return r; }
inline num erfc(num const& a) { num r; mpfr_erfc(r.v, a.v, MPFR_RNDN); return r; }
inline num tanh(num const& a) { num r; mpfr_tanh(r.v, a.v, MPFR_RNDN); return r; }
inline num sech(num const& a) { num r; mpfr_sech(r.v, a.v, MPFR_RNDN); return r; }
inline num sqrt(num const& a) { num r; mpfr_sqrt(r.v, a.v, MPFR_RNDN); return r; }
inline num str(char const* s) { num r; mpfr_set_str(r.v, s, 10, MPFR_RNDN); return r; }
inline num pi() { num r; mpfr_const_pi(r.v, MPFR_RNDN); return r; }
inline num one() { return num(1.0L); }

/// sigma(t) = 1 / (1 + e^{-t}).
inline num sigma(num const& t) { return div(one(), add(one(), exp(neg(t)))); }
/// sigma(t)(1 - sigma(t)) = e^{-|t|} / (1 + e^{-|t|})^2 (no cancellation).
inline num sigma_prime(num const& t) {
  num const e = exp(neg(abs(t)));
  num const d = add(one(), e);
  return div(e, mul(d, d));
}

}  // namespace mp

/// Largest term of a kernel whose value is a cancelling sum (0 where there is none): the
/// scale of the documented mixed bounds.
struct value_and_term {
  long double value;
  long double term;
};

/// The MPFR reference of kernel k of the functor described by d, at v (x, or y for
/// from_output). See the file comment.
inline value_and_term mpfr_evaluate(desc const& d, kernel k, long double v) {
  using namespace mp;
  ensure_range();
  long double const nan = std::numeric_limits<long double>::quiet_NaN();
  if (std::isnan(v)) return {nan, 0};
  if (std::isinf(v)) v = std::signbit(v) ? -1e4000L : 1e4000L;
  num const x(v);
  num const zero;
  auto const out = [](num const& r, long double term = 0) { return value_and_term{r.ld(), term}; };
  auto const val = [](long double r) { return value_and_term{r, 0}; };
  bool const pos = x.sgn() > 0;
  switch (d.id) {
    case fid::linear:
      if (k == kernel::forward) return out(add(mul(num(d.p[0]), x), num(d.p[1])));
      return val(d.p[0]);
    case fid::binary_step:
      if (k == kernel::forward) return val(v > d.p[0] ? 1.0L : 0.0L);
      return val(0.0L);
    case fid::sigmoid:
      if (k == kernel::forward) return out(sigma(x));
      if (k == kernel::derivative) return out(sigma_prime(x));
      return out(mul(x, sub(one(), x)));
    case fid::hard_sigmoid: {
      long double const s = d.p[0], lo = d.p[1], hi = d.p[2];
      if (k == kernel::forward) {
        if (v <= lo) return val(0.0L);
        if (v >= hi) return val(1.0L);
        return out(mul(sub(x, num(lo)), num(s)));
      }
      if (k == kernel::derivative) return val(v > lo && v < hi ? s : 0.0L);
      return val(v > 0 && v < 1 ? s : 0.0L);
    }
    case fid::tanh:
      if (k == kernel::forward) return out(tanh(x));
      if (k == kernel::derivative) { num const s = sech(x); return out(mul(s, s)); }
      return out(mul(sub(one(), x), add(one(), x)));
    case fid::relu:
      if (k == kernel::forward) return pos ? out(x) : val(0.0L);
      return val(pos ? 1.0L : 0.0L);
    case fid::leaky_relu:
    case fid::prelu:
    case fid::rrelu: {
      num const a = d.id == fid::rrelu ? div(add(num(d.p[0]), num(d.p[1])), num(2.0L)) : num(d.p[0]);
      if (k == kernel::forward) return pos ? out(x) : out(mul(a, x));
      if (k == kernel::parameter) return pos ? val(0.0L) : out(x);
      return pos ? val(1.0L) : out(a);
    }
    case fid::clipped_relu: {
      long double const c = d.p[0];
      if (k == kernel::forward) return v <= 0 ? val(0.0L) : out(v > c ? num(c) : x);
      return val(v > 0 && v < c ? 1.0L : 0.0L);
    }
    case fid::elu:
    case fid::selu: {
      num const scale(d.p[0]), sa(d.p[1]);
      if (k == kernel::forward) return pos ? out(mul(scale, x)) : out(mul(sa, expm1(x)));
      if (k == kernel::derivative) return pos ? out(scale) : out(mul(sa, exp(x)));
      if (pos) return out(scale);
      return out(add(x, sa), std::max(std::fabs(v), d.p[1]));
    }
    case fid::gelu: {
      // f = (x/2) erfc(-x/sqrt2); f' = Phi + x phi.
      num const z = div(neg(x), sqrt(num(2.0L)));
      num const phi_cdf = div(erfc(z), num(2.0L));
      if (k == kernel::forward) return out(mul(x, phi_cdf));
      num const dens = div(exp(neg(div(mul(x, x), num(2.0L)))), sqrt(mul(num(2.0L), pi())));
      num const t2 = mul(x, dens);
      return out(add(phi_cdf, t2), std::max(std::fabs(phi_cdf.ld()), std::fabs(t2.ld())));
    }
    case fid::gelu_tanh: {
      // (x/2)(1 + tanh u) = x sigma(2u), u = c (x + k x^3), c = sqrt(2/pi), k = 0.044715.
      num const c = sqrt(div(num(2.0L), pi()));
      num const kk = str("0.044715");
      num const x2 = mul(x, x);
      num const two_u = mul(mul(num(2.0L), c), add(x, mul(kk, mul(x2, x))));
      num const s = sigma(two_u);
      if (k == kernel::forward) return out(mul(x, s));
      num const slope = mul(mul(num(2.0L), c), add(one(), mul(num(3.0L), mul(kk, x2))));
      num const t2 = mul(mul(x, slope), sigma_prime(two_u));
      return out(add(s, t2), std::max(std::fabs(s.ld()), std::fabs(t2.ld())));
    }
    case fid::swish:
    case fid::silu: {
      num const t = mul(num(d.p[0]), x);
      if (k == kernel::forward) return out(mul(x, sigma(t)));
      num const sp = sigma_prime(t);
      if (k == kernel::parameter) return out(mul(mul(x, x), sp));
      num const s = sigma(t);
      num const t2 = mul(t, sp);
      return out(add(s, t2), std::max(std::fabs(s.ld()), std::fabs(t2.ld())));
    }
    case fid::softplus: {
      long double const beta = d.p[0], threshold = d.p[1];
      long double const bx = product_in_t(beta, v, d.digits);  // the functor's switch
      if (bx > threshold) return val(k == kernel::forward ? v : 1.0L);
      num const t = mul(num(beta), x);
      if (k == kernel::derivative) return out(sigma(t));
      // log(1 + e^t) = max(t, 0) + log1p(e^{-|t|}).
      num const l = log1p(exp(neg(abs(t))));
      num const r = t.sgn() > 0 ? add(t, l) : l;
      return out(div(r, num(beta)));
    }
    case fid::softsign: {
      num const d1 = add(one(), abs(x));
      if (k == kernel::forward) return out(div(x, d1));
      if (k == kernel::derivative) return out(div(one(), mul(d1, d1)));
      num const r = sub(one(), abs(x));
      return out(mul(r, r));
    }
  }
  return {nan, 0};
}

/// The exact value of kernel k of functor f at v (x, or y for from_output: the formula in y
/// applied to the given y), rounded to nearest long double. NaN/inf follow docs/semantics.md.
template <class F>
long double mpfr_reference(F const& f, kernel k, long double v) {
  return mpfr_evaluate(describe(f), k, v).value;
}
/// The largest term where kernel k of f is a cancelling sum (gelu', gelu_tanh', swish', silu':
/// max of the two terms; elu/selu from y: max(|y|, scale*alpha)), else 0.
template <class F>
long double mpfr_reference_term(F const& f, kernel k, long double v) {
  return mpfr_evaluate(describe(f), k, v).term;
}

// ---------------------------------------------------------------------------------------------
// Vector-wise references. x: finite or +-inf entries (NaN gives NaN everywhere).
//   softmax_i = e^{x_i - m} / sum_j e^{x_j - m};  log_softmax_i = (x_i - m) - log sum_j e^{x_j - m}
// with m = max x (exact in MPFR). All -inf: NaN (xact's default, PyTorch). +inf entries: the
// limit (1/c at the c infinite entries, 0 elsewhere; log: -log c, -inf).
inline std::vector<long double> mpfr_softmax(std::vector<long double> const& x, bool log_form) {
  using namespace mp;
  ensure_range();
  long double const nan = std::numeric_limits<long double>::quiet_NaN();
  long double const inf = std::numeric_limits<long double>::infinity();
  std::size_t const n = x.size();
  std::vector<long double> y(n, nan);
  if (n == 0) return y;
  long double m = -inf;
  for (long double v : x) {
    if (std::isnan(v)) return y;
    m = std::max(m, v);
  }
  if (m == -inf) return y;
  if (m == inf) {
    std::size_t c = 0;
    for (long double v : x) c += (v == inf);
    num const cc(static_cast<long double>(c));
    for (std::size_t i = 0; i < n; ++i)
      y[i] = x[i] == inf ? (log_form ? neg(log(cc)).ld() : div(one(), cc).ld()) : (log_form ? -inf : 0.0L);
    return y;
  }
  // sum = 1 + rest, where 1 is the first maximal entry: log(sum) as log1p(rest), since rest may be
  // far below the working precision relative to 1 (e.g. e^-230 next to 1 at 256 bits).
  num rest;
  std::vector<num> t(n);
  bool seen_max = false;
  for (std::size_t i = 0; i < n; ++i) {
    t[i] = std::isinf(x[i]) ? num(-1e4000L) : sub(num(x[i]), num(m));
    if (!seen_max && x[i] == m) {
      seen_max = true;
      continue;
    }
    rest = add(rest, exp(t[i]));
  }
  num const sum = add(one(), rest);
  num const ls = log1p(rest);
  for (std::size_t i = 0; i < n; ++i) {
    if (log_form)
      y[i] = std::isinf(x[i]) ? -inf : sub(t[i], ls).ld();
    else
      y[i] = div(exp(t[i]), sum).ld();
  }
  return y;
}

/// Backward passes from the given (rounded) y and dy, with the scale of each entry's largest
/// term (for the term-scaled bound):
///   softmax:     dx_i = y_i (dy_i - s), s = sum_j y_j dy_j;  scale_i = |y_i| max(|dy_i|, sum_j |y_j dy_j|)
///   log_softmax: dx_i = dy_i - e^{y_i} S, S = sum_j dy_j;    scale_i = max(|dy_i|, e^{y_i} sum_j |dy_j|)
struct backward_reference {
  std::vector<long double> dx, scale;
};
inline backward_reference mpfr_softmax_backward(std::vector<long double> const& y,
                                                std::vector<long double> const& dy, bool log_form) {
  using namespace mp;
  ensure_range();
  std::size_t const n = y.size();
  backward_reference r{std::vector<long double>(n), std::vector<long double>(n)};
  num s, sa;
  for (std::size_t i = 0; i < n; ++i) {
    num const w = log_form ? num(dy[i]) : mul(num(y[i]), num(dy[i]));
    s = add(s, w);
    sa = add(sa, abs(w));
  }
  for (std::size_t i = 0; i < n; ++i) {
    num const yi(y[i]), dyi(dy[i]);
    if (log_form) {
      num const e = std::isinf(y[i]) && y[i] < 0 ? num() : exp(yi);
      r.dx[i] = sub(dyi, mul(e, s)).ld();
      r.scale[i] = std::max(std::fabs(dy[i]), mul(e, sa).ld());
    } else {
      r.dx[i] = mul(yi, sub(dyi, s)).ld();
      r.scale[i] = std::fabs(y[i]) * std::max(std::fabs(dy[i]), sa.ld());
    }
  }
  return r;
}

}  // namespace xact::accuracy

#endif  // XACT_TOOLS_ACCURACY_MPFR_REFERENCE_HPP
