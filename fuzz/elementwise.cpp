// SPDX-License-Identifier: MIT
// libFuzzer target: every element-wise functor with random parameters (NaN, Inf, negative,
// huge, subnormal) on random bit patterns, float and double; checks validate(), scalar/SIMD
// bit identity, spurious NaN/Inf, value ranges and, for moderate parameters, the reference.
//
// Input layout (FuzzedDataProvider): functor index, type, one (mode, bits) pair per parameter,
// then raw bit patterns of the inputs (a batch of up to 4 SIMD widths plus a scalar tail).
//
// Checks, for the functor f built from the input:
//  1. f.validate() returns or throws std::invalid_argument; any other exception escapes and
//     libFuzzer reports it. A NaN parameter must be rejected.
//  2. When valid, for forward, derivative, derivative_from_output (has_output_derivative_v and
//     f.output_derivative_valid()) and parameter_derivative (has_parameter_derivative_v): the
//     scalar kernel and the lane of xact::detail::batch<T> are bit-identical (NaN == NaN).
//  3. No NaN result unless the input is NaN (valid parameters are never NaN). The exception,
//     a zero parameter times an infinite input (fuzz/README.md), is listed in `known_nan`.
//  4. Ranges: sigmoid, hard_sigmoid in [0, 1]; tanh, softsign in [-1, 1]; binary_step in
//     {0, 1}; relu >= 0; clipped_relu in [0, ceiling]; derivatives of finite inputs finite;
//     forward of finite inputs finite for every functor whose value cannot overflow.
//  5. For default and moderate parameters (|p| in [1/16, 16], powers of two, near the default)
//     and finite inputs: the error against the MPFR reference of record
//     (tools/accuracy/mpfr_reference.hpp) is within the bound of record
//     (tools/accuracy/bounds.hpp; in a documented mixed zone: ULP of the largest term) plus a
//     margin of XACT_FUZZ_ULP_MARGIN (default 2) ULP.
//
// XACT_FUZZ_STRICT=1 in the environment also reports the open finding (`known_nan`) and sets
// the margin to 0. See fuzz/README.md.
#include "accuracy/bounds.hpp"
#include "accuracy/mpfr_reference.hpp"
#include "support/ulp.hpp"

#include <xact/activation/elu.hpp>
#include <xact/activation/gelu.hpp>
#include <xact/activation/identity.hpp>
#include <xact/activation/relu.hpp>
#include <xact/activation/sigmoid.hpp>
#include <xact/activation/softplus.hpp>
#include <xact/activation/swish.hpp>
#include <xact/detail/simd.hpp>
#include <xact/detail/traits.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fuzzer/FuzzedDataProvider.h>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace {

using ld = long double;
bool strict() {
  static bool const s = [] {
    char const* e = std::getenv("XACT_FUZZ_STRICT");
    return e != nullptr && e[0] == '1';
  }();
  return s;
}

// MPFR evaluations cost microseconds: the reference check takes the first few finite inputs.
constexpr std::size_t reference_inputs = 8;

// A finding is an error above slack * bound + margin ULP: by default 1 * bound + 2, since the
// fuzzer is after gross errors anywhere in the parameter space, while the tight bounds are
// measured exhaustively by the accuracy tool and the ctest sweeps (misses within the margin go
// to $XACT_FUZZ_MISS_LOG). XACT_FUZZ_STRICT=1 sets the margin to 0.
ld reference_margin() {
  static ld const m = [] {
    char const* e = std::getenv("XACT_FUZZ_ULP_MARGIN");
    return strict() ? ld(0) : e != nullptr ? ld(std::strtod(e, nullptr)) : ld(2);
  }();
  return m;
}
// XACT_FUZZ_ULP_SLACK=<factor> multiplies the bounds of record (default 1).
ld reference_slack() {
  static ld const s = [] {
    char const* e = std::getenv("XACT_FUZZ_ULP_SLACK");
    return e != nullptr ? ld(std::strtod(e, nullptr)) : ld(1);
  }();
  return s;
}

template <class T>
struct bits_of {
  using type = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
};

template <class T>
T from_raw(typename bits_of<T>::type u) {
  T x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}

template <class T>
T special_value(unsigned k) {
  using lim = std::numeric_limits<T>;
  T const table[] = {T(0),
                     T(-0.0),
                     lim::quiet_NaN(),
                     lim::infinity(),
                     -lim::infinity(),
                     lim::max(),
                     -lim::max(),
                     lim::min(),
                     lim::denorm_min(),
                     -lim::denorm_min(),
                     T(1e-30),
                     T(1e30),
                     T(-1),
                     T(1),
                     T(0.5),
                     T(-0.5),
                     T(2),
                     T(-2),
                     lim::epsilon(),
                     T(20),
                     T(88.5),
                     T(-88.5),
                     T(710),
                     T(-745),
                     T(-0.7518),
                     T(-1.2785),
                     T(-1.192),
                     T(6),
                     T(-3),
                     T(3),
                     T(1e19),
                     -lim::min()};
  return table[k % (sizeof table / sizeof table[0])];
}

// Parameter picker: each parameter takes a mode byte and 8 bytes of bits.
template <class T>
struct parameter_source {
  FuzzedDataProvider& in;
  bool moderate = true;  // every parameter so far is the default or moderate

  T operator()(T def) {
    auto const mode = in.ConsumeIntegral<std::uint8_t>() % 8;
    auto const raw = in.ConsumeIntegral<std::uint64_t>();
    T v = def;
    switch (mode) {
      case 0:
      case 1:
        break;   // default
      case 2: {  // moderate: +-[1/16, 16), 2^-12 steps
        ld const m = ld(0.0625) + ld(raw % (16 * 4096)) / 4096;
        v = T((raw >> 32) & 1 ? -m : m);
        break;
      }
      case 3:  // near the default
        v = T(def * (1 + ld(std::int64_t(raw % 2001) - 1000) / 4096));
        break;
      case 4:  // power of two, +-2^[-8, 8]
        v = std::ldexp(T((raw >> 8) & 1 ? -1 : 1), int(raw % 17) - 8);
        break;
      case 5:
      case 6:
        v = special_value<T>(unsigned(raw % 64));
        moderate = false;
        break;
      default:
        v = from_raw<T>(typename bits_of<T>::type(raw));
        moderate = false;
        break;
    }
    return v;
  }
};

enum class kernel { forward, derivative, from_output, parameter };
char const* kernel_name(kernel k) {
  switch (k) {
    case kernel::forward:
      return "forward";
    case kernel::derivative:
      return "derivative";
    case kernel::from_output:
      return "derivative_from_output";
    default:
      return "parameter_derivative";
  }
}

template <class F>
void print_functor(F const& f) {
  using T = typename F::value_type;
  std::fprintf(stderr, "functor %s<%s>", F::name, sizeof(T) == 4 ? "float" : "double");
  // Every functor is an aggregate of T members (or empty): dump them as hex floats.
  T members[4] = {};
  static_assert(sizeof(F) <= sizeof members || std::is_empty_v<F>);
  if constexpr (!std::is_empty_v<F>) {
    std::memcpy(members, &f, sizeof(F));
    for (std::size_t i = 0; i < sizeof(F) / sizeof(T); ++i)
      std::fprintf(stderr, " param[%zu]=%a", i, double(members[i]));
  }
  std::fprintf(stderr, "\n");
}

template <class F>
void T_members_dump(std::FILE* out, F const& f) {
  using T = typename F::value_type;
  if constexpr (!std::is_empty_v<F>) {
    T members[4] = {};
    std::memcpy(members, &f, sizeof(F));
    for (std::size_t i = 0; i < sizeof(F) / sizeof(T); ++i)
      std::fprintf(out, "param[%zu]=%a ", i, double(members[i]));
  }
}

template <class F>
[[noreturn]] void fail(F const& f, kernel k, typename F::value_type x, char const* what, double got,
                       double other = 0) {
  std::fprintf(stderr, "xact fuzz finding: %s\n  ", what);
  print_functor(f);
  std::fprintf(stderr, "  kernel %s, input x=%a (%.17g), result %a (%.17g), other %a (%.17g)\n",
               kernel_name(k), double(x), double(x), got, got, other, other);
  std::abort();
}

// Finding 11, a zero parameter times an infinite input (fuzz/README.md; hidden test
// docs/semantics.md, "A zero parameter with an infinite input"): linear with slope 0 and swish with
// beta 0 give 0 * inf = NaN at +-inf. Skipped unless strict.
template <class F>
bool known_nan(F const& f, kernel, typename F::value_type x) {
  using T = typename F::value_type;
  if (strict() || !std::isinf(x)) return false;
  if constexpr (std::is_same_v<F, xact::linear<T>>) return f.slope == T(0);
  if constexpr (std::is_same_v<F, xact::swish<T>>) return f.beta == T(0);
  return false;
}

// Misses of the tight bounds within the margin: the worst per functor x type x kernel is
// appended to $XACT_FUZZ_MISS_LOG (if set), for the accuracy tables; the run continues.
template <class F>
void record_miss(F const& f, kernel k, typename F::value_type x, typename F::value_type got, ld ref,
                 ld e, double bound) {
  static std::map<std::string, ld> worst;
  char const* path = std::getenv("XACT_FUZZ_MISS_LOG");
  if (path == nullptr) return;
  std::string const key =
      std::string(F::name) + (sizeof(x) == 4 ? "<float>." : "<double>.") + kernel_name(k);
  ld& w = worst[key];
  if (e <= w) return;
  w = e;
  if (std::FILE* out = std::fopen(path, "a")) {
    T_members_dump(out, f);
    std::fprintf(out, "%s x=%a got=%a ref=%.21Lg err=%.4Lg bound=%g\n", key.c_str(), double(x),
                 double(got), ref, e, bound);
    std::fclose(out);
  }
}

template <class F>
bool parameters_have_nan(F const& f) {
  using T = typename F::value_type;
  if constexpr (std::is_empty_v<F>) {
    return false;
  } else {
    T members[4] = {};
    std::memcpy(members, &f, sizeof(F));
    for (std::size_t i = 0; i < sizeof(F) / sizeof(T); ++i)
      if (std::isnan(members[i])) return true;
    return false;
  }
}

template <class F, class Kernel>
void parity(F const& f, kernel k, std::vector<typename F::value_type> const& xs,
            std::vector<typename F::value_type>& out, Kernel&& run) {
  using T = typename F::value_type;
  using B = xact::detail::batch<T>;
  constexpr std::size_t w = B::size;
  out.resize(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) out[i] = run(xs[i]);
  alignas(64) T lanes[w];
  for (std::size_t i = 0; i + w <= xs.size(); i += w) {
    B const b = B::load_unaligned(xs.data() + i);
    run(b).store_aligned(lanes);
    for (std::size_t j = 0; j < w; ++j)
      if (!xact_test::same_bits(lanes[j], out[i + j]))
        fail(f, k, xs[i + j], "scalar and SIMD lane differ (result = scalar, other = lane)",
             double(out[i + j]), double(lanes[j]));
  }
}

template <template <class> class Functor, class T>
void check(Functor<T> const& f, bool moderate, std::vector<T> const& xs) {
  using F = Functor<T>;
  bool valid = true;
  try {
    f.validate();
  } catch (std::invalid_argument const&) {
    valid = false;
  }
  if (valid && parameters_have_nan(f)) fail(f, kernel::forward, T(0), "NaN parameter accepted", 0);
  if (!valid) return;

  std::vector<T> r;
  auto const no_nan = [&](kernel k) {
    for (std::size_t i = 0; i < xs.size(); ++i)
      if (std::isnan(r[i]) && !std::isnan(xs[i]) && !known_nan(f, k, xs[i]))
        fail(f, k, xs[i], "NaN result for a non-NaN input", double(r[i]));
  };
  // Reference of record (MPFR) on the first `reference_inputs` finite inputs, held to the bound
  // of record (tools/accuracy/bounds.hpp); in a mixed zone, in ULP of the largest term.
  auto const against_reference = [&](kernel k) {
    if (!moderate) return;
    namespace acc = xact::accuracy;
    acc::kernel const ak = acc::kernel(int(k));
    acc::desc const d = acc::describe(f);
    acc::cell_bound const b = acc::bound_of(d, ak, xact::detail::fused_fma_v<T>);
    std::size_t checked = 0;
    for (std::size_t i = 0; i < xs.size() && checked < reference_inputs; ++i) {
      if (!std::isfinite(xs[i])) continue;
      ++checked;
      ld const v = ld(xs[i]);
      ld const ref = acc::mpfr_reference(f, ak, v);
      ld e = xact_test::ulp_error<T>(r[i], ref);
      double bound = b.ulp;
      if (b.mixed > 0 && acc::in_mixed_zone(d, ak, v)) {
        e = xact_test::scaled_ulp_error<T>(r[i], ref, acc::mpfr_reference_term(f, ak, v));
        bound = b.mixed;
      }
      if (e > ld(bound)) record_miss(f, k, xs[i], r[i], ref, e, bound);
      if (e > ld(bound) * reference_slack() + reference_margin()) {
        std::fprintf(stderr, "reference %.21Lg, error %.4Lg ULP, bound %g\n", ref, e, bound);
        fail(f, k, xs[i], "error against the MPFR reference above the bound of record",
             double(r[i]), double(ref));
      }
    }
  };

  // forward
  parity(f, kernel::forward, xs, r, [&](auto const& v) { return f.forward(v); });
  no_nan(kernel::forward);
  std::string_view const name = F::name;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    T const x = xs[i], y = r[i];
    if (std::isnan(x)) {
      if (!std::isnan(y)) fail(f, kernel::forward, x, "NaN input without NaN result", double(y));
      continue;
    }
    if (std::isnan(y)) continue;  // known_nan
    bool in_range = true;
    if (name == "sigmoid" || name == "hard_sigmoid") in_range = y >= T(0) && y <= T(1);
    if (name == "tanh" || name == "softsign") in_range = y >= T(-1) && y <= T(1);
    if (name == "binary_step") in_range = y == T(0) || y == T(1);
    if (name == "relu") in_range = y >= T(0);
    if constexpr (std::is_same_v<F, xact::clipped_relu<T>>) in_range = y >= T(0) && y <= f.ceiling;
    if (!in_range) fail(f, kernel::forward, x, "forward outside the function's range", double(y));
    bool const cannot_overflow = name != "linear" && name != "softplus" && name != "leaky_relu" &&
                                 name != "prelu" && name != "rrelu" && name != "selu" &&
                                 name != "elu";
    if (cannot_overflow && std::isfinite(x) && !std::isfinite(y))
      fail(f, kernel::forward, x, "infinite forward for a finite input", double(y));
  }
  against_reference(kernel::forward);

  // derivative
  parity(f, kernel::derivative, xs, r, [&](auto const& v) { return f.derivative(v); });
  no_nan(kernel::derivative);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (std::isnan(xs[i]) && !std::isnan(r[i]))
      fail(f, kernel::derivative, xs[i], "NaN input without NaN result", double(r[i]));
    // Every derivative is bounded for valid parameters (|f'| <= max(1, |parameter|) * 1.1).
    if (std::isfinite(xs[i]) && !std::isfinite(r[i]) && !known_nan(f, kernel::derivative, xs[i]))
      fail(f, kernel::derivative, xs[i], "non-finite derivative for a finite input", double(r[i]));
  }
  against_reference(kernel::derivative);

  if constexpr (xact::has_output_derivative_v<F>) {
    if (f.output_derivative_valid()) {
      parity(f, kernel::from_output, xs, r,
             [&](auto const& v) { return f.derivative_from_output(v); });
      no_nan(kernel::from_output);
      for (std::size_t i = 0; i < xs.size(); ++i)
        if (std::isnan(xs[i]) && !std::isnan(r[i]))
          fail(f, kernel::from_output, xs[i], "NaN input without NaN result", double(r[i]));
      // The reference of the y-formula at the given y (any y, not only outputs of f).
      against_reference(kernel::from_output);
    }
  }
  if constexpr (xact::has_parameter_derivative_v<F>) {
    parity(f, kernel::parameter, xs, r, [&](auto const& v) { return f.parameter_derivative(v); });
    no_nan(kernel::parameter);
    for (std::size_t i = 0; i < xs.size(); ++i)
      if (std::isnan(xs[i]) && !std::isnan(r[i]))
        fail(f, kernel::parameter, xs[i], "NaN input without NaN result", double(r[i]));
    against_reference(kernel::parameter);
  }
}

template <class T>
void run(FuzzedDataProvider& in, unsigned which) {
  parameter_source<T> p{in};
  // Parameters first (fixed-size reads), then the inputs from the rest of the data.
  auto const inputs = [&] {
    constexpr std::size_t w = xact::detail::batch<T>::size;
    std::vector<T> xs;
    std::size_t const n = w * (1 + in.ConsumeIntegralInRange<std::size_t>(0, 3)) +
                          in.ConsumeIntegralInRange<std::size_t>(0, w - 1);
    while (xs.size() < n) {
      auto const mode = in.ConsumeIntegral<std::uint8_t>();
      if (mode < 40) {
        xs.push_back(special_value<T>(mode));
      } else if (mode < 80) {  // moderate: +-[0, 64)
        xs.push_back(
            T(ld(in.ConsumeIntegral<std::uint32_t>()) / ld(1u << 26) * (mode & 1 ? -1 : 1)));
      } else {
        xs.push_back(from_raw<T>(in.ConsumeIntegral<typename bits_of<T>::type>()));
      }
    }
    return xs;
  };
  switch (which % 18) {
    case 0: {
      xact::linear<T> f;
      f.slope = p(f.slope);
      f.offset = p(f.offset);
      return check(f, p.moderate, inputs());
    }
    case 1: {
      xact::binary_step<T> f;
      f.threshold = p(f.threshold);
      return check(f, p.moderate, inputs());
    }
    case 2:
      return check(xact::sigmoid<T>{}, true, inputs());
    case 3: {
      xact::hard_sigmoid<T> f;
      f.slope = p(f.slope);
      f.offset = p(f.offset);
      return check(f, p.moderate, inputs());
    }
    case 4:
      return check(xact::tanh<T>{}, true, inputs());
    case 5:
      return check(xact::relu<T>{}, true, inputs());
    case 6: {
      xact::leaky_relu<T> f;
      f.negative_slope = p(f.negative_slope);
      return check(f, p.moderate, inputs());
    }
    case 7: {
      xact::prelu<T> f;
      f.alpha = p(f.alpha);
      return check(f, p.moderate, inputs());
    }
    case 8: {
      xact::rrelu<T> f;
      f.lower = p(f.lower);
      f.upper = p(f.upper);
      return check(f, p.moderate, inputs());
    }
    case 9: {
      xact::clipped_relu<T> f;
      f.ceiling = p(f.ceiling);
      return check(f, p.moderate, inputs());
    }
    case 10: {
      xact::elu<T> f;
      f.alpha = p(f.alpha);
      return check(f, p.moderate, inputs());
    }
    case 11:
      return check(xact::selu<T>{}, true, inputs());
    case 12:
      return check(xact::gelu<T>{}, true, inputs());
    case 13:
      return check(xact::gelu_tanh<T>{}, true, inputs());
    case 14: {
      xact::softplus<T> f;
      f.beta = p(f.beta);
      f.threshold = p(f.threshold);
      return check(f, p.moderate, inputs());
    }
    case 15:
      return check(xact::softsign<T>{}, true, inputs());
    case 16: {
      xact::swish<T> f;
      f.beta = p(f.beta);
      return check(f, p.moderate, inputs());
    }
    default:
      return check(xact::silu<T>{}, true, inputs());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  auto const which = in.ConsumeIntegral<std::uint8_t>();
  if (in.ConsumeBool())
    run<double>(in, which);
  else
    run<float>(in, which);
  return 0;
}
