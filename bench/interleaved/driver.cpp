// SPDX-License-Identifier: MIT
// Driver of scripts/bench-interleaved: loads several builds of bench/interleaved/kernels.cpp
// (shared objects, one per variant of the headers) and times their kernels in alternation,
// trial by trial, so that every variant sees the same state of a shared, noisy machine; the
// minimum over the trials is reported, in ns per element.
//
// usage: xact_interleaved N forward|backward OP[,OP...] VARIANT.so...
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

using forward_fn = void (*)(const float*, float*, std::ptrdiff_t);
using backward_fn = void (*)(const float*, const float*, float*, std::ptrdiff_t);

constexpr int trials = 300;

std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');) out.push_back(item);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s N forward|backward OP[,OP...] VARIANT.so...\n", argv[0]);
    return 2;
  }
  const long n_arg = std::atol(argv[1]);
  if (n_arg <= 0) {
    std::fprintf(stderr, "%s: N must be a positive element count\n", argv[0]);
    return 2;
  }
  const auto n = static_cast<std::ptrdiff_t>(n_arg);
  const std::string pass = argv[2];
  if (pass != "forward" && pass != "backward") {
    std::fprintf(stderr, "%s: the pass must be forward or backward, got %s\n", argv[0], argv[2]);
    return 2;
  }
  std::vector<void*> variants;
  for (int i = 4; i < argc; ++i) {
    void* handle = dlopen(argv[i], RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      std::fprintf(stderr, "%s: %s\n", argv[0], dlerror());
      return 1;
    }
    variants.push_back(handle);
  }
  // x uniform in [-5, 5] and dy in [-1, 1], as xact_bench; 16 floats of slack past the end.
  std::vector<float> x(static_cast<std::size_t>(n) + 16), dy(x.size()), out(x.size());
  std::mt19937 engine(1);
  std::uniform_real_distribution<float> ux(-5.0f, 5.0f), udy(-1.0f, 1.0f);
  for (float& v : x) v = ux(engine);
  for (float& v : dy) v = udy(engine);
  // About 200,000 elements per timed trial, so that a trial lasts tens of microseconds.
  const long calls = std::max(1L, 200000L / n_arg);

  for (const std::string& op : split(argv[3])) {
    const std::string symbol = pass + "_" + op;
    std::vector<void*> functions;
    for (void* handle : variants) {
      void* f = dlsym(handle, symbol.c_str());
      if (f == nullptr) {
        std::fprintf(stderr, "%s: no %s in a variant\n", argv[0], symbol.c_str());
        return 1;
      }
      functions.push_back(f);
    }
    std::vector<double> best(functions.size(), 1e30);
    for (int t = 0; t < trials; ++t) {
      for (std::size_t v = 0; v < functions.size(); ++v) {
        const auto start = std::chrono::steady_clock::now();
        for (long c = 0; c < calls; ++c) {
          if (pass == "forward") {
            reinterpret_cast<forward_fn>(functions[v])(x.data(), out.data(), n);
          } else {
            reinterpret_cast<backward_fn>(functions[v])(x.data(), dy.data(), out.data(), n);
          }
        }
        const std::chrono::duration<double, std::nano> elapsed =
            std::chrono::steady_clock::now() - start;
        best[v] = std::min(best[v], elapsed.count() / static_cast<double>(calls * n_arg));
      }
    }
    std::printf("%-14s", op.c_str());
    for (std::size_t v = 0; v < best.size(); ++v) {
      const std::string path = argv[4 + v];
      const std::string name = path.substr(path.find_last_of('/') + 1);
      std::printf("  %s=%.3f", name.substr(0, name.rfind(".so")).c_str(), best[v]);
    }
    std::printf("\n");
  }
  return 0;
}
