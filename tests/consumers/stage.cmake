# SPDX-License-Identifier: MIT
# ctest fixture: installs the xact build tree BUILD_DIR into a fresh staging prefix STAGE.
foreach(var BUILD_DIR STAGE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "stage.cmake: -D${var}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE "${STAGE}")
set(config_args "")
if(CONFIG)
  set(config_args --config "${CONFIG}")
endif()
execute_process(
  COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${STAGE}" ${config_args}
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "stage.cmake: cmake --install failed (${result})")
endif()

foreach(file
    include/xact/xact.hpp
    include/xact/version.hpp
    share/cmake/xact/xactConfig.cmake
    share/cmake/xact/xactConfigVersion.cmake
    share/cmake/xact/xactTargets.cmake
    share/cmake/xact/XactDependencies.cmake
    share/pkgconfig/xact.pc)
  if(NOT EXISTS "${STAGE}/${file}")
    message(FATAL_ERROR "stage.cmake: the install lacks ${file}")
  endif()
endforeach()
message(STATUS "stage.cmake: staged xact in ${STAGE}")
