// SPDX-License-Identifier: MIT
// xact_instr_count <op> <pass> <n>: one eager xact pass over n floats, for instruction counts
// under callgrind (scripts/callgrind-counts). Only xact_instr_region is meant to be counted
// (valgrind --tool=callgrind --toggle-collect=xact_instr_region); running it with n = 0 gives
// the fixed cost (parameter checks, shape checks) to subtract. Prints a checksum of the
// output so that the call cannot be optimized away.
//
//   op:   an element-wise functor name (relu, sigmoid, tanh, gelu, swish, softplus, elu, ...)
//   pass: forward (y = f(x)) | backward (dx = dy * f'(x)) | backward_y (dx = dy * f'(y))
#include <xact/xact.hpp>

#include <Eigen/Core>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <tuple>

// The counted region: calls run(ctx) and nothing else. C linkage keeps the symbol name plain
// for --toggle-collect; noinline keeps it a real call.
extern "C" __attribute__((noinline)) void xact_instr_region(void (*run)(void*), void* ctx) {
  run(ctx);
}

namespace {

using array = Eigen::ArrayXf;

struct buffers {
  array x, dy, y, dx;
};

template <class F>
struct job {
  F f;
  buffers* b;
};

template <class F>
void run_forward(void* p) {
  auto* j = static_cast<job<F>*>(p);
  xact::forward(j->f, j->b->x, j->b->y);
}

template <class F>
void run_backward(void* p) {
  auto* j = static_cast<job<F>*>(p);
  xact::backward(j->f, j->b->x, j->b->dy, j->b->dx);
}

template <class F>
void run_backward_y(void* p) {
  auto* j = static_cast<job<F>*>(p);
  if constexpr (xact::has_output_derivative_v<F>) {
    xact::backward_from_output(j->f, j->b->y, j->b->dy, j->b->dx);
  }
}

// Fills the inputs (x uniform in [-5, 5], dy in [-1, 1], fixed seed, as the benchmarks do),
// runs the pass once inside the counted region and returns the sum of the output.
template <class F>
int run(F const& f, std::string const& pass, Eigen::Index n) {
  buffers b{array(n), array(n), array(n), array(n)};
  std::mt19937 rng(12345);
  std::uniform_real_distribution<float> ux(-5.0f, 5.0f), ug(-1.0f, 1.0f);
  for (Eigen::Index i = 0; i < n; ++i) {
    b.x(i) = ux(rng);
    b.dy(i) = ug(rng);
  }
  job<F> j{f, &b};
  array const* out = &b.dx;
  if (pass == "forward") {
    xact_instr_region(&run_forward<F>, &j);
    out = &b.y;
  } else if (pass == "backward") {
    xact_instr_region(&run_backward<F>, &j);
  } else if (pass == "backward_y") {
    if constexpr (!xact::has_output_derivative_v<F>) {
      std::fprintf(stderr, "xact_instr_count: %s has no derivative from the output\n", F::name);
      return 2;
    } else {
      xact::forward(f, b.x, b.y);  // outside the counted region
      xact_instr_region(&run_backward_y<F>, &j);
    }
  } else {
    std::fprintf(stderr, "xact_instr_count: unknown pass '%s'\n", pass.c_str());
    return 2;
  }
  std::printf("%s %s %ld checksum %.9g\n", F::name, pass.c_str(), long(n),
              n > 0 ? out->cast<double>().sum() : 0.0);
  return 0;
}

// Every element-wise functor at its default parameters, looked up by F::name.
using functors = std::tuple<xact::linear<float>, xact::binary_step<float>, xact::sigmoid<float>,
                            xact::hard_sigmoid<float>, xact::tanh<float>, xact::relu<float>,
                            xact::leaky_relu<float>, xact::prelu<float>, xact::rrelu<float>,
                            xact::clipped_relu<float>, xact::elu<float>, xact::selu<float>,
                            xact::gelu<float>, xact::gelu_tanh<float>, xact::swish<float>,
                            xact::silu<float>, xact::softplus<float>, xact::softsign<float>>;

template <class... F>
int dispatch(std::tuple<F...> const*, std::string const& op, std::string const& pass,
             Eigen::Index n) {
  int rc = -1;
  ((rc < 0 && op == F::name ? (rc = run(F{}, pass, n)) : 0), ...);
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s <op> <forward|backward|backward_y> <n>\n", argv[0]);
    return 2;
  }
  long const n = std::strtol(argv[3], nullptr, 10);
  if (n < 0) {
    std::fprintf(stderr, "xact_instr_count: n must be >= 0\n");
    return 2;
  }
  int const rc = dispatch(static_cast<functors const*>(nullptr), argv[1], argv[2], Eigen::Index(n));
  if (rc < 0) std::fprintf(stderr, "xact_instr_count: unknown op '%s'\n", argv[1]);
  return rc < 0 ? 2 : rc;
}
