// SPDX-License-Identifier: MIT
// impl "naive": the plain std:: loop a user writes from the textbook formula (same compiler
// flags as xact), one scalar function per element, and a row loop for the softmax family.
#include "common.hpp"
#include "impls.hpp"

#include <algorithm>
#include <cmath>
#include <type_traits>

namespace xbench {
namespace {

// Each op: forward(x), derivative(x) and, where the derivative is a function of the output,
// from_output(y). Parameters are PyTorch's defaults, as in xact.
template <class T>
struct linear {
  T forward(T x) const { return T(1) * x + T(0); }
  T derivative(T) const { return T(1); }
  T from_output(T) const { return T(1); }
};
template <class T>
struct binary_step {
  T forward(T x) const { return x > T(0) ? T(1) : T(0); }
  T derivative(T) const { return T(0); }
  T from_output(T) const { return T(0); }
};
template <class T>
struct sigmoid {
  T forward(T x) const { return T(1) / (T(1) + std::exp(-x)); }
  T derivative(T x) const {
    T const s = forward(x);
    return s * (T(1) - s);
  }
  T from_output(T y) const { return y * (T(1) - y); }
};
template <class T>
struct hard_sigmoid {
  T forward(T x) const { return std::min(T(1), std::max(T(0), x / T(6) + T(0.5))); }
  T derivative(T x) const { return x > T(-3) && x < T(3) ? T(1) / T(6) : T(0); }
  T from_output(T y) const { return y > T(0) && y < T(1) ? T(1) / T(6) : T(0); }
};
template <class T>
struct tanh_op {
  T forward(T x) const { return std::tanh(x); }
  T derivative(T x) const {
    T const t = std::tanh(x);
    return T(1) - t * t;
  }
  T from_output(T y) const { return T(1) - y * y; }
};
template <class T>
struct leaky {  // relu (a = 0), leaky_relu, prelu, rrelu (evaluation form)
  T a;
  T forward(T x) const { return x > T(0) ? x : a * x; }
  T derivative(T x) const { return x > T(0) ? T(1) : a; }
  T from_output(T y) const { return y > T(0) ? T(1) : a; }
};
template <class T>
struct clipped_relu {
  T forward(T x) const { return std::min(T(6), std::max(T(0), x)); }
  T derivative(T x) const { return x > T(0) && x < T(6) ? T(1) : T(0); }
  T from_output(T y) const { return y > T(0) && y < T(6) ? T(1) : T(0); }
};
template <class T>
struct elu {  // selu: scale and alpha of SELU
  T scale, alpha;
  T forward(T x) const { return x > T(0) ? scale * x : scale * alpha * (std::exp(x) - T(1)); }
  T derivative(T x) const { return x > T(0) ? scale : scale * alpha * std::exp(x); }
  T from_output(T y) const { return y > T(0) ? scale : y + scale * alpha; }
};
template <class T>
struct gelu {
  T forward(T x) const { return T(0.5) * x * (T(1) + std::erf(x / std::sqrt(T(2)))); }
  T derivative(T x) const {
    T const pdf = T(0.3989422804014327) * std::exp(T(-0.5) * x * x);  // phi(x)
    return T(0.5) * (T(1) + std::erf(x / std::sqrt(T(2)))) + x * pdf;
  }
};
template <class T>
struct gelu_tanh {
  static constexpr T k = T(0.7978845608028654);  // sqrt(2 / pi)
  T forward(T x) const {
    return T(0.5) * x * (T(1) + std::tanh(k * (x + T(0.044715) * x * x * x)));
  }
  T derivative(T x) const {
    T const t = std::tanh(k * (x + T(0.044715) * x * x * x));
    return T(0.5) * (T(1) + t) + T(0.5) * x * (T(1) - t * t) * k * (T(1) + T(3 * 0.044715) * x * x);
  }
};
template <class T>
struct swish {  // silu: beta = 1
  T beta;
  T forward(T x) const { return x / (T(1) + std::exp(-beta * x)); }
  T derivative(T x) const {
    T const s = T(1) / (T(1) + std::exp(-beta * x));
    return s + beta * x * s * (T(1) - s);
  }
};
template <class T>
struct softplus {
  T forward(T x) const { return x > T(20) ? x : std::log1p(std::exp(x)); }
  T derivative(T x) const { return x > T(20) ? T(1) : T(1) / (T(1) + std::exp(-x)); }
};
template <class T>
struct softsign {
  T forward(T x) const { return x / (T(1) + std::fabs(x)); }
  T derivative(T x) const {
    T const d = T(1) + std::fabs(x);
    return T(1) / (d * d);
  }
  T from_output(T y) const {
    T const d = T(1) - std::fabs(y);
    return d * d;
  }
};

template <class F, class = void>
struct has_from_output : std::false_type {};
template <class F>
struct has_from_output<F, std::void_t<decltype(std::declval<F>().from_output(0.0f))>>
    : std::true_type {};

template <class T, class F>
void add_elementwise(char const* op, F f) {
  for (std::size_t n : sizes) {
    add<T>(op, pass::forward, "naive", n, [f, op, n](benchmark::State& st) {
      T const* x = input_x<T>(n).data();
      vec<T> out = unwritten<T>(n);
      T* y = out.data();
      auto const run = [&] {
        for (std::size_t i = 0; i < n; ++i) y[i] = f.forward(x[i]);
      };
      run();
      if (!gate<T>(st, op, pass::forward, "naive", n, y)) return;
      for (auto _ : st) {
        run();
        keep(y);
      }
      set_counters<T>(st, n, pass::forward);
    });
    add<T>(op, pass::backward, "naive", n, [f, op, n](benchmark::State& st) {
      T const* x = input_x<T>(n).data();
      T const* dy = input_dy<T>(n).data();
      vec<T> out = unwritten<T>(n);
      T* dx = out.data();
      auto const run = [&] {
        for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] * f.derivative(x[i]);
      };
      run();
      if (!gate<T>(st, op, pass::backward, "naive", n, dx)) return;
      for (auto _ : st) {
        run();
        keep(dx);
      }
      set_counters<T>(st, n, pass::backward);
    });
    if constexpr (has_from_output<F>::value) {
      add<T>(op, pass::backward_y, "naive", n, [f, op, n](benchmark::State& st) {
        vec<T> const yv = reference<T>(op, pass::forward, n);
        T const* y = yv.data();
        T const* dy = input_dy<T>(n).data();
        vec<T> out = unwritten<T>(n);
        T* dx = out.data();
        auto const run = [&] {
          for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] * f.from_output(y[i]);
        };
        run();
        if (!gate<T>(st, op, pass::backward_y, "naive", n, dx)) return;
        for (auto _ : st) {
          run();
          keep(dx);
        }
        set_counters<T>(st, n, pass::backward_y);
      });
    }
  }
}

// Softmax of each row of `cols` entries: y = e^(x - max) / sum, or its logarithm.
template <class T>
void softmax_rows(T const* x, T* y, std::size_t rows, std::size_t cols, bool log_form) {
  for (std::size_t r = 0; r < rows; ++r) {
    T const* in = x + r * cols;
    T* out = y + r * cols;
    T const mx = *std::max_element(in, in + cols);
    T sum = 0;
    for (std::size_t j = 0; j < cols; ++j) sum += std::exp(in[j] - mx);
    if (log_form) {
      T const lse = std::log(sum);
      for (std::size_t j = 0; j < cols; ++j) out[j] = in[j] - mx - lse;
    } else {
      for (std::size_t j = 0; j < cols; ++j) out[j] = std::exp(in[j] - mx) / sum;
    }
  }
}

// Backward from the output: softmax dx = y (dy - <dy, y>), log_softmax dx = dy - e^y sum(dy).
template <class T>
void softmax_rows_backward(T const* y, T const* dy, T* dx, std::size_t rows, std::size_t cols,
                           bool log_form) {
  for (std::size_t r = 0; r < rows; ++r) {
    T const* py = y + r * cols;
    T const* pg = dy + r * cols;
    T* out = dx + r * cols;
    T s = 0;
    for (std::size_t j = 0; j < cols; ++j) s += log_form ? pg[j] : pg[j] * py[j];
    for (std::size_t j = 0; j < cols; ++j)
      out[j] = log_form ? pg[j] - std::exp(py[j]) * s : py[j] * (pg[j] - s);
  }
}

template <class T>
void add_softmax(char const* op) {
  bool const log_form = std::string(op) == "log_softmax";
  for (std::size_t n : sizes) {
    std::size_t const m = elements(op, n), rows = m / softmax_cols;
    add<T>(op, pass::forward, "naive", n, [=](benchmark::State& st) {
      T const* x = input_x<T>(n).data();
      vec<T> out = unwritten<T>(m);
      softmax_rows(x, out.data(), rows, softmax_cols, log_form);
      if (!gate<T>(st, op, pass::forward, "naive", n, out.data())) return;
      for (auto _ : st) {
        softmax_rows(x, out.data(), rows, softmax_cols, log_form);
        keep(out.data());
      }
      set_counters<T>(st, m, pass::forward);
    });
    add<T>(op, pass::backward, "naive", n, [=](benchmark::State& st) {
      vec<T> const y = reference<T>(op, pass::forward, n);
      T const* dy = input_dy<T>(n).data();
      vec<T> out = unwritten<T>(m);
      softmax_rows_backward(y.data(), dy, out.data(), rows, softmax_cols, log_form);
      if (!gate<T>(st, op, pass::backward, "naive", n, out.data())) return;
      for (auto _ : st) {
        softmax_rows_backward(y.data(), dy, out.data(), rows, softmax_cols, log_form);
        keep(out.data());
      }
      set_counters<T>(st, m, pass::backward);
    });
  }
}

template <class T>
void add_type() {
  T const selu_alpha = T(1.6732632423543772848170429916717);
  T const selu_scale = T(1.0507009873554804934193349852946);
  add_elementwise<T>("linear", linear<T>{});
  add_elementwise<T>("binary_step", binary_step<T>{});
  add_elementwise<T>("sigmoid", sigmoid<T>{});
  add_elementwise<T>("hard_sigmoid", hard_sigmoid<T>{});
  add_elementwise<T>("tanh", tanh_op<T>{});
  add_elementwise<T>("relu", leaky<T>{T(0)});
  add_elementwise<T>("leaky_relu", leaky<T>{T(0.01)});
  add_elementwise<T>("prelu", leaky<T>{T(0.25)});
  add_elementwise<T>("rrelu", leaky<T>{(T(1) / T(8) + T(1) / T(3)) / T(2)});
  add_elementwise<T>("clipped_relu", clipped_relu<T>{});
  add_elementwise<T>("elu", elu<T>{T(1), T(1)});
  add_elementwise<T>("selu", elu<T>{selu_scale, selu_alpha});
  add_elementwise<T>("gelu", gelu<T>{});
  add_elementwise<T>("gelu_tanh", gelu_tanh<T>{});
  add_elementwise<T>("swish", swish<T>{T(1)});
  add_elementwise<T>("silu", swish<T>{T(1)});
  add_elementwise<T>("softplus", softplus<T>{});
  add_elementwise<T>("softsign", softsign<T>{});
  add_softmax<T>("softmax");
  add_softmax<T>("log_softmax");
}

}  // namespace

void add_naive_benchmarks() {
  add_type<float>();
  add_type<double>();
}

}  // namespace xbench
