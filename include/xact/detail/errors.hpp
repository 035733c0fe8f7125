// SPDX-License-Identifier: MIT
// Parameter checks that report std::invalid_argument naming the activation and the parameter.
#ifndef XACT_DETAIL_ERRORS_HPP
#define XACT_DETAIL_ERRORS_HPP

#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>

namespace xact::detail {

/// Throws "xact::<activation>: <parameter> must be <rule>, got <value>".
template <class T>
[[noreturn]] inline void throw_invalid_parameter(char const* activation, char const* parameter,
                                                 char const* rule, T value) {
  std::ostringstream message;
  message << "xact::" << activation << ": " << parameter << " must be " << rule << ", got "
          << value;
  throw std::invalid_argument(message.str());
}

template <class T>
inline void require_finite(char const* activation, char const* parameter, T value) {
  if (!std::isfinite(value)) throw_invalid_parameter(activation, parameter, "finite", value);
}

template <class T>
inline void require_positive(char const* activation, char const* parameter, T value) {
  if (!(value > T(0)) || !std::isfinite(value))
    throw_invalid_parameter(activation, parameter, "finite and > 0", value);
}

template <class T>
inline void require_not_nan(char const* activation, char const* parameter, T value) {
  if (std::isnan(value)) throw_invalid_parameter(activation, parameter, "a number", value);
}

}  // namespace xact::detail

#endif  // XACT_DETAIL_ERRORS_HPP
