// SPDX-License-Identifier: MIT
// impl "torch": libtorch's ATen CPU kernels (the ones torch.nn.functional and autograd call),
// single-threaded, on tensors made outside the timed loop: inputs wrap xact_bench's arrays
// (from_blob), outputs are preallocated and written through the *_out variants where ATen has
// one. Ops without an ATen kernel (linear, binary_step, softsign) are left out.
#include "common.hpp"
#include "impls.hpp"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace xbench {
namespace {

/// Tensors of one benchmark: x and dy (inputs), y = f(x) (xact's, for the passes from the
/// output) and out (what the kernel writes).
struct io {
  at::Tensor x, dy, y, out;
};
using kernel = std::function<void(io&)>;

template <class T>
at::Tensor wrap(T const* p, std::vector<int64_t> const& shape) {
  auto const opts = at::TensorOptions().dtype(std::is_same_v<T, float> ? at::kFloat : at::kDouble);
  return at::from_blob(const_cast<T*>(p), shape, opts);  // read only: never written
}

template <class T>
void add_case(char const* op, pass p, kernel k) {
  for (std::size_t n : sizes) {
    add<T>(op, p, "torch", n, [op, p, n, k](benchmark::State& st) {
      std::size_t const m = elements(op, n);
      std::vector<int64_t> const shape =
          is_vector_op(op) ? std::vector<int64_t>{int64_t(m / softmax_cols), int64_t(softmax_cols)}
                           : std::vector<int64_t>{int64_t(m)};
      io t;
      t.x = wrap(input_x<T>(n).data(), shape);
      t.dy = wrap(input_dy<T>(n).data(), shape);
      vec<T> y;
      if (p != pass::forward) {
        y = reference<T>(op, pass::forward, n);
        t.y = wrap(y.data(), shape);
      }
      t.out = at::full(shape, std::numeric_limits<double>::quiet_NaN(), t.x.options());
      try {
        k(t);
      } catch (std::exception const& e) {
        st.SkipWithError((std::string("torch call failed: ") + e.what()).c_str());
        return;
      }
      if (!gate<T>(st, op, p, "torch", n, t.out.template data_ptr<T>())) return;
      for (auto _ : st) {
        k(t);
        keep(t.out.data_ptr());
      }
      set_counters<T>(st, m, p);
    });
  }
}

template <class T>
void add_type() {
  double const selu_alpha = 1.6732632423543772848170429916717;
  double const selu_scale = 1.0507009873554804934193349852946;
  double const rrelu_slope = (0.125 + 1.0 / 3.0) / 2;  // evaluation mode: the mean slope
  auto const fwd = pass::forward, bwd = pass::backward, bwd_y = pass::backward_y;

  add_case<T>("sigmoid", fwd, [](io& t) { at::sigmoid_out(t.out, t.x); });
  add_case<T>("sigmoid", bwd_y, [](io& t) { at::sigmoid_backward_out(t.out, t.dy, t.y); });
  add_case<T>("hard_sigmoid", fwd, [](io& t) { at::hardsigmoid_out(t.out, t.x); });
  add_case<T>("hard_sigmoid", bwd, [](io& t) { at::hardsigmoid_backward_out(t.out, t.dy, t.x); });
  add_case<T>("tanh", fwd, [](io& t) { at::tanh_out(t.out, t.x); });
  add_case<T>("tanh", bwd_y, [](io& t) { at::tanh_backward_out(t.out, t.dy, t.y); });
  add_case<T>("relu", fwd, [](io& t) { at::relu_out(t.out, t.x); });
  add_case<T>("relu", bwd, [](io& t) { at::threshold_backward_out(t.out, t.dy, t.x, 0); });
  add_case<T>("relu", bwd_y, [](io& t) { at::threshold_backward_out(t.out, t.dy, t.y, 0); });
  add_case<T>("leaky_relu", fwd, [](io& t) { at::leaky_relu_out(t.out, t.x, 0.01); });
  add_case<T>("leaky_relu", bwd,
              [](io& t) { at::leaky_relu_backward_out(t.out, t.dy, t.x, 0.01, false); });
  add_case<T>("leaky_relu", bwd_y,
              [](io& t) { at::leaky_relu_backward_out(t.out, t.dy, t.y, 0.01, true); });
  // PReLU with one shared weight (num_parameters = 1, init 0.25). Its backward also returns
  // the weight's gradient (a reduction xact's backward does not do).
  auto const weight = [] {
    return at::full({1}, 0.25,
                    at::TensorOptions().dtype(std::is_same_v<T, float> ? at::kFloat : at::kDouble));
  };
  add_case<T>("prelu", fwd, [w = weight()](io& t) { at::prelu_out(t.out, t.x, w); });
  add_case<T>("prelu", bwd, [w = weight()](io& t) {
    at::Tensor dw = at::empty_like(w);
    at::prelu_backward_out(t.out, dw, t.dy, t.x, w);
  });
  // rrelu in evaluation mode: a new tensor per call (ATen has no out variant); autograd's
  // backward is leaky_relu_backward with the mean slope.
  add_case<T>("rrelu", fwd, [](io& t) { t.out = at::rrelu(t.x, 0.125, 1.0 / 3.0, false); });
  add_case<T>("rrelu", bwd, [rrelu_slope](io& t) {
    at::leaky_relu_backward_out(t.out, t.dy, t.x, rrelu_slope, false);
  });
  add_case<T>("clipped_relu", fwd, [](io& t) { at::hardtanh_out(t.out, t.x, 0, 6); });
  add_case<T>("clipped_relu", bwd,
              [](io& t) { at::hardtanh_backward_out(t.out, t.dy, t.x, 0, 6); });
  add_case<T>("elu", fwd, [](io& t) { at::elu_out(t.out, t.x, 1, 1, 1); });
  add_case<T>("elu", bwd, [](io& t) { at::elu_backward_out(t.out, t.dy, 1, 1, 1, false, t.x); });
  add_case<T>("elu", bwd_y, [](io& t) { at::elu_backward_out(t.out, t.dy, 1, 1, 1, true, t.y); });
  // selu is elu with SELU's alpha and scale (what at::selu calls).
  add_case<T>("selu", fwd, [=](io& t) { at::elu_out(t.out, t.x, selu_alpha, selu_scale, 1); });
  add_case<T>("selu", bwd, [=](io& t) {
    at::elu_backward_out(t.out, t.dy, selu_alpha, selu_scale, 1, false, t.x);
  });
  add_case<T>("selu", bwd_y, [=](io& t) {
    at::elu_backward_out(t.out, t.dy, selu_alpha, selu_scale, 1, true, t.y);
  });
  add_case<T>("gelu", fwd, [](io& t) { at::gelu_out(t.out, t.x, "none"); });
  add_case<T>("gelu", bwd, [](io& t) { at::gelu_backward_out(t.out, t.dy, t.x, "none"); });
  add_case<T>("gelu_tanh", fwd, [](io& t) { at::gelu_out(t.out, t.x, "tanh"); });
  add_case<T>("gelu_tanh", bwd, [](io& t) { at::gelu_backward_out(t.out, t.dy, t.x, "tanh"); });
  for (char const* op : {"swish", "silu"}) {  // swish with beta = 1 is SiLU
    add_case<T>(op, fwd, [](io& t) { at::silu_out(t.out, t.x); });
    add_case<T>(op, bwd, [](io& t) { at::silu_backward_out(t.out, t.dy, t.x); });
  }
  add_case<T>("softplus", fwd, [](io& t) { at::softplus_out(t.out, t.x, 1, 20); });
  add_case<T>("softplus", bwd, [](io& t) { at::softplus_backward_out(t.out, t.dy, t.x, 1, 20); });
  // Softmax family over the last dimension (rows of 1000); backward from the output.
  add_case<T>("softmax", fwd, [](io& t) { at::_softmax_out(t.out, t.x, 1, false); });
  add_case<T>("softmax", bwd, [](io& t) {
    at::_softmax_backward_data_out(t.out, t.dy, t.y, 1, t.x.scalar_type());
  });
  add_case<T>("log_softmax", fwd, [](io& t) { at::_log_softmax_out(t.out, t.x, 1, false); });
  add_case<T>("log_softmax", bwd, [](io& t) {
    at::_log_softmax_backward_data_out(t.out, t.dy, t.y, 1, t.x.scalar_type());
  });
}

}  // namespace

void add_torch_benchmarks() {
  at::set_num_threads(1);
  add_type<float>();
  add_type<double>();
}

}  // namespace xbench
