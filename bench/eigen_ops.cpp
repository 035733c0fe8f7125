// SPDX-License-Identifier: MIT
// impl "eigen": Eigen 3.4's own array functions composed the way a user would (logistic(),
// tanh(), max(0), erf, exp, expm1, log1p ...), assigned into preallocated arrays. Ops without
// a natural built-in form are left out.
#include "common.hpp"
#include "impls.hpp"

#include <unsupported/Eigen/SpecialFunctions>  // erf

namespace xbench {
namespace {

template <class T>
using in_t = Eigen::Map<vec<T> const>;
template <class T>
using out_t = Eigen::Map<vec<T>>;

// Each op: forward(x, y), backward(x, dy, dx) and, where natural, backward_y(y, dy, dx).
struct sigmoid {
  template <class T>
  static void forward(in_t<T> x, out_t<T> y) {
    y = x.logistic();
  }
  template <class T>
  static void backward(in_t<T> x, in_t<T> dy, out_t<T> dx) {
    dx = dy * x.logistic() * (T(1) - x.logistic());
  }
  template <class T>
  static void backward_y(in_t<T> y, in_t<T> dy, out_t<T> dx) {
    dx = dy * y * (T(1) - y);
  }
};
struct hard_sigmoid {
  template <class T>
  static void forward(in_t<T> x, out_t<T> y) {
    y = (x * T(1.0 / 6.0) + T(0.5)).max(T(0)).min(T(1));
  }
  template <class T>
  static void backward(in_t<T> x, in_t<T> dy, out_t<T> dx) {
    dx = (x > T(-3) && x < T(3)).select(dy * T(1.0 / 6.0), T(0));
  }
};
struct tanh_op {
  template <class T>
  static void forward(in_t<T> x, out_t<T> y) {
    y = x.tanh();
  }
  template <class T>
  static void backward(in_t<T> x, in_t<T> dy, out_t<T> dx) {
    dx = dy * (T(1) - x.tanh().square());
  }
  template <class T>
  static void backward_y(in_t<T> y, in_t<T> dy, out_t<T> dx) {
    dx = dy * (T(1) - y.square());
  }
};
struct relu {
  template <class T>
  static void forward(in_t<T> x, out_t<T> y) {
    y = x.max(T(0));
  }
  template <class T>
  static void backward(in_t<T> x, in_t<T> dy, out_t<T> dx) {
    dx = (x > T(0)).select(dy, T(0));
  }
  template <class T>
  static void backward_y(in_t<T> y, in_t<T> dy, out_t<T> dx) {
    dx = (y > T(0)).select(dy, T(0));
  }
};
// leaky_relu (0.01), prelu (0.25) and rrelu (evaluation slope (1/8 + 1/3) / 2).
template <int Num, int Den>
struct leaky {
  template <class T>
  static constexpr T a = T(Num) / T(Den);
  template <class T>
  static void forward(in_t<T> x, out_t<T> y) {
    y = (x > T(0)).select(x, a<T> * x);
  }
  template <class T>
  static void backward(in_t<T> x, in_t<T> dy, out_t<T> dx) {
    dx = (x > T(0)).select(dy, a<T> * dy);
  }
  template <class T>
  static void backward_y(in_t<T> y, in_t<T> dy, out_t<T> dx) {
    dx = (y > T(0)).select(dy, a<T> * dy);
  }
};
struct clipped_relu {
  template <class T>
  static void forward(in_t<T> x, out_t<T> y) {
    y = x.max(T(0)).min(T(6));
  }
  template <class T>
  static void backward(in_t<T> x, in_t<T> dy, out_t<T> dx) {
    dx = (x > T(0) && x < T(6)).select(dy, T(0));
  }
};
// elu (scale 1, alpha 1) and, with Selu, selu.
template <bool Selu>
struct elu {
  template <class T>
  static constexpr T scale = Selu ? T(1.0507009873554804934193349852946) : T(1);
  template <class T>
  static constexpr T alpha = Selu ? T(1.6732632423543772848170429916717) : T(1);
  template <class T>
  static void forward(in_t<T> x, out_t<T> y) {
    y = (x > T(0)).select(scale<T> * x, (scale<T> * alpha<T>)*x.expm1());
  }
  template <class T>
  static void backward(in_t<T> x, in_t<T> dy, out_t<T> dx) {
    dx =
        dy * (x > T(0)).select(vec<T>::Constant(x.size(), scale<T>), (scale<T> * alpha<T>)*x.exp());
  }
  template <class T>
  static void backward_y(in_t<T> y, in_t<T> dy, out_t<T> dx) {
    dx = dy * (y > T(0)).select(vec<T>::Constant(y.size(), scale<T>), y + scale<T> * alpha<T>);
  }
};
struct gelu {  // x Phi(x) through Eigen's erf
  template <class T>
  static void forward(in_t<T> x, out_t<T> y) {
    y = T(0.5) * x * (T(1) + (x * T(0.70710678118654752440)).erf());
  }
  template <class T>
  static void backward(in_t<T> x, in_t<T> dy, out_t<T> dx) {
    dx = dy * (T(0.5) * (T(1) + (x * T(0.70710678118654752440)).erf()) +
               x * T(0.3989422804014327) * (T(-0.5) * x.square()).exp());
  }
};
struct gelu_tanh {
  template <class T>
  static void forward(in_t<T> x, out_t<T> y) {
    y = T(0.5) * x * (T(1) + (T(0.7978845608028654) * (x + T(0.044715) * x.cube())).tanh());
  }
  template <class T>
  static void backward(in_t<T> x, in_t<T> dy, out_t<T> dx) {
    // t = tanh(k (x + c x^3)); f' = (1 + t)/2 + x/2 (1 - t^2) k (1 + 3 c x^2)
    vec<T> const t = (T(0.7978845608028654) * (x + T(0.044715) * x.cube())).tanh();
    dx = dy * (T(0.5) * (T(1) + t) + T(0.5) * x * (T(1) - t.square()) * T(0.7978845608028654) *
                                         (T(1) + T(3 * 0.044715) * x.square()));
  }
};
struct swish {  // swish (beta = 1) and silu
  template <class T>
  static void forward(in_t<T> x, out_t<T> y) {
    y = x * x.logistic();
  }
  template <class T>
  static void backward(in_t<T> x, in_t<T> dy, out_t<T> dx) {
    dx = dy * (x.logistic() + x * x.logistic() * (T(1) - x.logistic()));
  }
};
struct softplus {
  template <class T>
  static void forward(in_t<T> x, out_t<T> y) {
    y = (x > T(20)).select(x, x.exp().log1p());
  }
  template <class T>
  static void backward(in_t<T> x, in_t<T> dy, out_t<T> dx) {
    dx = (x > T(20)).select(dy, dy * x.logistic());
  }
};
struct softsign {
  template <class T>
  static void forward(in_t<T> x, out_t<T> y) {
    y = x / (T(1) + x.abs());
  }
  template <class T>
  static void backward(in_t<T> x, in_t<T> dy, out_t<T> dx) {
    dx = dy / (T(1) + x.abs()).square();
  }
  template <class T>
  static void backward_y(in_t<T> y, in_t<T> dy, out_t<T> dx) {
    dx = dy * (T(1) - y.abs()).square();
  }
};

template <class Op, class = void>
struct has_backward_y : std::false_type {};
template <class Op>
struct has_backward_y<Op, std::void_t<decltype(&Op::template backward_y<float>)>> : std::true_type {
};

template <class T, class Op>
void add_elementwise(char const* op) {
  for (std::size_t n : sizes) {
    auto const m = static_cast<Eigen::Index>(n);
    add<T>(op, pass::forward, "eigen", n, [op, n, m](benchmark::State& st) {
      in_t<T> x(input_x<T>(n).data(), m);
      vec<T> y = unwritten<T>(n);
      Op::template forward<T>(x, out_t<T>(y.data(), m));
      if (!gate<T>(st, op, pass::forward, "eigen", n, y.data())) return;
      for (auto _ : st) {
        Op::template forward<T>(x, out_t<T>(y.data(), m));
        keep(y.data());
      }
      set_counters<T>(st, n, pass::forward);
    });
    add<T>(op, pass::backward, "eigen", n, [op, n, m](benchmark::State& st) {
      in_t<T> x(input_x<T>(n).data(), m), dy(input_dy<T>(n).data(), m);
      vec<T> dx = unwritten<T>(n);
      Op::template backward<T>(x, dy, out_t<T>(dx.data(), m));
      if (!gate<T>(st, op, pass::backward, "eigen", n, dx.data())) return;
      for (auto _ : st) {
        Op::template backward<T>(x, dy, out_t<T>(dx.data(), m));
        keep(dx.data());
      }
      set_counters<T>(st, n, pass::backward);
    });
    if constexpr (has_backward_y<Op>::value) {
      add<T>(op, pass::backward_y, "eigen", n, [op, n, m](benchmark::State& st) {
        vec<T> const yv = reference<T>(op, pass::forward, n);
        in_t<T> y(yv.data(), m), dy(input_dy<T>(n).data(), m);
        vec<T> dx = unwritten<T>(n);
        Op::template backward_y<T>(y, dy, out_t<T>(dx.data(), m));
        if (!gate<T>(st, op, pass::backward_y, "eigen", n, dx.data())) return;
        for (auto _ : st) {
          Op::template backward_y<T>(y, dy, out_t<T>(dx.data(), m));
          keep(dx.data());
        }
        set_counters<T>(st, n, pass::backward_y);
      });
    }
  }
}

// Row-wise softmax / log_softmax with Eigen's reductions and broadcasting.
template <class T>
void softmax_forward(Eigen::Map<rows_t<T> const> x, rows_t<T>& y, bool log_form) {
  y = x.colwise() - x.rowwise().maxCoeff();
  if (log_form) {
    y = y.colwise() - y.exp().rowwise().sum().log();
  } else {
    y = y.exp();
    y = y.colwise() / y.rowwise().sum();
  }
}
template <class T>
void softmax_backward(rows_t<T> const& y, Eigen::Map<rows_t<T> const> dy, rows_t<T>& dx,
                      bool log_form) {
  if (log_form)
    dx = dy - y.exp().colwise() * dy.rowwise().sum();
  else
    dx = y * (dy.colwise() - (y * dy).rowwise().sum());
}

template <class T>
void add_softmax(char const* op) {
  bool const log_form = std::string(op) == "log_softmax";
  for (std::size_t n : sizes) {
    std::size_t const m = elements(op, n);
    auto const rows = static_cast<Eigen::Index>(m / softmax_cols);
    auto const cols = static_cast<Eigen::Index>(softmax_cols);
    add<T>(op, pass::forward, "eigen", n, [=](benchmark::State& st) {
      Eigen::Map<rows_t<T> const> x(input_x<T>(n).data(), rows, cols);
      rows_t<T> y = rows_t<T>::Constant(rows, cols, std::numeric_limits<T>::quiet_NaN());
      softmax_forward<T>(x, y, log_form);
      if (!gate<T>(st, op, pass::forward, "eigen", n, y.data())) return;
      for (auto _ : st) {
        softmax_forward<T>(x, y, log_form);
        keep(y.data());
      }
      set_counters<T>(st, m, pass::forward);
    });
    add<T>(op, pass::backward, "eigen", n, [=](benchmark::State& st) {
      rows_t<T> const y =
          Eigen::Map<rows_t<T> const>(reference<T>(op, pass::forward, n).data(), rows, cols);
      Eigen::Map<rows_t<T> const> dy(input_dy<T>(n).data(), rows, cols);
      rows_t<T> dx = rows_t<T>::Constant(rows, cols, std::numeric_limits<T>::quiet_NaN());
      softmax_backward<T>(y, dy, dx, log_form);
      if (!gate<T>(st, op, pass::backward, "eigen", n, dx.data())) return;
      for (auto _ : st) {
        softmax_backward<T>(y, dy, dx, log_form);
        keep(dx.data());
      }
      set_counters<T>(st, m, pass::backward);
    });
  }
}

template <class T>
void add_type() {
  // linear and binary_step are one-liners with no Eigen function to compare; left out.
  add_elementwise<T, sigmoid>("sigmoid");
  add_elementwise<T, hard_sigmoid>("hard_sigmoid");
  add_elementwise<T, tanh_op>("tanh");
  add_elementwise<T, relu>("relu");
  add_elementwise<T, leaky<1, 100>>("leaky_relu");
  add_elementwise<T, leaky<1, 4>>("prelu");
  add_elementwise<T, leaky<11, 48>>("rrelu");  // (1/8 + 1/3) / 2 = 11/48
  add_elementwise<T, clipped_relu>("clipped_relu");
  add_elementwise<T, elu<false>>("elu");
  add_elementwise<T, elu<true>>("selu");
  add_elementwise<T, gelu>("gelu");
  add_elementwise<T, gelu_tanh>("gelu_tanh");
  add_elementwise<T, swish>("swish");
  add_elementwise<T, swish>("silu");
  add_elementwise<T, softplus>("softplus");
  add_elementwise<T, softsign>("softsign");
  add_softmax<T>("softmax");
  add_softmax<T>("log_softmax");
}

}  // namespace

void add_eigen_benchmarks() {
  add_type<float>();
  add_type<double>();
}

}  // namespace xbench
