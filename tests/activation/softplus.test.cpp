// SPDX-License-Identifier: MIT
// Tests of include/xact/activation/softplus.hpp (softplus, softsign), generated from the functor
// table.
#include "support/checks.hpp"

XACT_TEST_ELEMENTWISE(softplus, softplus)
XACT_TEST_ELEMENTWISE(softplus, softsign)

TEMPLATE_TEST_CASE("softplus: defaults, beta and threshold", "[softplus][forward]", float, double) {
  using T = TestType;
  xact::softplus<T> const d{};
  CHECK(d.beta == T(1));
  CHECK(d.threshold == T(20));
  xact::softplus<T> const f{T(2), T(15)};
  // Linear above the threshold in beta*x (PyTorch): beta*x = 16 > 15; beta*x = 10 is not.
  CHECK(f.forward(T(8)) == T(8));
  CHECK(f.derivative(T(8)) == T(1));
  CHECK(f.forward(T(5)) > T(5));
  CHECK(f.derivative(T(5)) < T(1));
}
