// SPDX-License-Identifier: MIT
// The few compile-time switches of xact, each documented here.
#ifndef XACT_CONFIG_HPP
#define XACT_CONFIG_HPP

// XACT_HAS_FMA: 1 when scalar code may use a fused multiply-add instruction (the translation
// unit is compiled for FMA3 or AVX-512). The scalar path of every kernel then uses std::fma
// exactly where the SIMD path of the default architecture uses a fused xsimd::fma, so a scalar
// call and a SIMD lane give bit-identical results. Define it yourself (0 or 1) to override.
#ifndef XACT_HAS_FMA
#if defined(__FMA__) || defined(__AVX512F__)
#define XACT_HAS_FMA 1
#else
#define XACT_HAS_FMA 0
#endif
#endif

#endif  // XACT_CONFIG_HPP
