// SPDX-License-Identifier: MIT
// Accuracy tests: a strided sweep of every functor x kernel x type against the MPFR reference of
// record, asserting the bounds of tools/accuracy/bounds.hpp (scalar and SIMD paths).
//
// Float: every 429497th bit pattern (10^4 inputs, all binades, both signs) plus the specials and
// +-16 floats around every kink/threshold; double: 10^4 samples log-uniform in magnitude over the
// whole finite range plus the same neighbourhoods. The exhaustive float32 run is the accuracy tool
// (scripts/accuracy.sh; ctest label "exhaustive": `ctest -L exhaustive`).

#include "accuracy/bounds.hpp"
#include "accuracy/functors.hpp"
#include "accuracy/mpfr_reference.hpp"
#include "accuracy/ulp.hpp"

#include <xact/eigen/softmax.hpp>

#include <Eigen/Core>
#include <catch2/catch.hpp>
#include <xsimd/xsimd.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace xact::accuracy;
using ld = long double;

template <class T>
std::vector<T> sweep_inputs(desc const& d) {
  std::vector<T> xs = special_values<T>();
  for (ld p : special_points(d)) neighbourhood<T>(p, 16, xs);
  if constexpr (sizeof(T) == 4) {
    for (std::uint64_t b = 0; b < (std::uint64_t(1) << 32); b += 429497) {
      std::uint32_t const bits = static_cast<std::uint32_t>(b);
      float x;
      std::memcpy(&x, &bits, 4);
      xs.push_back(x);
    }
  } else {
    std::mt19937_64 rng(20261130);
    for (int i = 0; i < 10000; ++i) {
      std::uint64_t const bits = (rng() & 0x800FFFFFFFFFFFFFULL) | ((rng() % 2047) << 52);
      double x;
      std::memcpy(&x, &bits, 8);
      xs.push_back(x);
    }
  }
  return xs;
}

template <class T>
std::string hexf(T v) {
  char b[40];
  std::snprintf(b, sizeof b, "%a", double(v));
  return b;
}

template <kernel K, class F>
void check_cell(F const& f, char const* fname) {
  if (!has_kernel<F>(K)) return;
  using T = typename F::value_type;
  using B = xsimd::batch<T>;
  desc const d = describe(f);
  std::vector<T> xs = sweep_inputs<T>(d);
  while (xs.size() % B::size) xs.push_back(T(0));
  std::vector<T> ys(xs.size()), yv(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) ys[i] = eval<K>(f, xs[i]);
  for (std::size_t i = 0; i < xs.size(); i += B::size)
    eval<K>(f, B::load_unaligned(&xs[i])).store_unaligned(&yv[i]);
  cell_bound const b = bound_of(d, K, XACT_HAS_FMA != 0);
  bool const zones = sizeof(T) == 8;
  ld worst = 0, worst_mixed = 0;
  T worst_x = 0, worst_mixed_x = 0;
  std::size_t mismatches = 0, nan_bad = 0, zero_sign_bad = 0;
  T mismatch_x = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    T const x = xs[i];
    value_and_term const r = mpfr_evaluate(d, K, x);
    if (!same_bits(ys[i], yv[i])) {
      if (!mismatches) mismatch_x = x;
      ++mismatches;
    }
    if (!std::isnan(x) && !std::isnan(r.value) && std::isnan(ys[i])) ++nan_bad;
    // docs/semantics.md: the sign of a zero result (forward) is part of the contract.
    if (K == kernel::forward && r.value == 0 && ys[i] == 0 &&
        std::signbit(ys[i]) != std::signbit(r.value))
      ++zero_sign_bad;
    if (zones && r.term > 0 && in_mixed_zone(d, K, x)) {
      ld const e = scaled_ulp_error<T>(ys[i], r.value, r.term);
      if (!(e <= worst_mixed)) {
        worst_mixed = e;
        worst_mixed_x = x;
      }
      continue;
    }
    ld const e = ulp_error<T>(ys[i], r.value);
    if (!(e <= worst)) {
      worst = e;
      worst_x = x;
    }
  }
  std::ostringstream what;
  what << fname << "(" << label(d) << ") " << kernel_name(K) << " "
       << (sizeof(T) == 4 ? "float" : "double") << ": max " << double(worst) << " ULP at "
       << hexf(worst_x) << " (bound " << b.ulp << ")";
  if (b.mixed > 0)
    what << "; mixed zone " << double(worst_mixed) << " ULP of the largest term at "
         << hexf(worst_mixed_x) << " (bound " << b.mixed << ")";
  what << "; scalar/SIMD mismatches " << mismatches << " (first at " << hexf(mismatch_x)
       << "); NaN " << nan_bad << "; wrong sign of zero " << zero_sign_bad;
  INFO(what.str());
  CHECK(worst <= b.ulp);
  if (b.mixed > 0) CHECK(worst_mixed <= b.mixed);
  CHECK(mismatches == 0);
  CHECK(nan_bad == 0);
  CHECK(zero_sign_bad == 0);
}

template <template <class> class F>
void check_functor(char const* fname) {
  for (auto const& f : instances<F, float>()) {
    check_cell<kernel::forward>(f, fname);
    check_cell<kernel::derivative>(f, fname);
    check_cell<kernel::from_output>(f, fname);
    check_cell<kernel::parameter>(f, fname);
  }
  for (auto const& f : instances<F, double>()) {
    check_cell<kernel::forward>(f, fname);
    check_cell<kernel::derivative>(f, fname);
    check_cell<kernel::from_output>(f, fname);
    check_cell<kernel::parameter>(f, fname);
  }
}

}  // namespace

#define XACT_ACCURACY_TEST(F)                                                      \
  TEST_CASE(#F ": MPFR sweep within the bounds of record", "[accuracy][" #F "]") { \
    check_functor<xact::F>(#F);                                                    \
  }
XACT_ACCURACY_FUNCTORS(XACT_ACCURACY_TEST)
#undef XACT_ACCURACY_TEST

namespace {
template <class T>
void check_vectorwise() {
  using A = Eigen::Array<T, Eigen::Dynamic, 1>;
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal;
  ld w[4] = {0, 0, 0, 0};
  for (int v = 0; v < 300; ++v) {
    int const n = 1 + int(rng() % 64);
    double const scale = std::pow(10.0, double(rng() % 5) - 1);
    A x(n), dy(n);
    for (int i = 0; i < n; ++i) {
      x[i] = T(normal(rng) * scale);
      dy[i] = T(normal(rng));
    }
    std::vector<ld> xl(x.data(), x.data() + n), dyl(dy.data(), dy.data() + n);
    A const y = xact::softmax(x, xact::direction::colwise);
    A const ly = xact::log_softmax(x, xact::direction::colwise);
    auto const ry = mpfr_softmax(xl, false), rly = mpfr_softmax(xl, true);
    A const dx = xact::softmax_backward(y, dy, xact::direction::colwise);
    A const ldx = xact::log_softmax_backward(ly, dy, xact::direction::colwise);
    auto const rb = mpfr_softmax_backward(std::vector<ld>(y.data(), y.data() + n), dyl, false);
    auto const rlb = mpfr_softmax_backward(std::vector<ld>(ly.data(), ly.data() + n), dyl, true);
    for (int i = 0; i < n; ++i) {
      w[0] = std::max(w[0], ulp_error<T>(y[i], ry[i]));
      w[1] = std::max(w[1], ulp_error<T>(ly[i], rly[i]));
      w[2] = std::max(w[2], scaled_ulp_error<T>(dx[i], rb.dx[i], rb.scale[i]));
      w[3] = std::max(w[3], scaled_ulp_error<T>(ldx[i], rlb.dx[i], rlb.scale[i]));
    }
  }
  char const* names[4] = {"softmax", "log_softmax", "softmax_backward", "log_softmax_backward"};
  for (int i = 0; i < 4; ++i) {
    INFO(names[i] << (sizeof(T) == 4 ? " float" : " double") << ": max " << double(w[i])
                  << " ULP (bound " << vectorwise_bound << ")");
    CHECK(w[i] <= vectorwise_bound);
  }
}
}  // namespace

TEST_CASE("softmax, log_softmax and backward: MPFR within the bounds of record",
          "[accuracy][softmax]") {
  check_vectorwise<float>();
  check_vectorwise<double>();
}

// The float sweep's double-arithmetic ULP (float_ulp_of) must be the metric of record
// (ulp_of<float>, long double frexp/ldexp) on every kind of reference value.
TEST_CASE("float_ulp_of equals ulp_of<float>", "[accuracy][ulp]") {
  std::mt19937 rng(7);
  std::vector<double> refs = {0.0,      1.0,          0.75,  0x1p-126,        0x1p-126 - 0x1p-149,
                              0x1p-149, 0x1p-150,     3e-45, 0x1.fffffep+127, 0x1.fffffefp+127,
                              0x1p-127, 1.0 - 0x1p-30};
  for (int i = 0; i < 100000; ++i) {
    std::uint32_t bits = rng() & 0x7f7fffffu;  // finite floats of every binade
    float f;
    std::memcpy(&f, &bits, 4);
    refs.push_back(double(f) * (1 + std::ldexp(double(int(rng() % 2001) - 1000), -40)));
  }
  for (double r : refs) {
    for (double s : {r, -r}) {
      INFO("ref = " << s);
      CHECK(static_cast<long double>(xact::accuracy::float_ulp_of(s)) ==
            xact::accuracy::ulp_of<float>(s));
    }
  }
}
