// SPDX-License-Identifier: MIT
// Regression tests from the Eigen-layer fuzz target (fuzz/eigen_layer.cpp); the undefined
// behaviour ones fail under the `sanitize` preset (ASan + UBSan).
#include <Eigen/Core>
#include <catch2/catch.hpp>

#include "xact/eigen/softmax.hpp"

// Finding 4: log_softmax_backward rowwise on R x 0 (R >= 1): Eigen's vectorized
// rowwise().sum() over zero columns forms Blocks at null + offset (UBSan: "applying non-zero
// offset 32 to null pointer", Eigen/src/Core/Block.h:374).
TEST_CASE("regression: log_softmax_backward on empty vectors", "[regression][softmax][eigen]") {
  for (Eigen::Index rows : {1, 2, 3, 8, 16, 40}) {
    Eigen::ArrayXXd const y(rows, 0), dy(rows, 0);
    Eigen::ArrayXXd dx;
    xact::log_softmax_backward(y, dy, xact::rowwise, dx);
    CHECK(dx.rows() == rows);
    CHECK(dx.cols() == 0);
    Eigen::ArrayXXd const yt(0, rows), dyt(0, rows);
    xact::log_softmax_backward(yt, dyt, xact::colwise, dx);
    CHECK(dx.rows() == 0);
    xact::softmax_backward(y, dy, xact::rowwise, dx);
    CHECK(dx.cols() == 0);
    Eigen::ArrayXXf const yf(rows, 0), dyf(rows, 0);
    Eigen::ArrayXXf dxf;
    xact::log_softmax_backward(yf, dyf, xact::rowwise, dxf);
    CHECK(dxf.rows() == rows);
  }
}
