// SPDX-License-Identifier: MIT
// Fast float kernels with an accurate fallback: the fast formula covers the common range
// (finite arguments whose intermediate results stay normal numbers); lanes outside it take the
// kernel's general formula, which runs only when some lane needs it.
#ifndef XACT_DETAIL_FAST_PATH_HPP
#define XACT_DETAIL_FAST_PATH_HPP

#include "xact/detail/simd.hpp"

#include <type_traits>

namespace xact::detail {

/// f(x) through a call the compiler may not inline.
template <class F, class V>
XACT_NOINLINE V call_out_of_line(F& f, V const& x) {
  return f(x);
}

/// fast(x) where `usable(x, fast(x))` holds, accurate(x) elsewhere. Each lane's result depends
/// only on its own argument, so scalar and SIMD code agree bit for bit. usable may look at the
/// fast result (e.g. to reject results that would be subnormal); it must be false for NaN.
///
/// Always inlined, so the fast form dissolves into the caller's loop; the accurate form of a
/// batch is called out of line (it is rare), which keeps its constants out of the loop's
/// registers.
template <class V, class Fast, class Usable, class Accurate>
XACT_ALWAYS_INLINE V fast_or_accurate(V const& x, Fast&& fast, Usable&& usable,
                                      Accurate&& accurate) {
  V const r = fast(x);
  auto const ok = usable(x, r);
  if constexpr (!is_batch_v<V>) {
    return ok ? r : accurate(x);
  } else {
    if (xsimd::all(ok)) return r;
    return detail::select(ok, r, call_out_of_line(accurate, x));
  }
}

/// fast_or_accurate for float lanes on architectures with a fused multiply-add (the fast forms
/// form exact products and residuals with it); accurate(x) itself for double and without FMA
/// (SSE4.2 builds), where scalar and SIMD code of a translation unit make the same choice.
template <class V, class Fast, class Usable, class Accurate>
XACT_ALWAYS_INLINE V fast_for_float(V const& x, Fast&& fast, Usable&& usable, Accurate&& accurate) {
  if constexpr (std::is_same_v<scalar_t<V>, float> && fused_fma_v<V>) {
    return fast_or_accurate(x, fast, usable, accurate);
  } else {
    return accurate(x);
  }
}

/// The usable predicate "|x| <= limit" (false for NaN), as -|x| >= -limit: the fast forms
/// that start from -|x| share its one instruction.
inline auto abs_at_most(float limit) noexcept {
  return [limit](auto const& x, auto const&) {
    using V = std::decay_t<decltype(x)>;
    return detail::negative_abs(x) >= V(-limit);
  };
}

}  // namespace xact::detail

#endif  // XACT_DETAIL_FAST_PATH_HPP
