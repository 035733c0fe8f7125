// SPDX-License-Identifier: MIT
// Demo: values and derivatives of every xact activation, vector-wise ops, and timings vs std::.
//
// Usage: xact_demo [--no-timing] [--size N] [--runs N]
#include <xact/xact.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

namespace {

using row = Eigen::Array<float, 1, Eigen::Dynamic>;

void print_row(const char* label, const row& values) {
  std::printf("  %-10s", label);
  for (Eigen::Index i = 0; i < values.size(); ++i) {
    std::printf(" %9.5f", static_cast<double>(values(i)));
  }
  std::printf("\n");
}

// One activation: f(x), f'(x) and, where the functor has it, f' computed from y = f(x).
template <class F>
void show(const F& f, const row& x) {
  const row y = xact::forward(f, x);
  const row d = xact::derivative(f, x);
  std::printf("%s\n", F::name);
  print_row("f(x)", y);
  print_row("f'(x)", d);
  if constexpr (xact::has_output_derivative_v<F>) {
    const row ones = row::Ones(x.size());
    print_row("f'(from y)", xact::backward_from_output(f, y, ones));
  }
}

void show_all_activations() {
  row x(7);
  x << -3.0f, -1.0f, -0.5f, 0.0f, 0.5f, 1.0f, 3.0f;
  std::printf("== Element-wise activations (float, default parameters) ==\n");
  print_row("x", x);
  show(xact::linear<float>{}, x);
  show(xact::binary_step<float>{}, x);
  show(xact::sigmoid<float>{}, x);
  show(xact::hard_sigmoid<float>{}, x);
  show(xact::tanh<float>{}, x);
  show(xact::relu<float>{}, x);
  show(xact::leaky_relu<float>{}, x);
  show(xact::prelu<float>{}, x);
  show(xact::rrelu<float>{}, x);
  show(xact::clipped_relu<float>{}, x);
  show(xact::elu<float>{}, x);
  show(xact::selu<float>{}, x);
  show(xact::gelu<float>{}, x);
  show(xact::gelu_tanh<float>{}, x);
  show(xact::swish<float>{}, x);
  show(xact::silu<float>{}, x);
  show(xact::softplus<float>{}, x);
  show(xact::softsign<float>{}, x);
  std::printf("\n");
}

void print_matrix(const char* title, const Eigen::ArrayXXf& a) {
  std::printf("%s\n", title);
  for (Eigen::Index r = 0; r < a.rows(); ++r) {
    std::printf(" ");
    for (Eigen::Index c = 0; c < a.cols(); ++c) {
      std::printf(" %9.5f", static_cast<double>(a(r, c)));
    }
    std::printf("\n");
  }
}

void show_vectorwise() {
  Eigen::ArrayXXf x(4, 3);
  x << 1.0f, -2.0f, 0.5f,  //
      2.0f, 0.0f, 0.5f,    //
      3.0f, 2.0f, 0.5f,    //
      -1.0f, 4.0f, 0.5f;
  std::printf("== Vector-wise operations ==\n");
  print_matrix("x (4x3):", x);
  print_matrix("softmax(x, colwise): each column sums to 1", xact::softmax(x, xact::colwise));
  print_matrix("log_softmax(x, rowwise):", xact::log_softmax(x, xact::rowwise));
  print_matrix("maxout(x, 2, colwise): max of rows {0,1} and of rows {2,3}",
               xact::maxout(x, 2, xact::colwise));
  std::printf("\n");
}

// ----------------------------------------------------------------------------------------------
// Timing: xact::forward against the loop users write with <cmath>.

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

template <class Body>
double median_seconds(int runs, Body&& body) {
  std::vector<double> times;
  times.reserve(static_cast<std::size_t>(runs));
  for (int r = 0; r < runs; ++r) {
    const auto start = std::chrono::steady_clock::now();
    body();
    times.push_back(seconds_since(start));
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

volatile float sink = 0.0f;  // keeps the results observable

template <class F, class Naive>
void time_one(const Eigen::ArrayXf& x, int runs, const F& f, Naive naive) {
  Eigen::ArrayXf y_xact(x.size());
  Eigen::ArrayXf y_std(x.size());
  const float* in = x.data();
  float* out = y_std.data();
  const std::size_t n = static_cast<std::size_t>(x.size());

  const double t_xact = median_seconds(runs, [&] { xact::forward(f, x, y_xact); });
  const double t_std = median_seconds(runs, [&] {
    for (std::size_t i = 0; i < n; ++i) {
      out[i] = naive(in[i]);
    }
  });
  sink = sink + y_xact(0) + y_std(0);

  const double max_diff = (y_xact - y_std).abs().maxCoeff();
  const double items = static_cast<double>(n);
  std::printf("%-14s %12.1f %12.1f %8.2fx %12.2e\n", F::name, items / t_xact * 1e-6,
              items / t_std * 1e-6, t_std / t_xact, max_diff);
}

void time_all(Eigen::Index size, int runs) {
  std::mt19937 gen(42);
  std::uniform_real_distribution<float> dist(-5.0f, 5.0f);
  Eigen::ArrayXf x(size);
  for (Eigen::Index i = 0; i < size; ++i) {
    x(i) = dist(gen);
  }

  std::printf("== Throughput: xact::forward vs a plain std:: loop ==\n");
  std::printf("%ld float elements uniform in [-5, 5], median of %d runs, SIMD arch: %s\n",
              static_cast<long>(size), runs, xsimd::default_arch::name());
  std::printf("%-14s %12s %12s %9s %12s\n", "activation", "xact Mitem/s", "std Mitem/s", "speedup",
              "max |diff|");

  // The std:: column is the code a user writes by hand, with the same default parameters.
  constexpr float selu_alpha = 1.6732632423543772f;
  constexpr float selu_scale = 1.0507009873554805f;
  const float inv_sqrt2 = 1.0f / std::sqrt(2.0f);
  const float sqrt_2_over_pi = std::sqrt(2.0f / 3.14159265358979f);

  time_one(x, runs, xact::linear<float>{}, [](float v) { return 1.0f * v + 0.0f; });
  time_one(x, runs, xact::binary_step<float>{}, [](float v) { return v > 0.0f ? 1.0f : 0.0f; });
  time_one(x, runs, xact::sigmoid<float>{}, [](float v) { return 1.0f / (1.0f + std::exp(-v)); });
  time_one(x, runs, xact::hard_sigmoid<float>{},
           [](float v) { return std::clamp(v / 6.0f + 0.5f, 0.0f, 1.0f); });
  time_one(x, runs, xact::tanh<float>{}, [](float v) { return std::tanh(v); });
  time_one(x, runs, xact::relu<float>{}, [](float v) { return std::max(v, 0.0f); });
  time_one(x, runs, xact::leaky_relu<float>{}, [](float v) { return v > 0.0f ? v : 0.01f * v; });
  time_one(x, runs, xact::prelu<float>{}, [](float v) { return v > 0.0f ? v : 0.25f * v; });
  time_one(x, runs, xact::rrelu<float>{},
           [](float v) { return v > 0.0f ? v : (1.0f / 8.0f + 1.0f / 3.0f) / 2.0f * v; });
  time_one(x, runs, xact::clipped_relu<float>{}, [](float v) { return std::clamp(v, 0.0f, 6.0f); });
  time_one(x, runs, xact::elu<float>{}, [](float v) { return v > 0.0f ? v : std::expm1(v); });
  time_one(x, runs, xact::selu<float>{},
           [=](float v) { return selu_scale * (v > 0.0f ? v : selu_alpha * std::expm1(v)); });
  time_one(x, runs, xact::gelu<float>{},
           [=](float v) { return 0.5f * v * std::erfc(-v * inv_sqrt2); });
  time_one(x, runs, xact::gelu_tanh<float>{}, [=](float v) {
    return 0.5f * v * (1.0f + std::tanh(sqrt_2_over_pi * (v + 0.044715f * v * v * v)));
  });
  time_one(x, runs, xact::swish<float>{}, [](float v) { return v / (1.0f + std::exp(-v)); });
  time_one(x, runs, xact::silu<float>{}, [](float v) { return v / (1.0f + std::exp(-v)); });
  time_one(x, runs, xact::softplus<float>{},
           [](float v) { return v > 20.0f ? v : std::log1p(std::exp(v)); });
  time_one(x, runs, xact::softsign<float>{}, [](float v) { return v / (1.0f + std::fabs(v)); });
  std::printf("(speedup = std time / xact time; max |diff| compares the two outputs)\n");
}

}  // namespace

int main(int argc, char** argv) {
  bool timing = true;
  long size = 1000000;
  int runs = 15;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--no-timing") == 0) {
      timing = false;
    } else if (std::strcmp(argv[i], "--size") == 0 && i + 1 < argc) {
      size = std::atol(argv[++i]);
    } else if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: %s [--no-timing] [--size N] [--runs N]\n", argv[0]);
      return 2;
    }
  }
  if (size < 1 || runs < 1) {
    std::fprintf(stderr, "xact_demo: --size and --runs must be positive\n");
    return 2;
  }

  std::printf("xact %s demo\n\n", XACT_VERSION_STRING);
  show_all_activations();
  show_vectorwise();
  if (timing) {
    time_all(static_cast<Eigen::Index>(size), runs);
  }
  return 0;
}
