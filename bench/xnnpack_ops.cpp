// SPDX-License-Identifier: MIT
// impl "xnnpack": XNNPACK's f32 NC operators (forward only: it is an inference library), made
// and set up outside the timed loop, run without a threadpool (single-threaded). It covers
// sigmoid, relu and clipped_relu (clamp), leaky_relu, prelu, rrelu (leaky with the mean slope),
// elu and softmax.
#include "common.hpp"
#include "impls.hpp"

#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>
#include <xnnpack.h>

namespace xbench {
namespace {

/// Creates the operator for `channels` channels (input and output strides = channels).
using creator = std::function<xnn_status(std::size_t channels, xnn_operator_t*)>;
/// Sets it up for `batch` rows from x to y.
using setup = std::function<xnn_status(xnn_operator_t, std::size_t batch, float const*, float*)>;

struct op_deleter {
  void operator()(xnn_operator_t op) const { xnn_delete_operator(op); }
};

/// channels: 0 = the whole array as one row-major block of 1-channel rows (element-wise).
void add_case(char const* op, std::size_t channels, creator create, setup set) {
  for (std::size_t n : sizes) {
    add<float>(op, pass::forward, "xnnpack", n, [=](benchmark::State& st) {
      std::size_t const m = elements(op, n);
      std::size_t const c = channels == 0 ? 1 : channels, batch = m / c;
      vec<float> out = unwritten<float>(m);
      xnn_operator_t raw = nullptr;
      if (create(c, &raw) != xnn_status_success) {
        st.SkipWithError("XNNPACK: operator creation failed");
        return;
      }
      std::unique_ptr<xnn_operator, op_deleter> const guard(raw);
      if (set(raw, batch, input_x<float>(n).data(), out.data()) != xnn_status_success ||
          xnn_run_operator(raw, nullptr) != xnn_status_success) {
        st.SkipWithError("XNNPACK: setup or run failed");
        return;
      }
      if (!gate<float>(st, op, pass::forward, "xnnpack", n, out.data())) return;
      for (auto _ : st) {
        xnn_run_operator(raw, nullptr);
        keep(out.data());
      }
      set_counters<float>(st, m, pass::forward);
    });
  }
}

void add_leaky(char const* op, float slope) {
  add_case(
      op, 0,
      [slope](std::size_t c, xnn_operator_t* o) {
        return xnn_create_leaky_relu_nc_f32(c, c, c, slope, 0, o);
      },
      [](xnn_operator_t o, std::size_t b, float const* x, float* y) {
        return xnn_setup_leaky_relu_nc_f32(o, b, x, y, nullptr);
      });
}

void add_clamp(char const* op, float lo, float hi) {
  add_case(
      op, 0,
      [lo, hi](std::size_t c, xnn_operator_t* o) {
        return xnn_create_clamp_nc_f32(c, c, c, lo, hi, 0, o);
      },
      [](xnn_operator_t o, std::size_t b, float const* x, float* y) {
        return xnn_setup_clamp_nc_f32(o, b, x, y, nullptr);
      });
}

}  // namespace

void add_xnnpack_benchmarks() {
  if (xnn_initialize(nullptr) != xnn_status_success) {
    std::fprintf(stderr,
                 "xact_bench: xnn_initialize failed (unsupported CPU?); no XNNPACK "
                 "benchmarks\n");
    return;
  }
  add_case(
      "sigmoid", 0,
      [](std::size_t c, xnn_operator_t* o) { return xnn_create_sigmoid_nc_f32(c, c, c, 0, o); },
      [](xnn_operator_t o, std::size_t b, float const* x, float* y) {
        return xnn_setup_sigmoid_nc_f32(o, b, x, y, nullptr);
      });
  add_clamp("relu", 0.f, INFINITY);
  add_clamp("clipped_relu", 0.f, 6.f);
  add_leaky("leaky_relu", 0.01f);
  add_leaky("rrelu", 11.f / 48.f);  // evaluation form: the mean of 1/8 and 1/3
  // PReLU is per channel: 64 channels (every size is a multiple of 64), all slopes 0.25.
  static std::vector<float> const prelu_slopes(64, 0.25f);
  add_case(
      "prelu", prelu_slopes.size(),
      [](std::size_t c, xnn_operator_t* o) {
        return xnn_create_prelu_nc_f32(c, c, c, prelu_slopes.data(), 0, o);
      },
      [](xnn_operator_t o, std::size_t b, float const* x, float* y) {
        return xnn_setup_prelu_nc_f32(o, b, x, y, nullptr);
      });
  add_case(
      "elu", 0,
      [](std::size_t c, xnn_operator_t* o) { return xnn_create_elu_nc_f32(c, c, c, 1.f, 0, o); },
      [](xnn_operator_t o, std::size_t b, float const* x, float* y) {
        return xnn_setup_elu_nc_f32(o, b, x, y, nullptr);
      });
  add_case(
      "softmax", softmax_cols,
      [](std::size_t c, xnn_operator_t* o) { return xnn_create_softmax_nc_f32(c, c, c, 0, o); },
      [](xnn_operator_t o, std::size_t b, float const* x, float* y) {
        return xnn_setup_softmax_nc_f32(o, b, x, y, nullptr);
      });
}

}  // namespace xbench
