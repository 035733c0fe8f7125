// SPDX-License-Identifier: MIT
// Quick start: activations, their gradients and softmax on Eigen arrays (the README's sample).
#include <xact/xact.hpp>

#include <Eigen/Core>

#include <iostream>

int main() {
  const Eigen::ArrayXXf x = 3.0f * Eigen::ArrayXXf::Random(4, 3);
  const Eigen::ArrayXXf dy = Eigen::ArrayXXf::Random(4, 3);  // gradient arriving from the loss

  const xact::leaky_relu<float> leaky{0.2f};                // parameters in PyTorch's order
  const Eigen::ArrayXXf y = xact::forward(leaky, x);        // y = f(x), SIMD
  const Eigen::ArrayXXf dx = xact::backward(leaky, x, dy);  // dx = dy * f'(x), one pass

  // Lazy: fuse an activation into any Eigen expression; Eigen vectorizes it.
  const Eigen::ArrayXXf z = (0.5f * x + 1.0f).unaryExpr(xact::eigen::op(xact::gelu<float>{}));

  // Vector-wise: softmax of each column, and its backward pass from the output.
  const Eigen::ArrayXXf p = xact::softmax(x, xact::colwise);
  const Eigen::ArrayXXf dp = xact::softmax_backward(p, dy, xact::colwise);

  std::cout << "leaky_relu(x):\n" << y << "\ngradient:\n" << dx << '\n';
  std::cout << "gelu(x/2 + 1):\n" << z << "\nsoftmax gradient:\n" << dp << '\n';
  std::cout << "softmax column sums: " << p.colwise().sum() << '\n';
}
