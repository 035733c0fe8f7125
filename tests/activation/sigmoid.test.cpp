// SPDX-License-Identifier: MIT
// Tests of include/xact/activation/sigmoid.hpp (sigmoid, hard_sigmoid, tanh), generated from the
// functor table.
#include "support/checks.hpp"

XACT_TEST_ELEMENTWISE(sigmoid, sigmoid)
XACT_TEST_ELEMENTWISE(sigmoid, hard_sigmoid)
XACT_TEST_ELEMENTWISE(sigmoid, tanh)

TEMPLATE_TEST_CASE("hard_sigmoid: defaults and parameter order", "[sigmoid]", float, double) {
  using T = TestType;
  xact::hard_sigmoid<T> const d{};
  CHECK(d.slope == T(1) / T(6));
  CHECK(d.offset == T(0.5));
  xact::hard_sigmoid<T> const keras{T(0.2), T(0.5)};  // Keras 2: clamp(0.2 x + 0.5, 0, 1)
  CHECK(keras.forward(T(1)) == Approx(0.7));
}
