// SPDX-License-Identifier: MIT
// Bandwidth references: memcpy (read x, write y) and axpy y = a x + b as a plain loop, the
// cheapest element-wise forward pass there is.
#include "common.hpp"
#include "impls.hpp"

#include <cstring>

namespace xbench {
namespace {

template <class T>
void add_type() {
  for (std::size_t n : sizes) {
    add<T>("memcpy", pass::forward, "memcpy", n, [n](benchmark::State& st) {
      T const* x = input_x<T>(n).data();
      vec<T> y = unwritten<T>(n);  // pages touched before timing, as for every implementation
      for (auto _ : st) {
        std::memcpy(y.data(), x, n * sizeof(T));
        keep(y.data());
      }
      set_counters<T>(st, n, pass::forward);
    });
    add<T>("axpy", pass::forward, "loop", n, [n](benchmark::State& st) {
      T const* x = input_x<T>(n).data();
      vec<T> out = unwritten<T>(n);  // pages touched before timing
      T* y = out.data();
      T const a = T(1.5), b = T(0.25);
      for (auto _ : st) {
        for (std::size_t i = 0; i < n; ++i) y[i] = a * x[i] + b;
        keep(y);
      }
      set_counters<T>(st, n, pass::forward);
    });
  }
}

}  // namespace

void add_bandwidth_benchmarks() {
  add_type<float>();
  add_type<double>();
}

}  // namespace xbench
