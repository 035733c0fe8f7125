// SPDX-License-Identifier: MIT
// Tests of the vector-wise operations (softmax, log_softmax, maxout, channel-wise PReLU,
// training-mode RReLU) against long double references and finite differences.
#include "support/ulp.hpp"
#include "xact/eigen/direction.hpp"
#include "xact/eigen/maxout.hpp"
#include "xact/eigen/prelu.hpp"
#include "xact/eigen/rrelu.hpp"
#include "xact/eigen/softmax.hpp"

#include <Eigen/Core>
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

namespace {

using ld = long double;
using Eigen::Dynamic;
using Eigen::Index;
template <class T>
using arr_c = Eigen::Array<T, Dynamic, Dynamic, Eigen::ColMajor>;
template <class T>
using arr_r = Eigen::Array<T, Dynamic, Dynamic, Eigen::RowMajor>;
using vec_ld = std::vector<ld>;

constexpr xact::direction both_directions[] = {xact::colwise, xact::rowwise};

template <class T>
constexpr T inf_v = std::numeric_limits<T>::infinity();
template <class T>
constexpr T nan_v = std::numeric_limits<T>::quiet_NaN();
template <class T>
constexpr T eps_v = std::numeric_limits<T>::epsilon();

// Uniform random array on [lo, hi) (test data only: any generator quality will do).
template <class T>
arr_c<T> random_array(Index rows, Index cols, T lo, T hi, std::mt19937& g) {
  std::uniform_real_distribution<double> u(static_cast<double>(lo), static_cast<double>(hi));
  arr_c<T> a(rows, cols);
  for (Index j = 0; j < cols; ++j)
    for (Index i = 0; i < rows; ++i) a(i, j) = static_cast<T>(u(g));
  return a;
}

// Entry i of vector c of a along d.
template <class A>
auto at(const A& a, xact::direction d, Index c, Index i) {
  return d == xact::colwise ? a(i, c) : a(c, i);
}
template <class A>
Index count_of(const A& a, xact::direction d) {
  return d == xact::colwise ? a.cols() : a.rows();
}
template <class A>
Index length_of(const A& a, xact::direction d) {
  return d == xact::colwise ? a.rows() : a.cols();
}
template <class A>
vec_ld vector_ld(const A& a, xact::direction d, Index c) {
  vec_ld v(static_cast<std::size_t>(length_of(a, d)));
  for (Index i = 0; i < length_of(a, d); ++i)
    v[static_cast<std::size_t>(i)] = static_cast<ld>(at(a, d, c, i));
  return v;
}

// References in long double for finite inputs: max-subtracted, with the log of the sum taken as
// log1p of the non-maximal terms (the maximal one is exactly 1): `m + log(s)` would lose the
// small log_softmax of a dominant entry to the rounding of m in long double.
struct lse_parts {
  ld m, r;  // maximum; sum of exp(x_j - m) over all j but the first maximum
};
lse_parts lse_of(const vec_ld& x) {
  std::size_t k = 0;
  for (std::size_t i = 1; i < x.size(); ++i)
    if (x[i] > x[k]) k = i;
  ld r = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (i != k) r += std::exp(x[i] - x[k]);
  return {x[k], r};
}
vec_ld ref_softmax(const vec_ld& x) {
  const lse_parts p = lse_of(x);
  vec_ld y(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = std::exp(x[i] - p.m) / (1 + p.r);
  return y;
}
vec_ld ref_log_softmax(const vec_ld& x) {
  const lse_parts p = lse_of(x);
  vec_ld y(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = (x[i] - p.m) - std::log1p(p.r);
  return y;
}

#ifndef XACT_TEST_ARCH_NAME
#define XACT_TEST_ARCH_NAME "unknown"
#endif

// One grep-able line per measurement:
//   maxerr <op> <float|double> <what> <value> <unit> arch=<arch>
template <class T>
void report(const char* op, const char* what, ld value, const char* unit) {
  std::printf("maxerr %s %s %s %.3Lg %s arch=%s\n", op, sizeof(T) == 4 ? "float" : "double", what,
              value, unit, XACT_TEST_ARCH_NAME);
}

template <class T>
bool all_bits_equal(const arr_c<T>& a, const arr_c<T>& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  for (Index j = 0; j < a.cols(); ++j)
    for (Index i = 0; i < a.rows(); ++i)
      if (!xact_test::same_bits(a(i, j), b(i, j))) return false;
  return true;
}

}  // namespace

// ============================================================================ softmax

TEMPLATE_TEST_CASE("softmax: matches the long double reference", "[vectorwise][softmax]", float,
                   double) {
  using T = TestType;
  std::mt19937 g(1234);
  const Index shapes[][2] = {{1, 1}, {7, 13}, {33, 5}, {1, 40}, {64, 3}, {300, 2}};
  ld max_ulp = 0, max_sum_err = 0;
  for (auto d : both_directions) {
    for (const auto& s : shapes) {
      for (T range : {T(1), T(30), T(100)}) {
        const arr_c<T> x = random_array<T>(s[0], s[1], -range, range, g);
        const arr_c<T> y = xact::softmax(x, d);
        const arr_r<T> yr = xact::softmax(arr_r<T>(x), d);
        REQUIRE(all_bits_equal<T>(y, arr_c<T>(yr)));
        for (Index c = 0; c < count_of(x, d); ++c) {
          const vec_ld xv = vector_ld(x, d, c), ref = ref_softmax(xv);
          ld sum = 0;
          for (Index i = 0; i < length_of(x, d); ++i) {
            const T got = at(y, d, c, i);
            sum += got;
            const ld err = xact_test::ulp_error<T>(got, ref[static_cast<std::size_t>(i)]);
            // x_i - m enters exp exactly (double word), so only exp, the sum and the division
            // round: a few ULP, whatever |x_i - m| (a single-word x_i - m would cost up to |x_i -
            // m| ULP).
            const ld allowed = 4;
            max_ulp = std::max(max_ulp, err);
            INFO("dir " << xact::to_string(d) << " shape " << s[0] << "x" << s[1] << " range "
                        << range << " vector " << c << " entry " << i);
            REQUIRE(err <= allowed);
          }
          const ld sum_err = std::fabs(sum - 1) / eps_v<T>;
          max_sum_err = std::max(max_sum_err, sum_err);
          REQUIRE(sum_err <= 4);
        }
      }
    }
  }
  report<T>("softmax", "forward", max_ulp, "ulp");
  report<T>("softmax", "sum_minus_1", max_sum_err, "eps");
}

TEMPLATE_TEST_CASE("log_softmax: matches the long double reference", "[vectorwise][softmax]", float,
                   double) {
  using T = TestType;
  std::mt19937 g(99);
  const Index shapes[][2] = {{1, 1}, {7, 13}, {33, 5}, {1, 40}, {64, 3}, {600, 2}};
  ld max_ulp = 0;
  for (auto d : both_directions) {
    for (const auto& s : shapes) {
      for (T range : {T(1), T(30), T(1000)}) {
        const arr_c<T> x = random_array<T>(s[0], s[1], -range, range, g);
        const arr_c<T> y = xact::log_softmax(x, d);
        const arr_r<T> yr = xact::log_softmax(arr_r<T>(x), d);
        REQUIRE(all_bits_equal<T>(y, arr_c<T>(yr)));
        for (Index c = 0; c < count_of(x, d); ++c) {
          const vec_ld ref = ref_log_softmax(vector_ld(x, d, c));
          for (Index i = 0; i < length_of(x, d); ++i) {
            const ld err =
                xact_test::ulp_error<T>(at(y, d, c, i), ref[static_cast<std::size_t>(i)]);
            max_ulp = std::max(max_ulp, err);
            INFO("dir " << xact::to_string(d) << " range " << range << " vector " << c << " entry "
                        << i);
            REQUIRE(err <= 3);
          }
        }
      }
    }
  }
  report<T>("log_softmax", "forward", max_ulp, "ulp");
}

TEMPLATE_TEST_CASE("log_softmax: one dominant entry keeps full relative accuracy (log1p)",
                   "[vectorwise][softmax]", float, double) {
  using T = TestType;
  // log_softmax(x)_0 = -log(1 + e^-gap) ~ -e^-gap: log(sum) would round to 0.
  ld max_ulp = 0;
  for (T gap : {T(5), T(17), T(30), T(40), T(80)}) {
    arr_c<T> x(3, 1);
    x << T(2), T(2) - gap, -inf_v<T>;
    const arr_c<T> y = xact::log_softmax(x, xact::colwise);
    const vec_ld ref = ref_log_softmax(vector_ld(x, xact::colwise, 0));
    INFO("gap " << gap << " got " << y(0, 0) << " ref " << double(ref[0]));
    REQUIRE(y(0, 0) < 0);
    const ld err = xact_test::ulp_error<T>(y(0, 0), ref[0]);
    max_ulp = std::max(max_ulp, err);
    REQUIRE(err <= 2);
    REQUIRE(xact_test::ulp_error<T>(y(1, 0), ref[1]) <= 2);
    REQUIRE(y(2, 0) == -inf_v<T>);
  }
  report<T>("log_softmax", "dominant_entry", max_ulp, "ulp");
}

TEMPLATE_TEST_CASE("softmax: extreme and special inputs", "[vectorwise][softmax][special]", float,
                   double) {
  using T = TestType;
  const T big = std::numeric_limits<T>::max();
  const T inf = inf_v<T>, nan = nan_v<T>;
  const ld ln2 = std::log(2.0L);
  auto check = [](const char* what, std::vector<T> in, std::vector<T> want_sm,
                  std::vector<T> want_log, xact::softmax_options o = {}) {
    for (auto d : both_directions) {
      // The special vector sits between two ordinary ones, which must not be affected.
      const Index n = static_cast<Index>(in.size());
      arr_c<T> x(n, 3);
      for (Index i = 0; i < n; ++i)
        x(i, 0) = T(i), x(i, 1) = in[static_cast<std::size_t>(i)], x(i, 2) = -T(i);
      const arr_c<T> xd = d == xact::colwise ? x : arr_c<T>(x.transpose());
      const arr_c<T> sm = xact::softmax(xd, d, o), ls = xact::log_softmax(xd, d, o);
      for (Index i = 0; i < n; ++i) {
        INFO(what << " dir " << xact::to_string(d) << " entry " << i << ": softmax "
                  << at(sm, d, 1, i) << " log_softmax " << at(ls, d, 1, i));
        const T ws = want_sm[static_cast<std::size_t>(i)],
                wl = want_log[static_cast<std::size_t>(i)];
        CHECK((std::isnan(ws) ? std::isnan(at(sm, d, 1, i))
                              : xact_test::ulp_error<T>(at(sm, d, 1, i), ws) <= 1));
        CHECK((std::isnan(wl) ? std::isnan(at(ls, d, 1, i))
                              : xact_test::ulp_error<T>(at(ls, d, 1, i), wl) <= 1));
        CHECK(std::isfinite(at(sm, d, 0, i)));
        CHECK(std::isfinite(at(sm, d, 2, i)));
      }
    }
  };
  check("1e30 row", {T(1e30), T(0), T(-1e30)}, {1, 0, 0}, {0, T(-1e30), T(-2e30)});
  check("two 1e30", {T(1e30), T(1e30), T(-1e30)}, {T(0.5), T(0.5), 0},
        {T(-ln2), T(-ln2), T(-2e30)});
  check("+-max", {big, -big, T(0)}, {1, 0, 0}, {0, -inf, -big});
  check("-inf entries", {T(0), -inf, T(0)}, {T(0.5), 0, T(0.5)}, {T(-ln2), -inf, T(-ln2)});
  check("NaN entry", {T(1), nan, T(2)}, {nan, nan, nan}, {nan, nan, nan});
  check("NaN first", {nan, T(1), T(2)}, {nan, nan, nan}, {nan, nan, nan});
  check("NaN and +inf", {inf, nan, T(2)}, {nan, nan, nan}, {nan, nan, nan});
  check("NaN and all -inf", {-inf, nan, -inf}, {nan, nan, nan}, {nan, nan, nan}, {true});
  check("all -inf, default", {-inf, -inf, -inf}, {nan, nan, nan}, {nan, nan, nan});
  check("all -inf, inf_as_zero", {-inf, -inf, -inf}, {0, 0, 0}, {-inf, -inf, -inf}, {true});
  check("two +inf", {inf, T(1), inf}, {T(0.5), 0, T(0.5)}, {T(-ln2), -inf, T(-ln2)});
  check("one +inf", {-inf, inf, big}, {0, 1, 0}, {-inf, 0, -inf});
  check("length 1", {T(-7)}, {1}, {0});
  check("inf_as_zero leaves finite rows alone", {T(0), T(0)}, {T(0.5), T(0.5)}, {T(-ln2), T(-ln2)},
        {true});
}

namespace {

// dL/dx by central differences of L(x) = sum_j w_j f(x)_j for one vector, f in long double.
template <class F>
vec_ld central_difference(const vec_ld& x, const vec_ld& w, F f, ld h) {
  vec_ld g(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    vec_ld xp = x, xm = x;
    xp[i] += h;
    xm[i] -= h;
    const vec_ld fp = f(xp), fm = f(xm);
    ld lp = 0, lm = 0;
    for (std::size_t j = 0; j < x.size(); ++j) lp += w[j] * fp[j], lm += w[j] * fm[j];
    g[i] = (lp - lm) / (2 * h);
  }
  return g;
}

}  // namespace

TEMPLATE_TEST_CASE("softmax_backward: matches finite differences and the exact product",
                   "[vectorwise][softmax]", float, double) {
  using T = TestType;
  std::mt19937 g(7);
  ld max_fd = 0, max_exact = 0;
  for (auto d : both_directions) {
    const arr_c<T> x = random_array<T>(9, 6, T(-4), T(4), g),
                   w = random_array<T>(9, 6, T(-1), T(1), g);
    const arr_c<T> y = xact::softmax(x, d);
    const arr_c<T> dx = xact::softmax_backward(y, w, d);
    const arr_r<T> dxr = xact::softmax_backward(arr_r<T>(y), arr_r<T>(w), d);
    REQUIRE(dx.isApprox(arr_c<T>(dxr), 4 * eps_v<T>));
    for (Index c = 0; c < count_of(x, d); ++c) {
      const vec_ld xv = vector_ld(x, d, c), wv = vector_ld(w, d, c), yv = vector_ld(y, d, c);
      const vec_ld fd = central_difference(xv, wv, ref_softmax, 1e-6L);
      ld dot = 0, scale = 0;
      for (std::size_t j = 0; j < yv.size(); ++j)
        dot += wv[j] * yv[j], scale += std::fabs(wv[j] * yv[j]);
      for (Index i = 0; i < length_of(x, d); ++i) {
        const auto u = static_cast<std::size_t>(i);
        const ld got = at(dx, d, c, i);
        // Exact for the given (rounded) y: y (w - <w, y>), rounded a few times relative to y (|w| +
        // sum |w y|).
        const ld exact = yv[u] * (wv[u] - dot);
        const ld tol = 4 * eps_v<T> * yv[u] * (std::fabs(wv[u]) + scale) +
                       std::numeric_limits<T>::denorm_min();
        max_exact = std::max(
            max_exact, std::fabs(got - exact) / (eps_v<T> * yv[u] * (std::fabs(wv[u]) + scale)));
        INFO("dir " << xact::to_string(d) << " vector " << c << " entry " << i);
        REQUIRE(std::fabs(got - exact) <= tol);
        // Against the derivative of the exact softmax of x: y itself is off by the forward error.
        const ld fd_err = std::fabs(got - fd[u]) / (std::fabs(fd[u]) + 1e-3L);
        max_fd = std::max(max_fd, fd_err);
        REQUIRE(fd_err <= (sizeof(T) == 4 ? 1e-5L : 1e-9L));
      }
    }
  }
  report<T>("softmax_backward", "vs_exact_product", max_exact, "eps*y*(|dy|+sum|dy*y|)");
  report<T>("softmax_backward", "vs_finite_difference", max_fd, "relative");
}

TEMPLATE_TEST_CASE("log_softmax_backward: matches finite differences and the exact product",
                   "[vectorwise][softmax]", float, double) {
  using T = TestType;
  std::mt19937 g(8);
  ld max_fd = 0, max_exact = 0;
  for (auto d : both_directions) {
    const arr_c<T> x = random_array<T>(9, 6, T(-4), T(4), g),
                   w = random_array<T>(9, 6, T(-1), T(1), g);
    const arr_c<T> y = xact::log_softmax(x, d);
    const arr_c<T> dx = xact::log_softmax_backward(y, w, d);
    const arr_r<T> dxr = xact::log_softmax_backward(arr_r<T>(y), arr_r<T>(w), d);
    REQUIRE(dx.isApprox(arr_c<T>(dxr), 4 * eps_v<T>));
    for (Index c = 0; c < count_of(x, d); ++c) {
      const vec_ld xv = vector_ld(x, d, c), wv = vector_ld(w, d, c), yv = vector_ld(y, d, c);
      const vec_ld fd = central_difference(xv, wv, ref_log_softmax, 1e-6L);
      ld sum = 0, scale = 0;
      for (ld v : wv) sum += v, scale += std::fabs(v);
      for (Index i = 0; i < length_of(x, d); ++i) {
        const auto u = static_cast<std::size_t>(i);
        const ld got = at(dx, d, c, i);
        const ld exact = wv[u] - std::exp(yv[u]) * sum;
        const ld bound = eps_v<T> * (std::fabs(wv[u]) + std::exp(yv[u]) * scale);
        max_exact = std::max(max_exact, std::fabs(got - exact) / bound);
        INFO("dir " << xact::to_string(d) << " vector " << c << " entry " << i);
        REQUIRE(std::fabs(got - exact) <= 4 * bound);
        const ld fd_err = std::fabs(got - fd[u]) / (std::fabs(fd[u]) + 1e-3L);
        max_fd = std::max(max_fd, fd_err);
        REQUIRE(fd_err <= (sizeof(T) == 4 ? 1e-5L : 1e-9L));
      }
    }
  }
  report<T>("log_softmax_backward", "vs_exact_product", max_exact, "eps*(|dy|+e^y*sum|dy|)");
  report<T>("log_softmax_backward", "vs_finite_difference", max_fd, "relative");
}

TEST_CASE("softmax_backward: special vectors", "[vectorwise][softmax][special]") {
  // A vector of zeros (all -inf with inf_as_zero) gives dx = 0; log_softmax's -inf gives dx = dy.
  arr_c<double> x(3, 2);
  x << -inf_v<double>, 1, -inf_v<double>, 2, -inf_v<double>, 3;
  const arr_c<double> dy = arr_c<double>::Constant(3, 2, 0.5);
  const arr_c<double> y = xact::softmax(x, xact::colwise, {true});
  const arr_c<double> dx = xact::softmax_backward(y, dy, xact::colwise);
  CHECK((dx.col(0) == 0).all());
  const arr_c<double> ly = xact::log_softmax(x, xact::colwise, {true});
  const arr_c<double> ldx = xact::log_softmax_backward(ly, dy, xact::colwise);
  CHECK((ldx.col(0) == 0.5).all());
  CHECK(std::abs(ldx.col(1).sum()) < 1e-15);  // sum dx = sum dy (1 - sum e^y) = 0
  // NaN in y propagates to its own vector only.
  arr_c<double> yn = xact::softmax(x, xact::colwise);
  CHECK(yn.col(0).isNaN().all());
  const arr_c<double> dxn = xact::softmax_backward(yn, dy, xact::colwise);
  CHECK(dxn.col(0).isNaN().all());
  CHECK(dxn.col(1).allFinite());
}

// ============================================================================ layouts

TEMPLATE_TEST_CASE("softmax: every layout and expression gives the same bits",
                   "[vectorwise][softmax][eigen]", float, double) {
  using T = TestType;
  std::mt19937 g(5);
  for (auto d : both_directions) {
    const arr_c<T> x = random_array<T>(11, 7, T(-5), T(5), g);
    const arr_c<T> ref = xact::softmax(x, d), lref = xact::log_softmax(x, d);
    auto same = [&](const auto& got, const char* what) {
      INFO(what << " dir " << xact::to_string(d));
      CHECK(all_bits_equal<T>(arr_c<T>(got), ref));
    };
    same(xact::softmax(arr_r<T>(x), d), "row-major");
    same(xact::softmax(x.matrix(), d), "Matrix");
    // Map with an outer stride (padding of 3 per column), Map with inner stride 2.
    std::vector<T> buf(static_cast<std::size_t>((11 + 3) * 7));
    Eigen::Map<arr_c<T>, 0, Eigen::OuterStride<>> padded(buf.data(), 11, 7,
                                                         Eigen::OuterStride<>(14));
    padded = x;
    same(xact::softmax(padded, d), "Map OuterStride");
    std::vector<T> buf2(static_cast<std::size_t>(2 * 11 * 7));
    Eigen::Map<arr_c<T>, 0, Eigen::Stride<Dynamic, Dynamic>> strided(
        buf2.data(), 11, 7, Eigen::Stride<Dynamic, Dynamic>(22, 2));
    strided = x;
    same(xact::softmax(strided, d), "Map inner stride 2");
    // Blocks of larger arrays, both storage orders.
    arr_c<T> big = arr_c<T>::Constant(20, 20, T(100));
    big.block(3, 5, 11, 7) = x;
    same(xact::softmax(big.block(3, 5, 11, 7), d), "Block col-major");
    arr_r<T> bigr = big;
    same(xact::softmax(bigr.block(3, 5, 11, 7), d), "Block row-major");
    // Transposed views and general expressions.
    const arr_c<T> xt = x.transpose();
    same(xact::softmax(xt.transpose(), d), "transpose expression");
    same(xact::softmax(x * T(1), d), "product expression");
    same(arr_c<T>(xact::softmax(x.transpose(), d == xact::colwise ? xact::rowwise : xact::colwise)
                      .transpose()),
         "other direction of the transpose");
    // Output overloads: into a plain array of any size and order, into a Matrix, in place.
    arr_c<T> y(2, 2);
    xact::softmax(x, d, y);
    same(y, "into col-major");
    arr_r<T> yr(1, 50);
    xact::softmax(x, d, yr);
    same(yr, "into row-major");
    Eigen::Matrix<T, Dynamic, Dynamic> ym;
    xact::softmax(x, d, ym);
    same(ym.array(), "into Matrix");
    arr_c<T> inplace = x;
    xact::softmax(inplace, d, inplace);
    same(inplace, "in place col-major");
    arr_r<T> inplace_r = x;
    xact::softmax(inplace_r, d, inplace_r);
    same(inplace_r, "in place row-major");
    arr_c<T> linplace = x;
    xact::log_softmax(linplace, d, linplace);
    CHECK(all_bits_equal<T>(linplace, lref));
    arr_r<T> linplace_r = x;
    xact::log_softmax(linplace_r, d, linplace_r);
    CHECK(all_bits_equal<T>(arr_c<T>(linplace_r), lref));
    CHECK(all_bits_equal<T>(arr_c<T>(xact::log_softmax(strided, d)), lref));
  }
  // The returned storage order is the input's.
  STATIC_REQUIRE(decltype(xact::softmax(std::declval<arr_r<T>>(), xact::colwise))::IsRowMajor);
  STATIC_REQUIRE(!decltype(xact::softmax(std::declval<arr_c<T>>(), xact::rowwise))::IsRowMajor);
}

TEST_CASE("log_softmax: long vectors cross the internal chunk boundary", "[vectorwise][softmax]") {
  // 1000 entries (the log-sum goes through 256-entry chunks); the maximum sits in the 3rd chunk.
  std::mt19937 g(3);
  for (Index n : {255, 256, 257, 1000}) {
    arr_c<double> x = random_array<double>(n, 2, -3.0, 3.0, g);
    x(n - 2, 0) = 50;
    const arr_c<double> y = xact::log_softmax(x, xact::colwise);
    for (Index c = 0; c < 2; ++c) {
      const vec_ld ref = ref_log_softmax(vector_ld(x, xact::colwise, c));
      for (Index i = 0; i < n; ++i)
        REQUIRE(xact_test::ulp_error<double>(y(i, c), ref[static_cast<std::size_t>(i)]) <= 3);
    }
  }
}

TEST_CASE("softmax, log_softmax: outputs large enough to be streamed", "[vectorwise][softmax]") {
  // 1001 x 4200 floats = 16.8 MB >= XACT_STREAMING_STORE_BYTES: each vector's result is written
  // with streaming stores (softmax from a stack buffer of e_i). Vectors of 1001 entries start at
  // every alignment. Checked against the long double reference on every 97th vector and bit for
  // bit against the same vectors computed one at a time (small outputs, no streaming).
  static_assert(std::size_t(1001) * 4200 * sizeof(float) >= XACT_STREAMING_STORE_BYTES,
                "the test array must be large enough to be streamed");
  std::mt19937 g(2024);
  const arr_c<float> x = random_array<float>(1001, 4200, -8.0f, 8.0f, g);
  for (bool log_form : {false, true}) {
    const arr_c<float> y =
        log_form ? xact::log_softmax(x, xact::colwise) : xact::softmax(x, xact::colwise);
    ld max_ulp = 0;
    for (Index c = 0; c < x.cols(); c += 97) {
      const vec_ld xv = vector_ld(x, xact::colwise, c);
      const vec_ld ref = log_form ? ref_log_softmax(xv) : ref_softmax(xv);
      for (Index i = 0; i < x.rows(); ++i)
        max_ulp = std::max(max_ulp,
                           xact_test::ulp_error<float>(y(i, c), ref[static_cast<std::size_t>(i)]));
      const arr_c<float> one = log_form ? xact::log_softmax(arr_c<float>(x.col(c)), xact::colwise)
                                        : xact::softmax(arr_c<float>(x.col(c)), xact::colwise);
      INFO("log_form " << log_form << " vector " << c);
      REQUIRE(all_bits_equal<float>(arr_c<float>(y.col(c)), one));
    }
    INFO("log_form " << log_form);
    REQUIRE(max_ulp <= 4);
    report<float>(log_form ? "log_softmax" : "softmax", "forward_streamed", max_ulp, "ulp");
  }
}

TEST_CASE("vectorwise: size 0 in every operation", "[vectorwise][eigen]") {
  std::mt19937 gen(1);
  for (auto d : both_directions) {
    for (auto shape : {std::pair<Index, Index>{0, 5}, {5, 0}, {0, 0}}) {
      const arr_c<float> x(shape.first, shape.second);
      const arr_r<float> xr(shape.first, shape.second);
      auto same_shape = [&](const auto& a) { return a.rows() == x.rows() && a.cols() == x.cols(); };
      CHECK(same_shape(xact::softmax(x, d)));
      CHECK(same_shape(xact::log_softmax(xr, d)));
      CHECK(same_shape(xact::softmax_backward(x, x, d)));
      CHECK(same_shape(xact::log_softmax_backward(xr, xr, d)));
      CHECK(same_shape(xact::maxout(x, 1, d)));
      CHECK(same_shape(xact::maxout_backward(x, x, 1, d)));
      const Eigen::ArrayXf alpha = Eigen::ArrayXf::Constant(
          xact::detail::vectorwise::vector_count(x.rows(), x.cols(), d), 0.25f);
      CHECK(same_shape(xact::channel_prelu(x, alpha, d)));
      const auto gr = xact::channel_prelu_backward(xr, xr, alpha, d);
      CHECK(same_shape(gr.dx));
      CHECK(gr.dalpha.size() == alpha.size());
      CHECK((gr.dalpha == 0).all());
      const auto rr = xact::rrelu_train(x, xact::rrelu<float>{}, gen);
      CHECK(same_shape(rr.y));
      CHECK(same_shape(rr.noise));
      CHECK(same_shape(xact::rrelu_train_backward(x, rr.noise)));
    }
  }
  // maxout of 0-length vectors with pieces 3: 0 is a multiple of 3.
  CHECK(xact::maxout(arr_c<double>(0, 4), 3, xact::colwise).cols() == 4);
}

// ============================================================================ maxout

namespace {

template <class T>
arr_c<T> naive_maxout(const arr_c<T>& x, Index k, xact::direction d) {
  const Index groups = length_of(x, d) / k;
  arr_c<T> y = d == xact::colwise ? arr_c<T>(groups, x.cols()) : arr_c<T>(x.rows(), groups);
  for (Index c = 0; c < count_of(x, d); ++c)
    for (Index gi = 0; gi < groups; ++gi) {
      T m = -inf_v<T>;
      bool nan = false;
      for (Index q = 0; q < k; ++q) {
        const T v = at(x, d, c, gi * k + q);
        nan = nan || std::isnan(v);
        m = std::max(m, v);
      }
      (d == xact::colwise ? y(gi, c) : y(c, gi)) = nan ? nan_v<T> : m;
    }
  return y;
}

}  // namespace

TEMPLATE_TEST_CASE("maxout: matches a naive loop in every layout", "[vectorwise][maxout]", float,
                   double) {
  using T = TestType;
  std::mt19937 g(11);
  for (auto d : both_directions) {
    for (Index k : {1, 2, 3, 4, 6, 12}) {
      arr_c<T> x = random_array<T>(12, 12, T(-10), T(10), g);
      x(5, 7) = nan_v<T>;
      x(0, 0) = -inf_v<T>;
      x(11, 11) = inf_v<T>;
      const arr_c<T> ref = naive_maxout(x, k, d);
      INFO("dir " << xact::to_string(d) << " pieces " << k);
      CHECK(all_bits_equal<T>(xact::maxout(x, k, d), ref));
      CHECK(all_bits_equal<T>(arr_c<T>(xact::maxout(arr_r<T>(x), k, d)), ref));
      CHECK(all_bits_equal<T>(arr_c<T>(xact::maxout(x.matrix(), k, d)), ref));
      arr_c<T> big = arr_c<T>::Zero(20, 30);
      big.block(2, 3, 12, 12) = x;
      CHECK(all_bits_equal<T>(xact::maxout(big.block(2, 3, 12, 12), k, d), ref));
      CHECK(all_bits_equal<T>(
          arr_c<T>(
              xact::maxout(x.transpose(), k, d == xact::colwise ? xact::rowwise : xact::colwise)
                  .transpose()),
          ref));
      arr_r<T> out(1, 1);
      xact::maxout(x, k, d, out);
      CHECK(all_bits_equal<T>(arr_c<T>(out), ref));
      // The shape: 1/k of the entries along the vector.
      CHECK(ref.rows() == (d == xact::colwise ? 12 / k : 12));
      CHECK(ref.cols() == (d == xact::colwise ? 12 : 12 / k));
    }
  }
}

TEST_CASE("maxout: NaN in a group gives NaN, other groups unaffected",
          "[vectorwise][maxout][special]") {
  arr_c<double> x(6, 1);
  x << 1, nan_v<double>, 3, 4, 5, 6;
  const arr_c<double> y = xact::maxout(x, 3, xact::colwise);
  CHECK(std::isnan(y(0, 0)));
  CHECK(y(1, 0) == 6);
  arr_c<double> x2(1, 4);
  x2 << nan_v<double>, 1, -inf_v<double>, -inf_v<double>;
  const arr_c<double> y2 = xact::maxout(x2, 2, xact::rowwise);
  CHECK(std::isnan(y2(0, 0)));
  CHECK(y2(0, 1) == -inf_v<double>);
}

TEMPLATE_TEST_CASE("maxout_backward: matches finite differences away from ties",
                   "[vectorwise][maxout]", float, double) {
  using T = TestType;
  std::mt19937 g(12);
  ld max_err = 0;
  for (auto d : both_directions) {
    const Index k = 3;
    // Distinct values at least 0.01 apart: a step h = 1e-3 never changes the argmax.
    arr_c<T> x(9, 6);
    std::vector<int> perm(54);
    for (int i = 0; i < 54; ++i) perm[static_cast<std::size_t>(i)] = i;
    std::shuffle(perm.begin(), perm.end(), g);
    for (Index i = 0; i < 54; ++i)
      x(i % 9, i / 9) = T(perm[static_cast<std::size_t>(i)]) * T(0.01) - T(0.2);
    const arr_c<T> y = xact::maxout(x, k, d);
    const arr_c<T> w = random_array<T>(y.rows(), y.cols(), T(-1), T(1), g);
    const arr_c<T> dx = xact::maxout_backward(x, w, k, d);
    const arr_c<T> dxr = xact::maxout_backward(arr_r<T>(x), arr_r<T>(w), k, d);
    CHECK(all_bits_equal<T>(dx, arr_c<T>(dxr)));
    auto loss = [&](const arr_c<T>& xx) {
      const arr_c<T> yy = naive_maxout(xx, k, d);
      ld s = 0;
      for (Index j = 0; j < yy.cols(); ++j)
        for (Index i = 0; i < yy.rows(); ++i) s += static_cast<ld>(w(i, j)) * yy(i, j);
      return s;
    };
    const T h = T(1) / T(1024);  // exact in T, so x +- h is exact for these x
    for (Index j = 0; j < x.cols(); ++j)
      for (Index i = 0; i < x.rows(); ++i) {
        arr_c<T> xp = x, xm = x;
        xp(i, j) += h;
        xm(i, j) -= h;
        const ld fd = (loss(xp) - loss(xm)) / (2 * static_cast<ld>(h));
        const ld err = std::fabs(static_cast<ld>(dx(i, j)) - fd);
        max_err = std::max(max_err, err);
        INFO("dir " << xact::to_string(d) << " entry " << i << "," << j);
        REQUIRE(err <= 1e-12L);
      }
  }
  report<T>("maxout_backward", "vs_finite_difference", max_err, "absolute");
}

TEST_CASE("maxout_backward: ties and NaN route to the first position",
          "[vectorwise][maxout][special]") {
  arr_c<double> x(1, 12);
  x << 2, 5, 5, /**/ 7, 7, 7, /**/ 1, nan_v<double>, nan_v<double>, /**/ nan_v<double>, 3, 4;
  arr_c<double> dy(1, 4);
  dy << 10, 20, 30, 40;
  const arr_c<double> dx = xact::maxout_backward(x, dy, 3, xact::rowwise);
  arr_c<double> want(1, 12);
  want << 0, 10, 0, /**/ 20, 0, 0, /**/ 0, 30, 0, /**/ 40, 0, 0;
  CHECK((dx == want).all());
  // Column direction, row-major x: same routing.
  const arr_c<double> dxc =
      xact::maxout_backward(arr_r<double>(x.transpose()), dy.transpose(), 3, xact::colwise);
  CHECK((dxc == want.transpose()).all());
  // Into a caller's Matrix.
  Eigen::MatrixXd m(5, 5);
  xact::maxout_backward(x, dy, 3, xact::rowwise, m);
  CHECK((m.array() == want).all());
}

TEST_CASE("maxout: invalid arguments name the function and the values",
          "[vectorwise][maxout][errors]") {
  using Catch::Matchers::Contains;
  const arr_c<float> x = arr_c<float>::Zero(10, 4);
  CHECK_THROWS_AS(xact::maxout(x, 3, xact::colwise), std::invalid_argument);
  CHECK_THROWS_WITH(xact::maxout(x, 3, xact::colwise),
                    Contains("xact::maxout: 10 entries per vector is not a multiple of pieces=3"));
  CHECK_THROWS_WITH(xact::maxout(x, 3, xact::rowwise),
                    Contains("xact::maxout: 4 entries per vector is not a multiple of pieces=3"));
  CHECK_THROWS_WITH(xact::maxout(x, 0, xact::colwise),
                    Contains("xact::maxout: pieces must be > 0, got 0"));
  CHECK_THROWS_WITH(xact::maxout(x, -2, xact::colwise),
                    Contains("xact::maxout: pieces must be > 0, got -2"));
  CHECK_THROWS_WITH(
      xact::maxout_backward(x, arr_c<float>::Zero(5, 4), 3, xact::colwise),
      Contains("xact::maxout_backward: 10 entries per vector is not a multiple of pieces=3"));
  CHECK_THROWS_WITH(xact::maxout_backward(x, arr_c<float>::Zero(5, 4), 0, xact::colwise),
                    Contains("xact::maxout_backward: pieces must be > 0, got 0"));
  CHECK_THROWS_AS(xact::maxout_backward(x, arr_c<float>::Zero(4, 5), 2, xact::colwise),
                  std::invalid_argument);
  CHECK_THROWS_WITH(xact::maxout_backward(x, arr_c<float>::Zero(4, 5), 2, xact::colwise),
                    Contains("xact::maxout_backward: dy is 4x5 but maxout(x) is 5x4"));
  CHECK_THROWS_WITH(xact::maxout_backward(x, arr_c<float>::Zero(10, 4), 2, xact::rowwise),
                    Contains("xact::maxout_backward: dy is 10x4 but maxout(x) is 10x2"));
}

// ============================================================================ channel prelu

TEMPLATE_TEST_CASE("channel_prelu: forward matches a naive loop with any alpha vector",
                   "[vectorwise][prelu]", float, double) {
  using T = TestType;
  std::mt19937 g(21);
  for (auto d : both_directions) {
    arr_c<T> x = random_array<T>(8, 5, T(-3), T(3), g);
    x(0, 0) = T(0);
    x(1, 0) = -T(0);
    x(2, 1) = nan_v<T>;
    x(3, 2) = -inf_v<T>;
    x(4, 3) = inf_v<T>;
    const Index channels = count_of(x, d);
    const Eigen::Array<T, Dynamic, 1> alpha = random_array<T>(channels, 1, T(-0.5), T(1.5), g);
    arr_c<T> ref(8, 5);
    for (Index j = 0; j < 5; ++j)
      for (Index i = 0; i < 8; ++i) {
        const T a = alpha(d == xact::colwise ? j : i), v = x(i, j);
        ref(i, j) = v > 0 ? v : a * v;
      }
    INFO("dir " << xact::to_string(d));
    CHECK(all_bits_equal<T>(xact::channel_prelu(x, alpha, d), ref));
    CHECK(std::signbit(xact::channel_prelu(x, alpha, d)(1, 0)) == std::signbit(ref(1, 0)));
    CHECK(all_bits_equal<T>(arr_c<T>(xact::channel_prelu(arr_r<T>(x), alpha.transpose(), d)), ref));
    CHECK(all_bits_equal<T>(arr_c<T>(xact::channel_prelu(x.matrix(), alpha.matrix(), d)), ref));
    std::vector<T> store(static_cast<std::size_t>(2 * channels));
    Eigen::Map<Eigen::Array<T, Dynamic, 1>, 0, Eigen::InnerStride<2>> amap(store.data(), channels);
    amap = alpha;
    arr_c<T> big = arr_c<T>::Zero(20, 20);
    big.block(1, 2, 8, 5) = x;
    CHECK(all_bits_equal<T>(xact::channel_prelu(big.block(1, 2, 8, 5), amap, d), ref));
    arr_c<T> inplace = x;
    xact::channel_prelu(inplace, alpha, d, inplace);
    CHECK(all_bits_equal<T>(inplace, ref));
    arr_r<T> inplace_r = x;
    xact::channel_prelu(inplace_r, alpha, d, inplace_r);
    CHECK(all_bits_equal<T>(arr_c<T>(inplace_r), ref));
  }
}

TEMPLATE_TEST_CASE("channel_prelu_backward: dx and dalpha match finite differences",
                   "[vectorwise][prelu]", float, double) {
  using T = TestType;
  std::mt19937 g(22);
  ld max_dx = 0, max_da = 0;
  for (auto d : both_directions) {
    arr_c<T> x = random_array<T>(7, 4, T(-2), T(2), g);
    for (Index j = 0; j < 4; ++j)
      for (Index i = 0; i < 7; ++i)
        if (std::fabs(x(i, j)) < T(0.05)) x(i, j) = T(0.5);  // stay away from the kink
    const Index channels = count_of(x, d);
    const Eigen::Array<T, Dynamic, 1> alpha = random_array<T>(channels, 1, T(0.05), T(0.5), g);
    const arr_c<T> w = random_array<T>(7, 4, T(-1), T(1), g);
    const auto gr = xact::channel_prelu_backward(x, w, alpha, d);
    const auto grr = xact::channel_prelu_backward(arr_r<T>(x), arr_r<T>(w), alpha, d);
    CHECK(all_bits_equal<T>(gr.dx, arr_c<T>(grr.dx)));
    CHECK(all_bits_equal<T>(arr_c<T>(gr.dalpha), arr_c<T>(grr.dalpha)));
    // L(x, alpha) = sum w * prelu_alpha(x) in long double; each difference quotient takes only
    // the terms that change, so that it carries no rounding noise from the other terms.
    auto term = [&](Index i, Index j, ld v, ld a) {
      return static_cast<ld>(w(i, j)) * (v > 0 ? v : a * v);
    };
    auto alpha_of = [&](Index i, Index j) -> ld { return alpha(d == xact::colwise ? j : i); };
    const ld h = 1e-6L;
    for (Index j = 0; j < 4; ++j)
      for (Index i = 0; i < 7; ++i) {
        const ld v = x(i, j), a = alpha_of(i, j);
        const ld fd = (term(i, j, v + h, a) - term(i, j, v - h, a)) / (2 * h);
        const ld err = std::fabs(gr.dx(i, j) - fd) / (std::fabs(fd) + 1e-30L);
        max_dx = std::max(max_dx, err);
        INFO("dx dir " << xact::to_string(d) << " entry " << i << "," << j);
        REQUIRE(err <=
                eps_v<T> + 1e-12L);  // one rounding (dy * slope) + the quotient's long double noise
      }
    for (Index c = 0; c < channels; ++c) {
      ld fd = 0;
      for (Index i = 0; i < length_of(x, d); ++i) {
        const Index r = d == xact::colwise ? i : c, k = d == xact::colwise ? c : i;
        const ld v = x(r, k), a = alpha_of(r, k);
        fd += (term(r, k, v, a + h) - term(r, k, v, a - h)) / (2 * h);
      }
      const ld err = std::fabs(gr.dalpha(c) - fd) / (std::fabs(fd) + 1e-30L);
      max_da = std::max(max_da, err);
      INFO("dalpha dir " << xact::to_string(d) << " channel " << c << " got " << gr.dalpha(c)
                         << " fd " << double(fd));
      REQUIRE(err <= (sizeof(T) == 4 ? 2 * eps_v<T> : 1e-12L));
    }
  }
  report<T>("channel_prelu_backward", "dx_vs_finite_difference", max_dx, "relative");
  report<T>("channel_prelu_backward", "dalpha_vs_finite_difference", max_da, "relative");
}

TEST_CASE("channel_prelu_backward: kink, NaN and output overloads",
          "[vectorwise][prelu][special]") {
  arr_c<double> x(3, 2);
  x << 0, 1, -0.0, nan_v<double>, -2, 3;
  const Eigen::Vector2d alpha(0.25, 0.5);
  arr_c<double> dy = arr_c<double>::Constant(3, 2, 2.0);
  const auto gr = xact::channel_prelu_backward(x, dy, alpha, xact::colwise);
  CHECK(gr.dx(0, 0) == 0.5);  // x = 0 takes alpha, like PyTorch
  CHECK(gr.dx(1, 0) == 0.5);
  CHECK(gr.dx(2, 0) == 0.5);
  CHECK(gr.dx(0, 1) == 2.0);
  CHECK(std::isnan(gr.dx(1, 1)));
  CHECK(gr.dalpha(0) == -4.0);  // 2 * (0 + -0 + -2)
  CHECK(std::isnan(gr.dalpha(1)));
  CHECK(std::isnan(xact::channel_prelu(x, alpha, xact::colwise)(1, 1)));
  // Into caller's arrays, dx aliasing dy.
  Eigen::VectorXd da;
  xact::channel_prelu_backward(x, dy, alpha, xact::colwise, dy, da);
  CHECK(dy(0, 0) == 0.5);
  CHECK(da(0) == -4.0);
  CHECK(da.size() == 2);
}

TEST_CASE("channel_prelu: invalid arguments name the function and the values",
          "[vectorwise][prelu][errors]") {
  using Catch::Matchers::Contains;
  const arr_c<float> x = arr_c<float>::Zero(4, 5);
  const Eigen::ArrayXf a3 = Eigen::ArrayXf::Constant(3, 0.25f);
  CHECK_THROWS_AS(xact::channel_prelu(x, a3, xact::colwise), std::invalid_argument);
  CHECK_THROWS_WITH(
      xact::channel_prelu(x, a3, xact::colwise),
      Contains("xact::channel_prelu: alpha has 3 entries but x is 4x5 with 5 columns (colwise)"));
  CHECK_THROWS_WITH(
      xact::channel_prelu(x, a3, xact::rowwise),
      Contains("xact::channel_prelu: alpha has 3 entries but x is 4x5 with 4 rows (rowwise)"));
  CHECK_THROWS_WITH(xact::channel_prelu(x, Eigen::ArrayXXf::Zero(2, 3), xact::colwise),
                    Contains("xact::channel_prelu: alpha must be a vector, got 2x3"));
  Eigen::ArrayXf a5 = Eigen::ArrayXf::Constant(5, 0.25f);
  a5(1) = nan_v<float>;
  CHECK_THROWS_WITH(xact::channel_prelu(x, a5, xact::colwise),
                    Contains("xact::channel_prelu: alpha(1) must be finite, got nan"));
  a5(1) = 0.1f;
  CHECK_NOTHROW(xact::channel_prelu(x, a5, xact::colwise));
  CHECK_THROWS_WITH(xact::channel_prelu_backward(x, arr_c<float>::Zero(5, 4), a5, xact::colwise),
                    Contains("xact::channel_prelu_backward: dy is 5x4 but x is 4x5"));
  CHECK_THROWS_WITH(xact::channel_prelu_backward(x, x, a3, xact::colwise),
                    Contains("xact::channel_prelu_backward: alpha has 3 entries but x is 4x5 with "
                             "5 columns (colwise)"));
}

// ============================================================================ rrelu (training)

TEMPLATE_TEST_CASE("rrelu_train: noise bounds, output and PyTorch's convention",
                   "[vectorwise][rrelu]", float, double) {
  using T = TestType;
  std::mt19937 data(31);
  arr_c<T> x = random_array<T>(13, 9, T(-2), T(2), data);
  x(0, 0) = T(0);
  x(1, 0) = -T(0);
  x(2, 0) = nan_v<T>;
  x(3, 0) = -inf_v<T>;
  x(4, 0) = inf_v<T>;
  const xact::rrelu<T> f{T(0.1), T(0.3)};
  std::mt19937 gen(42);
  const auto r = xact::rrelu_train(x, f, gen);
  for (Index j = 0; j < x.cols(); ++j)
    for (Index i = 0; i < x.rows(); ++i) {
      const T v = x(i, j), n = r.noise(i, j);
      INFO("entry " << i << "," << j << " x " << v << " noise " << n);
      if (std::isnan(v)) {
        CHECK(std::isnan(n));
        CHECK(std::isnan(r.y(i, j)));
      } else if (v > 0) {
        CHECK(n == 1);
        CHECK(r.y(i, j) == v);
      } else {  // x <= 0, zeros included
        CHECK(n >= f.lower);
        CHECK(n <= f.upper);
        CHECK(xact_test::same_value(r.y(i, j), T(v * n)));
      }
    }
  CHECK(std::signbit(r.y(1, 0)));
  CHECK(r.y(3, 0) == -inf_v<T>);
  // Reproducible with the same seed, different with another, whatever the layout of x.
  std::mt19937 gen2(42), gen3(43);
  const auto r2 = xact::rrelu_train(arr_r<T>(x), f, gen2);
  CHECK(all_bits_equal<T>(arr_c<T>(r2.noise), r.noise));
  CHECK(all_bits_equal<T>(arr_c<T>(r2.y), r.y));
  const auto r3 = xact::rrelu_train(x, f, gen3);
  CHECK_FALSE(all_bits_equal<T>(r3.noise, r.noise));
  // Output overloads, in place.
  std::mt19937 gen4(42);
  arr_c<T> y = x, noise;
  xact::rrelu_train(y, f, gen4, y, noise);
  CHECK(all_bits_equal<T>(y, r.y));
  CHECK(all_bits_equal<T>(noise, r.noise));
  // lower == upper gives exactly that slope.
  std::mt19937 gen5(1);
  const auto fixed = xact::rrelu_train(x, xact::rrelu<T>{T(0.2), T(0.2)}, gen5);
  CHECK(fixed.noise(1, 0) == T(0.2));
}

TEST_CASE("rrelu_train: slopes are built from the generator's bits as documented",
          "[vectorwise][rrelu]") {
  // std::mt19937 with the default seed 5489 starts 3499211612, 581869302 (fixed by the standard's
  // algorithm, so these slopes are the same with every standard library).
  REQUIRE(std::mt19937{}() == 3499211612u);
  const arr_c<float> xf = arr_c<float>::Constant(1, 1, -1.0f);
  std::mt19937 g1;
  const auto rf = xact::rrelu_train(xf, xact::rrelu<float>{0.0f, 1.0f}, g1);
  CHECK(rf.noise(0, 0) == std::ldexp(float(3499211612u >> 8), -24));
  const arr_c<double> xd = arr_c<double>::Constant(1, 1, -1.0);
  std::mt19937 g2;
  const auto rd = xact::rrelu_train(xd, xact::rrelu<double>{0.0, 1.0}, g2);
  const std::uint64_t k = (std::uint64_t(3499211612u) << 21) | (581869302u >> 11);
  CHECK(rd.noise(0, 0) == std::ldexp(double(k), -53));
  // Draws happen only where x <= 0, in column-major order: the second negative entry gets the
  // second draw.
  arr_r<float> x2(2, 2);
  x2 << 1, -1, -1, 1;  // column-major order: 1, -1 (row 1), -1 (row 0 col 1), 1
  std::mt19937 g3, g4;
  const auto r2 = xact::rrelu_train(x2, xact::rrelu<float>{0.0f, 1.0f}, g3);
  const float first = std::ldexp(float(g4() >> 8), -24), second = std::ldexp(float(g4() >> 8), -24);
  CHECK(r2.noise(1, 0) == first);
  CHECK(r2.noise(0, 1) == second);
}

TEST_CASE("rrelu_train: slope statistics follow U[lower, upper] with several generators",
          "[vectorwise][rrelu]") {
  const double lower = 1.0 / 8, upper = 1.0 / 3;
  const arr_c<double> x = arr_c<double>::Constant(400, 500, -1.0);
  auto check_stats = [&](const arr_c<double>& noise, const char* what) {
    const double n = double(noise.size());
    const double mean = noise.mean();
    const double var = (noise - mean).square().sum() / (n - 1);
    const double w = upper - lower;
    const double sigma_mean = w / std::sqrt(12.0 * n);
    INFO(what << ": mean " << mean << " var " << var << " min " << noise.minCoeff() << " max "
              << noise.maxCoeff());
    CHECK(std::fabs(mean - (lower + upper) / 2) <= 5 * sigma_mean);
    CHECK(std::fabs(var / (w * w / 12) - 1) <= 0.02);
    CHECK(noise.minCoeff() >= lower);
    CHECK(noise.maxCoeff() <= upper);
    CHECK(noise.minCoeff() <= lower + 1e-4 * w);
    CHECK(noise.maxCoeff() >= upper - 1e-4 * w);
    // Uniform on 10 bins: each holds n/10 within 5 sigma.
    std::vector<double> bins(10, 0.0);
    for (Index i = 0; i < noise.size(); ++i)
      bins[std::min<std::size_t>(9, static_cast<std::size_t>((noise(i) - lower) / w * 10))] += 1;
    for (double b : bins) CHECK(std::fabs(b - n / 10) <= 5 * std::sqrt(n / 10));
  };
  std::mt19937 g1(2024);
  check_stats(xact::rrelu_train(x, xact::rrelu<double>{lower, upper}, g1).noise, "mt19937");
  std::mt19937_64 g2(2024);
  check_stats(xact::rrelu_train(x, xact::rrelu<double>{lower, upper}, g2).noise, "mt19937_64");
  std::minstd_rand g3(2024);  // range [1, 2^31 - 2]: not a power of two, needs rejection
  check_stats(xact::rrelu_train(x, xact::rrelu<double>{lower, upper}, g3).noise, "minstd_rand");
  std::mt19937 g4(7);
  const auto rf =
      xact::rrelu_train(x.cast<float>(), xact::rrelu<float>{float(lower), float(upper)}, g4);
  check_stats(rf.noise.cast<double>(), "mt19937 float");
}

TEST_CASE("rrelu_train_backward: dy * noise, with shape and parameter errors",
          "[vectorwise][rrelu][errors]") {
  using Catch::Matchers::Contains;
  std::mt19937 gen(5), data(6);
  const arr_c<float> x = random_array<float>(6, 4, -1.0f, 1.0f, data);
  const arr_c<float> dy = random_array<float>(6, 4, -1.0f, 1.0f, data);
  const auto r = xact::rrelu_train(x, xact::rrelu<float>{}, gen);
  const arr_c<float> dx = xact::rrelu_train_backward(dy, r.noise);
  CHECK((dx == dy * r.noise).all());
  CHECK(all_bits_equal<float>(arr_c<float>(xact::rrelu_train_backward(arr_r<float>(dy), r.noise)),
                              dx));
  Eigen::MatrixXf m;
  xact::rrelu_train_backward(dy.matrix(), r.noise, m);
  CHECK((m.array() == dx).all());
  CHECK_THROWS_AS(xact::rrelu_train_backward(dy, arr_c<float>::Ones(4, 6)), std::invalid_argument);
  CHECK_THROWS_WITH(xact::rrelu_train_backward(dy, arr_c<float>::Ones(4, 6)),
                    Contains("xact::rrelu_train_backward: dy is 6x4 but noise is 4x6"));
  CHECK_THROWS_AS(xact::rrelu_train(x, xact::rrelu<float>{0.5f, 0.25f}, gen),
                  std::invalid_argument);
  CHECK_THROWS_WITH(
      xact::rrelu_train(x, xact::rrelu<float>{0.5f, 0.25f}, gen),
      Contains("xact::rrelu_train: lower must be <= upper, got lower=0.5, upper=0.25"));
  CHECK_THROWS_WITH(xact::rrelu_train(x, xact::rrelu<float>{-0.5f, 0.25f}, gen),
                    Contains("xact::rrelu_train: lower must be >= 0, got -0.5"));
  CHECK_THROWS_WITH(
      xact::rrelu_train(x, xact::rrelu<float>{0.1f, inf_v<float>}, gen),
      Contains("xact::rrelu_train: lower and upper must be finite, got lower=0.1, upper=inf"));
  CHECK_THROWS_WITH(xact::rrelu_train(x, xact::rrelu<float>{nan_v<float>, 0.3f}, gen),
                    Contains("xact::rrelu_train: lower and upper must be finite"));
}

// ============================================================================ errors

TEST_CASE("softmax_backward: shape mismatches name the function and both shapes",
          "[vectorwise][softmax][errors]") {
  using Catch::Matchers::Contains;
  const arr_c<double> y = arr_c<double>::Zero(4, 3), dy = arr_c<double>::Zero(3, 4);
  CHECK_THROWS_AS(xact::softmax_backward(y, dy, xact::colwise), std::invalid_argument);
  CHECK_THROWS_WITH(xact::softmax_backward(y, dy, xact::colwise),
                    Contains("xact::softmax_backward: dy is 3x4 but y is 4x3"));
  CHECK_THROWS_AS(xact::log_softmax_backward(y, dy, xact::rowwise), std::invalid_argument);
  CHECK_THROWS_WITH(xact::log_softmax_backward(y, dy, xact::rowwise),
                    Contains("xact::log_softmax_backward: dy is 3x4 but y is 4x3"));
  arr_c<double> dx;
  CHECK_THROWS_WITH(
      xact::softmax_backward(y.matrix(), dy.transpose().matrix().transpose(), xact::rowwise, dx),
      Contains("xact::softmax_backward: dy is 3x4 but y is 4x3"));
}
