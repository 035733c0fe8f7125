// SPDX-License-Identifier: MIT
// Re-evaluation of float lanes in double precision, for the zones where a float formula
// cancels (near the roots of GELU's and swish's derivatives).
#ifndef XACT_DETAIL_PROMOTE_HPP
#define XACT_DETAIL_PROMOTE_HPP

#include "xact/detail/simd.hpp"

#include <cstddef>
#include <type_traits>

namespace xact::detail {

/// Returns `result` with the lanes where `zone` holds replaced by float(fn(double(x))). fn is a
/// generic kernel callable with double and with xsimd::batch<double, A>; since the double
/// kernels agree bit for bit between scalar and SIMD, so does the result. The double pass runs
/// only when some lane is in the zone. For V = double or batch<double> this returns `result`.
template <class V, class M, class Fn>
inline V refine_in_double(M const& zone, V const& x, V const& result, Fn&& fn) {
  if constexpr (!std::is_same_v<scalar_t<V>, float>) {
    return result;
  } else if constexpr (!is_batch_v<V>) {
    return zone ? static_cast<float>(fn(static_cast<double>(x))) : result;
  } else {
    if (!xsimd::any(zone)) return result;
    using A = typename V::arch_type;
    using D = xsimd::batch<double, A>;
    constexpr std::size_t n = V::size, m = D::size;
    alignas(64) float xf[n];
    alignas(64) double xd[n];
    x.store_aligned(xf);
    for (std::size_t i = 0; i < n; ++i) xd[i] = static_cast<double>(xf[i]);
    for (std::size_t i = 0; i < n; i += m) fn(D::load_aligned(xd + i)).store_aligned(xd + i);
    for (std::size_t i = 0; i < n; ++i) xf[i] = static_cast<float>(xd[i]);
    return detail::select(zone, V::load_aligned(xf), result);
  }
}

}  // namespace xact::detail

#endif  // XACT_DETAIL_PROMOTE_HPP
