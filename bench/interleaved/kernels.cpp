// SPDX-License-Identifier: MIT
// One variant of xact for scripts/bench-interleaved: the eager float32 entry points
// (xact::forward, xact::backward on Eigen::Map with a run-time size), exported with C linkage
// so that several variants (the headers of different commits) load into one process.
#include <xact/xact.hpp>

#include <cstddef>

namespace {
using map = Eigen::Map<Eigen::ArrayXf>;
using const_map = Eigen::Map<const Eigen::ArrayXf>;
}  // namespace

#define XACT_INTERLEAVED_OP(NAME, FUNCTOR)                                                        \
  extern "C" void forward_##NAME(const float* x, float* y, std::ptrdiff_t n) {                    \
    xact::forward(FUNCTOR, const_map(x, n), map(y, n));                                           \
  }                                                                                               \
  extern "C" void backward_##NAME(const float* x, const float* dy, float* dx, std::ptrdiff_t n) { \
    xact::backward(FUNCTOR, const_map(x, n), const_map(dy, n), map(dx, n));                       \
  }

XACT_INTERLEAVED_OP(sigmoid, xact::sigmoid<float>{})
XACT_INTERLEAVED_OP(hard_sigmoid, xact::hard_sigmoid<float>{})
XACT_INTERLEAVED_OP(tanh, xact::tanh<float>{})
XACT_INTERLEAVED_OP(relu, xact::relu<float>{})
XACT_INTERLEAVED_OP(leaky_relu, xact::leaky_relu<float>{})
XACT_INTERLEAVED_OP(prelu, xact::prelu<float>{})
XACT_INTERLEAVED_OP(rrelu, xact::rrelu<float>{})
XACT_INTERLEAVED_OP(clipped_relu, xact::clipped_relu<float>{})
XACT_INTERLEAVED_OP(elu, xact::elu<float>{})
XACT_INTERLEAVED_OP(selu, xact::selu<float>{})
XACT_INTERLEAVED_OP(gelu, xact::gelu<float>{})
XACT_INTERLEAVED_OP(gelu_tanh, xact::gelu_tanh<float>{})
XACT_INTERLEAVED_OP(swish, xact::swish<float>{})
XACT_INTERLEAVED_OP(silu, xact::silu<float>{})
XACT_INTERLEAVED_OP(softplus, xact::softplus<float>{})
XACT_INTERLEAVED_OP(softsign, xact::softsign<float>{})
