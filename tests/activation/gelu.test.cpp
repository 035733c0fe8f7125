// SPDX-License-Identifier: MIT
// Tests of include/xact/activation/gelu.hpp (gelu, gelu_tanh), generated from the functor table.
#include "support/checks.hpp"

XACT_TEST_ELEMENTWISE(gelu, gelu)
XACT_TEST_ELEMENTWISE(gelu, gelu_tanh)

TEST_CASE("gelu: derivative zone around its root x = -0.7518", "[gelu][derivative]") {
  // gelu'(x) = Phi(x) + x phi(x) has one root near -0.751791; there the result is a cancelling
  // sum and is measured in ULPs of the larger term (functor_table.hpp). Check the root exists
  // where the reference says and that xact changes sign there too.
  xact::gelu<double> const f{};
  CHECK(f.derivative(-0.7) > 0);
  CHECK(f.derivative(-0.8) < 0);
  // Bisection on the reference: the root lies in (-0.76, -0.74).
  long double lo = -0.76L, hi = -0.74L;
  for (int i = 0; i < 80; ++i) {
    long double const mid = (lo + hi) / 2;
    (xact_test::ref::gelu_d(mid).value < 0 ? lo : hi) = mid;
  }
  CHECK(double(lo) == Approx(-0.7517916).margin(1e-6));
  CHECK(f.derivative(double(lo) - 1e-3) < 0);
  CHECK(f.derivative(double(lo) + 1e-3) > 0);
}

TEST_CASE("gelu_tanh: close to gelu (Hendrycks & Gimpel 2016 approximation)", "[gelu][forward]") {
  xact::gelu<double> const g{};
  xact::gelu_tanh<double> const t{};
  for (double x = -6; x <= 6; x += 0.01) CHECK(std::fabs(g.forward(x) - t.forward(x)) < 1e-3);
}
