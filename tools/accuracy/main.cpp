// SPDX-License-Identifier: MIT
// xact_accuracy_<arch>: max ULP error of every functor x kernel x type x path against MPFR.
//
// Usage: xact_accuracy_<arch> [--quick] [--functor NAME] [--out FILE] [--samples N]
//                             [--threads N] [--stride N] [--spread-stride N] [--no-float]
//                             [--no-double] [--no-vector] [--check-reference [N]]
//   float:   every float32 bit pattern (--quick: every 4093rd; --stride N: every Nth;
//            --spread-stride N: every Nth for the non-default parameters; --scalar-stride N: the
//            scalar path on every Nth of those inputs) plus specials and +-512 floats
//            around every kink/threshold; reference: double_reference.hpp (MPFR where it flags
//            cancellation); scalar and SIMD bits compared; a strided FTZ/DAZ pass checks NaN.
//   double:  N (default 1e7, --quick 1e5) samples, half log-uniform in magnitude over the whole
//            finite range, both signs, half uniform on [-64, 64] (gelu: all log-uniform, MPFR's
//            erfc is too slow there), plus specials and +-512 doubles
//            around every kink/threshold;
//            reference: MPFR.
//   vector:  softmax, log_softmax and their backward over random vectors (SIMD path).
//   --check-reference: measures double_reference.hpp against MPFR (N inputs per float cell,
//            default 1e6) and exits.
// Output: one TSV line per cell on stdout (and --out FILE), progress on stderr. Exit status 1
// when a cell misses its bound of record (tools/accuracy/bounds.hpp).

#include "bounds.hpp"
#include "double_reference.hpp"
#include "functors.hpp"
#include "mpfr_reference.hpp"
#include "ulp.hpp"

#include <xact/eigen/softmax.hpp>

#include <Eigen/Core>
#include <xsimd/xsimd.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <immintrin.h>
#include <limits>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#ifndef XACT_ACCURACY_ARCH
#define XACT_ACCURACY_ARCH "unknown"
#endif

namespace {

using namespace xact::accuracy;
using ld = long double;

struct options {
  bool quick = false;
  bool do_float = true, do_double = true, do_vector = true;
  std::string functor;
  std::string out;
  long long samples = 0;  // double samples; 0 = default
  long long check_reference = 0;
  unsigned threads = 2;
  std::uint64_t float_stride = 0;   // 0: 4093 with --quick, else 1 (every pattern)
  std::uint64_t spread_stride = 0;  // non-default parameters; 0: same as float_stride
  std::size_t scalar_stride = 1;    // float sweep: scalar path on every Nth input
};
options opt;
std::FILE* out_file = nullptr;
std::mutex out_mutex;
bool any_miss = false;

template <class T>
std::string hex(T v) {
  char b[64];
  std::snprintf(b, sizeof b, "%a", static_cast<double>(v));
  return b;
}

// Per path (scalar or SIMD) statistics of one cell.
struct stats {
  ld max_ulp = 0;
  double worst = 0;
  ld mixed_max = 0;
  double mixed_worst = 0;
  std::uint64_t n = 0, nan_bad = 0, inf_bad = 0, zero_bad = 0, mismatch = 0, ftz_nan = 0;
  double first_bad = 0;  // first NaN/Inf/zero-sign violation

  void merge(stats const& o) {
    if (o.max_ulp > max_ulp || (std::isnan(o.max_ulp) && !std::isnan(max_ulp))) {
      max_ulp = o.max_ulp;
      worst = o.worst;
    }
    if (o.mixed_max > mixed_max) {
      mixed_max = o.mixed_max;
      mixed_worst = o.mixed_worst;
    }
    if (!nan_bad && !inf_bad && !zero_bad) first_bad = o.first_bad;
    n += o.n;
    nan_bad += o.nan_bad;
    inf_bad += o.inf_bad;
    zero_bad += o.zero_bad;
    mismatch += o.mismatch;
    ftz_nan += o.ftz_nan;
  }
};

template <class T>
void record(stats& s, desc const& d, kernel k, T x, T got, ld ref, ld term, bool zones) {
  ++s.n;
  bool const xnan = std::isnan(x);
  bool violation = false;
  if (std::isnan(got) && !xnan && !std::isnan(ref)) {
    ++s.nan_bad;
    violation = true;
  }
  if (std::isinf(got) && !std::isinf(static_cast<T>(ref))) {
    ++s.inf_bad;
    violation = true;
  }
  if (k == kernel::forward && ref == 0 && got == 0 && std::signbit(got) != std::signbit(ref)) {
    ++s.zero_bad;
    violation = true;
  }
  if (violation && s.nan_bad + s.inf_bad + s.zero_bad == 1) s.first_bad = x;
  if (zones && in_mixed_zone(d, k, x) && term > 0) {
    ld const e = scaled_ulp_error<T>(got, ref, term);
    if (e > s.mixed_max || std::isnan(e)) {
      s.mixed_max = e;
      s.mixed_worst = x;
    }
    return;
  }
  ld const e = ulp_error<T>(got, ref);
  if (e > s.max_ulp) {
    s.max_ulp = e;
    s.worst = x;
  }
}

// True when `got` (finite) is within `max_ulp` of the exact value `ref` (a double reference),
// with the sign of a zero right for the forward kernel: the fast path of the float sweep.
inline bool below_max_float_ulp(float got, double ref, double max_ulp, bool forward) {
  if (!std::isfinite(got) || !std::isfinite(static_cast<float>(ref))) return false;
  if (got == 0 && ref == 0) return !forward || std::signbit(got) == std::signbit(ref);
  // `record` keeps the first input that reaches a maximum; ties differ from the long-double
  // value by < 1e-15 relative, which no reported figure resolves.
  return std::fabs(double(got) - ref) / float_ulp_of(ref) <= max_ulp;
}

struct progress {
  std::string what;
  std::atomic<std::uint64_t> done{0};
  std::uint64_t total = 1;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  void print(bool final) const {
    double const f = total ? double(done.load()) / double(total) : 1.0;
    double const el =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    int const w = 30, fill = static_cast<int>(f * w);
    std::fprintf(stderr, "\r%-48.48s [%.*s%*s] %5.1f%% %6.0fs", what.c_str(), fill,
                 "##############################", w - fill, "", 100.0 * f, el);
    if (final) std::fprintf(stderr, "\n");
    std::fflush(stderr);
  }
};

// Runs body(chunk) for chunk in [0, chunks) on opt.threads threads, with a progress bar.
template <class Body>
void parallel_chunks(std::uint64_t chunks, progress& p, Body body) {
  std::atomic<std::uint64_t> next{0};
  p.total = chunks;
  std::vector<std::thread> pool;
  std::atomic<unsigned> running{opt.threads};
  for (unsigned t = 0; t < opt.threads; ++t)
    pool.emplace_back([&, t] {
      for (;;) {
        std::uint64_t const c = next.fetch_add(1);
        if (c >= chunks) break;
        body(t, c);
        p.done.fetch_add(1);
      }
      running.fetch_sub(1);
    });
  int ticks = 0;
  while (running.load() > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (++ticks % 50 == 0) p.print(false);
  }
  for (auto& th : pool) th.join();
  p.print(true);
}

void emit(std::string const& type, std::string const& path, desc const& d, std::string const& fname,
          kernel k, stats const& s, cell_bound b) {
  bool const pass = s.max_ulp <= b.ulp && (b.mixed == 0 || s.mixed_max <= b.mixed) &&
                    s.nan_bad == 0 && s.inf_bad == 0 && s.zero_bad == 0 && s.mismatch == 0 &&
                    s.ftz_nan == 0;
  char line[1024];
  std::snprintf(line, sizeof line,
                "%s\t%s\t%s\t%s\t%s\t%s\t%" PRIu64 "\t%.4Lg\t%a\t%g\t%.4Lg\t%a\t%g\t%" PRIu64
                "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%a\t%s\n",
                XACT_ACCURACY_ARCH, type.c_str(), path.c_str(), fname.c_str(),
                label(d).empty() ? "-" : label(d).c_str(), kernel_name(k), s.n, s.max_ulp, s.worst,
                b.ulp, s.mixed_max, s.mixed_worst, b.mixed, s.nan_bad, s.inf_bad, s.zero_bad,
                s.mismatch, s.ftz_nan, s.first_bad, pass ? "pass" : "MISS");
  std::lock_guard<std::mutex> lock(out_mutex);
  if (!pass) any_miss = true;
  std::fputs(line, stdout);
  std::fflush(stdout);
  if (out_file) {
    std::fputs(line, out_file);
    std::fflush(out_file);
  }
}

constexpr unsigned ftz_daz = 0x8040;  // MXCSR FTZ (bit 15) | DAZ (bit 6)

// Evaluates scalar and SIMD kernel K of f over xs and records both against the reference.
template <kernel K, class F, class T = typename F::value_type>
void measure_block(F const& f, desc const& d, std::vector<T> const& xs, stats& sc, stats& sv,
                   bool float_reference, bool ftz_pass) {
  using B = xsimd::batch<T>;
  constexpr std::size_t W = B::size;
  std::size_t const n = xs.size();
  thread_local std::vector<T> ys, yv;  // reused: no page faults per chunk
  ys.resize(n);
  yv.resize(n);
  // The scalar path on every scalar_stride-th input of the float sweep (all of them by default).
  std::size_t const scalar_stride = (sizeof(T) == 4 && float_reference) ? opt.scalar_stride : 1;
  for (std::size_t i = 0; i < n; i += scalar_stride) ys[i] = eval<K>(f, xs[i]);
  std::size_t i = 0;
  for (; i + W <= n; i += W)
    eval<K>(f, B::load_unaligned(xs.data() + i)).store_unaligned(yv.data() + i);
  if (i < n) {
    alignas(64) T buf[W];
    for (std::size_t j = 0; j < W; ++j) buf[j] = i + j < n ? xs[i + j] : T(0);
    eval<K>(f, B::load_aligned(buf)).store_aligned(buf);
    for (std::size_t j = 0; i + j < n; ++j) yv[i + j] = buf[j];
  }
  if (ftz_pass) {
    for (std::size_t j = 0; j < n; ++j) {
      if (std::isnan(xs[j])) continue;
      if (j % scalar_stride == 0) sc.ftz_nan += std::isnan(ys[j]);
      sv.ftz_nan += std::isnan(yv[j]);
    }
    return;
  }
  bool const zones = sizeof(T) == 8;
  double_desc const dd = to_double(d);
  double fast_max = double(std::min(sc.max_ulp, sv.max_ulp));  // hoisted out of the hot loop
  for (std::size_t j = 0; j < n; ++j) {
    T const x = xs[j];
    bool const has_scalar = j % scalar_stride == 0;
    value_and_term r{0, 0};
    if constexpr (sizeof(T) == 4) {
      if (float_reference) {
        // Hot path of the exhaustive sweep: results that agree bit for bit and are no new
        // maximum are counted in double arithmetic; the rest (specials, new maxima, MPFR
        // fallbacks) go through the long-double `record`.
        double_result const dr = double_evaluate(dd, K, x);
        if (dr.exact && (!has_scalar || same_bits(ys[j], yv[j])) &&
            below_max_float_ulp(yv[j], dr.value, fast_max, K == kernel::forward)) {
          sc.n += has_scalar;
          sv.n += 1;
          continue;
        }
        r = dr.exact ? value_and_term{dr.value, 0} : mpfr_evaluate(d, K, x);
      } else {
        r = mpfr_evaluate(d, K, x);
      }
    } else {
      r = mpfr_evaluate(d, K, x);
    }
    if (has_scalar) record<T>(sc, d, K, x, ys[j], r.value, r.term, zones);
    record<T>(sv, d, K, x, yv[j], r.value, r.term, zones);
    if (has_scalar && !same_bits(ys[j], yv[j])) {
      if (sv.mismatch == 0) sv.first_bad = x;
      ++sv.mismatch;
    }
    fast_max = double(std::min(sc.max_ulp, sv.max_ulp));
  }
}

template <class T>
std::vector<T> extra_inputs(desc const& d) {
  std::vector<T> v = special_values<T>();
  for (ld p : special_points(d)) neighbourhood<T>(p, 512, v);
  return v;
}

// Float: every bit pattern (quick: stride 4093) in 2^16-pattern chunks, plus the extra inputs.
template <kernel K, class F>
void float_cell(F const& f, std::string const& fname, bool is_default) {
  desc const d = describe(f);
  std::uint64_t const base_stride = opt.float_stride ? opt.float_stride : opt.quick ? 4093 : 1;
  std::uint64_t const stride = (!is_default && opt.spread_stride) ? opt.spread_stride : base_stride;
  std::uint64_t const count =
      (std::uint64_t(1) << 32) / stride + ((std::uint64_t(1) << 32) % stride != 0);
  std::uint64_t const chunk = 1 << 16;
  std::uint64_t const chunks = (count + chunk - 1) / chunk;
  std::vector<stats> sc(opt.threads), sv(opt.threads);
  progress p;
  p.what =
      std::string(XACT_ACCURACY_ARCH) + " float " + fname + " " + label(d) + " " + kernel_name(K);
  auto const fill = [&](std::uint64_t c, std::uint64_t step, std::vector<float>& xs) {
    xs.clear();
    std::uint64_t const lo = c * chunk, hi = std::min(count, lo + chunk);
    for (std::uint64_t i = lo; i < hi; i += step) {
      std::uint32_t const bits = static_cast<std::uint32_t>(i * stride);
      float x;
      std::memcpy(&x, &bits, 4);
      xs.push_back(x);
    }
  };
  parallel_chunks(chunks + 1, p, [&](unsigned t, std::uint64_t c) {
    thread_local std::vector<float> xs, ys;  // reused across chunks
    if (c == chunks)
      xs = extra_inputs<float>(d);
    else
      fill(c, 1, xs);
    measure_block<K>(f, d, xs, sc[t], sv[t], true, false);
    // FTZ/DAZ: every 61st input of the chunk, NaN check only.
    if (c == chunks)
      ys = xs;
    else
      fill(c, 61, ys);
    unsigned const saved = _mm_getcsr();
    _mm_setcsr(saved | ftz_daz);
    measure_block<K>(f, d, ys, sc[t], sv[t], true, true);
    _mm_setcsr(saved);
  });
  for (unsigned t = 1; t < opt.threads; ++t) {
    sc[0].merge(sc[t]);
    sv[0].merge(sv[t]);
  }
  emit("float", "scalar", d, fname, K, sc[0], bound_of(d, K, XACT_HAS_FMA != 0));
  emit("float", "simd", d, fname, K, sv[0],
       bound_of(d, K, xact::detail::fused_fma_v<xsimd::batch<float>>));
}

// Double: log-uniform samples over the whole finite range, plus the extra inputs.
template <kernel K, class F>
void double_cell(F const& f, std::string const& fname) {
  desc const d = describe(f);
  std::uint64_t const total =
      opt.samples > 0 ? std::uint64_t(opt.samples) : (opt.quick ? 100000 : 10000000);
  std::uint64_t const chunk = 4096;
  std::uint64_t const chunks = (total + chunk - 1) / chunk;
  std::vector<stats> sc(opt.threads), sv(opt.threads);
  progress p;
  p.what =
      std::string(XACT_ACCURACY_ARCH) + " double " + fname + " " + label(d) + " " + kernel_name(K);
  parallel_chunks(chunks + 1, p, [&](unsigned t, std::uint64_t c) {
    std::vector<double> xs;
    if (c == chunks) {
      xs = extra_inputs<double>(d);
    } else {
      std::mt19937_64 rng(0x9e3779b97f4a7c15ULL ^ (c * 0x100000001b3ULL));
      std::uint64_t const n = std::min(chunk, total - c * chunk);
      for (std::uint64_t i = 0; i < n; ++i) {
        std::uint64_t const r = rng();
        // Half uniform on [-64, 64], where the functions are not saturated; not for gelu, whose
        // reference (mpfr_erfc) takes up to 48 ms per call on [3, 30] at 256 bits.
        if (i % 2 && d.id != fid::gelu) {
          xs.push_back(std::ldexp(double(r >> 11), -53) * 128.0 - 64.0);
          continue;
        }
        std::uint64_t const e =
            rng() % 2047;  // exponent field 0..2046: log-uniform, subnormals too
        std::uint64_t const bits = (r & 0x800FFFFFFFFFFFFFULL) | (e << 52);
        double x;
        std::memcpy(&x, &bits, 8);
        xs.push_back(x);
      }
    }
    measure_block<K>(f, d, xs, sc[t], sv[t], false, false);
    unsigned const saved = _mm_getcsr();
    _mm_setcsr(saved | ftz_daz);
    measure_block<K>(f, d, xs, sc[t], sv[t], false, true);
    _mm_setcsr(saved);
  });
  for (unsigned t = 1; t < opt.threads; ++t) {
    sc[0].merge(sc[t]);
    sv[0].merge(sv[t]);
  }
  emit("double", "scalar", d, fname, K, sc[0], bound_of(d, K, XACT_HAS_FMA != 0));
  emit("double", "simd", d, fname, K, sv[0],
       bound_of(d, K, xact::detail::fused_fma_v<xsimd::batch<double>>));
}

// double_reference.hpp against MPFR on N float inputs per cell (random bit patterns, specials,
// kink neighbourhoods): max discrepancy in float ULP.
template <kernel K, class F>
void check_reference_cell(F const& f, std::string const& fname) {
  desc const d = describe(f);
  std::uint64_t const total = std::uint64_t(opt.check_reference);
  std::uint64_t const chunk = 8192, chunks = (total + chunk - 1) / chunk;
  std::vector<ld> worst(opt.threads, 0);
  std::vector<float> worst_x(opt.threads, 0);
  std::vector<std::uint64_t> cnt(opt.threads, 0), fallback(opt.threads, 0);
  progress p;
  p.what = "check-reference " + fname + " " + label(d) + " " + kernel_name(K);
  parallel_chunks(chunks + 1, p, [&](unsigned t, std::uint64_t c) {
    std::vector<float> xs;
    if (c == chunks) {
      xs = extra_inputs<float>(d);
    } else {
      std::mt19937 rng(static_cast<unsigned>(c * 2654435761u + 17));
      std::uint64_t const n = std::min(chunk, total - c * chunk);
      for (std::uint64_t i = 0; i < n; ++i) {
        std::uint32_t bits = rng();
        if (i % 2) {  // half of them in |x| < 64, where most functions are not saturated
          float const u = std::ldexp(float(bits >> 8), -24);
          float x = std::ldexp(u, int(rng() % 30) - 24) * ((bits & 1) ? -1.f : 1.f);
          std::memcpy(&bits, &x, 4);
        }
        float x;
        std::memcpy(&x, &bits, 4);
        xs.push_back(x);
      }
    }
    for (float x : xs) {
      double_result const dr = double_evaluate(d, K, x);
      ++cnt[t];
      if (!dr.exact) {
        ++fallback[t];
        continue;
      }
      ld const m = mpfr_evaluate(d, K, x).value;
      ld e = 0;
      if (std::isnan(m) || std::isnan(dr.value))
        e = (std::isnan(m) && std::isnan(dr.value)) ? 0 : INFINITY;
      else if (m != ld(dr.value))
        e = std::fabs(ld(dr.value) - m) / ulp_of<float>(m);
      if (e > worst[t]) {
        worst[t] = e;
        worst_x[t] = x;
      }
    }
  });
  for (unsigned t = 1; t < opt.threads; ++t) {
    if (worst[t] > worst[0]) {
      worst[0] = worst[t];
      worst_x[0] = worst_x[t];
    }
    cnt[0] += cnt[t];
    fallback[0] += fallback[t];
  }
  char line[512];
  std::snprintf(line, sizeof line,
                "reference\tfloat\t%s\t%s\t%s\t%" PRIu64 "\t%.3Lg\t%a\t%" PRIu64 "\t%s\n",
                fname.c_str(), label(d).empty() ? "-" : label(d).c_str(), kernel_name(K), cnt[0],
                worst[0], double(worst_x[0]), fallback[0], worst[0] < 0.01L ? "pass" : "MISS");
  std::fputs(line, stdout);
  if (out_file) std::fputs(line, out_file);
}

template <kernel K, class F>
void run_kernel(F const& f, std::string const& fname, bool is_default) {
  if (!has_kernel<F>(K)) return;
  using T = typename F::value_type;
  if (opt.check_reference > 0) {
    if constexpr (sizeof(T) == 4) check_reference_cell<K>(f, fname);
    return;
  }
  if constexpr (sizeof(T) == 4) {
    if (opt.do_float) float_cell<K>(f, fname, is_default);
  } else {
    if (opt.do_double) double_cell<K>(f, fname);
  }
}

template <template <class> class F, class T>
void run_functor_type(std::string const& fname) {
  bool is_default = true;
  for (auto const& f : instances<F, T>()) {
    run_kernel<kernel::forward>(f, fname, is_default);
    run_kernel<kernel::derivative>(f, fname, is_default);
    run_kernel<kernel::from_output>(f, fname, is_default);
    run_kernel<kernel::parameter>(f, fname, is_default);
    is_default = false;
  }
}

// ---- vector-wise: softmax, log_softmax, backward --------------------------------------------
template <class T>
void vector_cells() {
  using A = Eigen::Array<T, Eigen::Dynamic, 1>;
  std::uint64_t const vectors = opt.quick ? 5000 : 50000;
  std::mt19937_64 rng(12345);
  std::normal_distribution<double> normal;
  stats s_sm, s_lsm, s_bsm, s_blsm;
  std::string const type = sizeof(T) == 4 ? "float" : "double";
  progress p;
  p.what = std::string(XACT_ACCURACY_ARCH) + " " + type + " softmax/log_softmax/backward";
  p.total = vectors;
  for (std::uint64_t v = 0; v < vectors; ++v) {
    int const n = 1 + int(rng() % 100);
    double const scale = std::pow(10.0, double(rng() % 5) - 1);  // 0.1 .. 1000
    A x(n), dy(n);
    for (int i = 0; i < n; ++i) {
      x[i] = T(normal(rng) * scale);
      if (rng() % 50 == 0) x[i] = -std::numeric_limits<T>::infinity();
      if (rng() % 20 == 0 && i > 0) x[i] = x[i - 1];
      dy[i] = T(normal(rng));
    }
    std::vector<ld> xl(x.data(), x.data() + n), dyl(dy.data(), dy.data() + n);
    A const y = xact::softmax(x, xact::direction::colwise);
    A const ly = xact::log_softmax(x, xact::direction::colwise);
    auto const ry = mpfr_softmax(xl, false);
    auto const rly = mpfr_softmax(xl, true);
    desc const dd{fid::linear, {}, std::numeric_limits<T>::digits};
    for (int i = 0; i < n; ++i) {
      record<T>(s_sm, dd, kernel::forward, x[i], y[i], ry[i], 0, false);
      record<T>(s_lsm, dd, kernel::forward, x[i], ly[i], rly[i], 0, false);
    }
    A const dx = xact::softmax_backward(y, dy, xact::direction::colwise);
    A const ldx = xact::log_softmax_backward(ly, dy, xact::direction::colwise);
    auto const rb = mpfr_softmax_backward(std::vector<ld>(y.data(), y.data() + n), dyl, false);
    auto const rlb = mpfr_softmax_backward(std::vector<ld>(ly.data(), ly.data() + n), dyl, true);
    for (int i = 0; i < n; ++i) {
      auto const put = [&](stats& s, T got, ld ref, ld sc) {
        ++s.n;
        ld const e = scaled_ulp_error<T>(got, ref, sc);
        if (e > s.max_ulp || std::isnan(e)) {
          s.max_ulp = e;
          s.worst = x[i];
        }
      };
      put(s_bsm, dx[i], rb.dx[i], rb.scale[i]);
      put(s_blsm, ldx[i], rlb.dx[i], rlb.scale[i]);
    }
    p.done.fetch_add(1);
    if (v % 1000 == 0) p.print(false);
  }
  p.print(true);
  desc const dd{fid::linear, {}, std::numeric_limits<T>::digits};
  auto const put = [&](char const* name, stats const& s) {
    char line[512];
    bool const pass = s.max_ulp <= vectorwise_bound && s.nan_bad == 0 && s.inf_bad == 0;
    if (!pass) any_miss = true;
    std::snprintf(line, sizeof line,
                  "%s\t%s\tsimd\t%s\t-\tvector\t%" PRIu64 "\t%.4Lg\t%a\t%g\t0\t0x0p+0\t0\t%" PRIu64
                  "\t%" PRIu64 "\t0\t0\t0\t0x0p+0\t%s\n",
                  XACT_ACCURACY_ARCH, type.c_str(), name, s.n, s.max_ulp, s.worst, vectorwise_bound,
                  s.nan_bad, s.inf_bad, pass ? "pass" : "MISS");
    std::fputs(line, stdout);
    if (out_file) std::fputs(line, out_file);
  };
  (void)dd;
  put("softmax", s_sm);
  put("log_softmax", s_lsm);
  put("softmax_backward", s_bsm);
  put("log_softmax_backward", s_blsm);
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string const a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--quick")
      opt.quick = true;
    else if (a == "--functor")
      opt.functor = next();
    else if (a == "--out")
      opt.out = next();
    else if (a == "--samples")
      opt.samples = std::atoll(next().c_str());
    else if (a == "--threads")
      opt.threads = unsigned(std::max(1, std::atoi(next().c_str())));
    else if (a == "--no-float")
      opt.do_float = false;
    else if (a == "--stride")
      opt.float_stride = std::max(1ULL, std::strtoull(next().c_str(), nullptr, 10));
    else if (a == "--scalar-stride")
      opt.scalar_stride = std::max<std::size_t>(1, std::strtoull(next().c_str(), nullptr, 10));
    else if (a == "--spread-stride")
      opt.spread_stride = std::max(1ULL, std::strtoull(next().c_str(), nullptr, 10));
    else if (a == "--no-double")
      opt.do_double = false;
    else if (a == "--no-vector")
      opt.do_vector = false;
    else if (a == "--check-reference") {
      opt.check_reference =
          (i + 1 < argc && argv[i + 1][0] != '-') ? std::atoll(argv[++i]) : 1000000;
    } else {
      std::fprintf(stderr,
                   "usage: %s [--quick] [--functor NAME] [--out FILE] [--samples N] [--threads N]\n"
                   "       [--stride N] [--spread-stride N] [--scalar-stride N] [--no-float] "
                   "[--no-double] [--no-vector] [--check-reference [N]]\n",
                   argv[0]);
      return a == "--help" ? 0 : 2;
    }
  }
  if (!opt.out.empty()) {
    out_file = std::fopen(opt.out.c_str(), "w");
    if (!out_file) {
      std::perror(opt.out.c_str());
      return 1;
    }
  }
  std::printf(
      "# arch\ttype\tpath\tfunctor\tparams\tkernel\tinputs\tmax_ulp\tworst_input\tbound\tmixed_ulp"
      "\tmixed_worst\tmixed_bound\tnan_bad\tinf_bad\tzero_sign_bad\tsimd_mismatch\tftz_nan\tfirst_"
      "bad\tstatus\n");
  if (out_file)
    std::fprintf(out_file,
                 "# xact_accuracy_%s quick=%d samples=%lld stride=%llu spread_stride=%llu\n",
                 XACT_ACCURACY_ARCH, int(opt.quick), opt.samples,
                 static_cast<unsigned long long>(opt.float_stride ? opt.float_stride
                                                 : opt.quick      ? 4093
                                                                  : 1),
                 static_cast<unsigned long long>(opt.spread_stride));
#define XACT_ACCURACY_RUN(F)                                             \
  if (opt.functor.empty() || opt.functor == #F) {                        \
    run_functor_type<xact::F, float>(#F);                                \
    if (opt.check_reference == 0) run_functor_type<xact::F, double>(#F); \
  }
  XACT_ACCURACY_FUNCTORS(XACT_ACCURACY_RUN)
#undef XACT_ACCURACY_RUN
  if (opt.check_reference == 0 && opt.do_vector &&
      (opt.functor.empty() || opt.functor == "softmax")) {
    if (opt.do_float) vector_cells<float>();
    if (opt.do_double) vector_cells<double>();
  }
  if (out_file) std::fclose(out_file);
  return any_miss ? 1 : 0;  // 1: some cell misses its bound of record
}
