// SPDX-License-Identifier: MIT
// ULP distance between a float/double result and a long double reference, exact near zero and
// for subnormals: the accuracy tool's metric (tools/accuracy/ulp.hpp), one definition for both.
#ifndef XACT_TESTS_SUPPORT_ULP_HPP
#define XACT_TESTS_SUPPORT_ULP_HPP

#include "../../tools/accuracy/ulp.hpp"

namespace xact_test {
using namespace xact::accuracy;  // ulp_of, ulp_error, ...
}  // namespace xact_test

#endif  // XACT_TESTS_SUPPORT_ULP_HPP
