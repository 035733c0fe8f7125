// SPDX-License-Identifier: MIT
// Exits a test executable with code 77 (ctest: skipped) when the CPU lacks its instruction set.
//
// This file is compiled without the executable's -m flags, and the check runs as a priority-101
// constructor, before the default-priority static initializers of the test files (which are
// compiled with those flags and might already use the instructions).

#include <cstdio>
#include <cstdlib>

#ifndef XACT_TEST_ARCH_NAME
#define XACT_TEST_ARCH_NAME "unknown"
#endif

namespace {

int missing_features = 0;

void require(bool supported, const char* feature) {
  if (!supported) {
    std::fprintf(stderr, "xact_tests_%s: this CPU lacks %s; skipping (exit code 77)\n",
                 XACT_TEST_ARCH_NAME, feature);
    ++missing_features;
  }
}

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define XACT_TEST_REQUIRE(feature) require(__builtin_cpu_supports(feature) != 0, feature)
#else
#define XACT_TEST_REQUIRE(feature) require(true, feature)
#endif

__attribute__((constructor(101))) void xact_test_cpu_check() {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
  __builtin_cpu_init();  // needed because this runs before libgcc's own constructor
#endif
#ifdef XACT_TEST_NEEDS_SSE4_2
  XACT_TEST_REQUIRE("sse4.2");
#endif
#ifdef XACT_TEST_NEEDS_AVX2
  XACT_TEST_REQUIRE("avx2");
#endif
#ifdef XACT_TEST_NEEDS_FMA
  XACT_TEST_REQUIRE("fma");
#endif
#ifdef XACT_TEST_NEEDS_AVX512F
  XACT_TEST_REQUIRE("avx512f");
#endif
#ifdef XACT_TEST_NEEDS_AVX512CD
  XACT_TEST_REQUIRE("avx512cd");
#endif
#ifdef XACT_TEST_NEEDS_AVX512DQ
  XACT_TEST_REQUIRE("avx512dq");
#endif
#ifdef XACT_TEST_NEEDS_AVX512BW
  XACT_TEST_REQUIRE("avx512bw");
#endif
#ifdef XACT_TEST_NEEDS_AVX512VL
  XACT_TEST_REQUIRE("avx512vl");
#endif
  if (missing_features != 0) {
    std::fflush(stderr);
    std::_Exit(77);
  }
}

}  // namespace
