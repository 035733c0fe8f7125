// SPDX-License-Identifier: MIT
// Inputs, names, registration and the correctness gate of xact_bench (see common.hpp).
#include "common.hpp"

#include "ops.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace xbench {

char const* pass_name(pass p) {
  switch (p) {
    case pass::forward:
      return "forward";
    case pass::backward:
      return "backward";
    case pass::backward_y:
      return "backward_y";
    case pass::fused:
      return "fused";
  }
  return "?";
}

std::size_t streams(pass p) { return p == pass::forward || p == pass::fused ? 2 : 3; }

bool is_vector_op(std::string const& op) { return op == "softmax" || op == "log_softmax"; }

std::size_t elements(std::string const& op, std::size_t n) {
  if (!is_vector_op(op)) return n;
  return std::max<std::size_t>(1, n / softmax_cols) * softmax_cols;
}

template <>
char const* type_name<float>() {
  return "f32";
}
template <>
char const* type_name<double>() {
  return "f64";
}

namespace {

template <class T>
vec<T> const& cached_uniform(std::size_t n, T bound, unsigned seed) {
  static std::map<std::pair<std::size_t, unsigned>, vec<T>> cache;
  auto const key = std::make_pair(n, seed);
  auto it = cache.find(key);
  if (it == cache.end()) {
    std::mt19937_64 gen(seed);
    std::uniform_real_distribution<T> dist(-bound, bound);
    vec<T> v(static_cast<Eigen::Index>(n));
    for (auto& e : v) e = dist(gen);
    it = cache.emplace(key, std::move(v)).first;
  }
  return it->second;
}

}  // namespace

template <class T>
vec<T> const& input_x(std::size_t n) {
  return cached_uniform<T>(n, T(5), 20240601u);
}
template <class T>
vec<T> const& input_dy(std::size_t n) {
  return cached_uniform<T>(n, T(1), 20240602u);
}

namespace {

/// xact's result of op and pass on the first m inputs of x and dy (type T). The passes that
/// take the forward output (backward_y, and the softmax family's backward) take y_given when
/// it is not null instead of computing it from x.
template <class T>
vec<T> compute_reference(std::string const& op, pass p, std::size_t m, vec<T> const& x_all,
                         vec<T> const& dy_all, vec<T> const* y_given = nullptr) {
  auto const idx = static_cast<Eigen::Index>(m);
  auto const x = x_all.head(idx);
  auto const dy = dy_all.head(idx);
  vec<T> out(idx);
  if (is_vector_op(op)) {
    auto const rows = static_cast<Eigen::Index>(m / softmax_cols);
    auto const cols = static_cast<Eigen::Index>(softmax_cols);
    Eigen::Map<rows_t<T> const> xm(x.data(), rows, cols), gm(dy.data(), rows, cols);
    rows_t<T> y, dx;
    bool const log_form = op == "log_softmax";
    if (y_given != nullptr && p != pass::forward)
      y = Eigen::Map<rows_t<T> const>(y_given->data(), rows, cols);
    else if (log_form)
      xact::log_softmax(xm, xact::rowwise, y);
    else
      xact::softmax(xm, xact::rowwise, y);
    if (p == pass::forward) {
      std::copy(y.data(), y.data() + m, out.data());
      return out;
    }
    if (log_form)
      xact::log_softmax_backward(y, gm, xact::rowwise, dx);
    else
      xact::softmax_backward(y, gm, xact::rowwise, dx);
    std::copy(dx.data(), dx.data() + m, out.data());
    return out;
  }
  bool const found = with_elementwise<T>(op, [&](auto const& f) {
    using F = std::decay_t<decltype(f)>;
    switch (p) {
      case pass::forward:
        xact::forward(f, x, out);
        break;
      case pass::fused:
        xact::forward(f, x, out);
        out = out * T(fused_scale) + T(fused_shift);
        break;
      case pass::backward:
        xact::backward(f, x, dy, out);
        break;
      case pass::backward_y:
        if constexpr (xact::has_output_derivative_v<F>) {
          vec<T> const y = y_given != nullptr ? vec<T>(y_given->head(idx)) : xact::forward(f, x);
          xact::backward_from_output(f, y, dy, out);
        } else {
          throw std::logic_error("xact_bench: " + op + " has no backward from the output");
        }
        break;
    }
  });
  if (!found) throw std::logic_error("xact_bench: unknown op " + op);
  return out;
}

}  // namespace

template <class T>
vec<T> const& reference(std::string const& op, pass p, std::size_t n) {
  // Two entries (the softmax family's backward benchmarks also read the forward result):
  // benchmarks are registered grouped by op, pass, type and size (register_all), so the
  // implementations of one group share them, and 16Mi-element results do not pile up.
  struct slot {
    std::string key;
    vec<T> value;
    unsigned long used = 0;
  };
  static slot slots[2];
  static unsigned long clock = 0;
  std::string const wanted = op + "/" + pass_name(p) + "/" + std::to_string(n);
  for (auto& s : slots)
    if (s.key == wanted) {
      s.used = ++clock;
      return s.value;
    }
  slot& s = slots[0].used <= slots[1].used ? slots[0] : slots[1];
  s.key.clear();
  s.value = compute_reference<T>(op, p, elements(op, n), input_x<T>(n), input_dy<T>(n));
  s.key = wanted;
  s.used = ++clock;
  return s.value;
}

std::string name(std::string const& op, pass p, std::string const& impl, char const* type,
                 std::size_t n) {
  return op + "/" + pass_name(p) + "/" + impl + "/" + type + "/" + std::to_string(n);
}

namespace {

struct entry {
  std::string op;
  pass p;
  std::string impl;
  char const* type;
  std::size_t n;
  std::function<void(benchmark::State&)> fn;
};

std::vector<entry>& pending() {
  static std::vector<entry> list;
  return list;
}

// Position of s in order (unknown names last, in the order they came).
std::size_t rank(std::vector<std::string> const& order, std::string const& s) {
  return static_cast<std::size_t>(std::find(order.begin(), order.end(), s) - order.begin());
}

}  // namespace

template <class T>
void add(std::string const& op, pass p, std::string const& impl, std::size_t n,
         std::function<void(benchmark::State&)> fn) {
  pending().push_back({op, p, impl, type_name<T>(), n, std::move(fn)});
}

void register_all() {
  static std::vector<std::string> const ops = {
      "linear",     "binary_step", "sigmoid", "hard_sigmoid", "tanh",     "relu",
      "leaky_relu", "prelu",       "rrelu",   "clipped_relu", "elu",      "selu",
      "gelu",       "gelu_tanh",   "swish",   "silu",         "softplus", "softsign",
      "softmax",    "log_softmax", "memcpy",  "axpy"};
  static std::vector<std::string> const impls = {
      "xact", "xact_lazy", "naive", "eigen", "onednn", "xnnpack", "torch", "memcpy", "loop"};
  auto& list = pending();
  auto const key = [](entry const& e) {
    return std::make_tuple(rank(ops, e.op), static_cast<int>(e.p), std::string(e.type), e.n,
                           rank(impls, e.impl));
  };
  std::stable_sort(list.begin(), list.end(),
                   [&](entry const& a, entry const& b) { return key(a) < key(b); });
  for (auto& e : list)
    benchmark::RegisterBenchmark(name(e.op, e.p, e.impl, e.type, e.n).c_str(),
                                 [fn = std::move(e.fn)](benchmark::State& st) { fn(st); });
  list.clear();
}

// Wide enough for another correct formula (float cancellation in 1 + tanh, exp's tail), tight
// enough to catch a wrong parameter, formula, layout or output: derivatives are O(1).
template <>
tolerance default_tolerance<float>() {
  return {1e-3, 1e-5};
}
template <>
tolerance default_tolerance<double>() {
  return {1e-6, 1e-9};
}

namespace {

/// The distance from got to the exact value want in units in the last place of T at want
/// (subnormal spacing below the normal range); 0 where both are the same NaN or infinity.
template <class T>
double ulp_error(double want, T got) {
  double const g = static_cast<double>(got);
  if (std::isnan(want) || std::isnan(g)) return std::isnan(want) && std::isnan(g) ? 0.0 : INFINITY;
  if (std::isinf(want) || std::isinf(g)) return want == g ? 0.0 : INFINITY;
  int e = 0;
  std::frexp(want, &e);  // |want| in [2^(e-1), 2^e)
  constexpr int digits = std::numeric_limits<T>::digits;
  constexpr int min_exponent = std::numeric_limits<T>::min_exponent;  // 2^(min-1): least normal
  double const ulp = std::ldexp(1.0, std::max(e, min_exponent) - digits);
  return std::fabs(g - want) / ulp;
}

}  // namespace

template <class T>
double max_ulp_error(std::string const& op, pass p, std::size_t n, T const* got) {
  // The inputs, widened exactly, through xact in double: a reference whose own error is ~1
  // double ULP, 2^-29 float ULP. The passes that start from the forward output y start from
  // the float y every implementation is given (xact's), so that the error measured is the
  // pass's own, not the rounding of y amplified.
  std::size_t const m = elements(op, n);
  vec<double> const x = input_x<T>(n).template cast<double>();
  vec<double> const dy = input_dy<T>(n).template cast<double>();
  bool const from_output = p == pass::backward_y || (is_vector_op(op) && p == pass::backward);
  vec<double> y;
  if (from_output) y = reference<T>(op, pass::forward, n).template cast<double>();
  vec<double> const want = compute_reference<double>(op, p, m, x, dy, from_output ? &y : nullptr);
  double worst = 0;
  for (std::size_t i = 0; i < m; ++i)
    worst = std::max(worst, ulp_error<T>(want[static_cast<Eigen::Index>(i)], got[i]));
  return worst;
}

template <class T>
bool gate(benchmark::State& st, std::string const& op, pass p, std::string const& impl,
          std::size_t n, T const* got, tolerance tol) {
  // The float error of each implementation on these inputs, measured once per benchmark name
  // at the cache-resident sizes and reported as the counter max_ulp on every run.
  static std::map<std::string, double> errors;
  std::string const key = name(op, p, impl, type_name<T>(), n);
  if constexpr (std::is_same_v<T, float>) {
    if (n <= error_measure_max_n && p != pass::fused) {
      auto e = errors.find(key);
      if (e == errors.end()) e = errors.emplace(key, max_ulp_error<T>(op, p, n, got)).first;
      st.counters["max_ulp"] = e->second;
    }
  }
  // One verdict per benchmark: Google Benchmark calls the function again for each run length.
  static std::map<std::string, std::string> verdicts;  // "" = passed, else the error
  auto it = verdicts.find(key);
  if (it == verdicts.end()) {
    vec<T> const& want = reference<T>(op, p, n);
    double worst = 0;  // largest |got - want| / (atol + rtol |want|)
    Eigen::Index at = 0;
    for (Eigen::Index i = 0; i < want.size(); ++i) {
      double const w = static_cast<double>(want[i]), g = static_cast<double>(got[i]);
      double const r = std::isnan(w) && std::isnan(g) ? 0.0
                       : w == g                       ? 0.0
                                : std::fabs(g - w) / (tol.atol + tol.rtol * std::fabs(w));
      if (!(r <= worst)) {  // also catches NaN
        worst = std::isnan(r) ? INFINITY : r;
        at = i;
      }
    }
    std::string verdict;
    if (!(worst <= 1.0)) {
      std::ostringstream msg;
      msg.precision(9);
      msg << "correctness gate failed: " << key << " element " << at
          << " (x = " << input_x<T>(n)[at] << ") gives " << got[at] << ", xact gives " << want[at]
          << " (tolerance " << tol.rtol << " rel + " << tol.atol << " abs, error " << worst
          << "x the tolerance); not timed";
      verdict = msg.str();
      std::fprintf(stderr, "xact_bench: %s\n", verdict.c_str());
    } else if (std::getenv("XACT_BENCH_GATE_VERBOSE") != nullptr) {
      std::fprintf(stderr,
                   "xact_bench: gate passed: %s: worst element %ld (x = %.9g): %.9g vs %.9g, %.3g "
                   "of the tolerance\n",
                   key.c_str(), static_cast<long>(at), static_cast<double>(input_x<T>(n)[at]),
                   static_cast<double>(got[at]), static_cast<double>(want[at]), worst);
    }
    it = verdicts.emplace(key, verdict).first;
  }
  if (!it->second.empty()) {
    st.SkipWithError(it->second.c_str());
    return false;
  }
  return true;
}

#define XBENCH_INSTANTIATE(T)                                                            \
  template vec<T> const& input_x<T>(std::size_t);                                        \
  template vec<T> const& input_dy<T>(std::size_t);                                       \
  template vec<T> const& reference<T>(std::string const&, pass, std::size_t);            \
  template void add<T>(std::string const&, pass, std::string const&, std::size_t,        \
                       std::function<void(benchmark::State&)>);                          \
  template bool gate<T>(benchmark::State&, std::string const&, pass, std::string const&, \
                        std::size_t, T const*, tolerance);
XBENCH_INSTANTIATE(float)
XBENCH_INSTANTIATE(double)
#undef XBENCH_INSTANTIATE

}  // namespace xbench
