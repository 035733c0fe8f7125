# SPDX-License-Identifier: MIT
# ctest script: compiles the consumer with `pkg-config --cflags xact` against the staged install.
foreach(var STAGE SOURCE BINARY_DIR CXX EXPECTED_VERSION)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "pkgconfig.cmake: -D${var}=... is required")
  endif()
endforeach()

find_program(PKG_CONFIG_EXECUTABLE NAMES pkg-config pkgconf)
if(NOT PKG_CONFIG_EXECUTABLE)
  message("xact_consumer: SKIPPED (pkg-config is not installed)")
  return()
endif()

# Prepend the stage, keep the system directories (eigen3.pc, xsimd.pc) reachable.
if(DEFINED ENV{PKG_CONFIG_PATH} AND NOT "$ENV{PKG_CONFIG_PATH}" STREQUAL "")
  set(ENV{PKG_CONFIG_PATH} "${STAGE}/share/pkgconfig:$ENV{PKG_CONFIG_PATH}")
else()
  set(ENV{PKG_CONFIG_PATH} "${STAGE}/share/pkgconfig")
endif()

function(run_checked out_var)
  execute_process(COMMAND ${ARGN}
    RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err
    OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT result EQUAL 0)
    list(JOIN ARGN " " cmd)
    message(FATAL_ERROR "pkgconfig.cmake: `${cmd}` failed (${result}):\n${out}\n${err}")
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

run_checked(version "${PKG_CONFIG_EXECUTABLE}" --modversion xact)
if(NOT version STREQUAL EXPECTED_VERSION)
  message(FATAL_ERROR "pkgconfig.cmake: xact.pc says version '${version}', "
                      "expected '${EXPECTED_VERSION}'")
endif()

run_checked(cflags "${PKG_CONFIG_EXECUTABLE}" --cflags xact)
message(STATUS "pkg-config --cflags xact: ${cflags}")
# Relocatable: the include directory must be the staged one, resolved through ${pcfiledir}.
file(REAL_PATH "${STAGE}/include" staged_include)
set(found_stage FALSE)
separate_arguments(cflag_list UNIX_COMMAND "${cflags}")
foreach(flag IN LISTS cflag_list)
  if(flag MATCHES "^-I(.+)$")
    file(REAL_PATH "${CMAKE_MATCH_1}" dir)
    if(dir STREQUAL staged_include)
      set(found_stage TRUE)
    endif()
  endif()
endforeach()
if(NOT found_stage)
  message(FATAL_ERROR "pkgconfig.cmake: `pkg-config --cflags xact` (${cflags}) does not name "
                      "the staged include directory ${staged_include}")
endif()

set(warnings -Wall -Wextra -Wpedantic)
if(WERROR)
  list(APPEND warnings -Werror)
endif()
file(MAKE_DIRECTORY "${BINARY_DIR}")
set(exe "${BINARY_DIR}/xact_consumer")
run_checked(compile_out "${CXX}" -std=c++17 -O2 ${warnings} ${cflag_list}
  "-DXACT_EXPECTED_VERSION=\"${EXPECTED_VERSION}\"" "${SOURCE}" -o "${exe}")
run_checked(run_out "${exe}")
message("${run_out}")
