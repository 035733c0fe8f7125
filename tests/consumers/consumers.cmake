# SPDX-License-Identifier: MIT
# Packaging tests: stage an install, then build a consumer of xact in four ways.
#
#   consumer.stage            cmake --install <build> --prefix <build>/consumers/stage  (fixture)
#   consumer.find_package     find_package(xact 0.1 CONFIG REQUIRED) from the staged install
#   consumer.pkgconfig        g++ $(pkg-config --cflags xact) with PKG_CONFIG_PATH on the stage
#   consumer.build_tree       find_package(xact) with xact_DIR = this build directory
#   consumer.add_subdirectory add_subdirectory(<xact source> SYSTEM)
#   consumer.fetchcontent     FetchContent_Declare(xact SOURCE_DIR <xact source>)
# Each consumer builds tests/consumers/project and runs it (it checks sigmoid values).

set(_xact_consumer_src "${CMAKE_CURRENT_LIST_DIR}/project")
set(_xact_consumer_bin "${PROJECT_BINARY_DIR}/consumers")
set(_xact_stage "${_xact_consumer_bin}/stage")

if(CMAKE_CONFIGURATION_TYPES)
  set(_xact_consumer_config "$<CONFIG>")
elseif(CMAKE_BUILD_TYPE)
  set(_xact_consumer_config "${CMAKE_BUILD_TYPE}")
else()
  set(_xact_consumer_config Release)
endif()

# Options every consumer configure receives: same compiler, same configuration, same warnings.
set(_xact_consumer_options
  "-DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}"
  "-DCMAKE_BUILD_TYPE=${_xact_consumer_config}"
  "-DXACT_CONSUMER_WERROR=${XACT_WARNINGS_AS_ERRORS}"
  "-DXACT_EXPECTED_VERSION=${PROJECT_VERSION}")
foreach(_var Eigen3_DIR xsimd_DIR)
  if(${_var})
    list(APPEND _xact_consumer_options "-D${_var}=${${_var}}")
  endif()
endforeach()

# Arguments of `ctest --build-and-test <src> <bin>` that follow the two directories.
set(_xact_build_and_test_args
  --build-generator "${CMAKE_GENERATOR}"
  --build-makeprogram "${CMAKE_MAKE_PROGRAM}"
  --build-config "${_xact_consumer_config}"
  --build-noclean)

function(xact_add_consumer_test mode)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "FIXTURE" "OPTIONS")
  set(bin "${_xact_consumer_bin}/${mode}")
  # The generator's clean-first behaviour is off (--build-noclean), so start from scratch here.
  add_test(NAME consumer.${mode}.clean COMMAND ${CMAKE_COMMAND} -E rm -rf "${bin}")
  set_tests_properties(consumer.${mode}.clean PROPERTIES
    FIXTURES_SETUP xact_consumer_${mode} LABELS "packaging")
  add_test(NAME consumer.${mode}
    COMMAND ${CMAKE_CTEST_COMMAND} --build-and-test "${_xact_consumer_src}" "${bin}"
      ${_xact_build_and_test_args}
      --build-project xact_consumer
      --build-options ${_xact_consumer_options} "-DXACT_CONSUMER_MODE=${mode}" ${arg_OPTIONS}
      --test-command xact_consumer)
  set(fixtures xact_consumer_${mode})
  if(arg_FIXTURE)
    list(APPEND fixtures ${arg_FIXTURE})
  endif()
  set_tests_properties(consumer.${mode} PROPERTIES
    FIXTURES_REQUIRED "${fixtures}"
    LABELS "packaging"
    PASS_REGULAR_EXPRESSION "xact_consumer: OK"
    TIMEOUT 600)
endfunction()

if(XACT_INSTALL)
  add_test(NAME consumer.stage
    COMMAND ${CMAKE_COMMAND}
      "-DBUILD_DIR=${PROJECT_BINARY_DIR}" "-DSTAGE=${_xact_stage}" "-DCONFIG=${_xact_consumer_config}"
      -P "${CMAKE_CURRENT_LIST_DIR}/stage.cmake")
  set_tests_properties(consumer.stage PROPERTIES
    FIXTURES_SETUP xact_staged LABELS "packaging")

  xact_add_consumer_test(find_package FIXTURE xact_staged
    OPTIONS "-DCMAKE_PREFIX_PATH=${_xact_stage}" "-DXACT_EXPECTED_DIR=${_xact_stage}")
  xact_add_consumer_test(build_tree
    OPTIONS "-Dxact_DIR=${PROJECT_BINARY_DIR}" "-DXACT_EXPECTED_DIR=${PROJECT_BINARY_DIR}")

  add_test(NAME consumer.pkgconfig
    COMMAND ${CMAKE_COMMAND}
      "-DSTAGE=${_xact_stage}"
      "-DSOURCE=${_xact_consumer_src}/main.cpp"
      "-DBINARY_DIR=${_xact_consumer_bin}/pkgconfig"
      "-DCXX=${CMAKE_CXX_COMPILER}"
      "-DWERROR=${XACT_WARNINGS_AS_ERRORS}"
      "-DEXPECTED_VERSION=${PROJECT_VERSION}"
      -P "${CMAKE_CURRENT_LIST_DIR}/pkgconfig.cmake")
  set_tests_properties(consumer.pkgconfig PROPERTIES
    FIXTURES_REQUIRED xact_staged
    LABELS "packaging"
    PASS_REGULAR_EXPRESSION "xact_consumer: OK"
    SKIP_REGULAR_EXPRESSION "xact_consumer: SKIPPED"
    TIMEOUT 600)
endif()

xact_add_consumer_test(add_subdirectory OPTIONS "-DXACT_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
xact_add_consumer_test(fetchcontent OPTIONS "-DXACT_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
