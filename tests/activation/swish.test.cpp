// SPDX-License-Identifier: MIT
// Tests of include/xact/activation/swish.hpp (swish, silu), generated from the functor table.
#include "support/checks.hpp"

XACT_TEST_ELEMENTWISE(swish, swish)
XACT_TEST_ELEMENTWISE(swish, silu)

TEMPLATE_TEST_CASE("silu: equals swish with beta = 1 bit for bit", "[swish][forward][derivative]",
                   float, double) {
  using T = TestType;
  CHECK(xact::swish<T>{}.beta == T(1));
  xact::swish<T> const s{};
  xact::silu<T> const u{};
  auto const xs = xact_test::sweep_points<T>(120, {});
  std::size_t differ = 0;
  for (T x : xs) {
    differ += !xact_test::same_bits(s.forward(x), u.forward(x));
    differ += !xact_test::same_bits(s.derivative(x), u.derivative(x));
  }
  CHECK(differ == 0);
}

TEST_CASE("swish: derivative zone around its root beta x = -1.2785", "[swish][derivative]") {
  xact::swish<double> const f{}, g{2.0};
  CHECK(f.derivative(-1.25) > 0);
  CHECK(f.derivative(-1.3) < 0);
  CHECK(g.derivative(-0.625) > 0);
  CHECK(g.derivative(-0.65) < 0);
}
