// SPDX-License-Identifier: MIT
// Test bodies generated from functor_table.hpp: sweeps against the references, finite differences, parity, special values.
#ifndef XACT_TESTS_SUPPORT_CHECKS_HPP
#define XACT_TESTS_SUPPORT_CHECKS_HPP

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include <catch2/catch.hpp>
#include <xact/detail/simd.hpp>
#include <xact/detail/traits.hpp>

#include "support/functor_table.hpp"
#include "support/ulp.hpp"

namespace xact_test {

#ifdef XACT_TEST_ARCH_NAME
inline const char* arch_name() { return XACT_TEST_ARCH_NAME; }
#else
inline const char* arch_name() { return xsimd::default_arch::name(); }
#endif

template <class T>
const char* type_name() {
  return sizeof(T) == 4 ? "float" : "double";
}

// ------------------------------------------------------------------------------ sweep points

// Special inputs every sweep contains: signed zeros, subnormals, normal limits, +-1, +-max,
// +-inf, NaN, and every kink with its two neighbours.
template <class T>
std::vector<T> special_points(std::vector<ld> const& kinks) {
  using lim = std::numeric_limits<T>;
  std::vector<T> p = {T(0), T(-0.0), lim::denorm_min(), -lim::denorm_min(), lim::min(), -lim::min(),
                      T(1), T(-1), lim::epsilon(), -lim::epsilon(), lim::max(), -lim::max(),
                      lim::infinity(), -lim::infinity(), lim::quiet_NaN(), T(0.5), T(-0.5), T(2), T(-2)};
  for (ld k : kinks) {
    T const t = static_cast<T>(k);
    for (T v : {t, -t}) {
      p.push_back(v);
      p.push_back(std::nextafter(v, lim::infinity()));
      p.push_back(std::nextafter(v, -lim::infinity()));
    }
  }
  return p;
}

// The sweep: float strides through all 2^32 bit patterns with the prime step 32771 (131,061
// patterns: every exponent, both signs, subnormals, infinities and NaNs); double takes 10^5
// uniformly random bit patterns (log-uniform over the whole range, both signs). Both add
// 2^16 evenly spaced points on [-range, range] (where the functions bend) and the specials.
template <class T>
std::vector<T> sweep_points(ld range, std::vector<ld> const& kinks) {
  std::vector<T> p;
  if constexpr (sizeof(T) == 4) {
    p.reserve(131072 + 65536 + 64);
    for (std::uint64_t b = 0; b < (std::uint64_t(1) << 32); b += 32771) {
      auto const u = static_cast<std::uint32_t>(b);
      float x;
      std::memcpy(&x, &u, 4);
      p.push_back(x);
    }
  } else {
    p.reserve(100000 + 65536 + 64);
    std::mt19937_64 gen(0x5eed0001u);
    for (int i = 0; i < 100000; ++i) {
      std::uint64_t const u = gen();
      double x;
      std::memcpy(&x, &u, 8);
      p.push_back(x);
    }
  }
  int const n = 65536;
  for (int i = 0; i < n; ++i)
    p.push_back(static_cast<T>(-range + 2.0L * range * (ld(i) + 0.5L) / ld(n)));
  auto const s = special_points<T>(kinks);
  p.insert(p.end(), s.begin(), s.end());
  return p;
}

// ------------------------------------------------------------------------------ evaluation

template <class T, class Op>
std::vector<T> eval_scalar(std::vector<T> const& xs, Op op) {
  std::vector<T> out(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) out[i] = op(xs[i]);
  return out;
}

// The same op on xact::detail::batch<T> (the default architecture of this executable); the
// tail is padded with the last element.
template <class T, class Op>
std::vector<T> eval_batch(std::vector<T> const& xs, Op op) {
  using B = xact::detail::batch<T>;
  constexpr std::size_t W = B::size;
  std::vector<T> out(xs.size());
  std::size_t i = 0;
  for (; i + W <= xs.size(); i += W) {
    B const r = op(B::load_unaligned(xs.data() + i));
    r.store_unaligned(out.data() + i);
  }
  if (i < xs.size()) {
    T in[W], res[W];
    for (std::size_t k = 0; k < W; ++k) in[k] = xs[std::min(i + k, xs.size() - 1)];
    B const r = op(B::load_unaligned(in));
    r.store_unaligned(res);
    for (std::size_t k = 0; i + k < xs.size(); ++k) out[i + k] = res[k];
  }
  return out;
}

template <class T>
struct worst {
  ld ulp = 0;
  T x = T(0);
  T got = T(0);
  ld ref = 0;
  void add(ld e, T at, T g, ld r) {
    if (e > ulp || (std::isnan(e) && !std::isnan(ulp))) {
      ulp = e;
      x = at;
      got = g;
      ref = r;
    }
  }
};

// One grep-able line per measurement:
//   maxulp <functor> <float|double> <forward|derivative|from_output|param> <scalar|simd> <ulp> at x=<x> [params] arch=<arch>
template <class T>
void report(const char* functor, const char* what, const char* path, worst<T> const& w, std::string const& label,
            const char* var = "x") {
  std::printf("maxulp %s %s %s %s %.3Lf at %s=%.17Lg [%s] arch=%s\n", functor, type_name<T>(), what, path, w.ulp, var,
              static_cast<ld>(w.x), label.c_str(), arch_name());
}

template <class T>
bool overflows(ld ref) {
  return std::fabs(ref) > static_cast<ld>(std::numeric_limits<T>::max());
}

// Compares one path against a reference over all points, checks the bound and the absence of
// spurious NaN/Inf (a finite input whose reference fits in T must give a finite result; that
// case is also an infinite ULP error).
template <class T, class Ref>
worst<T> measure(std::vector<T> const& xs, std::vector<T> const& got, Ref reference) {
  worst<T> w;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    auto const r = reference(xs[i]);
    ld const e = ulp_error<T>(got[i], r);
    w.add(e, xs[i], got[i], r);
  }
  return w;
}

template <class T>
void require_bound(worst<T> const& w, double bound, const char* what, const char* path) {
  INFO(what << " " << path << ": max " << double(w.ulp) << " ULP at x = " << double(w.x) << " (hex "
            << std::hexfloat << double(w.x) << std::defaultfloat << "): got " << double(w.got) << ", reference "
            << double(w.ref) << "; bound " << bound);
  CHECK(w.ulp <= ld(bound));
}

// ------------------------------------------------------------------------------ forward

template <template <class> class F, class T>
void check_forward() {
  using S = spec<F>;
  for (auto const& f : S::template instances<T>()) {
    f.validate();
    auto const xs = sweep_points<T>(S::range, S::kinks(f));
    auto const ys = eval_scalar(xs, [&](T x) { return f.forward(x); });
    auto const yb = eval_batch(xs, [&](auto x) { return f.forward(x); });
    auto const yo = eval_scalar(xs, [&](T x) { return f(x); });
    auto ref = [&](T x) { return S::forward(f, ld(x)); };
    auto const ws = measure(xs, ys, ref), wb = measure(xs, yb, ref);
    report<T>(S::name, "forward", "scalar", ws, S::label(f));
    report<T>(S::name, "forward", "simd", wb, S::label(f));
    INFO(S::name << " " << type_name<T>() << " [" << S::label(f) << "]");
    require_bound(ws, S::ulp.forward.template get<T>(), "forward", "scalar");
    require_bound(wb, S::ulp.forward.template get<T>(), "forward", "simd");
    CHECK(std::equal(ys.begin(), ys.end(), yo.begin(), [](T a, T b) { return same_bits(a, b); }));
  }
}

// ------------------------------------------------------------------------------ derivative

// Derivative error in ULPs; where the reference is a cancelling sum whose largest term exceeds
// |f'| (near the roots of gelu', swish', silu'), in ULPs of that largest term.
template <class T>
ld derivative_error(T got, ref::deriv const& r) {
  if (r.scale > std::fabs(r.value)) return scaled_ulp_error<T>(got, r.value, r.scale);
  return ulp_error<T>(got, r.value);
}

template <template <class> class F, class T>
void check_derivative() {
  using S = spec<F>;
  for (auto const& f : S::template instances<T>()) {
    auto const xs = sweep_points<T>(S::range, S::kinks(f));
    auto const ds = eval_scalar(xs, [&](T x) { return f.derivative(x); });
    auto const db = eval_batch(xs, [&](auto x) { return f.derivative(x); });
    worst<T> ws, wb;
    for (std::size_t i = 0; i < xs.size(); ++i) {
      auto const r = S::derivative(f, ld(xs[i]));
      ws.add(derivative_error<T>(ds[i], r), xs[i], ds[i], r.value);
      wb.add(derivative_error<T>(db[i], r), xs[i], db[i], r.value);
    }
    report<T>(S::name, "derivative", "scalar", ws, S::label(f));
    report<T>(S::name, "derivative", "simd", wb, S::label(f));
    INFO(S::name << " " << type_name<T>() << " [" << S::label(f) << "]");
    require_bound(ws, S::ulp.derivative.template get<T>(), "derivative", "scalar");
    require_bound(wb, S::ulp.derivative.template get<T>(), "derivative", "simd");
  }
}

// ------------------------------------------------------------------------------ from output

// derivative_from_output(y) is checked twice on y = forward(x) over the sweep:
//  1. against the long double reference g(y) at the same y (ULP bound `from_output`);
//  2. against the reference f'(x), allowing the error that the rounding of y carries through g:
//     relative eps * (bound_from_output + 1 + cond * (bound_forward + 1)), cond = |y g'(y)/g(y)|
//     measured on the reference. Where y sits within a few ULP of a jump of g (y rounded onto a
//     kink, e.g. hard_sigmoid near hi) or g cancels (elu/selu for y -> -alpha, sigmoid/tanh for
//     y -> 1), cond is huge and the y-based derivative is not accurate: those points are skipped
//     and counted.
template <template <class> class F, class T>
void check_from_output() {
  using S = spec<F>;
  if constexpr (S::has_from_output) {
    for (auto const& f : S::template instances<T>()) {
      if (!f.output_derivative_valid()) continue;
      auto const xs = sweep_points<T>(S::range, S::kinks(f));
      auto const ys = eval_scalar(xs, [&](T x) { return f.forward(x); });
      auto const gs = eval_scalar(ys, [&](T y) { return f.derivative_from_output(y); });
      auto const gb = eval_batch(ys, [&](auto y) { return f.derivative_from_output(y); });
      worst<T> ws, wb, wx;
      ld const eps = std::numeric_limits<T>::epsilon();
      double const bfo = S::ulp.from_output.template get<T>(), bfw = S::ulp.forward.template get<T>();
      std::size_t skipped = 0, checked = 0;
      for (std::size_t i = 0; i < xs.size(); ++i) {
        ld const y = ys[i];
        auto const gr = S::from_output(f, y);
        ld const g = gr.value;
        ws.add(derivative_error<T>(gs[i], gr), ys[i], gs[i], g);
        wb.add(derivative_error<T>(gb[i], gr), ys[i], gb[i], g);
        if (!std::isfinite(xs[i])) continue;
        ld const d = S::derivative(f, ld(xs[i])).value;
        ld const delta = 4 * eps * ld(std::max(1.0, bfw));
        ld const g1 = S::from_output(f, y * (1 + delta)).value, g2 = S::from_output(f, y * (1 - delta)).value;
        ld cond = 0;
        if (g != 0) cond = std::max(std::fabs(g1 - g), std::fabs(g2 - g)) / (delta * std::fabs(g));
        else if (g1 != 0 || g2 != 0) cond = std::numeric_limits<ld>::infinity();
        // Relative rounding error of y: eps, or more where y is subnormal (absolute denorm_min).
        ld const y_rel = std::max(eps, ld(std::numeric_limits<T>::denorm_min()) / std::max(std::fabs(y), ld(1e-4930L)));
        ld const allowed = eps * (ld(bfo) + 1) + cond * (ld(bfw) + 1) * y_rel;
        if (!(allowed < 1e-3L)) {
          ++skipped;
          continue;
        }
        ++checked;
        ld const rel = std::fabs(ld(gs[i]) - d) / std::max(std::fabs(d), ld(std::numeric_limits<T>::min()));
        // Recorded as the multiple of the allowed error (<= 1 passes).
        wx.add(rel / allowed, xs[i], gs[i], d);
      }
      report<T>(S::name, "from_output", "scalar", ws, S::label(f), "y");
      report<T>(S::name, "from_output", "simd", wb, S::label(f), "y");
      std::printf("fromy_vs_x %s %s ratio_to_allowed %.3Lf at x=%.17Lg checked=%zu skipped=%zu [%s] arch=%s\n", S::name,
                  type_name<T>(), wx.ulp, ld(wx.x), checked, skipped, S::label(f).c_str(), arch_name());
      INFO(S::name << " " << type_name<T>() << " [" << S::label(f) << "]");
      require_bound(ws, bfo, "derivative_from_output", "scalar");
      require_bound(wb, bfo, "derivative_from_output", "simd");
      INFO("derivative_from_output(forward(x)) vs reference f'(x): worst at x = " << double(wx.x) << ", got "
                                                                                 << double(wx.got) << ", f'(x) = " << double(wx.ref));
      CHECK(wx.ulp <= 1);
      CHECK(checked > xs.size() / 4);
    }
  } else {
    STATIC_REQUIRE_FALSE(xact::has_output_derivative_v<F<T>>);
  }
}

// ------------------------------------------------------------------------------ finite differences

// Central differences of xact's double forward at smooth points, h = cbrt(eps) max(1, |x|):
// the truncation and rounding error is below 1e-9 relative, so the tolerance
//   |f'(x) - fd| <= 1e-6 (|fd| + |f(x)| / max(1, |x|))
// tests the derivative formula (a wrong factor or sign fails) independently of the reference;
// the second term absorbs saturated tails where f' is far below the rounding noise of f.
template <template <class> class F, class T>
void check_finite_differences() {
  using S = spec<F>;
  auto const fs = S::template instances<T>();
  auto const fd_fs = S::template instances<double>();
  std::mt19937_64 gen(42);
  for (std::size_t k = 0; k < fs.size(); ++k) {
    auto const& f = fs[k];
    auto const& g = fd_fs[k];
    ld const span = std::min<ld>(S::range, 30);
    std::uniform_real_distribution<double> dist(-double(span), double(span));
    auto const kinks = S::kinks(f);
    int checked = 0;
    double worst_rel = 0, worst_x = 0;
    for (int i = 0; i < 4000; ++i) {
      T const xt = static_cast<T>(dist(gen));
      double const x = xt;
      // Step: cbrt(eps) times the local length scale, max(1, |x|), shortened in tails that vary
      // faster (gelu, swish: |f'/f| ~ |x|), so that truncation stays below 1e-9 relative.
      double const f0 = g.forward(x), d0 = g.derivative(x);
      double const rate = (f0 != 0 && std::isfinite(d0 / f0)) ? std::fabs(d0 / f0) : 0.0;
      double const len = std::min(std::max(1.0, std::fabs(x)), rate > 0 ? 1 / rate : HUGE_VAL);
      double const h = std::cbrt(std::numeric_limits<double>::epsilon()) * len;
      bool near_kink = false;
      for (ld kp : kinks) near_kink = near_kink || std::fabs(ld(x) - kp) < 4 * ld(h);
      if (near_kink) continue;
      double const fd = (g.forward(x + h) - g.forward(x - h)) / (2 * h);
      double const d = static_cast<double>(f.derivative(xt));
      // The absolute term min() of T admits a T result that underflowed to 0 or a subnormal.
      double const tol = 1e-6 * (std::fabs(fd) + std::fabs(f0) / std::max(1.0, std::fabs(x))) +
                         double(std::numeric_limits<T>::min());
      double const rel = std::fabs(d - fd) / tol;
      if (rel > worst_rel) {
        worst_rel = rel;
        worst_x = x;
      }
      ++checked;
    }
    std::printf("fd %s %s derivative ratio_to_tol %.3g at x=%.17g [%s] arch=%s\n", S::name, type_name<T>(), worst_rel,
                worst_x, S::label(f).c_str(), arch_name());
    INFO(S::name << " " << type_name<T>() << " [" << S::label(f) << "]: worst at x = " << worst_x);
    CHECK(worst_rel <= 1.0);
    CHECK(checked > 3000);
  }
}

// ------------------------------------------------------------------------------ parameter

template <template <class> class F, class T>
void check_parameter_derivative() {
  using S = spec<F>;
  if constexpr (S::has_param) {
    STATIC_REQUIRE(xact::has_parameter_derivative_v<F<T>>);
    auto const fs = S::template instances<T>();
    auto const gs = S::template instances<double>();
    for (std::size_t k = 0; k < fs.size(); ++k) {
      auto const& f = fs[k];
      auto const xs = sweep_points<T>(S::range, S::kinks(f));
      auto const ps = eval_scalar(xs, [&](T x) { return f.parameter_derivative(x); });
      auto const pb = eval_batch(xs, [&](auto x) { return f.parameter_derivative(x); });
      auto ref = [&](T x) { return S::param(f, ld(x)); };
      auto const ws = measure(xs, ps, ref), wb = measure(xs, pb, ref);
      report<T>(S::name, "param", "scalar", ws, S::label(f));
      report<T>(S::name, "param", "simd", wb, S::label(f));
      INFO(S::name << " " << type_name<T>() << " [" << S::label(f) << "]");
      require_bound(ws, S::ulp.param.template get<T>(), "parameter_derivative", "scalar");
      require_bound(wb, S::ulp.param.template get<T>(), "parameter_derivative", "simd");

      // Central differences in the parameter of the double functor.
      std::mt19937_64 gen(7);
      std::uniform_real_distribution<double> dist(-20.0, 20.0);
      double worst_rel = 0, worst_x = 0;
      for (int i = 0; i < 2000; ++i) {
        T const xt = static_cast<T>(dist(gen));
        double const x = xt;
        auto hi = gs[k], lo = gs[k];
        double& phi = S::param_member(hi);
        double& plo = S::param_member(lo);
        double const p = S::param_member(gs[k]);
        double const h = std::cbrt(std::numeric_limits<double>::epsilon()) * std::max(1.0, std::fabs(p));
        phi = p + h;
        plo = p - h;
        double const fd = (hi.forward(x) - lo.forward(x)) / (2 * h);
        double const d = static_cast<double>(f.parameter_derivative(xt));
        double const tol = 1e-6 * (std::fabs(fd) + std::fabs(gs[k].forward(x)) / std::max(1.0, std::fabs(p)));
        double const rel = tol == 0 ? (d == fd ? 0 : HUGE_VAL) : std::fabs(d - fd) / tol;
        if (rel > worst_rel) {
          worst_rel = rel;
          worst_x = x;
        }
      }
      std::printf("fd %s %s param ratio_to_tol %.3g at x=%.17g [%s] arch=%s\n", S::name, type_name<T>(), worst_rel,
                  worst_x, S::label(f).c_str(), arch_name());
      INFO("parameter finite differences: worst at x = " << worst_x);
      CHECK(worst_rel <= 1.0);
    }
  } else {
    STATIC_REQUIRE_FALSE(xact::has_parameter_derivative_v<F<T>>);
  }
}

// ------------------------------------------------------------------------------ parity

// Scalar and SIMD results must be bit-identical (NaN == NaN) over the whole sweep, for every
// member function; the number of differing points and the largest distance are reported.
template <template <class> class F, class T, class Op>
void require_parity(const char* what, std::string const& label, std::vector<T> const& xs, Op op) {
  auto const s = eval_scalar(xs, [&](T x) { return op(x); });
  auto const b = eval_batch(xs, [&](auto x) { return op(x); });
  std::size_t differ = 0;
  ld maxd = 0;
  T at = T(0);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (!same_bits(s[i], b[i])) {
      ++differ;
      ld const d = ulp_distance(s[i], b[i]);
      if (d >= maxd) {
        maxd = d;
        at = xs[i];
      }
    }
  }
  std::printf("parity %s %s %s differing=%zu maxdist=%.0Lf at x=%.17Lg [%s] arch=%s\n", spec<F>::name, type_name<T>(),
              what, differ, maxd, ld(at), label.c_str(), arch_name());
  INFO(spec<F>::name << " " << type_name<T>() << " " << what << " [" << label << "]: " << differ
                     << " points differ, worst at x = " << double(at) << " by " << double(maxd) << " ULP");
  CHECK(differ == 0);
}

template <template <class> class F, class T>
void check_parity() {
  using S = spec<F>;
  for (auto const& f : S::template instances<T>()) {
    auto const xs = sweep_points<T>(S::range, S::kinks(f));
    auto const l = S::label(f);
    require_parity<F>("forward", l, xs, [&](auto x) { return f.forward(x); });
    require_parity<F>("derivative", l, xs, [&](auto x) { return f.derivative(x); });
    if constexpr (S::has_from_output) {
      auto const ys = eval_scalar(xs, [&](T x) { return f.forward(x); });
      require_parity<F>("from_output", l, ys, [&](auto y) { return f.derivative_from_output(y); });
      require_parity<F>("from_output_sweep", l, xs, [&](auto y) { return f.derivative_from_output(y); });
    }
    if constexpr (S::has_param) require_parity<F>("param", l, xs, [&](auto x) { return f.parameter_derivative(x); });
  }
}

// ------------------------------------------------------------------------------ special rows

template <class T>
bool matches(T got, T expected, double tol, bool zero_sign) {
  if (tol > 0 && std::isfinite(expected)) return ulp_error<T>(got, ld(expected)) <= ld(tol);
  if (!zero_sign && expected == 0) return got == 0;
  return same_value(got, expected);
}

// Every row: forward and derivative, on a scalar and in every lane of a batch (the lane of
// interest surrounded by other values), parameter_derivative where the row has one, and
// derivative_from_output(forward(x)) == f'(x) where the functor has it (value only).
template <template <class> class F, class T, class Row>
void check_rows(std::vector<Row> const& rows, const char* table) {
  using S = spec<F>;
  using B = xact::detail::batch<T>;
  constexpr std::size_t W = B::size;
  REQUIRE_FALSE(rows.empty());
  std::size_t n = 0;
  for (auto const& r : rows) {
    auto const& f = r.f;
    ++n;
    INFO(S::name << " " << type_name<T>() << " " << table << " row " << n << ": x = " << double(r.x) << " [" << S::label(f)
                 << "]");
    T const y = f.forward(r.x), d = f.derivative(r.x);
    INFO("forward " << double(y) << " (expected " << double(r.y) << "), derivative " << double(d) << " (expected "
                    << double(r.dy) << ")");
    CHECK(matches(y, r.y, r.tol, true));
    CHECK(matches(d, r.dy, r.tol, r.dy_sign));
    for (std::size_t lane = 0; lane < W; ++lane) {
      T in[W], out_y[W], out_d[W];
      for (std::size_t k = 0; k < W; ++k) in[k] = T(0.75) * T(k + 1);
      in[lane] = r.x;
      f.forward(B::load_unaligned(in)).store_unaligned(out_y);
      f.derivative(B::load_unaligned(in)).store_unaligned(out_d);
      INFO("SIMD lane " << lane << ": forward " << double(out_y[lane]) << ", derivative " << double(out_d[lane]));
      CHECK(same_bits(out_y[lane], y));
      CHECK(same_bits(out_d[lane], d));
    }
    if constexpr (S::has_param) {
      if (r.has_dp) {
        T const p = f.parameter_derivative(r.x);
        INFO("parameter_derivative " << double(p) << " (expected " << double(r.dp) << ")");
        CHECK(matches(p, r.dp, 0, false));
      }
    }
    if constexpr (S::has_from_output) {
      // Rows whose y is not an exact literal (tol > 0) may round onto a kink of g (y -> 1 in
      // hard_sigmoid just below hi): the y-based derivative is not defined to match there.
      if (f.output_derivative_valid() && r.tol == 0) {
        T const g = f.derivative_from_output(y);
        INFO("derivative_from_output(" << double(y) << ") = " << double(g));
        CHECK(matches(g, d, r.tol, false));
      }
    }
  }
}

template <template <class> class F, class T>
void check_special_values() {
  check_rows<F, T>(spec<F>::template special_rows<T>(), "special-value");
}

template <template <class> class F, class T>
void check_kinks() {
  auto const rows = spec<F>::template kink_rows<T>();
  if (rows.empty()) {
    SUCCEED("smooth: no kink rows");
    return;
  }
  check_rows<F, T>(rows, "kink");
}

// NaN in gives NaN out for every member, whatever the parameters (every table instance).
template <template <class> class F, class T>
void check_nan_everywhere() {
  using S = spec<F>;
  using B = xact::detail::batch<T>;
  T const q = std::numeric_limits<T>::quiet_NaN();
  T const neg_q = -q;
  for (auto const& f : S::template instances<T>()) {
    INFO(S::name << " " << type_name<T>() << " [" << S::label(f) << "]");
    for (T v : {q, neg_q}) {
      CHECK(std::isnan(f.forward(v)));
      CHECK(std::isnan(f.derivative(v)));
      CHECK(xsimd::all(xact::detail::is_nan(f.forward(B(v)))));
      CHECK(xsimd::all(xact::detail::is_nan(f.derivative(B(v)))));
      if constexpr (S::has_from_output) {
        CHECK(std::isnan(f.derivative_from_output(v)));
        CHECK(xsimd::all(xact::detail::is_nan(f.derivative_from_output(B(v)))));
      }
      if constexpr (S::has_param) {
        CHECK(std::isnan(f.parameter_derivative(v)));
        CHECK(xsimd::all(xact::detail::is_nan(f.parameter_derivative(B(v)))));
      }
    }
  }
}

template <template <class> class F, class T>
void check_traits() {
  using S = spec<F>;
  STATIC_REQUIRE(xact::is_activation_v<F<T>>);
  STATIC_REQUIRE(xact::has_output_derivative_v<F<T>> == S::has_from_output);
  STATIC_REQUIRE(xact::has_parameter_derivative_v<F<T>> == S::has_param);
  CHECK(std::string(F<T>::name) == S::name);
  F<T> const f{};
  CHECK_NOTHROW(f.validate());
  CHECK(same_bits(f(T(0.375)), f.forward(T(0.375))));
}

}  // namespace xact_test

// The generated test cases of one functor ("<functor>: <property>", [<family>][...]).
#define XACT_TEST_ELEMENTWISE(FAMILY, NAME)                                                                                         \
  TEMPLATE_TEST_CASE(#NAME ": forward matches the long double reference", "[" #FAMILY "][forward]", float, double) {            \
    xact_test::check_forward<xact::NAME, TestType>();                                                                          \
  }                                                                                                                            \
  TEMPLATE_TEST_CASE(#NAME ": derivative matches the long double reference", "[" #FAMILY "][derivative]", float, double) {      \
    xact_test::check_derivative<xact::NAME, TestType>();                                                                       \
  }                                                                                                                            \
  TEMPLATE_TEST_CASE(#NAME ": derivative_from_output matches the reference and derivative", "[" #FAMILY "][derivative]", float, \
                     double) {                                                                                                 \
    xact_test::check_from_output<xact::NAME, TestType>();                                                                      \
  }                                                                                                                            \
  TEMPLATE_TEST_CASE(#NAME ": derivative matches finite differences", "[" #FAMILY "][derivative]", float, double) {             \
    xact_test::check_finite_differences<xact::NAME, TestType>();                                                               \
  }                                                                                                                            \
  TEMPLATE_TEST_CASE(#NAME ": parameter derivative", "[" #FAMILY "][derivative]", float, double) {                              \
    xact_test::check_parameter_derivative<xact::NAME, TestType>();                                                             \
  }                                                                                                                            \
  TEMPLATE_TEST_CASE(#NAME ": scalar and SIMD agree bit for bit", "[" #FAMILY "][forward][derivative]", float, double) {       \
    xact_test::check_parity<xact::NAME, TestType>();                                                                           \
  }                                                                                                                            \
  TEMPLATE_TEST_CASE(#NAME ": special values", "[" #FAMILY "][special]", float, double) {                                       \
    xact_test::check_special_values<xact::NAME, TestType>();                                                                   \
  }                                                                                                                            \
  TEMPLATE_TEST_CASE(#NAME ": kinks", "[" #FAMILY "][special]", float, double) {                                                \
    xact_test::check_kinks<xact::NAME, TestType>();                                                                            \
  }                                                                                                                            \
  TEMPLATE_TEST_CASE(#NAME ": NaN in gives NaN out", "[" #FAMILY "][special]", float, double) {                                 \
    xact_test::check_nan_everywhere<xact::NAME, TestType>();                                                                   \
  }                                                                                                                            \
  TEMPLATE_TEST_CASE(#NAME ": traits and name", "[" #FAMILY "]", float, double) {                                               \
    xact_test::check_traits<xact::NAME, TestType>();                                                                           \
  }

#endif
