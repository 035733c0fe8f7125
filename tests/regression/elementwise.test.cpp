// SPDX-License-Identifier: MIT
// Regression tests from the element-wise fuzz target (fuzz/elementwise.cpp): one test per
// finding, with the exact input the fuzzer reported, on the scalar path and on a SIMD lane.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include <catch2/catch.hpp>

#include "support/ulp.hpp"
#include "xact/activation/elu.hpp"
#include "xact/activation/gelu.hpp"
#include "xact/activation/identity.hpp"
#include "xact/activation/relu.hpp"
#include "xact/activation/sigmoid.hpp"
#include "xact/activation/softplus.hpp"
#include "xact/activation/swish.hpp"
#include "xact/detail/simd.hpp"

namespace {

using ld = long double;

enum class kernel { forward, derivative, parameter };

// Kernel k of f at x on the scalar path and in lane 0 of a batch; both must agree bit for bit,
// and the scalar result is returned.
template <class F, class T>
T evaluate(F const& f, kernel k, T x) {
  using B = xact::detail::batch<T>;
  alignas(64) T lanes[B::size];
  T s{};
  switch (k) {
    case kernel::forward:
      s = f.forward(x);
      f.forward(B(x)).store_aligned(lanes);
      break;
    case kernel::derivative:
      s = f.derivative(x);
      f.derivative(B(x)).store_aligned(lanes);
      break;
    case kernel::parameter:
      if constexpr (xact::has_parameter_derivative_v<F>) {
        s = f.parameter_derivative(x);
        f.parameter_derivative(B(x)).store_aligned(lanes);
      }
      break;
  }
  INFO("x = " << x << ", scalar " << s << ", lane " << lanes[0]);
  CHECK(xact_test::same_bits(s, lanes[0]));
  return s;
}

// x * logistic(b x) in long double (exact enough away from the overflow of e^{-b x}).
ld swish_ref(ld b, ld x) {
  ld const t = b * x;
  return t >= 0 ? x / (1 + std::exp(-t)) : x * std::exp(t) / (1 + std::exp(t));
}

}  // namespace

// Finding 1: hard_sigmoid with a subnormal slope: 1/slope overflows, upper_kink() is
// -inf + inf = NaN and the ramp (x - lower_kink) * slope is inf * slope = inf, outside [0, 1].
TEST_CASE("regression: hard_sigmoid with a subnormal slope stays in [0, 1]",
          "[regression][sigmoid][forward]") {
  xact::hard_sigmoid<double> const fd{0x1p-1070, 0.5};
  REQUIRE_NOTHROW(fd.validate());
  double const yd = evaluate(fd, kernel::forward, 0.0);
  CHECK(xact_test::ulp_error<double>(yd, 0.5L) <= 1.5L);  // slope * 0 + offset
  CHECK(evaluate(fd, kernel::derivative, 0.0) == 0x1p-1070);
  xact::hard_sigmoid<float> const ff{0x1p-140f, 0.5f};
  REQUIRE_NOTHROW(ff.validate());
  float const yf = evaluate(ff, kernel::forward, 0.0f);
  CHECK(xact_test::ulp_error<float>(yf, 0.5L) <= 1.5L);
}

// Finding 3: swish with a large |beta x| (moderate beta, large x, or huge beta): NaN.
TEST_CASE("regression: swish forward with a large |beta x| is not NaN",
          "[regression][swish][forward]") {
  // beta x = +8.9e33: sigma = 1, f = x.
  float const x1 = -0x1.ebebeap+108f;
  CHECK(evaluate(xact::swish<float>{-14.5f}, kernel::forward, x1) == x1);
  // beta x = -1.7e32: f = x e^{beta x} = +0.
  float const y2 = evaluate(xact::swish<float>{-0x1.3fb9fep+127f}, kernel::forward, 0x1.18p-21f);
  CHECK(y2 == 0.0f);
  CHECK_FALSE(std::signbit(y2));
}

// Finding 5: swish<double> far in the negative tail gives a huge positive value.
TEST_CASE("regression: swish far negative tail underflows to -0",
          "[regression][swish][forward]") {
  // beta x = -2.6e261: f = x e^{beta x} = -0 (docs/semantics.md: f(-1000) = -0).
  double const y = evaluate(xact::swish<double>{15.375}, kernel::forward, -0x1.5f5f5f5f5007fp+864);
  CHECK(y == 0.0);
  CHECK(std::signbit(y));
  // Finding 6 (float): beta x = -1.1e14 gives +1.96e-43 (wrong sign, not 0).
  float const yf = evaluate(xact::swish<float>{0x1.08p-4f}, kernel::forward, -0x1.b00002p+50f);
  CHECK(yf == 0.0f);
  CHECK(std::signbit(yf));
}

// Finding 7: swish's parameter derivative x^2 sigma'(beta x) for large x: the exact value
// underflows to +0; double gives a negative subnormal-range value, float gives +inf.
TEST_CASE("regression: swish parameter derivative for large x is +0",
          "[regression][swish][parameter]") {
  double const d = evaluate(xact::swish<double>{0x1.faap-1}, kernel::parameter, 0x1.93e5939a08ceap+99);
  CHECK(d == 0.0);
  CHECK_FALSE(std::signbit(d));
  float const f = evaluate(xact::swish<float>{0x1.cc4p-1f}, kernel::parameter, 0x1.c4c424p+69f);
  CHECK(f == 0.0f);
  CHECK_FALSE(std::signbit(f));
  // Already at beta x = 6.6e11 (float): -1.27e-36 instead of +0.
  float const g = evaluate(xact::swish<float>{0x1.da2p-1f}, kernel::parameter, 0x1.4c4c08p+39f);
  CHECK(g == 0.0f);
  CHECK_FALSE(std::signbit(g));
}

// Finding 12: swish<double>' for a large positive beta x (sigma = 1, sigma' = 0: f' = 1) gives
// huge values of either sign.
TEST_CASE("regression: swish derivative for a large positive beta x is 1",
          "[regression][swish][derivative]") {
  CHECK(evaluate(xact::swish<double>{0x1.f5cp-1}, kernel::derivative, 0x1.77777250e0023p+888) == 1.0);
  CHECK(evaluate(xact::swish<double>{-0x1.0704p+3}, kernel::derivative, -0x1.9e9e9e9e903p+671) == 1.0);
}

// Finding 13: softplus<double> far in the negative tail (beta x = -6.4e130) is negative; the
// exact value underflows to +0 (softplus > 0, sigma > 0). Likely the same root cause as the
// swish findings: math::mul_exp(1, hi, lo) with hi far below the underflow threshold and a large
// low part lo (here ~1e114) returns -0x1.9p-765 instead of 0.
TEST_CASE("regression: softplus far negative tail underflows to +0",
          "[regression][softplus][forward][derivative]") {
  xact::softplus<double> const f{0x1.b7b4p+3, 0x1.b7b4p+3};
  double const x = -0x1.adada80329f9cp+430;
  double const y = evaluate(f, kernel::forward, x);
  CHECK(y == 0.0);
  CHECK_FALSE(std::signbit(y));
  double const d = evaluate(f, kernel::derivative, x);
  CHECK(d == 0.0);
  CHECK_FALSE(std::signbit(d));
  // float, beta x = -3.2e31: 2.5e-40 instead of +0.
  float const yf = evaluate(xact::softplus<float>{0x1.a24p-1f, 20.0f}, kernel::forward, -0x1.e6e648p+104f);
  CHECK(yf == 0.0f);
}

// Finding 14: gelu_tanh<double>' at x = -0.623: 6 ULP of the result. The sum
// sigma(2u) + x (2u)' sigma (1 - sigma) cancels here (root -0.7522), so the bound of record is the
// mixed one (issue 3): |error| <= 4 ulp of the largest term, asserted here.
TEST_CASE("regression: gelu_tanh derivative near the root zone meets the mixed bound",
          "[regression][gelu][derivative]") {
  double const x = -0x1.3fp-1;
  double const d = evaluate(xact::gelu_tanh<double>{}, kernel::derivative, x);
  ld const c = std::sqrt(2.0L / 3.14159265358979323846264338327950288L);
  ld const y = 2 * c * (x + 0.044715L * x * x * x), k = 2 * c * (1 + 3 * 0.044715L * x * x);
  ld const s = 1 / (1 + std::exp(-y));
  ld const largest = std::max(std::fabs(s), std::fabs(x * k * s * (1 - s)));
  // MPFR, rounded to double: 0x1.fcea8d9e070d2p-5.
  CHECK(std::fabs(ld(d) - ld(0x1.fcea8d9e070d2p-5)) <= 4 * xact_test::ulp_of<double>(largest));
}

// Finding 15: rrelu with lower + upper > max: slope() = (lower + upper) / 2 overflows to inf and
// forward(0) = 0 * inf = NaN (the mean slope is finite: lower / 2 + upper / 2).
TEST_CASE("regression: rrelu with huge bounds", "[regression][relu][forward]") {
  double const m = std::numeric_limits<double>::max();
  xact::rrelu<double> const f{m, m};
  REQUIRE_NOTHROW(f.validate());
  double const y = evaluate(f, kernel::forward, 0.0);
  CHECK(y == 0.0);
  CHECK(evaluate(f, kernel::forward, -1.0) == -m);
  CHECK(evaluate(f, kernel::derivative, -1.0) == m);
}

// Finding 8: swish with a subnormal beta at x = max: beta x ~ 1e-15, f ~ max / 2; -inf instead.
TEST_CASE("regression: swish with a subnormal beta at the largest x",
          "[regression][swish][forward]") {
  double const xd = std::numeric_limits<double>::max(), bd = std::numeric_limits<double>::denorm_min();
  double const yd = evaluate(xact::swish<double>{bd}, kernel::forward, xd);
  CHECK(xact_test::ulp_error<double>(yd, swish_ref(bd, xd)) <= 2.0L);
  float const xf = std::numeric_limits<float>::max(), bf = std::numeric_limits<float>::denorm_min();
  float const yf = evaluate(xact::swish<float>{bf}, kernel::forward, xf);
  CHECK(xact_test::ulp_error<float>(yf, swish_ref(bf, xf)) <= 2.0L);
}

// Finding 9: elu' = alpha e^x where e^x is subnormal: e^x is rounded to a subnormal first, then
// multiplied by alpha (5 ULP of denorm_min at x = -745, alpha = 12.09; bound 3).
TEST_CASE("regression: elu derivative with a subnormal e^x", "[regression][elu][derivative]") {
  double const d = evaluate(xact::elu<double>{0x1.842ep+3}, kernel::derivative, -745.0);
  // MPFR: 3.42368507678122894322e-323 (6.93 denorm_min).
  CHECK(xact_test::ulp_error<double>(d, 3.42368507678122894322e-323L) <= 3.0L);
}

// Finding 10: gelu<double>' at x = -0.914: 9 ULP of the result. Phi(x) + x phi(x) cancels here
// (root -0.7518), so the bound of record is the mixed one: |error| <= 4 ulp of the largest term.
TEST_CASE("regression: gelu derivative near the root zone meets the mixed bound",
          "[regression][gelu][derivative]") {
  double const x = -0x1.d40184p-1;
  double const d = evaluate(xact::gelu<double>{}, kernel::derivative, x);
  ld const phi = std::exp(-ld(x) * x / 2) / std::sqrt(2 * 3.14159265358979323846264338327950288L);
  ld const big_phi = std::erfc(-ld(x) / std::sqrt(2.0L)) / 2;
  ld const largest = std::max(std::fabs(big_phi), std::fabs(x * phi));
  // MPFR: -0.0597975010668604779476.
  CHECK(std::fabs(ld(d) - (-0.0597975010668604779476L)) <= 4 * xact_test::ulp_of<double>(largest));
}

// Finding 16 (after the fix of finding 1): hard_sigmoid with a subnormal slope and an offset
// above 1 returns the offset (32) instead of clamping it to 1, with derivative slope instead of 0.
TEST_CASE("regression: hard_sigmoid with a subnormal slope and a large offset",
          "[regression][sigmoid][forward]") {
  xact::hard_sigmoid<double> const f{0x0.000ffff0019p-1022, 32.0};
  REQUIRE_NOTHROW(f.validate());
  CHECK(evaluate(f, kernel::forward, 0.0) == 1.0);  // slope * 0 + 32 clamps to 1
  CHECK(evaluate(f, kernel::derivative, 0.0) == 0.0);
  CHECK(evaluate(f, kernel::forward, -1e300) == 1.0);  // slope * x + 32 = 31.9999...
}

// Finding 17 (after "elu'/selu' round alpha e^x once"): elu<float> with alpha = -max: the
// derivative alpha e^x is -inf for x = -1.2785 (exact: -9.47e37) and for x = -9.3e18 (exact: -0).
TEST_CASE("regression: elu derivative with a huge alpha is finite",
          "[regression][elu][derivative]") {
  xact::elu<float> const f{-0x1.fffffep+127f};
  float const d = evaluate(f, kernel::derivative, -0x1.474bc6p+0f);
  CHECK(xact_test::ulp_error<float>(d, ld(-0x1.fffffep+127f) * std::exp(ld(-0x1.474bc6p+0f))) <= 3.0L);
  float const t = evaluate(f, kernel::derivative, -0x1.0157fep+63f);
  CHECK(t == 0.0f);
}

