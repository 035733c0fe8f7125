// SPDX-License-Identifier: MIT
// Thin shim over xsimd 8.1 so that one formula body serves scalars and every SIMD batch.
#ifndef XACT_DETAIL_SIMD_HPP
#define XACT_DETAIL_SIMD_HPP

#include "xact/config.hpp"

#include <xsimd/xsimd.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

namespace xact::detail {

/// The SIMD batch of the default (widest compiled) architecture.
template <class T>
using batch = xsimd::batch<T>;

template <class V>
struct is_batch : std::false_type {};
template <class T, class A>
struct is_batch<xsimd::batch<T, A>> : std::true_type {};
template <class V>
inline constexpr bool is_batch_v = is_batch<V>::value;

template <class V>
struct scalar_of {
  using type = V;
};
template <class T, class A>
struct scalar_of<xsimd::batch<T, A>> {
  using type = T;
};
/// Element type of V (T for T, T for batch<T, A>).
template <class V>
using scalar_t = typename scalar_of<V>::type;

/// Same-width unsigned integer type / vector of V, used for exponent-field arithmetic.
template <class V>
struct uint_of {
  using type = std::conditional_t<sizeof(V) == 4, std::uint32_t, std::uint64_t>;
};
template <class T, class A>
struct uint_of<xsimd::batch<T, A>> {
  using type = xsimd::batch<typename uint_of<T>::type, A>;
};
template <class V>
using uint_t = typename uint_of<V>::type;

static_assert(sizeof(float) == 4 && sizeof(double) == 8, "xact needs IEEE binary32/64");

/// True when madd() on architecture A is one fused instruction (xsimd::fma, or the AVX-512
/// intrinsic that xsimd 8.1 lacks).
template <class A>
inline constexpr bool arch_has_fused_fma_v =
    std::is_base_of_v<xsimd::fma3<xsimd::sse4_2>, A> ||
    std::is_base_of_v<xsimd::fma3<xsimd::avx>, A> ||
    std::is_base_of_v<xsimd::fma3<xsimd::avx2>, A> || std::is_base_of_v<xsimd::avx512f, A>;

template <class V>
struct fused_fma : std::bool_constant<XACT_HAS_FMA != 0> {};
template <class T, class A>
struct fused_fma<xsimd::batch<T, A>> : std::bool_constant<arch_has_fused_fma_v<A>> {};
/// True when madd() on V rounds once.
template <class V>
inline constexpr bool fused_fma_v = fused_fma<V>::value;

// ---- lane-wise selection and predicates -------------------------------------------------

template <class T, std::enable_if_t<std::is_floating_point_v<T>, int> = 0>
XACT_ALWAYS_INLINE T select(bool m, T a, T b) noexcept {
  return m ? a : b;
}
template <class T, class A>
XACT_ALWAYS_INLINE xsimd::batch<T, A> select(xsimd::batch_bool<T, A> const& m,
                                             xsimd::batch<T, A> const& a,
                                             xsimd::batch<T, A> const& b) noexcept {
  return xsimd::select(m, a, b);
}

/// Lane-wise logical and of two masks (&& for scalars: clang warns on bool & bool).
XACT_ALWAYS_INLINE bool both(bool a, bool b) noexcept { return a && b; }
template <class T, class A>
XACT_ALWAYS_INLINE xsimd::batch_bool<T, A> both(xsimd::batch_bool<T, A> const& a,
                                                xsimd::batch_bool<T, A> const& b) noexcept {
  return a & b;
}

/// NaN test that is right for every lane (xsimd 8.1's `x != x` is an ordered compare).
template <class T, std::enable_if_t<std::is_floating_point_v<T>, int> = 0>
XACT_ALWAYS_INLINE bool is_nan(T x) noexcept {
  return std::isnan(x);
}
template <class T, class A>
XACT_ALWAYS_INLINE xsimd::batch_bool<T, A> is_nan(xsimd::batch<T, A> const& x) noexcept {
  return xsimd::isnan(x);
}

template <class T, std::enable_if_t<std::is_floating_point_v<T>, int> = 0>
XACT_ALWAYS_INLINE T abs(T x) noexcept {
  return std::fabs(x);
}
template <class T, class A>
XACT_ALWAYS_INLINE xsimd::batch<T, A> abs(xsimd::batch<T, A> const& x) noexcept {
  return xsimd::abs(x);
}

/// |x| with the sign of s (s may be -0 or NaN: only its sign bit is read).
template <class T, std::enable_if_t<std::is_floating_point_v<T>, int> = 0>
XACT_ALWAYS_INLINE T copysign(T x, T s) noexcept {
  return std::copysign(x, s);
}
template <class T, class A>
XACT_ALWAYS_INLINE xsimd::batch<T, A> copysign(xsimd::batch<T, A> const& x,
                                               xsimd::batch<T, A> const& s) noexcept {
#if XSIMD_WITH_AVX512F
  if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
    // One bitwise select (vpternlog: sign bit ? s : x) instead of xsimd's and, and, or.
    __m512i const sign =
        _mm512_set1_epi64(sizeof(T) == 4 ? 0x8000000080000000ull : 0x8000000000000000ull);
    auto const bits = [](xsimd::batch<T, A> const& v) {
      if constexpr (sizeof(T) == 4) {
        return _mm512_castps_si512(v);
      } else {
        return _mm512_castpd_si512(v);
      }
    };
    __m512i const r = _mm512_ternarylogic_epi64(sign, bits(s), bits(x), 0xCA);
    if constexpr (sizeof(T) == 4) {
      return _mm512_castsi512_ps(r);
    } else {
      return _mm512_castsi512_pd(r);
    }
  }
#endif
  return xsimd::copysign(x, s);
}

/// Largest-integer-not-above, lane-wise.
template <class T, std::enable_if_t<std::is_floating_point_v<T>, int> = 0>
XACT_ALWAYS_INLINE T floor(T x) noexcept {
  return std::floor(x);
}
template <class T, class A>
XACT_ALWAYS_INLINE xsimd::batch<T, A> floor(xsimd::batch<T, A> const& x) noexcept {
  return xsimd::floor(x);
}

/// True for x86 batches, whose vminps/vmaxps (and pd) return their second operand when either
/// is NaN or both are equal.
template <class V>
inline constexpr bool x86_min_max_v = [] {
  if constexpr (is_batch_v<V>) {
    return std::is_base_of_v<xsimd::sse2, typename V::arch_type> ||
           std::is_base_of_v<xsimd::avx512f, typename V::arch_type>;
  }
  return false;
}();

/// min(hi, x) that keeps NaN: x > hi ? hi : x. On x86 one vminps/vminpd (x86_min_max_v), i.e.
/// exactly that expression.
template <class V>
XACT_ALWAYS_INLINE V min_keep_nan(scalar_t<V> hi, V const& x) noexcept {
  if constexpr (std::is_arithmetic_v<V>) {
    return x > hi ? hi : x;
  } else if constexpr (x86_min_max_v<V>) {
    return xsimd::min(V(hi), x);
  } else {
    return detail::select(x > V(hi), V(hi), x);
  }
}

/// max(lo, x) that keeps NaN: x < lo ? lo : x (one vmaxps/vmaxpd on x86).
template <class V>
XACT_ALWAYS_INLINE V max_keep_nan(scalar_t<V> lo, V const& x) noexcept {
  if constexpr (std::is_arithmetic_v<V>) {
    return x < lo ? lo : x;
  } else if constexpr (x86_min_max_v<V>) {
    return xsimd::max(V(lo), x);
  } else {
    return detail::select(x < V(lo), V(lo), x);
  }
}

/// Clamp to [lo, hi] that keeps NaN (comparisons with NaN are false, so NaN falls through):
/// x < lo ? lo : (x > hi ? hi : x), one vmaxps and one vminps on x86.
template <class V>
XACT_ALWAYS_INLINE V clamp_keep_nan(V const& x, scalar_t<V> lo, scalar_t<V> hi) noexcept {
  if constexpr (x86_min_max_v<V>) {
    return min_keep_nan(hi, max_keep_nan(lo, x));
  } else {
    return detail::select(x < V(lo), V(lo), detail::select(x > V(hi), V(hi), x));
  }
}

/// Returns x where x is NaN, else r: the NaN-propagation step of piecewise derivatives.
template <class V>
XACT_ALWAYS_INLINE V propagate_nan(V const& x, V const& r) noexcept {
  return detail::select(detail::is_nan(x), x, r);
}

/// -x, the sign bit flipped. xsimd 8.1 negates AVX-512 batches as 0 - x, an instruction of its
/// own that also maps -0 to +0 and that the compiler cannot fold into a multiply-add; the
/// vector extension's negation is an XOR that GCC and Clang fold into vfnmadd / vfmsub.
template <class V>
XACT_ALWAYS_INLINE V neg(V const& x) noexcept {
  if constexpr (is_batch_v<V>) {
#if defined(__GNUC__)
    using R = typename V::register_type;
    return V(R(-R(x)));
#else
    return -x;
#endif
  } else {
    return -x;
  }
}

/// -|x| in one operation (the sign bit set).
template <class V>
XACT_ALWAYS_INLINE V negative_abs(V const& x) noexcept {
  if constexpr (is_batch_v<V>) {
    return x | V(scalar_t<V>(-0.0));
  } else {
    return -std::fabs(x);
  }
}

// ---- multiply-add, fused exactly where the architecture fuses it ------------------------

/// a*b + c: one rounding where fused_fma_v<V>, else two (the same choice in scalar and SIMD
/// code of one translation unit, which keeps them bit-identical).
template <class V>
XACT_ALWAYS_INLINE V madd(V const& a, V const& b, V const& c) noexcept {
  if constexpr (!fused_fma_v<V>) {
    return a * b + c;
  } else if constexpr (is_batch_v<V>) {
#if XSIMD_WITH_AVX512F
    // xsimd 8.1 has no AVX-512 fma kernel: its generic fallback rounds a*b before adding c,
    // which would silently turn every exact product (two_prod) into a zero low part.
    if constexpr (std::is_base_of_v<xsimd::avx512f, typename V::arch_type>) {
      if constexpr (std::is_same_v<scalar_t<V>, float>) {
        return V(_mm512_fmadd_ps(a, b, c));
      } else {
        return V(_mm512_fmadd_pd(a, b, c));
      }
    } else
#endif
    {
      return xsimd::fma(a, b, c);
    }
  } else {
    return std::fma(a, b, c);
  }
}

/// Exact product as an unevaluated sum: a*b == hi + lo exactly (barring over/underflow).
/// With FMA: lo = fma(a, b, -hi). Without: Dekker's splitting (Dekker 1971, "A floating-point
/// technique for extending the available precision", Numer. Math. 18).
/// Where the product or a factor is huge (beyond max / 2^14 for float, max / 2^30 for double,
/// i.e. where Dekker's split factor would overflow) or not finite, lo is 0: no caller needs
/// the low part there.
template <class V>
XACT_ALWAYS_INLINE void two_prod(V const& a, V const& b, V& hi, V& lo) noexcept {
  using T = scalar_t<V>;
  constexpr T huge = std::numeric_limits<T>::max() * (sizeof(T) == 4 ? T(0x1p-14) : T(0x1p-30));
  hi = a * b;
  if constexpr (fused_fma_v<V>) {
    lo = detail::select(detail::abs(hi) < V(huge), madd(a, b, detail::neg(hi)), V(0));
  } else {
    constexpr T split = sizeof(T) == 4 ? T(4097) : T(134217729);  // 2^ceil(p/2) + 1
    V const ca = V(split) * a, cb = V(split) * b;
    V const ah = ca - (ca - a), al = a - ah;
    V const bh = cb - (cb - b), bl = b - bh;
    lo = ((ah * bh - hi) + ah * bl + al * bh) + al * bl;
    auto const safe =
        detail::both(detail::both(detail::abs(hi) < V(huge), detail::abs(a) < V(huge)),
                     detail::abs(b) < V(huge));
    lo = detail::select(safe, lo, V(0));
  }
}

// ---- bit-level views ---------------------------------------------------------------------

template <class V>
XACT_ALWAYS_INLINE uint_t<V> to_bits(V const& x) noexcept {
  if constexpr (is_batch_v<V>) {
    return xsimd::bitwise_cast<uint_t<V>>(x);
  } else {
    uint_t<V> u;
    std::memcpy(&u, &x, sizeof u);
    return u;
  }
}

template <class V>
XACT_ALWAYS_INLINE V from_bits(uint_t<V> const& u) noexcept {
  if constexpr (is_batch_v<V>) {
    return xsimd::bitwise_cast<V>(u);
  } else {
    V x;
    std::memcpy(&x, &u, sizeof x);
    return x;
  }
}

// ---- reciprocal estimate and 16-entry table lookup (the fast float kernels) ---------------

/// An approximation of 1/d for d >= 1: AVX-512's vrcp14 (relative error < 2^-14) wherever the
/// translation unit is compiled for AVX-512 (its scalar form for V = float, so scalar and
/// vector code agree bit for bit), the rounded quotient 1/d elsewhere. The zero-masked forms of
/// the intrinsics: GCC 12 warns (maybe-uninitialized) on the plain ones. Callers only use it to
/// scale a correction (dw_divide_estimate), where 2^-14 is plenty.
template <class V>
XACT_ALWAYS_INLINE V reciprocal_estimate(V const& d) noexcept {
  static_assert(std::is_same_v<scalar_t<V>, float>, "xact: reciprocal_estimate is for float");
#if defined(__AVX512F__) && defined(__AVX512VL__)
  if constexpr (!is_batch_v<V>) {
    return _mm_cvtss_f32(_mm_maskz_rcp14_ss(1, _mm_setzero_ps(), _mm_set_ss(d)));
  } else if constexpr (std::is_base_of_v<xsimd::avx512f, typename V::arch_type>) {
    return V(_mm512_maskz_rcp14_ps(0xFFFF, d));
  } else if constexpr (std::is_base_of_v<xsimd::avx, typename V::arch_type>) {
    return V(_mm256_maskz_rcp14_ps(0xFF, d));
  } else if constexpr (std::is_base_of_v<xsimd::sse2, typename V::arch_type>) {
    return V(_mm_maskz_rcp14_ps(0xF, d));
  } else
#endif
  {
    return V(1) / d;
  }
}

/// 1/d to ~2^-28 relative (then rounded) for float d >= 1: reciprocal_estimate refined by one
/// Newton step (the estimate's error squared), two multiply-adds where a division costs about
/// ten on one AVX-512 port. Elsewhere 1/d itself (the step then changes nothing).
template <class V>
XACT_ALWAYS_INLINE V reciprocal_refined(V const& d) noexcept {
  V const r = reciprocal_estimate(d);
  return madd(r, V(madd(detail::neg(d), r, V(1))), r);
}

/// True when scalef() is available: float batches of AVX-512F (one vscalefps).
template <class V>
inline constexpr bool has_scalef_v = [] {
  if constexpr (is_batch_v<V>) {
#if XSIMD_WITH_AVX512F
    return std::is_same_v<scalar_t<V>, float> &&
           std::is_base_of_v<xsimd::avx512f, typename V::arch_type>;
#endif
  }
  return false;
}();

/// v 2^floor(k) in one instruction (vscalefps), exact where the result is a normal number.
/// Only for has_scalef_v<V> (declared everywhere so that callers may name it in a discarded
/// `if constexpr` branch).
template <class V>
XACT_ALWAYS_INLINE V scalef(V const& v, V const& k) noexcept {
  static_assert(has_scalef_v<V>, "xact: scalef is for float batches of AVX-512F");
#if XSIMD_WITH_AVX512F
  return V(_mm512_scalef_ps(v, k));
#else
  return v * k;  // never instantiated: has_scalef_v is false without AVX-512F
#endif
}

/// table_lookup16 one lane at a time, for architectures without a suitable permute.
template <class V>
XACT_ALWAYS_INLINE V table_lookup16_by_lane(scalar_t<V> const* table,
                                            uint_t<V> const& index) noexcept {
  constexpr std::size_t n = V::size;
  alignas(64) typename uint_t<V>::value_type i[n];
  alignas(64) scalar_t<V> r[n];
  index.store_aligned(i);
  for (std::size_t k = 0; k < n; ++k) r[k] = table[i[k] & 15u];
  return V::load_aligned(r);
}

/// table[index mod 16] lane by lane (the low 4 bits of each index): one vpermps / vpermt2pd on
/// AVX-512, two vpermps and a blend on AVX2 (float), a scalar loop elsewhere. table must be
/// 64-byte aligned.
template <class V>
XACT_ALWAYS_INLINE V table_lookup16(scalar_t<V> const* table, uint_t<V> const& index) noexcept {
  if constexpr (!is_batch_v<V>) {
    return table[index & 15u];
  } else if constexpr (std::is_same_v<scalar_t<V>, double>) {
#if XSIMD_WITH_AVX512F
    if constexpr (std::is_base_of_v<xsimd::avx512f, typename V::arch_type>) {
      return V(_mm512_maskz_permutex2var_pd(0xFF, _mm512_load_pd(table), index,
                                            _mm512_load_pd(table + 8)));
    } else
#endif
    {
      return table_lookup16_by_lane<V>(table, index);
    }
  } else {
#if XSIMD_WITH_AVX512F
    if constexpr (std::is_base_of_v<xsimd::avx512f, typename V::arch_type>) {
      return V(_mm512_maskz_permutexvar_ps(0xFFFF, index, _mm512_load_ps(table)));
    } else
#endif
#if XSIMD_WITH_AVX2
        if constexpr (std::is_base_of_v<xsimd::avx2, typename V::arch_type>) {
      __m256i const i = index;
      __m256 const low = _mm256_permutevar8x32_ps(_mm256_load_ps(table), i);
      __m256 const high = _mm256_permutevar8x32_ps(_mm256_load_ps(table + 8), i);
      // bit 3 of the index, moved to the sign bit, picks the upper half
      return V(_mm256_blendv_ps(low, high, _mm256_castsi256_ps(_mm256_slli_epi32(i, 28))));
    } else
#endif
    {
      return table_lookup16_by_lane<V>(table, index);
    }
  }
}

}  // namespace xact::detail

#endif  // XACT_DETAIL_SIMD_HPP
