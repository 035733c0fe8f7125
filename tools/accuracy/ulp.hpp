// SPDX-License-Identifier: MIT
// ULP metric of the accuracy tool: error in ULPs of the correctly rounded reference (right near
// zero and for subnormals).
#ifndef XACT_TOOLS_ACCURACY_ULP_HPP
#define XACT_TOOLS_ACCURACY_ULP_HPP

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

namespace xact::accuracy {

// The unit in the last place of the T value nearest to `ref`: 2^(e - p + 1) for a normal
// |r| in [2^e, 2^(e+1)), denorm_min for |r| below the smallest normal (zero included), and the
// ULP of max() for values that overflow T. A power of two takes the ULP of its own binade.
template <class T>
long double ulp_of(long double ref) {
  static_assert(std::is_floating_point<T>::value, "T must be float or double");
  using lim = std::numeric_limits<T>;
  long double const a = std::fabs(ref);
  if (!(a >= static_cast<long double>(lim::min())))  // zero, subnormal (and NaN, unused)
    return static_cast<long double>(lim::denorm_min());
  long double r = static_cast<long double>(static_cast<T>(a));
  if (std::isinf(r)) r = static_cast<long double>(lim::max());
  int e = 0;
  std::frexp(r, &e);  // r = m * 2^e, m in [0.5, 1)
  return std::ldexp(1.0L, e - lim::digits);
}

// ulp_of<float>(ref) in double arithmetic, from the exponent bits of the nearest float (the
// exhaustive float sweep's hot path; long-double ulp_of costs ~20 ns there). ref must round to
// a finite float.
inline double float_ulp_of(double ref) {
  float const a = std::fabs(static_cast<float>(ref));
  if (!(a >= std::numeric_limits<float>::min())) return 0x1p-149;  // zero or subnormal
  std::uint32_t bits;
  std::memcpy(&bits, &a, 4);
  bits &= 0x7f800000u;  // 2^e of the binade
  float binade;
  std::memcpy(&binade, &bits, 4);
  return double(binade) * 0x1p-23;
}

// Error of `got` against the exact value `ref`, in ULPs of T at `ref`. NaN against NaN and equal
// infinities are 0; a NaN on one side only, or an infinity against a finite value that does not
// overflow T, is +inf. Signs of zeros are not looked at here (see same_value).
template <class T>
long double ulp_error(T got, long double ref) {
  bool const gn = std::isnan(got), rn = std::isnan(ref);
  if (gn || rn) return (gn && rn) ? 0.0L : std::numeric_limits<long double>::infinity();
  long double const g = static_cast<long double>(got);
  if (std::isinf(g) || std::isinf(ref)) {
    long double const max = static_cast<long double>(std::numeric_limits<T>::max());
    // A reference beyond max() + ULP/2 rounds to infinity in T: an infinity is then exact.
    long double const edge = max + std::ldexp(ulp_of<T>(max), -1);
    bool const ref_overflows = std::fabs(ref) >= edge;
    if (std::isinf(g) && (ref_overflows && std::signbit(g) == std::signbit(ref))) return 0.0L;
    if (std::isinf(g) || std::isinf(ref)) return std::numeric_limits<long double>::infinity();
  }
  return std::fabs(g - ref) / ulp_of<T>(ref);
}

// Error of `got` against `ref` in ULPs of T at `scale` (>= |ref|): used where a result is a
// cancelling sum and its accuracy is only meaningful relative to the largest term.
template <class T>
long double scaled_ulp_error(T got, long double ref, long double scale) {
  long double const e = ulp_error<T>(got, ref);
  if (!std::isfinite(e) || e == 0.0L) return e;
  long double const s = std::fabs(scale) > std::fabs(ref) ? scale : ref;
  return std::fabs(static_cast<long double>(got) - ref) / ulp_of<T>(s);
}

// Bit-level identity with NaN == NaN (any payload): what scalar/SIMD agreement requires.
template <class T>
bool same_bits(T a, T b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  using U = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  U ua, ub;
  std::memcpy(&ua, &a, sizeof(T));
  std::memcpy(&ub, &b, sizeof(T));
  return ua == ub;
}

// Equal value with equal sign of zero, NaN == NaN: what the special-value tables require.
template <class T>
bool same_value(T got, T expected) {
  if (std::isnan(expected)) return std::isnan(got);
  return got == expected && std::signbit(got) == std::signbit(expected);
}

// Distance in representable values between two finite T (ordered bit patterns); for reports.
template <class T>
long double ulp_distance(T a, T b) {
  if (std::isnan(a) || std::isnan(b))
    return (std::isnan(a) && std::isnan(b)) ? 0.0L : std::numeric_limits<long double>::infinity();
  using S = std::conditional_t<sizeof(T) == 4, std::int32_t, std::int64_t>;
  auto key = [](T v) {
    S s;
    std::memcpy(&s, &v, sizeof(T));
    return s < 0 ? static_cast<long double>(std::numeric_limits<S>::min()) -
                       static_cast<long double>(s)
                 : static_cast<long double>(s);
  };
  return std::fabs(key(a) - key(b));
}

}  // namespace xact::accuracy

#endif
