// SPDX-License-Identifier: MIT
// impl "onednn": oneDNN 2.x eltwise, softmax and logsoftmax primitives on the CPU engine, f32
// only (its CPU eltwise kernels have no f64). Primitives and memory objects (wrapping
// xact_bench's arrays) are made outside the timed loop; run with OMP_NUM_THREADS=1.
#include "common.hpp"
#include "impls.hpp"

#include <dnnl.hpp>
#include <optional>
#include <string>
#include <unordered_map>

namespace xbench {
namespace {

using alg = dnnl::algorithm;
using tag = dnnl::memory::format_tag;
using dt = dnnl::memory::data_type;

struct context {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
};
context& ctx() {
  static context c;
  return c;
}

/// A ready primitive and its arguments.
struct call {
  dnnl::primitive prim;
  std::unordered_map<int, dnnl::memory> args;
  void run() {
    prim.execute(ctx().stream, args);
    ctx().stream.wait();
  }
};

dnnl::memory wrap(dnnl::memory::desc const& md, float const* p) {
  return dnnl::memory(md, ctx().engine, const_cast<float*>(p));  // inputs: never written
}

/// One element-wise op: oneDNN algorithm and its alpha/beta; backward from x with the same
/// algorithm, backward from y with `from_y` (a *_use_dst_for_bwd algorithm) when set.
struct eltwise {
  char const* op;
  alg algorithm;
  float alpha = 0, beta = 0;
  std::optional<alg> from_y = std::nullopt;
};

call make_eltwise(eltwise const& e, pass p, float const* x, float const* dy, float const* y,
                  float* out, std::size_t n) {
  auto& c = ctx();
  dnnl::memory::desc const md({static_cast<dnnl::memory::dim>(n)}, dt::f32, tag::a);
  dnnl::memory const dst(md, c.engine, out);
  if (p == pass::forward) {
    dnnl::eltwise_forward::primitive_desc const pd(
        {dnnl::prop_kind::forward_inference, e.algorithm, md, e.alpha, e.beta}, c.engine);
    return {dnnl::eltwise_forward(pd), {{DNNL_ARG_SRC, wrap(md, x)}, {DNNL_ARG_DST, dst}}};
  }
  alg const a = p == pass::backward_y ? *e.from_y : e.algorithm;
  dnnl::eltwise_forward::primitive_desc const hint(
      {dnnl::prop_kind::forward_training, a, md, e.alpha, e.beta}, c.engine);
  dnnl::eltwise_backward::primitive_desc const pd({a, md, md, e.alpha, e.beta}, c.engine, hint);
  return {dnnl::eltwise_backward(pd),
          {{p == pass::backward_y ? DNNL_ARG_DST : DNNL_ARG_SRC,
            wrap(md, p == pass::backward_y ? y : x)},
           {DNNL_ARG_DIFF_DST, wrap(md, dy)},
           {DNNL_ARG_DIFF_SRC, dst}}};
}

/// Softmax or log-softmax over rows of softmax_cols; backward from the output.
call make_softmax(bool log_form, pass p, float const* x, float const* dy, float const* y,
                  float* out, std::size_t m) {
  auto& c = ctx();
  dnnl::memory::desc const md({static_cast<dnnl::memory::dim>(m / softmax_cols),
                               static_cast<dnnl::memory::dim>(softmax_cols)},
                              dt::f32, tag::ab);
  dnnl::memory const dst(md, c.engine, out);
  auto const kind =
      p == pass::forward ? dnnl::prop_kind::forward_inference : dnnl::prop_kind::forward_training;
  if (log_form) {
    dnnl::logsoftmax_forward::primitive_desc const fwd({kind, md, 1}, c.engine);
    if (p == pass::forward)
      return {dnnl::logsoftmax_forward(fwd), {{DNNL_ARG_SRC, wrap(md, x)}, {DNNL_ARG_DST, dst}}};
    dnnl::logsoftmax_backward::primitive_desc const bwd({md, md, 1}, c.engine, fwd);
    return {
        dnnl::logsoftmax_backward(bwd),
        {{DNNL_ARG_DST, wrap(md, y)}, {DNNL_ARG_DIFF_DST, wrap(md, dy)}, {DNNL_ARG_DIFF_SRC, dst}}};
  }
  dnnl::softmax_forward::primitive_desc const fwd({kind, md, 1}, c.engine);
  if (p == pass::forward)
    return {dnnl::softmax_forward(fwd), {{DNNL_ARG_SRC, wrap(md, x)}, {DNNL_ARG_DST, dst}}};
  dnnl::softmax_backward::primitive_desc const bwd({md, md, 1}, c.engine, fwd);
  return {
      dnnl::softmax_backward(bwd),
      {{DNNL_ARG_DST, wrap(md, y)}, {DNNL_ARG_DIFF_DST, wrap(md, dy)}, {DNNL_ARG_DIFF_SRC, dst}}};
}

template <class Make>
void add_case(char const* op, pass p, Make make) {
  for (std::size_t n : sizes) {
    add<float>(op, p, "onednn", n, [op, p, n, make](benchmark::State& st) {
      std::size_t const m = elements(op, n);
      vec<float> y;
      if (p != pass::forward) y = reference<float>(op, pass::forward, n);
      vec<float> out = unwritten<float>(m);
      std::optional<call> c;
      try {
        c = make(p, input_x<float>(n).data(), input_dy<float>(n).data(), y.data(), out.data(), m);
        c->run();
      } catch (dnnl::error const& e) {
        st.SkipWithError((std::string("oneDNN call failed: ") + e.what()).c_str());
        return;
      }
      if (!gate<float>(st, op, p, "onednn", n, out.data())) return;
      for (auto _ : st) {
        c->run();
        keep(out.data());
      }
      set_counters<float>(st, m, p);
    });
  }
}

}  // namespace

void add_onednn_benchmarks() {
  // Not here: binary_step, softsign (no algorithm), hard_sigmoid and selu (oneDNN 2.6 has no
  // algorithm for them, and composing them with an eltwise post-op selects the ref:any
  // implementation, which in 2.6.3 left dst unwritten: the gate caught it).
  eltwise const ops[] = {
      {"linear", alg::eltwise_linear, 1.f, 0.f},
      {"sigmoid", alg::eltwise_logistic, 0.f, 0.f, alg::eltwise_logistic_use_dst_for_bwd},
      {"tanh", alg::eltwise_tanh, 0.f, 0.f, alg::eltwise_tanh_use_dst_for_bwd},
      {"relu", alg::eltwise_relu, 0.f, 0.f, alg::eltwise_relu_use_dst_for_bwd},
      {"leaky_relu", alg::eltwise_relu, 0.01f, 0.f, alg::eltwise_relu_use_dst_for_bwd},
      // prelu with one shared slope and rrelu's evaluation form are relu with that slope.
      {"prelu", alg::eltwise_relu, 0.25f, 0.f, alg::eltwise_relu_use_dst_for_bwd},
      {"rrelu", alg::eltwise_relu, 11.f / 48.f, 0.f, alg::eltwise_relu_use_dst_for_bwd},
      {"clipped_relu", alg::eltwise_clip_v2, 0.f, 6.f, alg::eltwise_clip_v2_use_dst_for_bwd},
      {"elu", alg::eltwise_elu, 1.f, 0.f, alg::eltwise_elu_use_dst_for_bwd},
      {"gelu", alg::eltwise_gelu_erf},
      {"gelu_tanh", alg::eltwise_gelu_tanh},
      {"swish", alg::eltwise_swish, 1.f},
      {"silu", alg::eltwise_swish, 1.f},
      // soft_relu is log(1 + e^x) (beta 1, no linear threshold: the same to float precision).
      {"softplus", alg::eltwise_soft_relu},
  };
  for (eltwise const& e : ops) {
    auto const make = [e](pass p, float const* x, float const* dy, float const* y, float* out,
                          std::size_t m) { return make_eltwise(e, p, x, dy, y, out, m); };
    add_case(e.op, pass::forward, make);
    add_case(e.op, pass::backward, make);
    if (e.from_y) add_case(e.op, pass::backward_y, make);
  }
  for (bool log_form : {false, true}) {
    auto const make = [log_form](pass p, float const* x, float const* dy, float const* y,
                                 float* out, std::size_t m) {
      return make_softmax(log_form, p, x, dy, y, out, m);
    };
    char const* op = log_form ? "log_softmax" : "softmax";
    add_case(op, pass::forward, make);
    add_case(op, pass::backward, make);
  }
}

}  // namespace xbench
