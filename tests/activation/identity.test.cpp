// SPDX-License-Identifier: MIT
// Tests of include/xact/activation/identity.hpp (linear, binary_step), generated from the functor
// table.
#include "support/checks.hpp"

XACT_TEST_ELEMENTWISE(identity, linear)
XACT_TEST_ELEMENTWISE(identity, binary_step)

TEMPLATE_TEST_CASE("linear: defaults and parameter order", "[identity]", float, double) {
  using T = TestType;
  xact::linear<T> const d{};
  CHECK(d.slope == T(1));
  CHECK(d.offset == T(0));
  xact::linear<T> const f{T(2), T(0.5)};
  CHECK(f.forward(T(3)) == T(6.5));
  CHECK(f.derivative(T(-7)) == T(2));
}

TEMPLATE_TEST_CASE("binary_step: defaults and parameter order", "[identity]", float, double) {
  using T = TestType;
  CHECK(xact::binary_step<T>{}.threshold == T(0));
  xact::binary_step<T> const f{T(1)};
  CHECK(f.forward(T(1)) == T(0));
  CHECK(f.forward(T(1.5)) == T(1));
}
