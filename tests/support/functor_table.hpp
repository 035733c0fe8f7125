// SPDX-License-Identifier: MIT
// The one table of element-wise functors: instances, long double references, ULP bounds, sweep ranges, kink and special-value rows.
#ifndef XACT_TESTS_SUPPORT_FUNCTOR_TABLE_HPP
#define XACT_TESTS_SUPPORT_FUNCTOR_TABLE_HPP

// Each functor template F has one `spec<F>` below. Every generated test (tests/activation/
// *.test.cpp, through support/checks.hpp) reads only this table, so adding a functor means
// adding one spec and one line in XACT_TEST_ELEMENTWISE_FUNCTORS.
//
// A spec holds:
//   family, name            Catch2 tag and functor name.
//   instances<T>()          [0] is the default-constructed functor; the others use parameters
//                           that are exact powers of two (or products T computes exactly), so
//                           that the argument of a transcendental is exact and the ULP bound
//                           measures the kernel, not the rounding of b*x.
//   label(f)                "alpha=0.5" for the report.
//   forward(f, x), derivative(f, x) and from_output(f, y) (ref::deriv: value and largest
//                           term; elu/selu's y + alpha cancels as y -> -alpha),
//   param(f, x)             long double references (reference.hpp) bound to f's parameters.
//   ulp                     max ULP error allowed: {float, double} for forward, derivative,
//                           derivative_from_output (against the reference at the same y) and
//                           parameter_derivative. Derivatives with a cancelling sum (gelu,
//                           gelu_tanh, swish, silu: roots of f') are measured in ULPs of the
//                           largest term where that term exceeds |f'| (scaled_ulp_error).
//   range                   the dense linear sweep covers [-range, range] (bit-pattern sweeps
//                           cover the rest).
//   kinks(f)                points where f or f' is not smooth (finite differences skip them).
//   special_rows<T>()       docs/semantics.md "special values" rows, in the same order.
//   kink_rows<T>()          docs/semantics.md "kinks" rows, in the same order.

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include <xact/activation/elu.hpp>
#include <xact/activation/gelu.hpp>
#include <xact/activation/identity.hpp>
#include <xact/activation/relu.hpp>
#include <xact/activation/sigmoid.hpp>
#include <xact/activation/softplus.hpp>
#include <xact/activation/swish.hpp>

#include "support/reference.hpp"

namespace xact_test {

using ld = long double;

struct type_bounds {
  double f;  // float
  double d;  // double
  template <class T>
  double get() const {
    return sizeof(T) == 4 ? f : d;
  }
};
struct ulp_bounds {
  type_bounds forward, derivative, from_output, param;
};

// One row of the special-value or kink table: f(x) and f'(x) of the functor `f` must equal
// y and dy (same value and sign of zero, NaN == NaN). tol > 0: within tol ULP instead (values
// that are not exact literals). dy_sign = false: the sign of a zero derivative is not checked.
// has_dp: parameter_derivative(x) must equal dp.
template <class F, class T>
struct row {
  F f;
  T x;
  T y;
  T dy;
  double tol = 0;
  bool dy_sign = true;
  bool has_dp = false;
  T dp = T(0);
};

template <class T>
constexpr T nan_v = std::numeric_limits<T>::quiet_NaN();
template <class T>
constexpr T inf_v = std::numeric_limits<T>::infinity();
template <class T>
constexpr T dmin_v = std::numeric_limits<T>::denorm_min();
template <class T>
T after(T x, T toward) {
  return std::nextafter(x, toward);
}
template <class T>
T rnd(ld v) {
  return static_cast<T>(v);
}

inline std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

template <template <class> class F>
struct spec;

// ==================================================================== identity.hpp
template <>
struct spec<xact::linear> {
  static constexpr const char* family = "identity";
  static constexpr const char* name = "linear";
  template <class T>
  static std::vector<xact::linear<T>> instances() {
    return {xact::linear<T>{}, xact::linear<T>{T(2), T(0.5)}, xact::linear<T>{T(-0.5), T(-3)}};
  }
  template <class T>
  static std::string label(xact::linear<T> const& f) {
    return "slope=" + num(double(f.slope)) + ",offset=" + num(double(f.offset));
  }
  template <class T>
  static ld forward(xact::linear<T> const& f, ld x) {
    return ref::linear(x, f.slope, f.offset);
  }
  template <class T>
  static ref::deriv derivative(xact::linear<T> const& f, ld x) {
    return ref::plain(std::isnan(x) ? x : ld(f.slope));
  }
  template <class T>
  static ref::deriv from_output(xact::linear<T> const& f, ld y) {
    return ref::plain(std::isnan(y) ? y : ld(f.slope));
  }
  static constexpr bool has_from_output = true, has_param = false;
  static constexpr ulp_bounds ulp{{0.5, 0.5}, {0, 0}, {0, 0}, {0, 0}};
  static constexpr ld range = 10;
  template <class T>
  static std::vector<ld> kinks(xact::linear<T> const&) {
    return {};
  }
  template <class T>
  static std::vector<row<xact::linear<T>, T>> special_rows() {
    xact::linear<T> f{};
    return {{f, nan_v<T>, nan_v<T>, nan_v<T>},  {f, -inf_v<T>, -inf_v<T>, T(1)},
            {f, T(-0.0), T(0), T(1)},           {f, T(0), T(0), T(1)},
            {f, inf_v<T>, inf_v<T>, T(1)},      {xact::linear<T>{T(2), T(0.5)}, T(-0.25), T(0), T(2)}};
  }
  template <class T>
  static std::vector<row<xact::linear<T>, T>> kink_rows() {
    return {};
  }
};

template <>
struct spec<xact::binary_step> {
  static constexpr const char* family = "identity";
  static constexpr const char* name = "binary_step";
  template <class T>
  static std::vector<xact::binary_step<T>> instances() {
    return {xact::binary_step<T>{}, xact::binary_step<T>{T(1)}, xact::binary_step<T>{T(-2.5)}};
  }
  template <class T>
  static std::string label(xact::binary_step<T> const& f) {
    return "threshold=" + num(double(f.threshold));
  }
  template <class T>
  static ld forward(xact::binary_step<T> const& f, ld x) {
    return ref::binary_step(x, f.threshold);
  }
  template <class T>
  static ref::deriv derivative(xact::binary_step<T> const&, ld x) {
    return ref::plain(std::isnan(x) ? x : 0.0L);
  }
  template <class T>
  static ref::deriv from_output(xact::binary_step<T> const&, ld y) {
    return ref::plain(std::isnan(y) ? y : 0.0L);
  }
  static constexpr bool has_from_output = true, has_param = false;
  static constexpr ulp_bounds ulp{{0, 0}, {0, 0}, {0, 0}, {0, 0}};
  static constexpr ld range = 10;
  template <class T>
  static std::vector<ld> kinks(xact::binary_step<T> const& f) {
    return {f.threshold};
  }
  template <class T>
  static std::vector<row<xact::binary_step<T>, T>> special_rows() {
    xact::binary_step<T> f{};
    return {{f, nan_v<T>, nan_v<T>, nan_v<T>}, {f, -inf_v<T>, T(0), T(0)}, {f, T(-0.0), T(0), T(0)},
            {f, T(0), T(0), T(0)},             {f, inf_v<T>, T(1), T(0)}};
  }
  template <class T>
  static std::vector<row<xact::binary_step<T>, T>> kink_rows() {
    xact::binary_step<T> f{}, g{T(1)};
    return {{f, dmin_v<T>, T(1), T(0)},
            {f, -dmin_v<T>, T(0), T(0)},
            {g, T(1), T(0), T(0)},
            {g, after(T(1), T(2)), T(1), T(0)}};
  }
};

// ==================================================================== sigmoid.hpp
template <>
struct spec<xact::sigmoid> {
  static constexpr const char* family = "sigmoid";
  static constexpr const char* name = "sigmoid";
  template <class T>
  static std::vector<xact::sigmoid<T>> instances() {
    return {xact::sigmoid<T>{}};
  }
  template <class T>
  static std::string label(xact::sigmoid<T> const&) {
    return "";
  }
  template <class T>
  static ld forward(xact::sigmoid<T> const&, ld x) {
    return ref::sigmoid(x);
  }
  template <class T>
  static ref::deriv derivative(xact::sigmoid<T> const&, ld x) {
    return ref::plain(ref::sigmoid_d(x));
  }
  template <class T>
  static ref::deriv from_output(xact::sigmoid<T> const&, ld y) {
    return ref::plain(ref::sigmoid_dy(y));
  }
  static constexpr bool has_from_output = true, has_param = false;
  static constexpr ulp_bounds ulp{{4, 4}, {8, 8}, {2, 2}, {0, 0}};
  static constexpr ld range = 120;
  template <class T>
  static std::vector<ld> kinks(xact::sigmoid<T> const&) {
    return {};
  }
  template <class T>
  static std::vector<row<xact::sigmoid<T>, T>> special_rows() {
    xact::sigmoid<T> f{};
    return {{f, nan_v<T>, nan_v<T>, nan_v<T>}, {f, -inf_v<T>, T(0), T(0)},   {f, T(-0.0), T(0.5), T(0.25)},
            {f, T(0), T(0.5), T(0.25)},        {f, inf_v<T>, T(1), T(0)},    {f, T(-1000), T(0), T(0)},
            {f, T(1000), T(1), T(0)}};
  }
  template <class T>
  static std::vector<row<xact::sigmoid<T>, T>> kink_rows() {
    return {};
  }
};

template <>
struct spec<xact::hard_sigmoid> {
  static constexpr const char* family = "sigmoid";
  static constexpr const char* name = "hard_sigmoid";
  template <class T>
  static std::vector<xact::hard_sigmoid<T>> instances() {
    return {xact::hard_sigmoid<T>{}, xact::hard_sigmoid<T>{T(0.2), T(0.5)}, xact::hard_sigmoid<T>{T(0.25), T(0.75)}};
  }
  template <class T>
  static std::string label(xact::hard_sigmoid<T> const& f) {
    return "slope=" + num(double(f.slope)) + ",offset=" + num(double(f.offset));
  }
  // The breakpoints as the contract defines them: lo = -offset/slope and hi = lo + 1/slope,
  // rounded to T (so that the defaults give exactly -3 and 3).
  template <class T>
  static ld lo(xact::hard_sigmoid<T> const& f) {
    return static_cast<T>(-f.offset / f.slope);
  }
  template <class T>
  static ld hi(xact::hard_sigmoid<T> const& f) {
    return static_cast<T>(static_cast<T>(-f.offset / f.slope) + T(1) / f.slope);
  }
  template <class T>
  static ld forward(xact::hard_sigmoid<T> const& f, ld x) {
    return ref::hard_sigmoid(x, f.slope, lo(f));
  }
  template <class T>
  static ref::deriv derivative(xact::hard_sigmoid<T> const& f, ld x) {
    return ref::plain(ref::hard_sigmoid_d(x, f.slope, lo(f), hi(f)));
  }
  template <class T>
  static ref::deriv from_output(xact::hard_sigmoid<T> const& f, ld y) {
    return ref::plain(ref::hard_sigmoid_dy(y, f.slope));
  }
  static constexpr bool has_from_output = true, has_param = false;
  // forward = (x - lo) * slope: two roundings (x - lo, then the product whose result may sit
  // in the binade below), up to 1.34 ULP; fma(slope, x, offset) would be 0.5 ULP but cannot
  // give exactly 0 at x = lo when slope = 1/6 is inexact.
  static constexpr ulp_bounds ulp{{1.5, 1.5}, {0, 0}, {0, 0}, {0, 0}};
  static constexpr ld range = 8;
  template <class T>
  static std::vector<ld> kinks(xact::hard_sigmoid<T> const& f) {
    return {lo(f), hi(f)};
  }
  template <class T>
  static std::vector<row<xact::hard_sigmoid<T>, T>> special_rows() {
    xact::hard_sigmoid<T> f{};
    T const s = f.slope;
    return {{f, nan_v<T>, nan_v<T>, nan_v<T>}, {f, -inf_v<T>, T(0), T(0)}, {f, T(-0.0), T(0.5), s},
            {f, T(0), T(0.5), s},              {f, inf_v<T>, T(1), T(0)}};
  }
  template <class T>
  static std::vector<row<xact::hard_sigmoid<T>, T>> kink_rows() {
    xact::hard_sigmoid<T> f{}, k{T(0.2), T(0.5)};
    T const s = f.slope;
    T const just_above = after(T(-3), T(0)), just_below = after(T(3), T(0));
    return {{f, T(-3), T(0), T(0)},
            {f, T(3), T(1), T(0)},
            {f, just_above, rnd<T>(ref::hard_sigmoid(just_above, s, -3.0L)), s, 1},
            {f, just_below, rnd<T>(ref::hard_sigmoid(just_below, s, -3.0L)), s, 1},
            {f, T(-4), T(0), T(0)},
            {f, T(4), T(1), T(0)},
            {k, T(-2.5), T(0), T(0)},
            {k, T(2.5), T(1), T(0)}};
  }
};

template <>
struct spec<xact::tanh> {
  static constexpr const char* family = "sigmoid";
  static constexpr const char* name = "tanh";
  template <class T>
  static std::vector<xact::tanh<T>> instances() {
    return {xact::tanh<T>{}};
  }
  template <class T>
  static std::string label(xact::tanh<T> const&) {
    return "";
  }
  template <class T>
  static ld forward(xact::tanh<T> const&, ld x) {
    return ref::tanh(x);
  }
  template <class T>
  static ref::deriv derivative(xact::tanh<T> const&, ld x) {
    return ref::plain(ref::tanh_d(x));
  }
  template <class T>
  static ref::deriv from_output(xact::tanh<T> const&, ld y) {
    return ref::plain(ref::tanh_dy(y));
  }
  static constexpr bool has_from_output = true, has_param = false;
  static constexpr ulp_bounds ulp{{4, 4}, {8, 8}, {2, 2}, {0, 0}};
  static constexpr ld range = 30;
  template <class T>
  static std::vector<ld> kinks(xact::tanh<T> const&) {
    return {};
  }
  template <class T>
  static std::vector<row<xact::tanh<T>, T>> special_rows() {
    xact::tanh<T> f{};
    return {{f, nan_v<T>, nan_v<T>, nan_v<T>}, {f, -inf_v<T>, T(-1), T(0)}, {f, T(-0.0), T(-0.0), T(1)},
            {f, T(0), T(0), T(1)},             {f, inf_v<T>, T(1), T(0)}};
  }
  template <class T>
  static std::vector<row<xact::tanh<T>, T>> kink_rows() {
    return {};
  }
};

// ==================================================================== relu.hpp
template <>
struct spec<xact::relu> {
  static constexpr const char* family = "relu";
  static constexpr const char* name = "relu";
  template <class T>
  static std::vector<xact::relu<T>> instances() {
    return {xact::relu<T>{}};
  }
  template <class T>
  static std::string label(xact::relu<T> const&) {
    return "";
  }
  template <class T>
  static ld forward(xact::relu<T> const&, ld x) {
    return ref::relu(x);
  }
  template <class T>
  static ref::deriv derivative(xact::relu<T> const&, ld x) {
    return ref::plain(ref::relu_d(x));
  }
  template <class T>
  static ref::deriv from_output(xact::relu<T> const&, ld y) {
    return ref::plain(ref::relu_d(y));
  }
  static constexpr bool has_from_output = true, has_param = false;
  static constexpr ulp_bounds ulp{{0, 0}, {0, 0}, {0, 0}, {0, 0}};
  static constexpr ld range = 10;
  template <class T>
  static std::vector<ld> kinks(xact::relu<T> const&) {
    return {0.0L};
  }
  template <class T>
  static std::vector<row<xact::relu<T>, T>> special_rows() {
    xact::relu<T> f{};
    return {{f, nan_v<T>, nan_v<T>, nan_v<T>}, {f, -inf_v<T>, T(0), T(0)}, {f, T(-0.0), T(0), T(0)},
            {f, T(0), T(0), T(0)},             {f, inf_v<T>, inf_v<T>, T(1)}};
  }
  template <class T>
  static std::vector<row<xact::relu<T>, T>> kink_rows() {
    xact::relu<T> f{};
    return {{f, T(0), T(0), T(0)}, {f, dmin_v<T>, dmin_v<T>, T(1)}, {f, -dmin_v<T>, T(0), T(0)}};
  }
};

// leaky_relu, prelu and rrelu share one description; `slope_of` reads the negative slope.
template <class T>
T slope_of(xact::leaky_relu<T> const& f) {
  return f.negative_slope;
}
template <class T>
T slope_of(xact::prelu<T> const& f) {
  return f.alpha;
}
template <class T>
T slope_of(xact::rrelu<T> const& f) {
  return (f.lower + f.upper) / T(2);  // evaluation form: mean slope, computed in T
}
template <class T>
ld exact_slope_of(xact::rrelu<T> const& f) {
  return (ld(f.lower) + ld(f.upper)) / 2.0L;
}
template <class T>
ld exact_slope_of(xact::leaky_relu<T> const& f) {
  return f.negative_slope;
}
template <class T>
ld exact_slope_of(xact::prelu<T> const& f) {
  return f.alpha;
}

template <template <class> class F>
struct leaky_like_spec {
  static constexpr const char* family = "relu";
  template <class T>
  static std::string label(F<T> const& f) {
    return "slope=" + num(double(slope_of(f)));
  }
  template <class T>
  static ld forward(F<T> const& f, ld x) {
    return ref::leaky(x, exact_slope_of(f));
  }
  template <class T>
  static ref::deriv derivative(F<T> const& f, ld x) {
    return ref::plain(ref::leaky_d(x, exact_slope_of(f)));
  }
  template <class T>
  static ref::deriv from_output(F<T> const& f, ld y) {
    return ref::plain(ref::leaky_dy(y, exact_slope_of(f)));
  }
  template <class T>
  static ld param(F<T> const&, ld x) {
    return ref::leaky_dalpha(x);
  }
  static constexpr bool has_from_output = true;
  static constexpr ld range = 10;
  template <class T>
  static std::vector<ld> kinks(F<T> const&) {
    return {0.0L};
  }
  template <class T>
  static std::vector<row<F<T>, T>> special_rows(F<T> f) {
    T const a = slope_of(f);
    return {{f, nan_v<T>, nan_v<T>, nan_v<T>}, {f, -inf_v<T>, -inf_v<T>, a}, {f, T(-0.0), T(-0.0), a},
            {f, T(0), T(0), a},                {f, inf_v<T>, inf_v<T>, T(1)}};
  }
  template <class T>
  static std::vector<row<F<T>, T>> kink_rows(F<T> f, bool with_dp) {
    T const a = slope_of(f);
    return {{f, T(0), T(0), a, 0, true, with_dp, T(0)},
            {f, T(-0.0), T(-0.0), a, 0, true, with_dp, T(-0.0)},
            {f, dmin_v<T>, dmin_v<T>, T(1), 0, true, with_dp, T(0)},
            {f, T(-2), T(-2) * a, a, 0, true, with_dp, T(-2)},
            {f, T(2), T(2), T(1), 0, true, with_dp, T(0)}};
  }
};

template <>
struct spec<xact::leaky_relu> : leaky_like_spec<xact::leaky_relu> {
  static constexpr const char* name = "leaky_relu";
  template <class T>
  static std::vector<xact::leaky_relu<T>> instances() {
    return {xact::leaky_relu<T>{}, xact::leaky_relu<T>{T(0.25)}, xact::leaky_relu<T>{T(-0.5)}};
  }
  static constexpr bool has_param = false;
  // 0.01 is not exact: the product ns*x is one rounding of the T slope times x (0.5 ULP).
  static constexpr ulp_bounds ulp{{0.5, 0.5}, {0, 0}, {0, 0}, {0, 0}};
  template <class T>
  static std::vector<row<xact::leaky_relu<T>, T>> special_rows() {
    return leaky_like_spec::special_rows<T>(xact::leaky_relu<T>{});
  }
  template <class T>
  static std::vector<row<xact::leaky_relu<T>, T>> kink_rows() {
    return leaky_like_spec::kink_rows<T>(xact::leaky_relu<T>{}, false);
  }
};

template <>
struct spec<xact::prelu> : leaky_like_spec<xact::prelu> {
  static constexpr const char* name = "prelu";
  template <class T>
  static std::vector<xact::prelu<T>> instances() {
    return {xact::prelu<T>{}, xact::prelu<T>{T(0.01)}, xact::prelu<T>{T(-1)}};
  }
  static constexpr bool has_param = true;
  static constexpr ulp_bounds ulp{{0.5, 0.5}, {0, 0}, {0, 0}, {0, 0}};
  template <class T>
  static T& param_member(xact::prelu<T>& f) {
    return f.alpha;
  }
  template <class T>
  static T param_member(xact::prelu<T> const& f) {
    return f.alpha;
  }
  template <class T>
  static std::vector<row<xact::prelu<T>, T>> special_rows() {
    return leaky_like_spec::special_rows<T>(xact::prelu<T>{});
  }
  template <class T>
  static std::vector<row<xact::prelu<T>, T>> kink_rows() {
    return leaky_like_spec::kink_rows<T>(xact::prelu<T>{}, true);
  }
};

template <>
struct spec<xact::rrelu> : leaky_like_spec<xact::rrelu> {
  static constexpr const char* name = "rrelu";
  template <class T>
  static std::vector<xact::rrelu<T>> instances() {
    return {xact::rrelu<T>{}, xact::rrelu<T>{T(0.25), T(0.5)}, xact::rrelu<T>{T(0), T(0)}};
  }
  static constexpr bool has_param = false;
  // The mean slope (lower+upper)/2 is rounded to T before the product: up to 1 ULP.
  static constexpr ulp_bounds ulp{{1, 1}, {0.5, 0.5}, {0.5, 0.5}, {0, 0}};
  template <class T>
  static std::vector<row<xact::rrelu<T>, T>> special_rows() {
    return leaky_like_spec::special_rows<T>(xact::rrelu<T>{});
  }
  template <class T>
  static std::vector<row<xact::rrelu<T>, T>> kink_rows() {
    return leaky_like_spec::kink_rows<T>(xact::rrelu<T>{}, false);
  }
};

template <>
struct spec<xact::clipped_relu> {
  static constexpr const char* family = "relu";
  static constexpr const char* name = "clipped_relu";
  template <class T>
  static std::vector<xact::clipped_relu<T>> instances() {
    return {xact::clipped_relu<T>{}, xact::clipped_relu<T>{T(1)}, xact::clipped_relu<T>{T(0.1)}};
  }
  template <class T>
  static std::string label(xact::clipped_relu<T> const& f) {
    return "ceiling=" + num(double(f.ceiling));
  }
  template <class T>
  static ld forward(xact::clipped_relu<T> const& f, ld x) {
    return ref::clipped(x, f.ceiling);
  }
  template <class T>
  static ref::deriv derivative(xact::clipped_relu<T> const& f, ld x) {
    return ref::plain(ref::clipped_d(x, f.ceiling));
  }
  template <class T>
  static ref::deriv from_output(xact::clipped_relu<T> const& f, ld y) {
    return ref::plain(ref::clipped_d(y, f.ceiling));
  }
  static constexpr bool has_from_output = true, has_param = false;
  static constexpr ulp_bounds ulp{{0, 0}, {0, 0}, {0, 0}, {0, 0}};
  static constexpr ld range = 10;
  template <class T>
  static std::vector<ld> kinks(xact::clipped_relu<T> const& f) {
    return {0.0L, f.ceiling};
  }
  template <class T>
  static std::vector<row<xact::clipped_relu<T>, T>> special_rows() {
    xact::clipped_relu<T> f{};
    return {{f, nan_v<T>, nan_v<T>, nan_v<T>}, {f, -inf_v<T>, T(0), T(0)}, {f, T(-0.0), T(0), T(0)},
            {f, T(0), T(0), T(0)},             {f, inf_v<T>, T(6), T(0)}};
  }
  template <class T>
  static std::vector<row<xact::clipped_relu<T>, T>> kink_rows() {
    xact::clipped_relu<T> f{}, g{T(1)};
    return {{f, T(0), T(0), T(0)},
            {f, dmin_v<T>, dmin_v<T>, T(1)},
            {f, T(6), T(6), T(0)},
            {f, after(T(6), T(0)), after(T(6), T(0)), T(1)},
            {f, after(T(6), T(7)), T(6), T(0)},
            {g, T(1), T(1), T(0)}};
  }
};

// ==================================================================== elu.hpp
template <>
struct spec<xact::elu> {
  static constexpr const char* family = "elu";
  static constexpr const char* name = "elu";
  template <class T>
  static std::vector<xact::elu<T>> instances() {
    return {xact::elu<T>{}, xact::elu<T>{T(0.5)}, xact::elu<T>{T(2)}};
  }
  template <class T>
  static std::string label(xact::elu<T> const& f) {
    return "alpha=" + num(double(f.alpha));
  }
  template <class T>
  static ld forward(xact::elu<T> const& f, ld x) {
    return ref::elu(x, f.alpha);
  }
  template <class T>
  static ref::deriv derivative(xact::elu<T> const& f, ld x) {
    return ref::plain(ref::elu_d(x, f.alpha));
  }
  template <class T>
  static ref::deriv from_output(xact::elu<T> const& f, ld y) {
    return {ref::elu_dy(y, f.alpha), std::fmax(std::fabs(y), ld(f.alpha))};
  }
  static constexpr bool has_from_output = true, has_param = false;
  static constexpr ulp_bounds ulp{{4, 4}, {4, 4}, {0.5, 0.5}, {0, 0}};
  static constexpr ld range = 110;
  template <class T>
  static std::vector<ld> kinks(xact::elu<T> const&) {
    return {0.0L};
  }
  template <class T>
  static std::vector<row<xact::elu<T>, T>> special_rows() {
    xact::elu<T> f{};
    return {{f, nan_v<T>, nan_v<T>, nan_v<T>}, {f, -inf_v<T>, T(-1), T(0)}, {f, T(-0.0), T(-0.0), T(1)},
            {f, T(0), T(0), T(1)},             {f, inf_v<T>, inf_v<T>, T(1)}, {f, T(-1e30), T(-1), T(0)}};
  }
  template <class T>
  static std::vector<row<xact::elu<T>, T>> kink_rows() {
    xact::elu<T> f{}, h{T(0.5)};
    return {{f, T(0), T(0), T(1)},
            {h, T(0), T(0), T(0.5)},
            {h, T(-0.0), T(-0.0), T(0.5)},
            {h, dmin_v<T>, dmin_v<T>, T(1)},
            {h, -inf_v<T>, T(-0.5), T(0)}};
  }
};

template <>
struct spec<xact::selu> {
  static constexpr const char* family = "elu";
  static constexpr const char* name = "selu";
  template <class T>
  static std::vector<xact::selu<T>> instances() {
    return {xact::selu<T>{}};
  }
  template <class T>
  static std::string label(xact::selu<T> const&) {
    return "";
  }
  template <class T>
  static ld forward(xact::selu<T> const&, ld x) {
    return ref::selu(x);
  }
  template <class T>
  static ref::deriv derivative(xact::selu<T> const&, ld x) {
    return ref::plain(ref::selu_d(x));
  }
  template <class T>
  static ref::deriv from_output(xact::selu<T> const&, ld y) {
    return {ref::selu_dy(y), std::fmax(std::fabs(y), ref::selu_scale * ref::selu_alpha)};
  }
  static constexpr bool has_from_output = true, has_param = false;
  // from_output: y + scale*alpha with both constants rounded to T: up to 2 ULP.
  static constexpr ulp_bounds ulp{{4, 4}, {4, 4}, {2, 2}, {0, 0}};
  static constexpr ld range = 110;
  template <class T>
  static std::vector<ld> kinks(xact::selu<T> const&) {
    return {0.0L};
  }
  template <class T>
  static std::vector<row<xact::selu<T>, T>> special_rows() {
    xact::selu<T> f{};
    T const sa = rnd<T>(ref::selu_scale * ref::selu_alpha), s = rnd<T>(ref::selu_scale);
    return {{f, nan_v<T>, nan_v<T>, nan_v<T>},  {f, -inf_v<T>, -sa, T(0), 1}, {f, T(-0.0), T(-0.0), sa, 1},
            {f, T(0), T(0), sa, 1},             {f, inf_v<T>, inf_v<T>, s, 1}};
  }
  template <class T>
  static std::vector<row<xact::selu<T>, T>> kink_rows() {
    xact::selu<T> f{};
    T const sa = rnd<T>(ref::selu_scale * ref::selu_alpha), s = rnd<T>(ref::selu_scale);
    return {{f, T(0), T(0), sa, 1}, {f, dmin_v<T>, rnd<T>(ref::selu_scale * dmin_v<T>), s, 1}};
  }
};

// ==================================================================== gelu.hpp
template <>
struct spec<xact::gelu> {
  static constexpr const char* family = "gelu";
  static constexpr const char* name = "gelu";
  template <class T>
  static std::vector<xact::gelu<T>> instances() {
    return {xact::gelu<T>{}};
  }
  template <class T>
  static std::string label(xact::gelu<T> const&) {
    return "";
  }
  template <class T>
  static ld forward(xact::gelu<T> const&, ld x) {
    return ref::gelu(x);
  }
  template <class T>
  static ref::deriv derivative(xact::gelu<T> const&, ld x) {
    return ref::gelu_d(x);
  }
  static constexpr bool has_from_output = false, has_param = false;
  static constexpr ulp_bounds ulp{{6, 6}, {8, 8}, {0, 0}, {0, 0}};
  static constexpr ld range = 40;
  template <class T>
  static std::vector<ld> kinks(xact::gelu<T> const&) {
    return {};
  }
  template <class T>
  static std::vector<row<xact::gelu<T>, T>> special_rows() {
    xact::gelu<T> f{};
    return {{f, nan_v<T>, nan_v<T>, nan_v<T>}, {f, -inf_v<T>, T(-0.0), T(0)}, {f, T(-0.0), T(-0.0), T(0.5)},
            {f, T(0), T(0), T(0.5)},           {f, inf_v<T>, inf_v<T>, T(1)},   {f, T(-1e30), T(-0.0), T(0), 0, false},
            {f, T(1e30), T(1e30), T(1)}};
  }
  template <class T>
  static std::vector<row<xact::gelu<T>, T>> kink_rows() {
    return {};
  }
};

template <>
struct spec<xact::gelu_tanh> {
  static constexpr const char* family = "gelu";
  static constexpr const char* name = "gelu_tanh";
  template <class T>
  static std::vector<xact::gelu_tanh<T>> instances() {
    return {xact::gelu_tanh<T>{}};
  }
  template <class T>
  static std::string label(xact::gelu_tanh<T> const&) {
    return "";
  }
  template <class T>
  static ld forward(xact::gelu_tanh<T> const&, ld x) {
    return ref::gelu_tanh(x);
  }
  template <class T>
  static ref::deriv derivative(xact::gelu_tanh<T> const&, ld x) {
    return ref::gelu_tanh_d(x);
  }
  static constexpr bool has_from_output = false, has_param = false;
  static constexpr ulp_bounds ulp{{4, 4}, {8, 8}, {0, 0}, {0, 0}};
  static constexpr ld range = 40;
  template <class T>
  static std::vector<ld> kinks(xact::gelu_tanh<T> const&) {
    return {};
  }
  template <class T>
  static std::vector<row<xact::gelu_tanh<T>, T>> special_rows() {
    xact::gelu_tanh<T> f{};
    return {{f, nan_v<T>, nan_v<T>, nan_v<T>}, {f, -inf_v<T>, T(-0.0), T(0)}, {f, T(-0.0), T(-0.0), T(0.5)},
            {f, T(0), T(0), T(0.5)},           {f, inf_v<T>, inf_v<T>, T(1)},   {f, T(-1e30), T(-0.0), T(0), 0, false},
            {f, T(1e30), T(1e30), T(1)}};
  }
  template <class T>
  static std::vector<row<xact::gelu_tanh<T>, T>> kink_rows() {
    return {};
  }
};

// ==================================================================== swish.hpp
template <template <class> class F>
struct swish_like_spec {
  static constexpr const char* family = "swish";
  template <class T>
  static ld forward(F<T> const& f, ld x) {
    return ref::swish(x, f.beta);
  }
  template <class T>
  static ref::deriv derivative(F<T> const& f, ld x) {
    return ref::swish_d(x, f.beta);
  }
  template <class T>
  static ld param(F<T> const& f, ld x) {
    return ref::swish_dbeta(x, f.beta);
  }
  static constexpr bool has_from_output = false;
  static constexpr ulp_bounds ulp{{4, 4}, {8, 8}, {0, 0}, {8, 8}};
  static constexpr ld range = 120;
  template <class T>
  static std::vector<ld> kinks(F<T> const&) {
    return {};
  }
  template <class T>
  static std::vector<row<F<T>, T>> special_rows(F<T> f) {
    return {{f, nan_v<T>, nan_v<T>, nan_v<T>}, {f, -inf_v<T>, T(-0.0), T(0)}, {f, T(-0.0), T(-0.0), T(0.5)},
            {f, T(0), T(0), T(0.5)},           {f, inf_v<T>, inf_v<T>, T(1)},   {f, T(-1000), T(-0.0), T(0), 0, false},
            {f, T(1000), T(1000), T(1)}};
  }
};

template <>
struct spec<xact::swish> : swish_like_spec<xact::swish> {
  static constexpr const char* name = "swish";
  template <class T>
  static std::vector<xact::swish<T>> instances() {
    return {xact::swish<T>{}, xact::swish<T>{T(0.5)}, xact::swish<T>{T(2)}};
  }
  template <class T>
  static std::string label(xact::swish<T> const& f) {
    return "beta=" + num(double(f.beta));
  }
  static constexpr bool has_param = true;
  template <class T>
  static T& param_member(xact::swish<T>& f) {
    return f.beta;
  }
  template <class T>
  static T param_member(xact::swish<T> const& f) {
    return f.beta;
  }
  template <class T>
  static std::vector<row<xact::swish<T>, T>> special_rows() {
    return swish_like_spec::special_rows<T>(xact::swish<T>{});
  }
  template <class T>
  static std::vector<row<xact::swish<T>, T>> kink_rows() {
    xact::swish<T> f{};
    // d/dbeta at x = 0 and at the limits: x^2 s(1-s) -> 0 without Inf*0 = NaN.
    return {{f, T(0), T(0), T(0.5), 0, true, true, T(0)},
            {f, inf_v<T>, inf_v<T>, T(1), 0, true, true, T(0)},
            {f, -inf_v<T>, T(-0.0), T(0), 0, true, true, T(0)},
            {f, std::numeric_limits<T>::max(), std::numeric_limits<T>::max(), T(1), 0, true, true, T(0)}};
  }
};

template <>
struct spec<xact::silu> {
  static constexpr const char* family = "swish";
  static constexpr const char* name = "silu";
  template <class T>
  static std::vector<xact::silu<T>> instances() {
    return {xact::silu<T>{}};
  }
  template <class T>
  static std::string label(xact::silu<T> const&) {
    return "";
  }
  template <class T>
  static ld forward(xact::silu<T> const&, ld x) {
    return ref::swish(x, 1.0L);
  }
  template <class T>
  static ref::deriv derivative(xact::silu<T> const&, ld x) {
    return ref::swish_d(x, 1.0L);
  }
  static constexpr bool has_from_output = false, has_param = false;
  static constexpr ulp_bounds ulp = swish_like_spec<xact::swish>::ulp;
  static constexpr ld range = 120;
  template <class T>
  static std::vector<ld> kinks(xact::silu<T> const&) {
    return {};
  }
  template <class T>
  static std::vector<row<xact::silu<T>, T>> special_rows() {
    xact::silu<T> f{};
    return {{f, nan_v<T>, nan_v<T>, nan_v<T>}, {f, -inf_v<T>, T(-0.0), T(0)}, {f, T(-0.0), T(-0.0), T(0.5)},
            {f, T(0), T(0), T(0.5)},           {f, inf_v<T>, inf_v<T>, T(1)},   {f, T(-1000), T(-0.0), T(0), 0, false},
            {f, T(1000), T(1000), T(1)}};
  }
  template <class T>
  static std::vector<row<xact::silu<T>, T>> kink_rows() {
    return {};
  }
};

// ==================================================================== softplus.hpp
template <>
struct spec<xact::softplus> {
  static constexpr const char* family = "softplus";
  static constexpr const char* name = "softplus";
  template <class T>
  static std::vector<xact::softplus<T>> instances() {
    return {xact::softplus<T>{}, xact::softplus<T>{T(2), T(15)}, xact::softplus<T>{T(0.5), T(20)}};
  }
  template <class T>
  static std::string label(xact::softplus<T> const& f) {
    return "beta=" + num(double(f.beta)) + ",threshold=" + num(double(f.threshold));
  }
  template <class T>
  static ld bx_t(xact::softplus<T> const& f, ld x) {
    return std::isnan(x) ? x : ld(static_cast<T>(f.beta * static_cast<T>(x)));
  }
  template <class T>
  static ld forward(xact::softplus<T> const& f, ld x) {
    return ref::softplus(x, f.beta, bx_t(f, x), f.threshold);
  }
  template <class T>
  static ref::deriv derivative(xact::softplus<T> const& f, ld x) {
    return ref::plain(ref::softplus_d(x, f.beta, bx_t(f, x), f.threshold));
  }
  static constexpr bool has_from_output = false, has_param = false;
  static constexpr ulp_bounds ulp{{4, 4}, {4, 4}, {0, 0}, {0, 0}};
  static constexpr ld range = 120;
  template <class T>
  static std::vector<ld> kinks(xact::softplus<T> const& f) {
    return {ld(f.threshold) / ld(f.beta)};
  }
  template <class T>
  static std::vector<row<xact::softplus<T>, T>> special_rows() {
    xact::softplus<T> f{};
    T const ln2 = rnd<T>(std::log(2.0L));
    return {{f, nan_v<T>, nan_v<T>, nan_v<T>}, {f, -inf_v<T>, T(0), T(0)}, {f, T(-0.0), ln2, T(0.5), 1},
            {f, T(0), ln2, T(0.5), 1},         {f, inf_v<T>, inf_v<T>, T(1)}, {f, T(1000), T(1000), T(1)},
            {f, T(-1000), T(0), T(0)}};
  }
  template <class T>
  static std::vector<row<xact::softplus<T>, T>> kink_rows() {
    xact::softplus<T> f{};
    T const t = T(20), above = after(T(20), T(21));
    return {{f, t, rnd<T>(20.0L + std::log1p(std::exp(-20.0L))), rnd<T>(ref::logistic(20.0L)), 1},
            {f, above, above, T(1)}};
  }
};

template <>
struct spec<xact::softsign> {
  static constexpr const char* family = "softplus";
  static constexpr const char* name = "softsign";
  template <class T>
  static std::vector<xact::softsign<T>> instances() {
    return {xact::softsign<T>{}};
  }
  template <class T>
  static std::string label(xact::softsign<T> const&) {
    return "";
  }
  template <class T>
  static ld forward(xact::softsign<T> const&, ld x) {
    return ref::softsign(x);
  }
  template <class T>
  static ref::deriv derivative(xact::softsign<T> const&, ld x) {
    return ref::plain(ref::softsign_d(x));
  }
  template <class T>
  static ref::deriv from_output(xact::softsign<T> const&, ld y) {
    return ref::plain(ref::softsign_dy(y));
  }
  static constexpr bool has_from_output = true, has_param = false;
  static constexpr ulp_bounds ulp{{2, 2}, {4, 4}, {2, 2}, {0, 0}};
  static constexpr ld range = 100;
  template <class T>
  static std::vector<ld> kinks(xact::softsign<T> const&) {
    return {};
  }
  template <class T>
  static std::vector<row<xact::softsign<T>, T>> special_rows() {
    xact::softsign<T> f{};
    return {{f, nan_v<T>, nan_v<T>, nan_v<T>}, {f, -inf_v<T>, T(-1), T(0)}, {f, T(-0.0), T(-0.0), T(1)},
            {f, T(0), T(0), T(1)},             {f, inf_v<T>, T(1), T(0)}};
  }
  template <class T>
  static std::vector<row<xact::softsign<T>, T>> kink_rows() {
    return {};
  }
};

}  // namespace xact_test

// Every element-wise functor, with its header's family: X(family, functor).
#define XACT_TEST_ELEMENTWISE_FUNCTORS(X) \
  X(identity, linear)                     \
  X(identity, binary_step)                \
  X(sigmoid, sigmoid)                     \
  X(sigmoid, hard_sigmoid)                \
  X(sigmoid, tanh)                        \
  X(relu, relu)                           \
  X(relu, leaky_relu)                     \
  X(relu, prelu)                          \
  X(relu, rrelu)                          \
  X(relu, clipped_relu)                   \
  X(elu, elu)                             \
  X(elu, selu)                            \
  X(gelu, gelu)                           \
  X(gelu, gelu_tanh)                      \
  X(swish, swish)                         \
  X(swish, silu)                          \
  X(softplus, softplus)                   \
  X(softplus, softsign)

#endif
