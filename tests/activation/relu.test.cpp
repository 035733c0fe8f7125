// SPDX-License-Identifier: MIT
// Tests of include/xact/activation/relu.hpp (relu, leaky_relu, prelu, rrelu, clipped_relu),
// generated from the functor table.
#include "support/checks.hpp"

XACT_TEST_ELEMENTWISE(relu, relu)
XACT_TEST_ELEMENTWISE(relu, leaky_relu)
XACT_TEST_ELEMENTWISE(relu, prelu)
XACT_TEST_ELEMENTWISE(relu, rrelu)
XACT_TEST_ELEMENTWISE(relu, clipped_relu)

TEMPLATE_TEST_CASE("relu family: defaults and parameter order", "[relu]", float, double) {
  using T = TestType;
  CHECK(xact::leaky_relu<T>{}.negative_slope == T(0.01));
  CHECK(xact::prelu<T>{}.alpha == T(0.25));
  CHECK(xact::rrelu<T>{}.lower == T(1) / T(8));
  CHECK(xact::rrelu<T>{}.upper == T(1) / T(3));
  CHECK(xact::clipped_relu<T>{}.ceiling == T(6));
  xact::rrelu<T> const r{T(0.25), T(0.5)};
  CHECK(r.forward(T(-4)) == T(-1.5));  // evaluation form: mean slope 0.375
  CHECK(xact::leaky_relu<T>{T(0.5)}.forward(T(-3)) == T(-1.5));
}

TEMPLATE_TEST_CASE("relu family: output_derivative_valid follows the sign of the slope",
                   "[relu][derivative]", float, double) {
  using T = TestType;
  CHECK(xact::leaky_relu<T>{}.output_derivative_valid());
  CHECK(xact::leaky_relu<T>{T(0)}.output_derivative_valid());
  CHECK_FALSE(xact::leaky_relu<T>{T(-0.5)}.output_derivative_valid());
  CHECK(xact::prelu<T>{}.output_derivative_valid());
  CHECK_FALSE(xact::prelu<T>{T(-1)}.output_derivative_valid());
  CHECK(xact::rrelu<T>{}.output_derivative_valid());
  CHECK(xact::relu<T>{}.output_derivative_valid());
  CHECK(xact::clipped_relu<T>{}.output_derivative_valid());
}
