// SPDX-License-Identifier: MIT
// xact itself: eager (xact::forward / backward / backward_from_output into preallocated
// arrays, softmax family included) and lazy (unaryExpr with xact::eigen::op / derivative_op);
// with XACT_OPENMP also xact_par: the eager element-wise calls on par_threads threads (the
// impl "xact" stays single-threaded).
#include "common.hpp"
#include "impls.hpp"
#include "ops.hpp"

#include <type_traits>

namespace xbench {
namespace {

template <class T, class F>
void add_elementwise(char const* op, F const& f) {
  for (std::size_t n : sizes) {
    add<T>(op, pass::forward, "xact", n, [f, op, n](benchmark::State& st) {
      omp_threads const serial(1);
      vec<T> const& x = input_x<T>(n);
      vec<T> y = unwritten<T>(n);
      xact::forward(f, x, y);  // untimed first call: the output's pages are touched here, as
                               // the other implementations' gate calls touch theirs
      // xact is the gate's reference: this call only records its error (max_ulp).
      if (!gate<T>(st, op, pass::forward, "xact", n, y.data())) return;
      for (auto _ : st) {
        xact::forward(f, x, y);
        keep(y.data());
      }
      set_counters<T>(st, n, pass::forward);
    });
    add<T>(op, pass::forward, "xact_lazy", n, [f, op, n](benchmark::State& st) {
      vec<T> const& x = input_x<T>(n);
      vec<T> y = unwritten<T>(n);
      y = x.unaryExpr(xact::eigen::op(f));
      if (!gate<T>(st, op, pass::forward, "xact_lazy", n, y.data())) return;
      for (auto _ : st) {
        y = x.unaryExpr(xact::eigen::op(f));
        keep(y.data());
      }
      set_counters<T>(st, n, pass::forward);
    });
    add<T>(op, pass::backward, "xact", n, [f, op, n](benchmark::State& st) {
      omp_threads const serial(1);
      vec<T> const& x = input_x<T>(n);
      vec<T> const& dy = input_dy<T>(n);
      vec<T> dx = unwritten<T>(n);
      xact::backward(f, x, dy, dx);  // untimed first call (see forward)
      if (!gate<T>(st, op, pass::backward, "xact", n, dx.data())) return;
      for (auto _ : st) {
        xact::backward(f, x, dy, dx);
        keep(dx.data());
      }
      set_counters<T>(st, n, pass::backward);
    });
    add<T>(op, pass::backward, "xact_lazy", n, [f, op, n](benchmark::State& st) {
      vec<T> const& x = input_x<T>(n);
      vec<T> const& dy = input_dy<T>(n);
      vec<T> dx = unwritten<T>(n);
      dx = dy * x.unaryExpr(xact::eigen::derivative_op(f));
      if (!gate<T>(st, op, pass::backward, "xact_lazy", n, dx.data())) return;
      for (auto _ : st) {
        dx = dy * x.unaryExpr(xact::eigen::derivative_op(f));
        keep(dx.data());
      }
      set_counters<T>(st, n, pass::backward);
    });
#ifdef XACT_OPENMP
    add<T>(op, pass::forward, "xact_par", n, [f, op, n](benchmark::State& st) {
      omp_threads const parallel(par_threads);
      vec<T> const& x = input_x<T>(n);
      vec<T> y = unwritten<T>(n);
      xact::forward(f, x, y);
      if (!gate<T>(st, op, pass::forward, "xact_par", n, y.data())) return;
      for (auto _ : st) {
        xact::forward(f, x, y);
        keep(y.data());
      }
      set_counters<T>(st, n, pass::forward);
    });
    add<T>(op, pass::backward, "xact_par", n, [f, op, n](benchmark::State& st) {
      omp_threads const parallel(par_threads);
      vec<T> const& x = input_x<T>(n);
      vec<T> const& dy = input_dy<T>(n);
      vec<T> dx = unwritten<T>(n);
      xact::backward(f, x, dy, dx);
      if (!gate<T>(st, op, pass::backward, "xact_par", n, dx.data())) return;
      for (auto _ : st) {
        xact::backward(f, x, dy, dx);
        keep(dx.data());
      }
      set_counters<T>(st, n, pass::backward);
    });
#endif
    // The activation inside an expression: fused (lazy unaryExpr, one pass, no temporary)
    // against evaluating it into a preallocated temporary first. float only.
    if constexpr (std::is_same_v<T, float>) {
      add<T>(op, pass::fused, "xact_lazy", n, [f, op, n](benchmark::State& st) {
        vec<T> const& x = input_x<T>(n);
        vec<T> y = unwritten<T>(n);
        auto const fused = [&] {
          y = x.unaryExpr(xact::eigen::op(f)) * T(fused_scale) + T(fused_shift);
        };
        fused();
        if (!gate<T>(st, op, pass::fused, "xact_lazy", n, y.data())) return;
        for (auto _ : st) {
          fused();
          keep(y.data());
        }
        set_counters<T>(st, n, pass::fused);
      });
      add<T>(op, pass::fused, "xact", n, [f, op, n](benchmark::State& st) {
        omp_threads const serial(1);
        vec<T> const& x = input_x<T>(n);
        vec<T> y = unwritten<T>(n), t = unwritten<T>(n);
        auto const two_passes = [&] {
          xact::forward(f, x, t);
          y = t * T(fused_scale) + T(fused_shift);
        };
        two_passes();
        if (!gate<T>(st, op, pass::fused, "xact", n, y.data())) return;
        for (auto _ : st) {
          two_passes();
          keep(y.data());
        }
        set_counters<T>(st, n, pass::fused);
      });
    }
    if constexpr (xact::has_output_derivative_v<F>) {
      add<T>(op, pass::backward_y, "xact", n, [f, op, n](benchmark::State& st) {
        omp_threads const serial(1);
        vec<T> const y = xact::forward(f, input_x<T>(n));
        vec<T> const& dy = input_dy<T>(n);
        vec<T> dx = unwritten<T>(n);
        xact::backward_from_output(f, y, dy, dx);  // untimed first call (see forward)
        if (!gate<T>(st, op, pass::backward_y, "xact", n, dx.data())) return;
        for (auto _ : st) {
          xact::backward_from_output(f, y, dy, dx);
          keep(dx.data());
        }
        set_counters<T>(st, n, pass::backward_y);
      });
    }
  }
}

template <class T>
void add_softmax(char const* op) {
  bool const log_form = std::string(op) == "log_softmax";
  for (std::size_t n : sizes) {
    std::size_t const m = elements(op, n);
    auto const rows = static_cast<Eigen::Index>(m / softmax_cols);
    auto const cols = static_cast<Eigen::Index>(softmax_cols);
    add<T>(op, pass::forward, "xact", n, [=](benchmark::State& st) {
      Eigen::Map<rows_t<T> const> x(input_x<T>(n).data(), rows, cols);
      rows_t<T> y = rows_t<T>::Constant(rows, cols, std::numeric_limits<T>::quiet_NaN());
      if (log_form)  // untimed first call (see add_elementwise)
        xact::log_softmax(x, xact::rowwise, y);
      else
        xact::softmax(x, xact::rowwise, y);
      if (!gate<T>(st, op, pass::forward, "xact", n, y.data())) return;
      for (auto _ : st) {
        if (log_form)
          xact::log_softmax(x, xact::rowwise, y);
        else
          xact::softmax(x, xact::rowwise, y);
        keep(y.data());
      }
      set_counters<T>(st, m, pass::forward);
    });
    // The softmax family's backward pass takes the output y (as every library's does).
    add<T>(op, pass::backward, "xact", n, [=](benchmark::State& st) {
      Eigen::Map<rows_t<T> const> y(reference<T>(op, pass::forward, n).data(), rows, cols);
      rows_t<T> const yc = y;  // own copy: the reference cache moves on
      Eigen::Map<rows_t<T> const> dy(input_dy<T>(n).data(), rows, cols);
      rows_t<T> dx = rows_t<T>::Constant(rows, cols, std::numeric_limits<T>::quiet_NaN());
      if (log_form)  // untimed first call (see add_elementwise)
        xact::log_softmax_backward(yc, dy, xact::rowwise, dx);
      else
        xact::softmax_backward(yc, dy, xact::rowwise, dx);
      if (!gate<T>(st, op, pass::backward, "xact", n, dx.data())) return;
      for (auto _ : st) {
        if (log_form)
          xact::log_softmax_backward(yc, dy, xact::rowwise, dx);
        else
          xact::softmax_backward(yc, dy, xact::rowwise, dx);
        keep(dx.data());
      }
      set_counters<T>(st, m, pass::backward);
    });
  }
}

template <class T>
void add_type() {
  for_each_elementwise<T>([](char const* op, auto const& f) { add_elementwise<T>(op, f); });
  add_softmax<T>("softmax");
  add_softmax<T>("log_softmax");
}

}  // namespace

void add_xact_benchmarks() {
  add_type<float>();
  add_type<double>();
}

}  // namespace xbench
