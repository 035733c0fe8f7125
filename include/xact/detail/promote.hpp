// SPDX-License-Identifier: MIT
// Evaluation of float lanes in double precision: whole batches (the float kernels of the
// x sigma(y) family, which are cheaper and more accurate computed in double than in float
// double-word arithmetic) or only the lanes of a zone.
#ifndef XACT_DETAIL_PROMOTE_HPP
#define XACT_DETAIL_PROMOTE_HPP

#include "xact/detail/simd.hpp"

#include <cstddef>
#include <limits>
#include <type_traits>

namespace xact::detail {

/// A batch of float on architecture A as two batches of double (exact conversions): lanes
/// [0, n/2) in lo and [n/2, n) in hi.
template <class A>
struct widened {
  xsimd::batch<double, A> lo;
  xsimd::batch<double, A> hi;
};

template <class A>
inline widened<A> widen(xsimd::batch<float, A> const& x) noexcept {
  using D = xsimd::batch<double, A>;
#if XSIMD_WITH_AVX512F
  if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
    // The zero-masked forms: GCC 12 warns (maybe-uninitialized) on the plain ones, whose
    // unused merge source is left undefined.
    __m512 const v = x;
    __m256 const upper =
        _mm256_castpd_ps(_mm512_maskz_extractf64x4_pd(0xFF, _mm512_castps_pd(v), 1));
    return {D(_mm512_maskz_cvtps_pd(0xFF, _mm512_castps512_ps256(v))),
            D(_mm512_maskz_cvtps_pd(0xFF, upper))};
  } else
#endif
#if XSIMD_WITH_AVX
      if constexpr (std::is_base_of_v<xsimd::avx, A>) {
    __m256 const v = x;
    return {D(_mm256_cvtps_pd(_mm256_castps256_ps128(v))),
            D(_mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)))};
  } else
#endif
#if XSIMD_WITH_SSE2
      if constexpr (std::is_base_of_v<xsimd::sse2, A>) {
    __m128 const v = x;
    return {D(_mm_cvtps_pd(v)), D(_mm_cvtps_pd(_mm_movehl_ps(v, v)))};
  } else
#endif
  {
    constexpr std::size_t n = xsimd::batch<float, A>::size;
    alignas(64) float xf[n];
    alignas(64) double xd[n];
    x.store_aligned(xf);
    for (std::size_t i = 0; i < n; ++i) xd[i] = static_cast<double>(xf[i]);
    return {D::load_aligned(xd), D::load_aligned(xd + n / 2)};
  }
}

/// The inverse of widen: each lane rounded to float once (round to nearest even).
template <class A>
inline xsimd::batch<float, A> narrow(widened<A> const& w) noexcept {
  using F = xsimd::batch<float, A>;
#if XSIMD_WITH_AVX512F
  if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
    __m256 const lo = _mm512_maskz_cvtpd_ps(0xFF, w.lo), hi = _mm512_maskz_cvtpd_ps(0xFF, w.hi);
    return F(_mm512_castpd_ps(
        _mm512_insertf64x4(_mm512_zextpd256_pd512(_mm256_castps_pd(lo)), _mm256_castps_pd(hi), 1)));
  } else
#endif
#if XSIMD_WITH_AVX
      if constexpr (std::is_base_of_v<xsimd::avx, A>) {
    return F(_mm256_insertf128_ps(_mm256_castps128_ps256(_mm256_cvtpd_ps(w.lo)),
                                  _mm256_cvtpd_ps(w.hi), 1));
  } else
#endif
#if XSIMD_WITH_SSE2
      if constexpr (std::is_base_of_v<xsimd::sse2, A>) {
    return F(_mm_movelh_ps(_mm_cvtpd_ps(w.lo), _mm_cvtpd_ps(w.hi)));
  } else
#endif
  {
    constexpr std::size_t n = F::size;
    alignas(64) double xd[n];
    alignas(64) float xf[n];
    w.lo.store_aligned(xd);
    w.hi.store_aligned(xd + n / 2);
    for (std::size_t i = 0; i < n; ++i) xf[i] = static_cast<float>(xd[i]);
    return F::load_aligned(xf);
  }
}

/// float(fn(double(x))) lane by lane, for V = float or batch<float, A>. fn is a generic kernel
/// callable with double and with batch<double, A> that uses only operations rounded the same
/// way in both (+ - * /, madd, bit operations), so the scalar and SIMD results agree bit for
/// bit; a result within 2^-40 relative of the exact value is then within 0.5 + 2^-16 ULP of it
/// after the one rounding to float.
template <class V, class Fn>
inline V evaluate_in_double(V const& x, Fn&& fn) {
  static_assert(std::is_same_v<scalar_t<V>, float>, "xact: evaluate_in_double takes float lanes");
  if constexpr (!is_batch_v<V>) {
    return static_cast<float>(fn(static_cast<double>(x)));
  } else {
    auto const w = widen(x);
    return narrow<typename V::arch_type>({fn(w.lo), fn(w.hi)});
  }
}

/// evaluate_in_double on the finite lanes of x and `special(x)` (the kernel's float formula,
/// which defines the limits at +-inf and propagates NaN) on the others; special runs only when
/// some lane needs it.
template <class V, class Fn, class Special>
inline V evaluate_in_double_if_finite(V const& x, Fn&& fn, Special&& special) {
  constexpr float inf = std::numeric_limits<float>::infinity();
  if constexpr (!is_batch_v<V>) {
    return detail::abs(x) < inf ? evaluate_in_double(x, fn) : special(x);
  } else {
    V const r = evaluate_in_double(x, fn);
    auto const finite = detail::abs(x) < V(inf);
    if (xsimd::all(finite)) return r;
    return detail::select(finite, r, special(x));
  }
}

/// A kernel with a float evaluation in double: for float lanes, in_double on the finite ones
/// and in_t (the kernel in T, which defines the limits at +-inf and NaN) on the others; for
/// double, in_t itself.
template <class V, class InDouble, class InT>
inline V in_double_for_float(V const& x, InDouble&& in_double, InT&& in_t) {
  if constexpr (std::is_same_v<scalar_t<V>, float>) {
    return evaluate_in_double_if_finite(x, in_double, in_t);
  } else {
    return in_t(x);
  }
}

}  // namespace xact::detail

#endif  // XACT_DETAIL_PROMOTE_HPP
