// SPDX-License-Identifier: MIT
// Tests of include/xact/activation/elu.hpp (elu, selu), generated from the functor table.
#include "support/checks.hpp"

XACT_TEST_ELEMENTWISE(elu, elu)
XACT_TEST_ELEMENTWISE(elu, selu)

TEMPLATE_TEST_CASE("selu: constants of Klambauer et al. 2017", "[elu]", float, double) {
  using T = TestType;
  // Eq. (14) of the paper, to 34 digits, rounded to T.
  CHECK(xact::selu<T>::alpha == static_cast<T>(xact_test::ref::selu_alpha));
  CHECK(xact::selu<T>::scale == static_cast<T>(xact_test::ref::selu_scale));
  CHECK(xact::elu<T>{}.alpha == T(1));
}

TEST_CASE("selu: keeps mean 0 and variance 1 of a standard normal input", "[elu][forward]") {
  // The self-normalising fixed point: E[selu(z)] = 0, E[selu(z)^2] = 1 for z ~ N(0, 1),
  // integrated with the trapezoid rule on [-12, 12] in double.
  xact::selu<double> const f{};
  double m = 0, v = 0;
  int const n = 240000;
  double const a = -12, h = 24.0 / n;
  for (int i = 0; i <= n; ++i) {
    double const z = a + h * i, w = (i == 0 || i == n ? 0.5 : 1.0) * h * std::exp(-0.5 * z * z) /
                                    2.5066282746310002;
    double const y = f.forward(z);
    m += w * y;
    v += w * y * y;
  }
  CHECK(std::fabs(m) < 1e-9);
  CHECK(std::fabs(v - 1) < 1e-9);
}

TEMPLATE_TEST_CASE("elu: output_derivative_valid follows the sign of alpha", "[elu][derivative]",
                   float, double) {
  using T = TestType;
  CHECK(xact::elu<T>{}.output_derivative_valid());
  CHECK_FALSE(xact::elu<T>{T(-1)}.output_derivative_valid());
  CHECK(xact::selu<T>{}.output_derivative_valid());
}
