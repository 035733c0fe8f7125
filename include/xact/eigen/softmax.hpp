// SPDX-License-Identifier: MIT
// Softmax and log-softmax along each column or each row of an Eigen array, with their backward
// passes.
#ifndef XACT_EIGEN_SOFTMAX_HPP
#define XACT_EIGEN_SOFTMAX_HPP

#include "xact/detail/loop.hpp"
#include "xact/detail/promote.hpp"
#include "xact/detail/simd.hpp"
#include "xact/eigen/direction.hpp"
#include "xact/eigen/shape.hpp"
#include "xact/math/double_word.hpp"
#include "xact/math/exp.hpp"
#include "xact/math/exp_table.hpp"
#include "xact/math/log.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>

namespace xact {

/// Options of `softmax` and `log_softmax`.
struct softmax_options {
  /// What a vector whose entries are all -inf (e.g. a fully masked attention row) gives:
  /// false (default, like PyTorch): NaN in every entry, since 0/0 has no value;
  /// true: softmax gives 0 in every entry and log_softmax gives -inf (= log 0), so that
  /// exp(log_softmax(x)) == softmax(x) holds with either setting and the backward passes give
  /// dx = 0 (softmax) and dx = dy (log_softmax, whose input was a constant mask anyway).
  bool inf_as_zero = false;
};

namespace detail {
namespace vectorwise {

/// Accumulator for sums over a vector: double for float, long double (64-bit significand on
/// x86) for double, so that a sum of n terms carries ~n 2^-64 relative error instead of
/// n 2^-53 and the softmax family stays within a few ULP.
template <class T>
using accumulator_t = std::conditional_t<std::is_same<T, float>::value, double, long double>;

/// Fills n entries with v.
template <class T>
void fill(T* y, Eigen::Index n, T v) {
  std::fill(y, y + n, v);
}

/// Sum over i < n, i != skip, of e^(x_i - m) in double, for float x; with `store`,
/// float(e^(x_i - m)) is also written to y[i]. Every entry goes through the SIMD body (each
/// float batch widened to two double batches); the batch holding `skip` and the tail are
/// copied to a buffer first, with -inf (e = 0) at `skip` and in the padding.
inline double sum_exp_shifted_float(const float* x, float* y, std::size_t n, float m,
                                    std::size_t skip, bool store) {
  using BF = batch<float>;
  using BD = batch<double>;
  constexpr std::size_t w = BF::size;
  BD acc(0.0);
  BD const md(static_cast<double>(m));
  auto const step = [&](const float* from, float* to) {
    auto const v = widen(BF::load_unaligned(from));
    // 2^-36 relative is plenty: every output is rounded to float after one more operation.
    BD const e_lo = math::exp_for_float_results(BD(v.lo - md)),
             e_hi = math::exp_for_float_results(BD(v.hi - md));
    acc += e_lo + e_hi;
    if (store) narrow<typename BF::arch_type>({e_lo, e_hi}).store_unaligned(to);
  };
  alignas(64) float buf[w];
  std::size_t i = 0;
  for (; i + w <= n; i += w) {
    if (skip - i < w) {  // unsigned: skip in [i, i + w)
      std::copy(x + i, x + i + w, buf);
      buf[skip - i] = -std::numeric_limits<float>::infinity();
      step(buf, y + i);
    } else {
      step(x + i, y + i);
    }
  }
  if (i < n) {
    std::fill(buf, buf + w, -std::numeric_limits<float>::infinity());
    std::copy(x + i, x + n, buf);
    if (skip - i < n - i) buf[skip - i] = -std::numeric_limits<float>::infinity();
    step(buf, buf);
    if (store) std::copy(buf, buf + (n - i), y + i);
  }
  return xsimd::hadd(acc);
}

/// sum_i a_i b_i (with b: the products) or sum_i a_i, in double for float vectors: every
/// product of two floats is exact in double, so only the additions round (~n 2^-53). SIMD over
/// float batches widened to double.
template <bool Products>
inline double sum_in_double(const float* a, const float* b, std::size_t n) {
  using BF = batch<float>;
  using BD = batch<double>;
  constexpr std::size_t w = BF::size;
  BD acc_lo(0.0), acc_hi(0.0);
  std::size_t i = 0;
  for (; i + w <= n; i += w) {
    auto const va = widen(BF::load_unaligned(a + i));
    if constexpr (Products) {
      auto const vb = widen(BF::load_unaligned(b + i));
      acc_lo = detail::madd(va.lo, vb.lo, acc_lo);
      acc_hi = detail::madd(va.hi, vb.hi, acc_hi);
    } else {
      acc_lo += va.lo;
      acc_hi += va.hi;
    }
  }
  double tail = 0;
  for (; i < n; ++i) tail += Products ? double(a[i]) * double(b[i]) : double(a[i]);
  return xsimd::hadd(BD(acc_lo + acc_hi)) + tail;
}

/// sum_i a_i b_i (with b) or sum_i a_i for double vectors, compensated (Ogita, Rump & Oishi
/// 2005, "Accurate sum and dot product", SIAM J. Sci. Comput. 26(6): Dot2 / Sum2): each product's
/// error (FMA) and each addition's error (TwoSum) are summed apart and added at the end, so the
/// result is as accurate as if computed in twice the precision, then rounded (~2^-53 plus
/// n 2^-106 times the condition number) - SIMD, where a long double sum is scalar x87 code.
template <bool Products>
inline double compensated_sum(const double* a, const double* b, std::size_t n) {
  using BD = batch<double>;
  constexpr std::size_t w = BD::size;
  BD sum(0.0), compensation(0.0);
  auto const add = [&](BD const& term, BD const& term_error) {
    BD const next = sum + term;
    BD const virtual_term = next - sum;
    compensation += ((sum - (next - virtual_term)) + (term - virtual_term)) + term_error;
    sum = next;
  };
  std::size_t i = 0;
  for (; i + w <= n; i += w) {
    BD const va = BD::load_unaligned(a + i);
    if constexpr (Products) {
      BD const vb = BD::load_unaligned(b + i);
      BD const product = va * vb;
      add(product, detail::madd(va, vb, detail::neg(product)));
    } else {
      add(va, BD(0.0));
    }
  }
  // The lanes and the tail, compensated the same way in scalar code.
  alignas(64) double lanes[w], errors[w];
  sum.store_aligned(lanes);
  compensation.store_aligned(errors);
  double total = 0, error = 0;
  auto const add_scalar = [&](double term, double term_error) {
    double const next = total + term;
    double const virtual_term = next - total;
    error += ((total - (next - virtual_term)) + (term - virtual_term)) + term_error;
    total = next;
  };
  for (std::size_t k = 0; k < w; ++k) add_scalar(lanes[k], errors[k]);
  for (; i < n; ++i) {
    if constexpr (Products) {
      double const product = a[i] * b[i];
      add_scalar(product, detail::madd(a[i], b[i], -product));
    } else {
      add_scalar(a[i], 0.0);
    }
  }
  // An infinite or NaN sum has no meaningful error term (inf - inf = NaN there).
  return std::isfinite(total) ? total + error : total;
}

/// The backward passes of the softmax family, one contiguous vector at a time: s = the sum of
/// dy y (softmax) or of dy (log_softmax) (float: in double; double: compensated), then
/// dx_i = combine(s)(y_i, dy_i) in one element-wise SIMD pass. dx may be y or dy (each vector
/// is summed before it is overwritten).
template <direction Dir, bool Products, class DerivedY, class DerivedDY, class Out, class Combine>
void backward_as(const Eigen::DenseBase<DerivedY>& y, const Eigen::DenseBase<DerivedDY>& dy,
                 Eigen::PlainObjectBase<Out>& dx, Combine&& combine) {
  using T = typename DerivedY::Scalar;
  constexpr int order = contiguous_order<Dir>;
  const const_view<T, order> yv(as_array(y));
  const const_view<T, order> gv(as_array(dy));
  const Eigen::Index rows = yv.rows(), cols = yv.cols();
  const Eigen::Index count = vector_count(rows, cols, Dir), n = vector_length(rows, cols, Dir);
  auto run = [&](T* dst) {
    for (Eigen::Index c = 0; c < count; ++c) {
      const T* py = yv.data() + c * yv.outerStride();
      const T* pg = gv.data() + c * gv.outerStride();
      const auto un = static_cast<std::size_t>(n);
      T s;
      if constexpr (std::is_same<T, float>::value)
        s = static_cast<float>(Products ? sum_in_double<true>(py, pg, un)
                                        : sum_in_double<false>(pg, nullptr, un));
      else
        s = Products ? compensated_sum<true>(py, pg, un) : compensated_sum<false>(pg, nullptr, un);
      detail::transform2(py, pg, dst + c * n, un, combine(s));
    }
  };
  write_in_order<order, T>(dx, rows, cols, run);
}

/// backward_as with a run-time direction.
template <bool Products, class DerivedY, class DerivedDY, class Out, class Combine>
void backward(const Eigen::DenseBase<DerivedY>& y, const Eigen::DenseBase<DerivedDY>& dy,
              direction dir, Eigen::PlainObjectBase<Out>& dx, Combine&& combine) {
  if (dir == direction::colwise)
    backward_as<direction::colwise, Products>(y, dy, dx, combine);
  else
    backward_as<direction::rowwise, Products>(y, dy, dx, combine);
}

/// The float softmax family in double arithmetic, for the vectors softmax_vector_float_fast does
/// not take (an entry more than 87 below the maximum; architectures without FMA) (m the
/// maximum, finite; k its first position):
/// e^(x_i - m) and the sum in double (x_i - m rounds at 2^-53 relative, which e^ turns into at
/// most 2^-46), then softmax_i = float(float(e_i) / s) (<= 1 ULP: e_i is kept in y between the
/// passes) and log_softmax_i = float((x_i - m) - log1p(r)), r the sum without the maximal term
/// (one rounding to float after double arithmetic: ~0.5 ULP).
inline void softmax_vector_float(const float* x, float* y, std::size_t n, float m, std::size_t k,
                                 bool log_form) {
  // The output passes: detail::transform over float lanes, each evaluated in double.
  if (!log_form) {
    double const inv = 1.0 / sum_exp_shifted_float(x, y, n, m, n, true);
    transform(y, y, n, [inv](auto v) {
      return evaluate_in_double(v, [inv](auto d) { return d * decltype(d)(inv); });
    });
    return;
  }
  double const log_s = std::log1p(sum_exp_shifted_float(x, y, n, m, k, false));  // glibc: < 1 ULP
  double const md = m;
  transform(x, y, n, [md, log_s](auto v) {
    return evaluate_in_double(v, [md, log_s](auto d) {
      using D = decltype(d);
      return (d - D(md)) - D(log_s);
    });
  });
}

/// The entries of a float vector within this distance of its maximum m have e^(x_i - m) normal,
/// the range of math::exp_table: vectors whose entries all are take softmax_vector_float_fast.
inline constexpr float softmax_fast_spread = 87.0f;

/// The longest vector whose e_i softmax_vector_float_fast keeps in a stack buffer (16 KiB)
/// when the output is streamed.
inline constexpr std::size_t softmax_stream_buffer = 4096;

/// The float softmax family in float arithmetic, for a vector whose entries are all within
/// softmax_fast_spread of its finite maximum m (k its first position), on architectures with a
/// fused multiply-add:
///   t_i = x_i - m as an exact double word (TwoSum; rounding x_i - m alone would cost up to
///         |x_i - m| ULP after exp), e_i = e^(t_i) from exp_table (0.61 ULP) and the first
///         order term of t_lo (~1.1 ULP);
///   s = the sum of the e_i (softmax) or of the e_i with i != k (log_softmax: r), compensated
///       per lane (Ogita, Rump & Oishi's Sum2: TwoSum, the errors summed apart), lanes added in
///       double;
///   softmax_i = e_i (1/s), 1/s a double word (one more rounding: 2.1 ULP measured);
///   log_softmax_i = (t_i - log1p(r)), log1p(r) in double as a double word, one rounding
///   (1.2 ULP measured).
/// Twice as fast as softmax_vector_float, which widens every batch to double.
inline void softmax_vector_float_fast(const float* x, float* y, std::size_t n, float m,
                                      std::size_t k, bool log_form, bool stream) {
  using BF = batch<float>;
  constexpr std::size_t w = BF::size;
  auto const shifted = [m](auto const& v) {
    using V = std::decay_t<decltype(v)>;
    return math::exact_sum_finite(v, V(-m));
  };
  auto const exp_shifted = [shifted](BF const& v) {
    math::double_word<BF> const t = shifted(v);
    BF const e = math::exp_table(t.hi);
    return detail::madd(e, t.lo, e);
  };
  alignas(64) float lane_index[w];
  for (std::size_t j = 0; j < w; ++j) lane_index[j] = static_cast<float>(j);
  BF const lanes = BF::load_aligned(lane_index);
  std::size_t const skip = log_form ? k : n;  // log_softmax sums the terms other than e_k = 1
  // softmax keeps e_i for the last pass: in y, or, when the output is streamed (a large array
  // written vector by vector), in a stack buffer, so that y is written once, by streaming
  // stores: writing it twice costs a read of every line of y from memory (its ownership).
  alignas(64) float stream_buffer[softmax_stream_buffer];
  bool const buffered = stream && !log_form && n <= softmax_stream_buffer;
  float* const e_out = buffered ? stream_buffer : y;
  BF sum(0.0f), sum_error(0.0f);
  auto const accumulate = [&](BF const& e) {
    BF const s = sum + e;
    BF const bb = s - sum;
    sum_error += BF(sum - BF(s - bb)) + BF(e - bb);
    sum = s;
  };
  std::size_t i = 0;
  for (; i + w <= n; i += w) {
    BF e = exp_shifted(BF::load_unaligned(x + i));
    if (!log_form) e.store_unaligned(e_out + i);
    if (skip - i < w) e = detail::select(lanes == BF(static_cast<float>(skip - i)), BF(0.0f), e);
    accumulate(e);
  }
  if (i < n) {  // the tail through a buffer padded with m (e = 1, masked out of the sum)
    alignas(64) float buf[w];
    std::fill(buf, buf + w, m);
    std::copy(x + i, x + n, buf);
    BF e = exp_shifted(BF::load_aligned(buf));
    if (!log_form) {
      e.store_aligned(buf);
      std::copy(buf, buf + (n - i), e_out + i);
    }
    auto const outside = lanes >= BF(static_cast<float>(n - i));
    e = detail::select(outside | (lanes == BF(static_cast<float>(skip - i))), BF(0.0f), e);
    accumulate(e);
  }
  alignas(64) float hi[w], lo[w];
  sum.store_aligned(hi);
  sum_error.store_aligned(lo);
  double total = 0.0, total_error = 0.0;
  for (std::size_t j = 0; j < w; ++j) {
    total += hi[j];
    total_error += lo[j];
  }
  double const s = total + total_error;
  if (!log_form) {
    double const inv = 1.0 / s;
    float const inv_hi = static_cast<float>(inv);
    float const inv_lo = static_cast<float>(inv - static_cast<double>(inv_hi));
    auto const scale = [inv_hi, inv_lo](auto const& e) {
      using V = std::decay_t<decltype(e)>;
      return detail::madd(e, V(inv_hi), V(e * V(inv_lo)));
    };
    if (buffered)
      transform<false, streaming::always>(stream_buffer, y, n, scale);
    else
      transform(y, y, n, scale);
    return;
  }
  // log_softmax_i = x_i - c with c = m + log1p(r) as the float pair c_hi + c_lo (c_hi = c
  // rounded, c_lo the float nearest to the rest, computed in double: m - c_hi is exact there),
  // then x_i - c_hi exactly by TwoSum and the low parts added: 8 operations a batch where
  // (x_i - m) - log1p(r) as two exact sums took 15. The exact result never cancels (x_i - m
  // <= 0 and -log1p(r) <= 0, so |result| >= |x_i - m|, which is 0 or at least half an ULP of
  // m); c_lo's own rounding (2^-25 ULP of c_hi) then adds at most about one ULP in the rare case
  // x_i within a few ULP of m but not equal to it (bound of record 4).
  double const log_s = std::log1p(s);  // glibc: < 1 ULP of double
  double const c = static_cast<double>(m) + log_s;
  float const c_hi = static_cast<float>(c);
  float const c_lo =
      static_cast<float>((static_cast<double>(m) - static_cast<double>(c_hi)) + log_s);
  auto const result = [c_hi, c_lo](auto const& v) {
    using V = std::decay_t<decltype(v)>;
    math::double_word<V> const d = math::exact_sum_finite(v, V(-c_hi));
    return V(d.hi + V(d.lo - V(c_lo)));
  };
  if (stream)
    transform<false, streaming::always>(x, y, n, result);
  else
    transform(x, y, n, result);
}

/// Softmax (log_form = false) or log-softmax (log_form = true) of the n contiguous entries at x,
/// written to y (y may equal x). See `xact::softmax` for the special values. stream: y is part
/// of an output too large to stay in cache (XACT_STREAMING_STORE_BYTES); the float fast path
/// then writes it with streaming stores.
template <class T>
void softmax_vector(const T* x, T* y, Eigen::Index n, bool log_form, bool inf_as_zero,
                    bool stream) {
  using lim = std::numeric_limits<T>;
  if (n == 0) return;
  // One SIMD scan for the maximum m and whether a NaN is present; then m's first position k.
  const auto un = static_cast<std::size_t>(n);
  using B = batch<T>;
  constexpr std::size_t w = B::size;
  T m = -lim::infinity(), lowest = lim::infinity();
  bool nan = false;
  std::size_t i = 0;
  if (un >= w) {
    B acc = B::load_unaligned(x), low = acc;
    auto unordered = detail::is_nan(acc);
    for (i = w; i + w <= un; i += w) {
      const B v = B::load_unaligned(x + i);
      acc = xsimd::max(acc, v);
      low = xsimd::min(low, v);
      unordered = unordered | detail::is_nan(v);
    }
    nan = xsimd::any(unordered);
    alignas(64) T lanes[w];
    acc.store_aligned(lanes);
    for (const T v : lanes) m = std::max(m, v);
    low.store_aligned(lanes);
    for (const T v : lanes) lowest = std::min(lowest, v);
  }
  for (; i < un; ++i) {
    nan = nan || std::isnan(x[i]);
    m = std::max(m, x[i]);
    lowest = std::min(lowest, x[i]);
  }
  if (nan) return fill(y, n, lim::quiet_NaN());
  // k: the first position of m, found a batch at a time (a scalar scan costs ~0.15 ns per entry).
  std::size_t first = 0;
  for (; first + w <= un; first += w)
    if (xsimd::any(B::load_unaligned(x + first) == B(m))) break;
  const auto k = static_cast<Eigen::Index>(std::find(x + first, x + n, m) - x);
  if (m == -lim::infinity()) {  // every entry is -inf
    if (!inf_as_zero) return fill(y, n, lim::quiet_NaN());
    return fill(y, n, log_form ? -lim::infinity() : T(0));
  }
  if (m == lim::infinity()) {  // limit as the c infinite entries grow together: each gets 1/c
    Eigen::Index c = 0;
    for (Eigen::Index i = 0; i < n; ++i) c += (x[i] == m);
    const T at_inf = log_form ? -math::log(T(c)) : T(1) / T(c);
    const T elsewhere = log_form ? -lim::infinity() : T(0);
    for (Eigen::Index i = 0; i < n; ++i) y[i] = x[i] == m ? at_inf : elsewhere;
    return;
  }
  // x_i - m as the exact double word t_hi + t_lo (t_lo = 0 where t_hi is -inf: x_i = -inf or
  // x_i - m below -max), and e^(t_hi + t_lo) rounded once: the rounding of x_i - m would
  // otherwise cost up to |x_i - m| ULP after exp.
  const auto shifted = [m](auto v) {
    using V = decltype(v);
    math::double_word<V> t = math::exact_sum(v, V(-m));
    t.lo = detail::select(detail::is_nan(t.lo), V(0), t.lo);
    return t;
  };
  const auto shifted_exp = [shifted](auto v) {
    using V = decltype(v);
    const math::double_word<V> t = shifted(v);
    return math::mul_exp(V(1), t.hi, t.lo);
  };
  if constexpr (std::is_same<T, float>::value) {
    // (m - lowest <= spread also rules out -inf entries, whose e^(x_i - m) = 0.)
    if constexpr (fused_fma_v<batch<float>>) {
      if (m - lowest <= softmax_fast_spread)
        return softmax_vector_float_fast(x, y, un, m, static_cast<std::size_t>(k), log_form,
                                         stream);
    }
    return softmax_vector_float(x, y, un, m, static_cast<std::size_t>(k), log_form);
  }
  if (!log_form) {
    // e_i = exp(x_i - m) in (0, 1], e_k = 1, so the sum s is in [1, n] and cannot overflow.
    detail::transform(x, y, un, shifted_exp);
    Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>> e(y, n);
    const T s = static_cast<T>(e.template cast<accumulator_t<T>>().sum());
    e /= s;
    return;
  }
  // log_softmax_i = (x_i - m) - log(s) with s = 1 + r, r = the sum of exp(x_j - m) over j != k:
  // log1p(r) keeps the full accuracy of r when r is small (one dominant entry). The terms go
  // through a stack buffer so that x is still intact for the final pass when y == x.
  constexpr std::size_t chunk = 256;
  alignas(64) T buf[chunk];
  accumulator_t<T> r_acc = 0;
  for (std::size_t off = 0; off < un; off += chunk) {
    const std::size_t len = std::min(chunk, un - off);
    detail::transform(x + off, buf, len, shifted_exp);
    const auto uk = static_cast<std::size_t>(k);
    if (uk >= off && uk < off + len) buf[uk - off] = T(0);
    r_acc +=
        Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>>(buf, static_cast<Eigen::Index>(len))
            .template cast<accumulator_t<T>>()
            .sum();
  }
  const T log_s = math::log1p(static_cast<T>(r_acc));
  detail::transform(x, y, un, [shifted, log_s](auto v) {
    using V = decltype(v);
    const math::double_word<V> t = shifted(v);
    return V(V(t.hi - V(log_s)) + t.lo);
  });
}

}  // namespace vectorwise
}  // namespace detail

/// Softmax of every vector of `x` along `dir`, written to `y` (resized to the shape of x).
///
/// \f$ \mathrm{softmax}(x)_i = e^{x_i - m} / \sum_j e^{x_j - m} \f$ with \f$ m = \max_j x_j \f$
/// (max-subtracted: no overflow for any finite input, e.g. vectors holding 1e30 or
/// `numeric_limits<T>::max()`; entries far below the maximum underflow to 0).
///
/// - x: any dense 2-D Eigen expression of float or double (Array, Matrix, Map, Block, strided,
///   either storage order, any size including 0 rows or columns).
/// - y: a resizable plain Array or Matrix of the same scalar type; `y` may be `x` itself (in
///   place). Other overlaps between x and y are not supported.
/// - dir: `xact::colwise` (each column sums to 1) or `xact::rowwise` (each row sums to 1).
///
/// Special values, per vector: a NaN anywhere gives NaN in every entry of that vector; -inf
/// entries give 0; a vector that is entirely -inf gives NaN, or 0 with
/// `softmax_options{true}`; c > 0 entries equal to +inf each give 1/c and every other entry 0
/// (the limit as they grow together; PyTorch gives NaN there).
/// Accuracy: a few ULP per entry, whatever |x_i - m| (double: x_i - m is carried as an exact
/// double word into exp, see xact::math::mul_exp, barring underflow to subnormals; float: the
/// table-driven exp of x_i - m as an exact double word and a compensated sum, 2.1 ULP measured,
/// or, for vectors spanning more than 87 below their maximum, exp, sum and division in double,
/// <= 1.5 ULP).
template <class Derived, class Out>
void softmax(const Eigen::DenseBase<Derived>& x, direction dir, Eigen::PlainObjectBase<Out>& y,
             softmax_options opts = {}) {
  using T = typename Derived::Scalar;
  detail::vectorwise::check_scalar<T>();
  static_assert(std::is_same<T, typename Out::Scalar>::value,
                "xact::softmax: y must have the scalar type of x");
  bool const stream = static_cast<std::size_t>(x.size()) * sizeof(T) >= XACT_STREAMING_STORE_BYTES;
  detail::vectorwise::for_each_vector(
      x, dir, y, [&](const T* in, T* out, Eigen::Index n, Eigen::Index) {
        detail::vectorwise::softmax_vector(in, out, n, false, opts.inf_as_zero, stream);
      });
}

/// Softmax of every vector of `x` along `dir`, returned as a plain Array of the storage order of
/// x. See the overload with `y` for formula, arguments and special values.
template <class Derived>
detail::vectorwise::plain_array_t<Derived> softmax(const Eigen::DenseBase<Derived>& x,
                                                   direction dir, softmax_options opts = {}) {
  detail::vectorwise::plain_array_t<Derived> y;
  softmax(x, dir, y, opts);
  return y;
}

/// Log-softmax of every vector of `x` along `dir`, written to `y` (resized to the shape of x).
///
/// \f$ \mathrm{log\_softmax}(x)_i = (x_i - m) - \log\bigl(1 + \sum_{j \ne k} e^{x_j - m}\bigr) \f$,
/// m = x_k the (first) maximum; the logarithm is taken with log1p of the non-maximal terms, since
/// the maximal term contributes exactly 1. Never overflows for finite inputs; x_i = -inf gives
/// -inf.
///
/// Arguments as for `softmax` (y may be x itself). Special values, per vector: NaN anywhere gives
/// NaN in every entry; entirely -inf gives NaN, or -inf in every entry with
/// `softmax_options{true}` (the log of softmax's zeros: exp(log_softmax) == softmax always);
/// c > 0 entries equal to +inf give -log(c) there and -inf elsewhere (the limit).
/// Accuracy: a few ULP of the exact value (no cancellation: both terms are <= 0; x_i - m and
/// the terms of the sum are exact double words as in softmax; float: the sum as in softmax and
/// x_i - m - log1p(r) rounded once, 1.2 ULP measured; in double for vectors spanning more than
/// 87, ~0.5 ULP).
template <class Derived, class Out>
void log_softmax(const Eigen::DenseBase<Derived>& x, direction dir, Eigen::PlainObjectBase<Out>& y,
                 softmax_options opts = {}) {
  using T = typename Derived::Scalar;
  detail::vectorwise::check_scalar<T>();
  static_assert(std::is_same<T, typename Out::Scalar>::value,
                "xact::log_softmax: y must have the scalar type of x");
  bool const stream = static_cast<std::size_t>(x.size()) * sizeof(T) >= XACT_STREAMING_STORE_BYTES;
  detail::vectorwise::for_each_vector(
      x, dir, y, [&](const T* in, T* out, Eigen::Index n, Eigen::Index) {
        detail::vectorwise::softmax_vector(in, out, n, true, opts.inf_as_zero, stream);
      });
}

/// Log-softmax of every vector of `x` along `dir`, returned as a plain Array of the storage order
/// of x. See the overload with `y`.
template <class Derived>
detail::vectorwise::plain_array_t<Derived> log_softmax(const Eigen::DenseBase<Derived>& x,
                                                       direction dir, softmax_options opts = {}) {
  detail::vectorwise::plain_array_t<Derived> y;
  log_softmax(x, dir, y, opts);
  return y;
}

/// Backward pass of softmax from its output, written to `dx` (resized).
///
/// Given y = softmax(x) and dy = dL/dy, per vector:
/// \f$ dx_i = y_i \bigl(dy_i - \sum_j dy_j\, y_j\bigr) \f$ (the Jacobian-vector product).
/// y and dy: dense 2-D expressions of the same shape (else std::invalid_argument
/// "xact::softmax_backward: dy is RxC but y is RxC"). dx: a resizable plain Array or Matrix; it
/// may be y or dy itself. NaN or Inf in y or dy propagate to their vector; vectors of zeros
/// (softmax_options{true} on an all -inf vector) give dx = 0 for finite dy.
template <class DerivedY, class DerivedDY, class Out>
void softmax_backward(const Eigen::DenseBase<DerivedY>& y, const Eigen::DenseBase<DerivedDY>& dy,
                      direction dir, Eigen::PlainObjectBase<Out>& dx) {
  using T = typename DerivedY::Scalar;
  detail::vectorwise::check_scalar<T>();
  static_assert(std::is_same<T, typename DerivedDY::Scalar>::value &&
                    std::is_same<T, typename Out::Scalar>::value,
                "xact::softmax_backward: y, dy and dx must have the same scalar type");
  detail::require_same_shape("xact::softmax_backward", "dy", dy, "y", y);
  detail::vectorwise::backward<true>(y, dy, dir, dx, [](T s) {
    return [s](auto yi, auto gi) { return decltype(yi)(yi * (gi - decltype(yi)(s))); };
  });
}

/// Backward pass of softmax from its output, returned as a plain Array of the storage order of y.
/// See the overload with `dx`.
template <class DerivedY, class DerivedDY>
detail::vectorwise::plain_array_t<DerivedY> softmax_backward(const Eigen::DenseBase<DerivedY>& y,
                                                             const Eigen::DenseBase<DerivedDY>& dy,
                                                             direction dir) {
  detail::vectorwise::plain_array_t<DerivedY> dx;
  softmax_backward(y, dy, dir, dx);
  return dx;
}

/// Backward pass of log_softmax from its output, written to `dx` (resized).
///
/// Given y = log_softmax(x) and dy = dL/dy, per vector:
/// \f$ dx_i = dy_i - e^{y_i} \sum_j dy_j \f$ (exp through xact::math::exp).
/// y and dy: dense 2-D expressions of the same shape (else std::invalid_argument
/// "xact::log_softmax_backward: dy is RxC but y is RxC"). dx: a resizable plain Array or Matrix
/// (it may be y or dy). y = -inf gives dx = dy there; NaN propagates.
template <class DerivedY, class DerivedDY, class Out>
void log_softmax_backward(const Eigen::DenseBase<DerivedY>& y,
                          const Eigen::DenseBase<DerivedDY>& dy, direction dir,
                          Eigen::PlainObjectBase<Out>& dx) {
  using T = typename DerivedY::Scalar;
  detail::vectorwise::check_scalar<T>();
  static_assert(std::is_same<T, typename DerivedDY::Scalar>::value &&
                    std::is_same<T, typename Out::Scalar>::value,
                "xact::log_softmax_backward: y, dy and dx must have the same scalar type");
  detail::require_same_shape("xact::log_softmax_backward", "dy", dy, "y", y);
  detail::vectorwise::backward<false>(y, dy, dir, dx, [](T s) {
    return [s](auto yi, auto gi) {
      using V = decltype(yi);
      return V(gi - math::exp(yi) * V(s));
    };
  });
}

/// Backward pass of log_softmax from its output, returned as a plain Array of the storage order
/// of y. See the overload with `dx`.
template <class DerivedY, class DerivedDY>
detail::vectorwise::plain_array_t<DerivedY> log_softmax_backward(
    const Eigen::DenseBase<DerivedY>& y, const Eigen::DenseBase<DerivedDY>& dy, direction dir) {
  detail::vectorwise::plain_array_t<DerivedY> dx;
  log_softmax_backward(y, dy, dir, dx);
  return dx;
}

}  // namespace xact

#endif  // XACT_EIGEN_SOFTMAX_HPP
