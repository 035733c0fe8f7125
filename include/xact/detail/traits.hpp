// SPDX-License-Identifier: MIT
// Compile-time questions about functors: is it an activation, which kernels does it offer.
#ifndef XACT_DETAIL_TRAITS_HPP
#define XACT_DETAIL_TRAITS_HPP

#include <type_traits>
#include <utility>

namespace xact {
namespace detail {

template <class T>
inline constexpr bool is_supported_scalar_v = std::is_same_v<T, float> || std::is_same_v<T, double>;

template <class F, class = void>
struct has_value_type : std::false_type {};
template <class F>
struct has_value_type<F, std::void_t<typename F::value_type>> : std::true_type {};

template <class F, class = void>
struct is_activation : std::false_type {};
template <class F>
struct is_activation<
    F, std::void_t<
           typename F::value_type,
           decltype(std::declval<F const&>().forward(std::declval<typename F::value_type>())),
           decltype(std::declval<F const&>().derivative(std::declval<typename F::value_type>()))>>
    : std::true_type {};

template <class F, class = void>
struct has_output_derivative : std::false_type {};
template <class F>
struct has_output_derivative<F,
                             std::void_t<decltype(std::declval<F const&>().derivative_from_output(
                                 std::declval<typename F::value_type>()))>> : std::true_type {};

template <class F, class = void>
struct has_parameter_derivative : std::false_type {};
template <class F>
struct has_parameter_derivative<F,
                                std::void_t<decltype(std::declval<F const&>().parameter_derivative(
                                    std::declval<typename F::value_type>()))>> : std::true_type {};

template <class F, class = void>
struct cost_of : std::integral_constant<int, 1> {};
template <class F>
struct cost_of<F, std::void_t<decltype(F::cost)>> : std::integral_constant<int, int(F::cost)> {};

/// Rough cost of one element of F (F::cost; 1, the cheapest, for a functor without one, so
/// that such a functor is split across threads only at the largest sizes).
template <class F>
inline constexpr int cost_of_v = cost_of<std::decay_t<F>>::value;

/// The object whose forward/derivative kernels a loop should call: f.prepared() when F
/// offers it (a copy with the constants derived from its parameters, e.g. kinks that cost a
/// division, computed once per array instead of once per batch), else f itself.
template <class F, class = void>
struct has_prepared : std::false_type {};
template <class F>
struct has_prepared<F, std::void_t<decltype(std::declval<F const&>().prepared())>>
    : std::true_type {};

template <class F>
inline auto prepared_kernel(F const& f) noexcept {
  if constexpr (has_prepared<F>::value) {
    return f.prepared();
  } else {
    return f;
  }
}

/// Calls run(k) with the kernel object the eager loops should instantiate for f: what
/// f.with_loop_kernel(run) passes when F offers it (a functor whose parameters select one of
/// several kernels, e.g. swish with beta = 1 runs SiLU's: the choice is made once per array,
/// and each loop holds only its own kernel's constants in registers), else prepared_kernel(f).
template <class F, class = void>
struct has_loop_kernel : std::false_type {};
template <class F>
struct has_loop_kernel<F, std::void_t<decltype(std::declval<F const&>().with_loop_kernel(
                              std::declval<void (*)(F const&)>()))>> : std::true_type {};

template <class F, class Run>
inline void with_loop_kernel(F const& f, Run&& run) {
  if constexpr (has_loop_kernel<F>::value) {
    f.with_loop_kernel(run);
  } else {
    run(prepared_kernel(f));
  }
}

}  // namespace detail

/// True for element-wise activation functors (value_type, forward, derivative).
template <class F>
inline constexpr bool is_activation_v = detail::is_activation<std::decay_t<F>>::value;

/// True when F offers derivative_from_output(y) (exact from the output; still check
/// F::output_derivative_valid() for the current parameters).
template <class F>
inline constexpr bool has_output_derivative_v =
    detail::has_output_derivative<std::decay_t<F>>::value;

/// True when F has a learnable parameter and offers parameter_derivative(x).
template <class F>
inline constexpr bool has_parameter_derivative_v =
    detail::has_parameter_derivative<std::decay_t<F>>::value;

}  // namespace xact

#endif  // XACT_DETAIL_TRAITS_HPP
