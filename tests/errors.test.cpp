// SPDX-License-Identifier: MIT
// Every validate() message and every shape-mismatch message of the element-wise Eigen entry points.
#include <limits>
#include <stdexcept>
#include <string>

#include <Eigen/Core>
#include <catch2/catch.hpp>
#include <xact/activation/elu.hpp>
#include <xact/activation/gelu.hpp>
#include <xact/activation/identity.hpp>
#include <xact/activation/relu.hpp>
#include <xact/activation/sigmoid.hpp>
#include <xact/activation/softplus.hpp>
#include <xact/activation/swish.hpp>
#include <xact/eigen/apply.hpp>

using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

namespace {
constexpr double nan_d = std::numeric_limits<double>::quiet_NaN();
constexpr double inf_d = std::numeric_limits<double>::infinity();

template <class F>
std::string message_of(F const& f) {
  try {
    f.validate();
  } catch (std::invalid_argument const& e) {
    return e.what();
  }
  return "(no exception)";
}
}  // namespace

TEST_CASE("validate: every parameter rule names the activation, the parameter and the value", "[errors]") {
  // Finite-valued offenders give the exact text; NaN and Inf are spelled by the stream
  // ("nan", "inf"), so only the part before the value is pinned for them.
  CHECK_THAT(message_of(xact::linear<double>{inf_d, 0}), StartsWith("xact::linear: slope must be finite, got "));
  CHECK_THAT(message_of(xact::linear<double>{1, nan_d}), StartsWith("xact::linear: offset must be finite, got "));
  CHECK_THAT(message_of(xact::binary_step<double>{nan_d}), StartsWith("xact::binary_step: threshold must be a number, got "));
  CHECK_THAT(message_of(xact::hard_sigmoid<double>{0, 0.5}), Equals("xact::hard_sigmoid: slope must be finite and > 0, got 0"));
  CHECK_THAT(message_of(xact::hard_sigmoid<double>{-1, 0.5}), Equals("xact::hard_sigmoid: slope must be finite and > 0, got -1"));
  CHECK_THAT(message_of(xact::hard_sigmoid<double>{0.2, inf_d}), StartsWith("xact::hard_sigmoid: offset must be finite, got "));
  CHECK_THAT(message_of(xact::leaky_relu<double>{nan_d}), StartsWith("xact::leaky_relu: negative_slope must be finite, got "));
  CHECK_THAT(message_of(xact::prelu<double>{inf_d}), StartsWith("xact::prelu: alpha must be finite, got "));
  CHECK_THAT(message_of(xact::rrelu<double>{-1, 0.5}), Equals("xact::rrelu: lower must be >= 0, got -1"));
  CHECK_THAT(message_of(xact::rrelu<double>{0.5, 0.25}), Equals("xact::rrelu: upper must be >= lower, got 0.25"));
  CHECK_THAT(message_of(xact::rrelu<double>{0.1, inf_d}), StartsWith("xact::rrelu: upper must be finite, got "));
  CHECK_THAT(message_of(xact::rrelu<double>{nan_d, 0.5}), StartsWith("xact::rrelu: lower must be finite, got "));
  CHECK_THAT(message_of(xact::clipped_relu<double>{-1}), Equals("xact::clipped_relu: ceiling must be finite and > 0, got -1"));
  CHECK_THAT(message_of(xact::clipped_relu<float>{0}), Equals("xact::clipped_relu: ceiling must be finite and > 0, got 0"));
  CHECK_THAT(message_of(xact::elu<double>{nan_d}), StartsWith("xact::elu: alpha must be finite, got "));
  CHECK_THAT(message_of(xact::swish<double>{inf_d}), StartsWith("xact::swish: beta must be finite, got "));
  CHECK_THAT(message_of(xact::softplus<double>{0, 20}), Equals("xact::softplus: beta must be finite and > 0, got 0"));
  CHECK_THAT(message_of(xact::softplus<double>{-2, 20}), Equals("xact::softplus: beta must be finite and > 0, got -2"));
  CHECK_THAT(message_of(xact::softplus<double>{1, nan_d}), StartsWith("xact::softplus: threshold must be finite, got "));
}

TEST_CASE("validate: valid edge parameters are accepted", "[errors]") {
  CHECK_NOTHROW(xact::leaky_relu<double>{-3}.validate());
  CHECK_NOTHROW(xact::rrelu<double>{0, 0}.validate());
  CHECK_NOTHROW(xact::elu<double>{-1}.validate());
  CHECK_NOTHROW(xact::swish<double>{0}.validate());
  CHECK_NOTHROW(xact::binary_step<double>{inf_d}.validate());
  CHECK_NOTHROW(xact::clipped_relu<float>{std::numeric_limits<float>::denorm_min()}.validate());
}

TEST_CASE("validate: the array entry points report invalid parameters", "[errors][eigen]") {
  Eigen::ArrayXXd const x = Eigen::ArrayXXd::Zero(2, 3);
  xact::clipped_relu<double> const bad{-1};
  CHECK_THROWS_WITH(xact::forward(bad, x), "xact::clipped_relu: ceiling must be finite and > 0, got -1");
  CHECK_THROWS_WITH(xact::derivative(bad, x), "xact::clipped_relu: ceiling must be finite and > 0, got -1");
  CHECK_THROWS_WITH(xact::backward(bad, x, x), "xact::clipped_relu: ceiling must be finite and > 0, got -1");
  CHECK_THROWS_WITH(xact::backward_from_output(bad, x, x), "xact::clipped_relu: ceiling must be finite and > 0, got -1");
  CHECK_THROWS_WITH(xact::parameter_gradient(xact::swish<double>{inf_d}, x, x),
                    StartsWith("xact::swish: beta must be finite, got "));
}

TEST_CASE("shape mismatch: messages name the operation, the functor and both shapes", "[errors][eigen]") {
  Eigen::ArrayXXf const x = Eigen::ArrayXXf::Zero(4, 3), dy = Eigen::ArrayXXf::Zero(3, 4);
  xact::leaky_relu<float> const f{};
  CHECK_THROWS_WITH(xact::backward(f, x, dy), "xact::backward(leaky_relu): dy is 3x4 but x is 4x3");
  CHECK_THROWS_WITH(xact::backward_from_output(f, x, dy), "xact::backward_from_output(leaky_relu): dy is 3x4 but y is 4x3");
  CHECK_THROWS_WITH(xact::parameter_gradient(xact::prelu<float>{}, x, dy),
                    "xact::parameter_gradient(prelu): dy is 3x4 but x is 4x3");
  Eigen::ArrayXXf out(3, 4);
  Eigen::ArrayXXf dx(3, 4);
  // A fixed (Map/Block) output of the wrong shape cannot be resized.
  Eigen::Map<Eigen::ArrayXXf> out_map(out.data(), 3, 4);
  CHECK_THROWS_WITH(xact::forward(f, x, out_map), "xact::forward(leaky_relu): y is 3x4 but x is 4x3");
  CHECK_THROWS_WITH(xact::derivative(f, x, out.block(0, 0, 2, 2)), "xact::derivative(leaky_relu): d is 2x2 but x is 4x3");
  Eigen::Map<Eigen::ArrayXXf> dx_map(dx.data(), 3, 4);
  CHECK_THROWS_WITH(xact::backward(f, x, x, dx_map), "xact::backward(leaky_relu): dx is 3x4 but x is 4x3");
  CHECK_THROWS_WITH(xact::backward_from_output(f, x, x, dx_map),
                    "xact::backward_from_output(leaky_relu): dx is 3x4 but y is 4x3");
}

TEST_CASE("shape mismatch: a resizable output is resized, not rejected", "[errors][eigen]") {
  Eigen::ArrayXXd const x = Eigen::ArrayXXd::Ones(4, 3);
  Eigen::ArrayXXd y(1, 1), d(7, 2);
  CHECK_NOTHROW(xact::forward(xact::relu<double>{}, x, y));
  CHECK(y.rows() == 4);
  CHECK(y.cols() == 3);
  CHECK_NOTHROW(xact::derivative(xact::relu<double>{}, x, d));
  CHECK(d.rows() == 4);
}
