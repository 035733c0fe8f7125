// SPDX-License-Identifier: MIT
// libFuzzer target: the Eigen layer with random shapes (0..40 x 0..40), storage orders, strided
// and unaligned Maps into guarded buffers, Blocks, in-place aliasing and mismatched shapes.
//
// Operations (one per input, chosen by the first byte), float or double:
//   0  xact::forward / derivative / backward / backward_from_output / parameter_gradient
//   1  the lazy adaptor x.unaryExpr(xact::eigen::op(f)) and derivative_op(f)
//   2  softmax / log_softmax (colwise or rowwise, inf_as_zero on or off, in place or not)
//   3  softmax_backward / log_softmax_backward
//   4  maxout / maxout_backward (random pieces, invalid ones included)
//   5  channel_prelu / channel_prelu_backward (random alpha sizes and values, invalid included)
//   6  rrelu_train / rrelu_train_backward (random bounds, seed, storage order)
// Checks: element-wise results are bit-identical to a scalar loop over the functor
// (NaN == NaN); vector-wise results agree with naive long double references (softmax family:
// 16 ULP of T, backward: term-scaled) or exactly (maxout, channel_prelu, rrelu); every
// invalid argument (parameters, shapes, pieces, alpha) throws std::invalid_argument and nothing
// else; the guard bytes around and between the strided elements of every Map are untouched.
// Its one finding so far (tests/regression/eigen_layer.test.cpp) is fixed.
#include <xact/xact.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fuzzer/FuzzedDataProvider.h>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

namespace {

using Eigen::Index;
using ld = long double;

[[noreturn]] void fail(char const* what, Index i = -1, Index j = -1, double got = 0,
                       double expected = 0) {
  std::fprintf(stderr, "xact fuzz finding: %s at (%td, %td): got %a (%.17g), expected %a (%.17g)\n",
               what, i, j, got, got, expected, expected);
  std::abort();
}

template <class T>
bool same_bits(T a, T b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  return std::memcmp(&a, &b, sizeof(T)) == 0;
}

template <class T>
using array_t = Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic>;  // logical values, col-major

// ---- input values --------------------------------------------------------------------------

template <class T>
T value(FuzzedDataProvider& in, bool allow_special) {
  using lim = std::numeric_limits<T>;
  auto const mode = in.ConsumeIntegral<std::uint8_t>();
  if (allow_special && mode >= 240) {
    T const specials[] = {lim::quiet_NaN(),
                          lim::infinity(),
                          -lim::infinity(),
                          T(-0.0),
                          lim::max(),
                          -lim::max(),
                          lim::denorm_min(),
                          T(0),
                          lim::min(),
                          T(1e30),
                          T(-1e30),
                          T(-745),
                          T(88.7),
                          T(1),
                          T(-1),
                          T(0.5)};
    return specials[mode % 16];
  }
  if (allow_special && mode >= 224) {
    using U = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
    U const u = in.ConsumeIntegral<U>();
    T x;
    std::memcpy(&x, &u, sizeof x);
    return x;
  }
  // moderate: +-[0, 32) with 2^-10 steps, or small integers (ties for maxout)
  auto const k = in.ConsumeIntegral<std::uint16_t>();
  if (mode < 64) return T(int(k % 5) - 2);
  return T((k & 0x7fff) / 1024.0) * (k & 0x8000 ? T(-1) : T(1));
}

template <class T>
array_t<T> values(FuzzedDataProvider& in, Index rows, Index cols, bool allow_special) {
  array_t<T> a(rows, cols);
  for (Index j = 0; j < cols; ++j)
    for (Index i = 0; i < rows; ++i) a(i, j) = value<T>(in, allow_special);
  return a;
}

// ---- guarded strided storage ---------------------------------------------------------------

/// A Map of rows x cols with random inner/outer strides and element offset into a buffer whose
/// every slot that is not an element holds a sentinel NaN; check() verifies the sentinels.
template <class T, int Order>
struct guarded {
  using array_type = Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, Order>;
  using map_type =
      Eigen::Map<array_type, Eigen::Unaligned, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>>;
  static constexpr Index guard = 8;
  Index rows, cols, inner, outer, offset;
  std::vector<T> buf;
  std::vector<bool> element;

  static T sentinel() {
    using U = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
    U const u = sizeof(T) == 4 ? U(0x7fa5a5a5u) : U(0x7ff5a5a5a5a5a5a5ull);
    T x;
    std::memcpy(&x, &u, sizeof x);
    return x;
  }
  guarded(Index r, Index c, FuzzedDataProvider& in) : rows(r), cols(c) {
    inner = in.ConsumeIntegralInRange<Index>(1, 3);
    Index const inner_size = Order == Eigen::RowMajor ? cols : rows;
    Index const outer_size = Order == Eigen::RowMajor ? rows : cols;
    // outer >= (inner_size - 1) * inner + 1: no two elements share a slot.
    outer =
        std::max<Index>(1, (inner_size - 1) * inner + 1 + in.ConsumeIntegralInRange<Index>(0, 3));
    offset = in.ConsumeIntegralInRange<Index>(0, 7);
    Index const span = outer_size == 0 || inner_size == 0
                           ? 0
                           : (outer_size - 1) * outer + (inner_size - 1) * inner + 1;
    buf.assign(std::size_t(guard + offset + span + guard), sentinel());
    element.assign(buf.size(), false);
    for (Index o = 0; o < outer_size; ++o)
      for (Index k = 0; k < inner_size; ++k)
        element[std::size_t(guard + offset + o * outer + k * inner)] = true;
  }
  map_type map() {
    return map_type(buf.data() + guard + offset, rows, cols,
                    Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>(outer, inner));
  }
  void check(char const* where) const {
    T const s = sentinel();
    for (std::size_t k = 0; k < buf.size(); ++k)
      if (!element[k] && std::memcmp(&buf[k], &s, sizeof(T)) != 0) {
        std::fprintf(stderr, "guard slot %zu of %zu (offset %td, inner %td, outer %td, %tdx%td)\n",
                     k, buf.size(), offset, inner, outer, rows, cols);
        fail(where);
      }
  }
};

template <class Fn>
void expect_invalid(char const* what, Fn&& fn) {
  try {
    fn();
  } catch (std::invalid_argument const&) {
    return;
  }
  fail(what);
}

/// Runs fn; returns false if it threw std::invalid_argument (any other exception escapes).
template <class Fn>
bool accepted(Fn&& fn) {
  try {
    fn();
  } catch (std::invalid_argument const&) {
    return false;
  }
  return true;
}

template <class A, class B>
void expect_bits(char const* what, A const& got, B const& expected) {
  if (got.rows() != expected.rows() || got.cols() != expected.cols())
    fail(what, got.rows(), got.cols());
  for (Index j = 0; j < got.cols(); ++j)
    for (Index i = 0; i < got.rows(); ++i)
      if (!same_bits(got(i, j), expected(i, j)))
        fail(what, i, j, double(got(i, j)), double(expected(i, j)));
}

// ---- 0, 1: element-wise ---------------------------------------------------------------------

template <class T>
T parameter(FuzzedDataProvider& in, T def) {
  auto const m = in.ConsumeIntegral<std::uint8_t>() % 8;
  if (m < 4) return def;
  if (m == 4) return T(-0.5);
  if (m == 5) return std::numeric_limits<T>::quiet_NaN();
  if (m == 6) return std::numeric_limits<T>::infinity();
  return T(2);
}

template <class F, int XO, int YO>
void elementwise_on(F const& f, FuzzedDataProvider& in, Index rows, Index cols) {
  using T = typename F::value_type;
  bool valid = true;
  try {
    f.validate();
  } catch (std::invalid_argument const&) {
    valid = false;
  }
  guarded<T, XO> gx(rows, cols, in);
  auto x = gx.map();
  x = values<T>(in, rows, cols, true);
  array_t<T> const x0 = x;
  bool const mismatch = in.ConsumeIntegralInRange<int>(0, 7) == 0;
  Index const yr = mismatch ? rows + 1 : rows, yc = cols;
  guarded<T, YO> gy(yr, yc, in);
  auto y = gy.map();
  array_t<T> const dy0 = values<T>(in, yr, yc, true);
  y = dy0;  // dy in y's storage for backward

  auto const scalar = [&](auto&& op) {
    array_t<T> r(rows, cols);
    for (Index j = 0; j < cols; ++j)
      for (Index i = 0; i < rows; ++i) r(i, j) = op(x0(i, j), mismatch ? T(0) : dy0(i, j));
    return r;
  };
  auto const op = in.ConsumeIntegralInRange<int>(0, 9);
  bool const expect_throw = !valid || mismatch;
  auto const run = [&](auto&& call) {
    bool const ok = accepted(call);
    if (ok && expect_throw) fail("invalid parameters or shapes accepted");
    if (!ok && !expect_throw) fail("valid call threw std::invalid_argument");
    return ok;
  };
  switch (op) {
    case 0:  // forward into a strided Map of another storage order
      if (run([&] { xact::forward(f, x, y); }))
        expect_bits("forward(f, x, y)", y, scalar([&](T v, T) { return f.forward(v); }));
      break;
    case 1:  // in place
      if (mismatch) break;
      if (run([&] { xact::forward(f, x, x); }))
        expect_bits("forward(f, x, x)", x, scalar([&](T v, T) { return f.forward(v); }));
      break;
    case 2:
      if (run([&] { xact::derivative(f, x, y); }))
        expect_bits("derivative(f, x, y)", y, scalar([&](T v, T) { return f.derivative(v); }));
      break;
    case 3: {  // backward into y from dy = y (aliasing dx with dy)
      if (run([&] { xact::backward(f, x, y, y); }))
        expect_bits("backward(f, x, dy, dy)", y,
                    scalar([&](T v, T g) { return g * f.derivative(v); }));
      break;
    }
    case 4: {  // backward into a plain array of the other order, dy a Block
      array_t<T> big = array_t<T>::Zero(yr + 2, yc + 3);
      big.block(1, 2, yr, yc) = dy0;
      Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> dx;
      if (run([&] { xact::backward(f, x, big.block(1, 2, yr, yc), dx); }))
        expect_bits("backward(f, x, block, dx)", dx,
                    scalar([&](T v, T g) { return g * f.derivative(v); }));
      break;
    }
    case 5: {  // forward into a Block of a plain array
      array_t<T> big = array_t<T>::Constant(yr + 3, yc + 1, T(7));
      if (run([&] { xact::forward(f, x, big.block(2, 1, yr, yc)); })) {
        expect_bits("forward(f, x, block)", big.block(2, 1, rows, cols).eval(),
                    scalar([&](T v, T) { return f.forward(v); }));
        for (Index i = 0; i < yr + 3; ++i)
          for (Index j = 0; j < yc + 1; ++j)
            if ((i < 2 || j < 1) && big(i, j) != T(7))
              fail("forward wrote outside its Block", i, j);
      }
      break;
    }
    case 6:
      if constexpr (xact::has_output_derivative_v<F>) {
        bool const from_output_ok = valid && f.output_derivative_valid();
        bool const ok = accepted([&] { xact::backward_from_output(f, x, y, y); });
        if (ok && (!from_output_ok || mismatch))
          fail("backward_from_output: invalid call accepted");
        if (!ok && from_output_ok && !mismatch) fail("backward_from_output: valid call threw");
        if (ok)
          expect_bits("backward_from_output(f, y, dy, dy)", y,
                      scalar([&](T v, T g) { return g * f.derivative_from_output(v); }));
      }
      break;
    case 7:
      if constexpr (xact::has_parameter_derivative_v<F>) {
        T got = 0;
        if (run([&] { got = xact::parameter_gradient(f, x, y); })) {
          ld sum = 0, mag = 0;
          bool special = false;
          for (Index j = 0; j < cols; ++j)
            for (Index i = 0; i < rows; ++i) {
              T const t = dy0(i, j) * f.parameter_derivative(x0(i, j));
              if (!std::isfinite(t)) special = true;
              sum += ld(double(dy0(i, j)) * double(f.parameter_derivative(x0(i, j))));
              mag += std::fabs(ld(t));
            }
          ld const tol = mag * ld(rows * cols + 2) * ld(std::numeric_limits<double>::epsilon()) +
                         std::fabs(sum) * ld(std::numeric_limits<T>::epsilon()) +
                         ld(std::numeric_limits<T>::denorm_min());
          if (!special && std::isfinite(sum) && std::fabs(ld(got) - sum) > tol &&
              std::fabs(sum) < ld(std::numeric_limits<T>::max()))
            fail("parameter_gradient against the long double sum", rows, cols, double(got),
                 double(sum));
        }
      }
      break;
    case 8: {  // lazy adaptor on a strided Map, in an expression
      if (mismatch) break;
      array_t<T> r;
      if (run([&] { r = x.unaryExpr(xact::eigen::op(f)); }))
        expect_bits("unaryExpr(op(f))", r, scalar([&](T v, T) { return f.forward(v); }));
      if (run([&] { r = x0.unaryExpr(xact::eigen::derivative_op(f)); }))
        expect_bits("unaryExpr(derivative_op(f))", r,
                    scalar([&](T v, T) { return f.derivative(v); }));
      break;
    }
    default: {  // returning overloads on a plain row-major copy
      Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> xr = x0;
      Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> r;
      if (accepted([&] { r = xact::forward(f, xr); })) {
        if (!valid) fail("forward(f, x): invalid parameters accepted");
        expect_bits("forward(f, x) returning", r, scalar([&](T v, T) { return f.forward(v); }));
      } else if (valid) {
        fail("forward(f, x): valid call threw");
      }
      break;
    }
  }
  gx.check("guard of x");
  gy.check("guard of y");
}

// Storage orders of x and y: both orders on each side, equal and different (two instantiations
// instead of four keep the build time of this target down).
template <class F>
void elementwise(F const& f, FuzzedDataProvider& in, Index rows, Index cols) {
  if (in.ConsumeBool())
    return elementwise_on<F, Eigen::ColMajor, Eigen::RowMajor>(f, in, rows, cols);
  return elementwise_on<F, Eigen::RowMajor, Eigen::RowMajor>(f, in, rows, cols);
}

// Five functors: with and without a learnable parameter, with a from-output derivative valid
// or not depending on the parameter (elu alpha < 0), piecewise and transcendental.
template <class T>
void elementwise_any(FuzzedDataProvider& in, Index rows, Index cols) {
  switch (in.ConsumeIntegralInRange<int>(0, 4)) {
    case 0:
      return elementwise(xact::leaky_relu<T>{parameter<T>(in, T(0.01))}, in, rows, cols);
    case 1:
      return elementwise(xact::prelu<T>{parameter<T>(in, T(0.25))}, in, rows, cols);
    case 2:
      return elementwise(xact::elu<T>{parameter<T>(in, T(1))}, in, rows, cols);
    case 3:
      return elementwise(xact::swish<T>{parameter<T>(in, T(1))}, in, rows, cols);
    default:
      return elementwise(xact::sigmoid<T>{}, in, rows, cols);
  }
}

// ---- 2, 3: softmax family --------------------------------------------------------------------

/// Naive long double softmax (or log-softmax) of one vector, with xact's special values.
std::vector<ld> softmax_reference(std::vector<ld> const& x, bool log_form, bool inf_as_zero) {
  std::size_t const n = x.size();
  std::vector<ld> y(n);
  ld const nan = std::numeric_limits<ld>::quiet_NaN(), inf = std::numeric_limits<ld>::infinity();
  std::size_t plus_inf = 0, minus_inf = 0;
  ld m = -inf;
  for (ld v : x) {
    if (std::isnan(v)) return std::vector<ld>(n, nan);
    if (v == inf) ++plus_inf;
    if (v == -inf) ++minus_inf;
    m = std::fmax(m, v);
  }
  if (plus_inf > 0) {
    for (std::size_t i = 0; i < n; ++i)
      y[i] = x[i] == inf ? (log_form ? -std::log(ld(plus_inf)) : 1 / ld(plus_inf))
                         : (log_form ? -inf : 0);
    return y;
  }
  if (minus_inf == n) return std::vector<ld>(n, inf_as_zero ? (log_form ? -inf : 0) : nan);
  // s = 1 + rest, rest the sum over the entries but the first maximum: log s = log1p(rest)
  // keeps the log-softmax of the dominant entry accurate (rest may be 1e-39).
  std::size_t k = 0;
  while (x[k] != m) ++k;
  ld rest = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (i != k) rest += std::exp(x[i] - m);
  ld const log_s = std::log1p(rest);
  for (std::size_t i = 0; i < n; ++i)
    y[i] = log_form ? (x[i] - m) - log_s : std::exp(x[i] - m) / (1 + rest);
  return y;
}

template <class T>
ld ulp_at(ld r) {
  using lim = std::numeric_limits<T>;
  ld const a = std::fabs(r);
  if (!(a >= ld(lim::min()))) return ld(lim::denorm_min());
  int e = 0;
  std::frexp(a, &e);
  return std::ldexp(ld(1), e - lim::digits);
}

template <class T>
void check_close(char const* what, T got, ld ref, ld ulps, ld scale, Index i, Index j) {
  if (std::isnan(ref) || std::isnan(got)) {
    if (std::isnan(ref) != std::isnan(got)) fail(what, i, j, double(got), double(ref));
    return;
  }
  if (std::isinf(ref) || std::isinf(got)) {
    if (ld(got) != ref) fail(what, i, j, double(got), double(ref));
    return;
  }
  ld const tol =
      ulps * ulp_at<T>(std::fmax(std::fabs(ref), scale)) + ld(std::numeric_limits<T>::denorm_min());
  if (std::fabs(ld(got) - ref) > tol) {
    std::fprintf(stderr, "error %.3Lg ULP (tolerance %.3Lg)\n",
                 std::fabs(ld(got) - ref) / ulp_at<T>(std::fmax(std::fabs(ref), scale)), ulps);
    fail(what, i, j, double(got), double(ref));
  }
}

/// Reads vector v (along dir) of a as long doubles.
template <class A>
std::vector<ld> vec(A const& a, xact::direction dir, Index v) {
  Index const n = dir == xact::colwise ? a.rows() : a.cols();
  std::vector<ld> r(static_cast<std::size_t>(n));
  for (Index k = 0; k < n; ++k) r[std::size_t(k)] = ld(dir == xact::colwise ? a(k, v) : a(v, k));
  return r;
}

template <class T, int XO>
void softmax_family(FuzzedDataProvider& in, Index rows, Index cols, bool backward) {
  xact::direction const dir = in.ConsumeBool() ? xact::colwise : xact::rowwise;
  xact::softmax_options const opts{in.ConsumeBool()};
  bool const log_form = in.ConsumeBool();
  bool const special = in.ConsumeIntegralInRange<int>(0, 3) == 0;
  guarded<T, XO> gx(rows, cols, in);
  auto x = gx.map();
  x = values<T>(in, rows, cols, special);
  if (in.ConsumeIntegralInRange<int>(0, 7) == 0 && rows > 0 && cols > 0) {  // a masked vector
    if (dir == xact::colwise)
      x.col(0).setConstant(-std::numeric_limits<T>::infinity());
    else
      x.row(0).setConstant(-std::numeric_limits<T>::infinity());
  }
  array_t<T> const x0 = x;
  Index const count = dir == xact::colwise ? cols : rows;
  Index const n = dir == xact::colwise ? rows : cols;
  Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, XO> y;
  if (log_form)
    xact::log_softmax(x, dir, y, opts);
  else
    xact::softmax(x, dir, y, opts);
  gx.check("softmax: guard of x");
  if (!backward) {
    for (Index v = 0; v < count; ++v) {
      auto const ref = softmax_reference(vec(x0, dir, v), log_form, opts.inf_as_zero);
      for (Index k = 0; k < n; ++k) {
        Index const i = dir == xact::colwise ? k : v, j = dir == xact::colwise ? v : k;
        check_close<T>(log_form ? "log_softmax" : "softmax", y(i, j), ref[std::size_t(k)], 16, 0, i,
                       j);
      }
    }
    // In place: bit-identical to the out-of-place result.
    Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, XO> z = x0;
    if (log_form)
      xact::log_softmax(z, dir, z, opts);
    else
      xact::softmax(z, dir, z, opts);
    expect_bits("softmax in place", z, y);
    return;
  }
  // Backward: y from the forward pass, dy moderate (or special), mismatched shapes throw.
  bool const mismatch = in.ConsumeIntegralInRange<int>(0, 7) == 0;
  array_t<T> const dy = values<T>(in, mismatch ? rows : rows, mismatch ? cols + 1 : cols, special);
  array_t<T> dx;
  bool const alias = !log_form && in.ConsumeBool() && !mismatch;
  bool const ok = accepted([&] {
    if (log_form) {
      xact::log_softmax_backward(y, dy, dir, dx);
    } else if (alias) {
      dx = dy;
      xact::softmax_backward(y, dx, dir, dx);  // dx may be dy itself
    } else {
      xact::softmax_backward(y, dy, dir, dx);
    }
  });
  if (ok == mismatch)
    fail(mismatch ? "softmax_backward: mismatched shapes accepted" : "softmax_backward threw");
  if (!ok) return;
  for (Index v = 0; v < count; ++v) {
    auto const yv = vec(y, dir, v), gv = vec(dy, dir, v);
    bool finite = true;
    for (std::size_t k = 0; k < yv.size(); ++k)
      finite = finite && std::isfinite(yv[k]) && std::isfinite(gv[k]);
    if (!finite) continue;  // NaN/Inf propagate to the vector: documented, not measured
    ld s = 0, s_abs = 0;
    for (std::size_t k = 0; k < yv.size(); ++k) {
      ld const t = log_form ? gv[k] : gv[k] * yv[k];
      s += t;
      s_abs += std::fabs(t);
    }
    for (Index k = 0; k < n; ++k) {
      Index const i = dir == xact::colwise ? k : v, j = dir == xact::colwise ? v : k;
      std::size_t const q = std::size_t(k);
      ld ref, scale;
      if (log_form) {
        ld const e = std::exp(yv[q]);
        ref = gv[q] - e * s;
        scale = std::fabs(gv[q]) + e * s_abs;
      } else {
        ref = yv[q] * (gv[q] - s);
        scale = std::fabs(yv[q]) * (std::fabs(gv[q]) + s_abs);
      }
      check_close<T>(log_form ? "log_softmax_backward" : "softmax_backward", dx(i, j), ref,
                     ld(4 + 2 * n), scale, i, j);
    }
  }
}

// ---- 4: maxout -----------------------------------------------------------------------------

template <class T, int XO>
void maxout_case(FuzzedDataProvider& in, Index rows, Index cols) {
  xact::direction const dir = in.ConsumeBool() ? xact::colwise : xact::rowwise;
  Index const pieces = in.ConsumeIntegralInRange<Index>(-1, 6);
  guarded<T, XO> gx(rows, cols, in);
  auto x = gx.map();
  x = values<T>(in, rows, cols, in.ConsumeBool());
  Index const count = dir == xact::colwise ? cols : rows;
  Index const n = dir == xact::colwise ? rows : cols;
  bool const valid = pieces > 0 && n % pieces == 0;
  Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> y;
  bool const ok = accepted([&] { xact::maxout(x, pieces, dir, y); });
  gx.check("maxout: guard of x");
  if (ok != valid)
    fail(valid ? "maxout: valid pieces threw" : "maxout: invalid pieces accepted", pieces, n);
  if (!ok) return;
  Index const groups = n / pieces;
  array_t<T> expected(dir == xact::colwise ? groups : count, dir == xact::colwise ? count : groups);
  array_t<T> dx_expected = array_t<T>::Zero(rows, cols);
  array_t<T> const dy = values<T>(in, expected.rows(), expected.cols(), false);
  for (Index c = 0; c < count; ++c)
    for (Index g = 0; g < groups; ++g) {
      auto at = [&](Index q) {
        return dir == xact::colwise ? x(g * pieces + q, c) : x(c, g * pieces + q);
      };
      Index arg = 0;
      T best = at(0);
      for (Index q = 1; q < pieces && !std::isnan(best); ++q) {
        T const v = at(q);
        if (std::isnan(v) || v > best) {
          best = v;
          arg = q;
        }
      }
      Index const gi = dir == xact::colwise ? g : c, gj = dir == xact::colwise ? c : g;
      expected(gi, gj) = best;
      Index const i = dir == xact::colwise ? g * pieces + arg : c,
                  j = dir == xact::colwise ? c : g * pieces + arg;
      dx_expected(i, j) = dy(gi, gj);
    }
  expect_bits("maxout", y, expected);
  array_t<T> dx;
  bool const mismatch = in.ConsumeIntegralInRange<int>(0, 7) == 0;
  array_t<T> const dy_bad = array_t<T>::Zero(dy.rows() + 1, dy.cols());
  bool const ok2 =
      accepted([&] { xact::maxout_backward(x, mismatch ? dy_bad : dy, pieces, dir, dx); });
  if (ok2 == mismatch) fail("maxout_backward: shape check");
  if (ok2) expect_bits("maxout_backward", dx, dx_expected);
}

// ---- 5: channel_prelu ------------------------------------------------------------------------

template <class T, int XO>
void channel_prelu_case(FuzzedDataProvider& in, Index rows, Index cols) {
  xact::direction const dir = in.ConsumeBool() ? xact::colwise : xact::rowwise;
  Index const channels = dir == xact::colwise ? cols : rows;
  auto const shape = in.ConsumeIntegralInRange<int>(0, 9);
  Index ar = channels, ac = 1;
  if (shape == 0) ar = channels + 1;
  if (shape == 1) ar = std::max<Index>(0, channels - 1);
  if (shape == 2) {
    ar = 2;
    ac = 2;
  }
  if (shape == 3) {
    ar = 1;
    ac = channels;
  }
  array_t<T> alpha(ar, ac);
  bool finite = true;
  for (Index j = 0; j < ac; ++j)
    for (Index i = 0; i < ar; ++i) {
      alpha(i, j) = in.ConsumeIntegralInRange<int>(0, 15) == 0
                        ? std::numeric_limits<T>::infinity() * T(in.ConsumeBool() ? 1 : 0)
                        : value<T>(in, false);
      finite = finite && std::isfinite(alpha(i, j));
    }
  bool const is_vector = ar == 1 || ac == 1 || alpha.size() == 0;
  bool const valid = finite && is_vector && alpha.size() == channels;
  guarded<T, XO> gx(rows, cols, in);
  auto x = gx.map();
  x = values<T>(in, rows, cols, true);
  array_t<T> const x0 = x;
  auto const a = [&](Index c) { return ac == 1 ? alpha(c, 0) : alpha(0, c); };
  Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, XO> y;
  bool const ok = accepted([&] { xact::channel_prelu(x, alpha, dir, y); });
  gx.check("channel_prelu: guard of x");
  if (ok != valid)
    fail(valid ? "channel_prelu: valid alpha threw" : "channel_prelu: invalid alpha accepted", ar,
         ac);
  if (!ok) return;
  array_t<T> expected(rows, cols), dx_expected(rows, cols);
  array_t<T> const dy = values<T>(in, rows, cols, true);
  Eigen::Array<T, Eigen::Dynamic, 1> dalpha_expected(channels);
  for (Index c = 0; c < channels; ++c) {
    xact::prelu<T> const f{a(c)};
    double s = 0;
    Index const n = dir == xact::colwise ? rows : cols;
    for (Index k = 0; k < n; ++k) {
      Index const i = dir == xact::colwise ? k : c, j = dir == xact::colwise ? c : k;
      expected(i, j) = f.forward(x0(i, j));
      dx_expected(i, j) = dy(i, j) * f.derivative(x0(i, j));
      s += double(dy(i, j)) * double(f.parameter_derivative(x0(i, j)));
    }
    dalpha_expected(c) = T(s);
  }
  expect_bits("channel_prelu", y, expected);
  // In place on a plain copy.
  Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, XO> z = x0;
  xact::channel_prelu(z, alpha, dir, z);
  expect_bits("channel_prelu in place", z, expected);
  Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> dx;
  Eigen::Array<T, Eigen::Dynamic, 1> dalpha;
  xact::channel_prelu_backward(x, dy, alpha, dir, dx, dalpha);
  expect_bits("channel_prelu_backward dx", dx, dx_expected);
  expect_bits("channel_prelu_backward dalpha", dalpha, dalpha_expected);
  expect_invalid("channel_prelu_backward: mismatched dy accepted", [&] {
    array_t<T> const bad = array_t<T>::Zero(rows + 1, cols);
    xact::channel_prelu_backward(x, bad, alpha, dir, dx, dalpha);
  });
}

// ---- 6: rrelu_train --------------------------------------------------------------------------

template <class T, int XO>
void rrelu_case(FuzzedDataProvider& in, Index rows, Index cols) {
  T lower = T(1) / T(8), upper = T(1) / T(3);
  switch (in.ConsumeIntegralInRange<int>(0, 7)) {
    case 0:
      lower = T(0.5);
      upper = T(0.25);
      break;  // invalid: lower > upper
    case 1:
      lower = T(-0.1);
      break;  // invalid: lower < 0
    case 2:
      upper = std::numeric_limits<T>::infinity();
      break;
    case 3:
      lower = upper = T(0.2);
      break;
    case 4:
      lower = T(0);
      upper = T(0);
      break;
    case 5:
      lower = T(0);
      upper = std::numeric_limits<T>::max();
      break;
    default:
      break;
  }
  bool const valid = std::isfinite(lower) && std::isfinite(upper) && lower >= 0 && lower <= upper;
  auto const seed = in.ConsumeIntegral<std::uint32_t>();
  guarded<T, XO> gx(rows, cols, in);
  auto x = gx.map();
  x = values<T>(in, rows, cols, true);
  array_t<T> const x0 = x;
  xact::rrelu<T> const f{lower, upper};
  Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, XO> y, noise;
  std::mt19937 gen(seed);
  bool const ok = accepted([&] { xact::rrelu_train(x, f, gen, y, noise); });
  gx.check("rrelu_train: guard of x");
  if (ok != valid)
    fail(valid ? "rrelu_train: valid bounds threw" : "rrelu_train: invalid bounds accepted");
  if (!ok) return;
  for (Index j = 0; j < cols; ++j)
    for (Index i = 0; i < rows; ++i) {
      T const v = x0(i, j), r = noise(i, j);
      if (std::isnan(v)) {
        if (!std::isnan(r) || !std::isnan(y(i, j))) fail("rrelu_train: NaN input", i, j, double(r));
        continue;
      }
      if (v > 0 ? r != T(1) : !(r >= lower && r <= upper))
        fail("rrelu_train: noise out of range", i, j, double(r));
      T const e = v > 0 ? v : v * r;
      if (!same_bits(y(i, j), e))
        fail("rrelu_train: y != x * noise", i, j, double(y(i, j)), double(e));
    }
  // Same seed, the other storage order, in place: the same noise and y (column-major order).
  Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic,
               XO == Eigen::RowMajor ? Eigen::ColMajor : Eigen::RowMajor>
      z = x0,
      n2;
  std::mt19937 gen2(seed);
  xact::rrelu_train(z, f, gen2, z, n2);
  expect_bits("rrelu_train: noise in the other storage order", n2, noise);
  expect_bits("rrelu_train: y in place, other storage order", z, y);
  array_t<T> const dy = values<T>(in, rows, cols, true);
  array_t<T> dx;
  xact::rrelu_train_backward(dy, noise, dx);
  expect_bits("rrelu_train_backward", dx, (dy * noise.template cast<T>()).eval());
  expect_invalid("rrelu_train_backward: mismatched shapes accepted", [&] {
    array_t<T> const bad = array_t<T>::Zero(rows, cols + 1);
    xact::rrelu_train_backward(bad, noise, dx);
  });
}

template <class T>
void run(FuzzedDataProvider& in, int op) {
  Index const rows = in.ConsumeIntegralInRange<Index>(0, 40);
  Index const cols = in.ConsumeIntegralInRange<Index>(0, 40);
  bool const row_major = in.ConsumeBool();
  switch (op) {
    case 0:
    case 1:
      return elementwise_any<T>(in, rows, cols);
    case 2:
    case 3:
      return row_major ? softmax_family<T, Eigen::RowMajor>(in, rows, cols, op == 3)
                       : softmax_family<T, Eigen::ColMajor>(in, rows, cols, op == 3);
    case 4:
      return row_major ? maxout_case<T, Eigen::RowMajor>(in, rows, cols)
                       : maxout_case<T, Eigen::ColMajor>(in, rows, cols);
    case 5:
      return row_major ? channel_prelu_case<T, Eigen::RowMajor>(in, rows, cols)
                       : channel_prelu_case<T, Eigen::ColMajor>(in, rows, cols);
    default:
      return row_major ? rrelu_case<T, Eigen::RowMajor>(in, rows, cols)
                       : rrelu_case<T, Eigen::ColMajor>(in, rows, cols);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  int const op = in.ConsumeIntegralInRange<int>(0, 6);
  if (in.ConsumeBool())
    run<double>(in, op);
  else
    run<float>(in, op);
  return 0;
}
