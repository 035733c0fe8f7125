// SPDX-License-Identifier: MIT
// Consumer check: includes xact the way users do and verifies sigmoid on an Eigen array.
#include <xact/xact.hpp>

#include <Eigen/Core>

#include <cmath>
#include <cstdio>
#include <cstring>

int main() {
  Eigen::ArrayXf x(7);
  x << -3.0f, -1.0f, -0.5f, 0.0f, 0.5f, 1.0f, 3.0f;

  const Eigen::ArrayXf y = xact::forward(xact::sigmoid<float>{}, x);

  int failures = 0;
  if (y.size() != x.size()) {
    std::printf("xact_consumer: FAILED, size %ld instead of %ld\n", static_cast<long>(y.size()),
                static_cast<long>(x.size()));
    return 1;
  }
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double expected = 1.0 / (1.0 + std::exp(-static_cast<double>(x(i))));
    if (!(std::fabs(static_cast<double>(y(i)) - expected) <= 1e-6)) {
      std::printf("xact_consumer: FAILED, sigmoid(%g) = %.9g, expected %.9g\n",
                  static_cast<double>(x(i)), static_cast<double>(y(i)), expected);
      ++failures;
    }
  }
#ifdef XACT_EXPECTED_VERSION
  if (std::strcmp(XACT_VERSION_STRING, XACT_EXPECTED_VERSION) != 0) {
    std::printf("xact_consumer: FAILED, XACT_VERSION_STRING is %s, expected %s\n",
                XACT_VERSION_STRING, XACT_EXPECTED_VERSION);
    ++failures;
  }
#endif
  if (failures != 0) {
    return 1;
  }
  std::printf("xact_consumer: OK (xact %s, sigmoid(1) = %.7f)\n", XACT_VERSION_STRING,
              static_cast<double>(y(5)));
  return 0;
}
