// SPDX-License-Identifier: MIT
// Version of the xact library; CMake reads the project version from this file.
#ifndef XACT_VERSION_HPP
#define XACT_VERSION_HPP

#define XACT_VERSION_MAJOR 0
#define XACT_VERSION_MINOR 1
#define XACT_VERSION_PATCH 0

/// The version as a string literal, "MAJOR.MINOR.PATCH".
#define XACT_VERSION_STRING "0.1.0"

/// The version as one comparable integer, e.g. 100 for 0.1.0 and 10203 for 1.2.3.
#define XACT_VERSION (XACT_VERSION_MAJOR * 10000 + XACT_VERSION_MINOR * 100 + XACT_VERSION_PATCH)

#endif  // XACT_VERSION_HPP
