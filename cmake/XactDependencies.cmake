# SPDX-License-Identifier: MIT
# Finds xact's dependencies (Eigen >= 3.4, xsimd); shared by the build and the installed config.
#
# Never fails by itself: it sets
#   XACT_DEPENDENCIES_FOUND    TRUE or FALSE
#   XACT_DEPENDENCIES_MESSAGE  why not, with the Debian package to install
#   XACT_XSIMD_TARGET          the xsimd target to link (xsimd exports it without a namespace)
# and lets the caller turn a failure into FATAL_ERROR (build) or xact_FOUND=FALSE (config).

set(XACT_DEPENDENCIES_FOUND TRUE)
set(XACT_DEPENDENCIES_MESSAGE "")
set(XACT_XSIMD_TARGET xsimd)

# The caller's QUIET is forwarded when this file runs inside find_package(xact).
set(_xact_dep_quiet "")
if(xact_FIND_QUIETLY)
  set(_xact_dep_quiet QUIET)
endif()

# Eigen: no version in the request, because Eigen's version file is SameMajorVersion and a
# request for 3.4 would reject Eigen 5; the lower bound is checked by hand instead.
if(NOT TARGET Eigen3::Eigen)
  find_package(Eigen3 CONFIG ${_xact_dep_quiet})
endif()
if(NOT TARGET Eigen3::Eigen)
  set(XACT_DEPENDENCIES_FOUND FALSE)
  string(APPEND XACT_DEPENDENCIES_MESSAGE
    "xact needs Eigen >= 3.4 (CMake package Eigen3, target Eigen3::Eigen), which was not found. "
    "Install it (Debian/Ubuntu: apt-get install libeigen3-dev) or set Eigen3_DIR. ")
else()
  set(_xact_eigen_version "${Eigen3_VERSION}")
  if(NOT _xact_eigen_version AND DEFINED EIGEN3_VERSION_STRING)
    set(_xact_eigen_version "${EIGEN3_VERSION_STRING}")
  endif()
  if(_xact_eigen_version AND _xact_eigen_version VERSION_LESS 3.4)
    set(XACT_DEPENDENCIES_FOUND FALSE)
    string(APPEND XACT_DEPENDENCIES_MESSAGE
      "xact needs Eigen >= 3.4 but found Eigen ${_xact_eigen_version} in '${Eigen3_DIR}'. ")
  endif()
endif()

# xsimd: its exported target is plain `xsimd` (8.1 and later alike).
if(NOT TARGET xsimd)
  find_package(xsimd CONFIG ${_xact_dep_quiet})
endif()
if(NOT TARGET xsimd)
  set(XACT_DEPENDENCIES_FOUND FALSE)
  string(APPEND XACT_DEPENDENCIES_MESSAGE
    "xact needs xsimd >= 8.1 (CMake package xsimd, target xsimd), which was not found. "
    "Install it (Debian/Ubuntu: apt-get install libxsimd-dev) or set xsimd_DIR. ")
else()
  if(DEFINED xsimd_VERSION AND xsimd_VERSION AND xsimd_VERSION VERSION_LESS 8.1)
    set(XACT_DEPENDENCIES_FOUND FALSE)
    string(APPEND XACT_DEPENDENCIES_MESSAGE
      "xact needs xsimd >= 8.1 but found xsimd ${xsimd_VERSION} in '${xsimd_DIR}'. ")
  endif()
  # Debian's xsimd 8.1 target links to a target `xtl` that its config never creates, so linking
  # fails with "cannot find -lxtl" (xsimd#869). xact needs nothing from xtl: an empty target
  # satisfies the name. GLOBAL, because the name is resolved wherever xsimd is linked.
  if(NOT TARGET xtl)
    add_library(xtl INTERFACE IMPORTED GLOBAL)
  endif()
endif()

unset(_xact_dep_quiet)
unset(_xact_eigen_version)
