// SPDX-License-Identifier: MIT
// Shared pieces of xact_bench: sizes, cached inputs, benchmark names, counters, registration
// and the correctness gate that every non-xact implementation passes before it is timed.
#ifndef XACT_BENCH_COMMON_HPP
#define XACT_BENCH_COMMON_HPP

#include <Eigen/Core>
#include <benchmark/benchmark.h>

#include <array>
#include <cstddef>
#include <functional>
#include <limits>
#include <string>

#ifdef XACT_OPENMP
#include <omp.h>
#endif

namespace xbench {

/// Element counts of every benchmark: L1, L2, L3-ish and DRAM-sized arrays.
inline constexpr std::array<std::size_t, 4> sizes = {4096, 65536, 1048576, 16777216};

/// Columns of the softmax family: n elements become max(1, n / 1000) rows of 1000 columns.
inline constexpr std::size_t softmax_cols = 1000;

/// fused: y = f(x) * fused_scale + fused_shift, the activation inside a larger expression
/// (impl xact_lazy: one fused Eigen expression; impl xact: f(x) evaluated into a temporary).
enum class pass { forward, backward, backward_y, fused };

inline constexpr double fused_scale = 1.5;
inline constexpr double fused_shift = 0.25;

template <class T>
using vec = Eigen::Array<T, Eigen::Dynamic, 1>;
template <class T>
using rows_t = Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

char const* pass_name(pass p);
std::size_t streams(pass p);               // arrays read or written per element
bool is_vector_op(std::string const& op);  // softmax or log_softmax
/// Elements actually processed for op at the nominal size n (softmax: whole rows).
std::size_t elements(std::string const& op, std::size_t n);

template <class T>
char const* type_name();

/// Inputs of size n, generated once (fixed seed): x uniform in [-5, 5], dy uniform in [-1, 1].
template <class T>
vec<T> const& input_x(std::size_t n);
template <class T>
vec<T> const& input_dy(std::size_t n);

/// xact's (eager) result of op/pass on the first elements(op, n) inputs of size n: the reference
/// of the correctness gate. For backward_y the input y is reference(op, forward, n).
template <class T>
vec<T> const& reference(std::string const& op, pass p, std::size_t n);

/// `<op>/<pass>/<impl>/<type>/<n>`.
std::string name(std::string const& op, pass p, std::string const& impl, char const* type,
                 std::size_t n);

/// Queues fn under name(op, p, impl, type_name<T>(), n); register_all() hands the queue to
/// Google Benchmark grouped by op, pass, type and size, so that the implementations of one
/// case run next to each other.
template <class T>
void add(std::string const& op, pass p, std::string const& impl, std::size_t n,
         std::function<void(benchmark::State&)> fn);
void register_all();

/// A gated output: m quiet NaNs, so that a call that writes nothing (or only part) cannot pass
/// the gate on whatever an earlier benchmark left in recycled memory.
template <class T>
vec<T> unwritten(std::size_t m) {
  return vec<T>::Constant(static_cast<Eigen::Index>(m), std::numeric_limits<T>::quiet_NaN());
}

/// Items and bytes processed for `elems` elements per iteration.
template <class T>
void set_counters(benchmark::State& st, std::size_t elems, pass p) {
  auto const it = static_cast<int64_t>(st.iterations());
  st.SetItemsProcessed(it * static_cast<int64_t>(elems));
  st.SetBytesProcessed(it * static_cast<int64_t>(elems * sizeof(T) * streams(p)));
}

/// Tolerances of the gate: |got - want| <= atol + rtol |want| element by element.
struct tolerance {
  double rtol;
  double atol;
};
template <class T>
tolerance default_tolerance();

/// Largest size at which gate() also measures each float implementation's error.
inline constexpr std::size_t error_measure_max_n = 65536;

/// Compares got[0 .. elements(op, n)) with reference<T>(op, p, n) once per benchmark name;
/// on a mismatch prints the worst element to stderr, calls st.SkipWithError and returns false
/// (the caller must then return without entering the timed loop). For float at n <=
/// error_measure_max_n (forward and backward passes) it also sets the counter max_ulp: the
/// largest error of got in float ULP against xact evaluated in double on the same inputs.
template <class T>
bool gate(benchmark::State& st, std::string const& op, pass p, std::string const& impl,
          std::size_t n, T const* got, tolerance tol = default_tolerance<T>());

/// Threads of the implementation "xact_par" (xact built with XACT_OPENMP).
inline constexpr int par_threads = 2;

/// Within its scope, xact's eager calls may use up to n OpenMP threads (1: serial, as the
/// implementation "xact" is measured); the previous count is restored on exit. Without
/// XACT_OPENMP it does nothing.
class omp_threads {
 public:
  explicit omp_threads(int n) {
#ifdef XACT_OPENMP
    saved_ = omp_get_max_threads();
    omp_set_num_threads(n);
#else
    (void)n;
#endif
  }
  ~omp_threads() {
#ifdef XACT_OPENMP
    omp_set_num_threads(saved_);
#endif
  }
  omp_threads(omp_threads const&) = delete;
  omp_threads& operator=(omp_threads const&) = delete;

 private:
  int saved_ = 1;
};

/// Keeps the compiler from dropping the stores of a timed call.
inline void keep(void const* p) {
  benchmark::DoNotOptimize(p);
  benchmark::ClobberMemory();
}

}  // namespace xbench

#endif  // XACT_BENCH_COMMON_HPP
