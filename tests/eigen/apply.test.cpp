// SPDX-License-Identifier: MIT
// Tests of include/xact/eigen/{apply,lazy}.hpp: every layout, size and aliasing case against the
// scalar functor.
#include "support/ulp.hpp"

#include <xact/activation/elu.hpp>
#include <xact/activation/gelu.hpp>
#include <xact/activation/relu.hpp>
#include <xact/activation/swish.hpp>
#include <xact/detail/simd.hpp>
#include <xact/eigen/apply.hpp>
#include <xact/eigen/lazy.hpp>

#include <Eigen/Core>
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace {

using xact_test::same_bits;

template <class T>
constexpr std::size_t W = xact::detail::batch<T>::size;

// Sizes of the battery: empty, one, one short of a SIMD batch, one batch, one past, 3W + 1.
template <class T>
std::vector<Eigen::Index> sizes() {
  auto const w = static_cast<Eigen::Index>(W<T>);
  return {0, 1, w - 1, w, w + 1, 3 * w + 1};
}

// Values in [-8, 8] with the special values sprinkled in.
template <class T>
T value(std::mt19937& gen) {
  static T const specials[] = {T(0),
                               T(-0.0),
                               std::numeric_limits<T>::quiet_NaN(),
                               std::numeric_limits<T>::infinity(),
                               -std::numeric_limits<T>::infinity(),
                               std::numeric_limits<T>::denorm_min(),
                               T(-1)};
  std::uniform_int_distribution<int> pick(0, 15);
  int const k = pick(gen);
  if (k < 7) return specials[k];
  std::uniform_real_distribution<double> u(-8, 8);
  return static_cast<T>(u(gen));
}

template <class D>
void fill(Eigen::DenseBase<D>& x, unsigned seed) {
  using T = typename D::Scalar;
  std::mt19937 gen(seed);
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i) x(i, j) = value<T>(gen);
}

// out(i, j) must equal op(in(i, j)) bit for bit.
template <class A, class B, class Op>
bool elementwise_equal(A const& out, B const& in, Op op) {
  if (out.rows() != in.rows() || out.cols() != in.cols()) return false;
  for (Eigen::Index j = 0; j < in.cols(); ++j)
    for (Eigen::Index i = 0; i < in.rows(); ++i)
      if (!same_bits(out(i, j), op(in(i, j)))) return false;
  return true;
}

template <class A, class B, class C, class Op>
bool elementwise_equal2(A const& out, B const& a, C const& b, Op op) {
  if (out.rows() != a.rows() || out.cols() != a.cols()) return false;
  for (Eigen::Index j = 0; j < a.cols(); ++j)
    for (Eigen::Index i = 0; i < a.rows(); ++i)
      if (!same_bits(out(i, j), op(a(i, j), b(i, j)))) return false;
  return true;
}

template <class F, class X>
void check_all_entry_points(F const& f, X const& x) {
  using T = typename F::value_type;
  auto fw = [&](T v) { return f.forward(v); };
  auto dv = [&](T v) { return f.derivative(v); };
  using Plain = typename X::PlainObject;
  Plain dy(x.rows(), x.cols());
  fill(dy, 99);
  CHECK(elementwise_equal(xact::forward(f, x), x, fw));
  CHECK(elementwise_equal(xact::derivative(f, x), x, dv));
  CHECK(elementwise_equal2(xact::backward(f, x, dy), x, dy,
                           [&](T a, T g) { return g * f.derivative(a); }));
  Plain y, d, dx;
  xact::forward(f, x, y);  // resizes y
  CHECK(elementwise_equal(y, x, fw));
  xact::derivative(f, x, d);
  CHECK(elementwise_equal(d, x, dv));
  xact::backward(f, x, dy, dx);
  CHECK(elementwise_equal2(dx, x, dy, [&](T a, T g) { return g * f.derivative(a); }));
  if constexpr (xact::has_output_derivative_v<F>) {
    Plain const yy = xact::forward(f, x);
    CHECK(elementwise_equal2(xact::backward_from_output(f, yy, dy), yy, dy,
                             [&](T a, T g) { return g * f.derivative_from_output(a); }));
  }
  // Lazy adaptors, fused into an Eigen expression.
  Plain lazy = x.unaryExpr(xact::eigen::op(f));
  CHECK(elementwise_equal(lazy, x, fw));
  lazy = x.unaryExpr(xact::eigen::derivative_op(f));
  CHECK(elementwise_equal(lazy, x, dv));
}

template <class F>
void battery() {
  using T = typename F::value_type;
  F const f{};
  using Vec = Eigen::Array<T, Eigen::Dynamic, 1>;
  using ArrC = Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;
  using ArrR = Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
  auto fw = [&](T v) { return f.forward(v); };

  for (Eigen::Index n : sizes<T>()) {
    INFO(F::name << " size " << n);
    Vec v(n);
    fill(v, unsigned(n) + 1);
    check_all_entry_points(f, v);
    // 2-D, both storage orders, Matrix and Array.
    ArrC a(3, n);
    fill(a, unsigned(n) + 2);
    check_all_entry_points(f, a);
    ArrR r(n, 3);
    fill(r, unsigned(n) + 3);
    check_all_entry_points(f, r);
    Mat m(n, 2);
    fill(m, unsigned(n) + 4);
    check_all_entry_points(f, m);

    // In place: forward(f, x, x).
    Vec in = v, orig = v;
    xact::forward(f, in, in);
    CHECK(elementwise_equal(in, orig, fw));

    // Unaligned Map (data + 1) writing into the middle of a guarded buffer.
    T const guard = T(-12345.5);
    std::vector<T> src(std::size_t(n) + 3), dst(std::size_t(n) + 3, guard);
    for (std::size_t i = 0; i < src.size(); ++i)
      src[i] = v.size() ? v(Eigen::Index(i) % std::max<Eigen::Index>(n, 1)) : T(1);
    Eigen::Map<Vec const> xin(src.data() + 1, n);
    Eigen::Map<Vec> yout(dst.data() + 1, n);
    xact::forward(f, xin, yout);
    CHECK(elementwise_equal(yout, xin, fw));
    CHECK(same_bits(dst.front(), guard));
    CHECK(same_bits(dst[std::size_t(n) + 1], guard));
    CHECK(same_bits(dst.back(), guard));
    std::fill(dst.begin(), dst.end(), guard);
    xact::backward(f, xin, xin, yout);
    CHECK(same_bits(dst.front(), guard));
    CHECK(same_bits(dst[std::size_t(n) + 1], guard));

    // Maps with strides: inner stride 2 (every other element), outer stride (padded columns).
    std::vector<T> buf(std::size_t(2 * n * 3 + 8), guard), out(std::size_t(2 * n * 3 + 8), guard);
    for (std::size_t i = 0; i < buf.size(); ++i) buf[i] = T(0.25) * T(int(i % 37) - 18);
    Eigen::Map<Vec const, 0, Eigen::InnerStride<2>> sx(buf.data(), n);
    Eigen::Map<Vec, 0, Eigen::InnerStride<2>> sy(out.data(), n);
    xact::forward(f, sx, sy);
    CHECK(elementwise_equal(sy, sx, fw));
    for (Eigen::Index i = 0; i < n; ++i) CHECK(same_bits(out[std::size_t(2 * i + 1)], guard));
    std::fill(out.begin(), out.end(), guard);
    Eigen::Map<ArrC const, 0, Eigen::OuterStride<>> ox(buf.data(), n, 3,
                                                       Eigen::OuterStride<>(n + 1));
    Eigen::Map<ArrC, 0, Eigen::OuterStride<>> oy(out.data(), n, 3, Eigen::OuterStride<>(n + 1));
    xact::forward(f, ox, oy);
    CHECK(elementwise_equal(oy, ox, fw));
    for (Eigen::Index j = 0; j < 3; ++j) CHECK(same_bits(out[std::size_t(j * (n + 1) + n)], guard));
    check_all_entry_points(f, ox);

    // Blocks of a larger array (strided), written into a block of another; rest untouched.
    ArrC big(n + 4, 5), bigout = ArrC::Constant(n + 4, 5, guard);
    fill(big, unsigned(n) + 5);
    auto blk = big.block(1, 1, n, 3);
    auto oblk = bigout.block(2, 1, n, 3);
    xact::forward(f, blk, oblk);
    CHECK(elementwise_equal(oblk, blk, fw));
    for (Eigen::Index j = 0; j < 5; ++j)
      for (Eigen::Index i = 0; i < n + 4; ++i)
        if (!(j >= 1 && j < 4 && i >= 2 && i < n + 2)) CHECK(same_bits(bigout(i, j), guard));
    check_all_entry_points(f, blk);
    // A Block at column 1 of an array with no rows points at null + offset inside Eigen
    // (UBSan), so the empty case of this layout is covered by the blocks above.
    if (n > 0) check_all_entry_points(f, r.block(0, 1, n, 2));
    check_all_entry_points(f, r.transpose());

    // Expressions as input.
    Vec const twice = (v * T(2)).eval();
    CHECK(elementwise_equal(xact::forward(f, v * T(2)), twice, fw));
    Mat const mm = m;
    CHECK(elementwise_equal(xact::forward(f, mm + mm), (mm + mm).eval(), fw));
  }
}

template <class F>
void parameter_gradient_check() {
  using T = typename F::value_type;
  F const f{};
  for (Eigen::Index n : sizes<T>()) {
    Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic> x(3, n), dy(3, n);
    std::mt19937 gen(unsigned(n) + 11);
    std::uniform_real_distribution<double> u(-6, 6);
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      x(i) = static_cast<T>(u(gen));
      dy(i) = static_cast<T>(u(gen));
    }
    long double naive = 0, mag = 0;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      long double const t =
          static_cast<long double>(dy(i)) * static_cast<long double>(f.parameter_derivative(x(i)));
      naive += t;
      mag += std::fabs(t);
    }
    T const g = xact::parameter_gradient(f, x, dy);
    INFO(F::name << " n = " << n << ": parameter_gradient " << double(g)
                 << ", naive long double sum " << double(naive));
    // Each term is rounded once in T (product); the sum may be accumulated in any order.
    long double const tol = 4 * static_cast<long double>(std::numeric_limits<T>::epsilon()) *
                            (mag + 1e-30L) * (1 + static_cast<long double>(x.size()) / 64);
    CHECK(std::fabs(static_cast<long double>(g) - naive) <= tol);
  }
}

}  // namespace

TEMPLATE_TEST_CASE("apply: forward, derivative, backward over every layout and size", "[eigen]",
                   xact::elu<float>, xact::elu<double>, xact::gelu<float>, xact::gelu<double>,
                   xact::prelu<float>, xact::prelu<double>, xact::swish<float>,
                   xact::swish<double>) {
  battery<TestType>();
}

TEMPLATE_TEST_CASE("apply: parameter_gradient against a long double sum", "[eigen]",
                   xact::prelu<float>, xact::prelu<double>, xact::swish<float>,
                   xact::swish<double>) {
  parameter_gradient_check<TestType>();
}

TEST_CASE("apply: leaky_relu backward_from_output equals backward for slope >= 0",
          "[eigen][relu]") {
  xact::leaky_relu<float> const f{};
  Eigen::ArrayXXf x = Eigen::ArrayXXf::Random(7, 9) * 4.0f, dy = Eigen::ArrayXXf::Random(7, 9);
  x(0, 0) = 0;
  Eigen::ArrayXXf const y = xact::forward(f, x);
  Eigen::ArrayXXf const a = xact::backward(f, x, dy), b = xact::backward_from_output(f, y, dy);
  CHECK((a == b).all());
}

TEST_CASE("apply: backward_from_output refuses a negative slope", "[eigen][relu]") {
  xact::leaky_relu<double> const f{-0.5};
  Eigen::ArrayXXd const y = Eigen::ArrayXXd::Ones(2, 2), dy = y;
  CHECK_THROWS_AS(xact::backward_from_output(f, y, dy), std::invalid_argument);
}

// Outputs of XACT_STREAMING_STORE_BYTES and more take the streaming-store loop (detail/loop.hpp):
// an aligned head written element by element, non-temporal stores, a tail. Every element must
// still equal the scalar kernel, whatever the alignment of x and y, in place too.
TEST_CASE("apply: outputs past the streaming-store threshold equal the scalar kernel",
          "[eigen][streaming]") {
  using T = float;
  std::size_t const n = XACT_STREAMING_STORE_BYTES / sizeof(T) + 37;
  std::vector<T> xs(n + 8), dys(n + 8), ys(n + 8);
  std::mt19937 gen(7);
  std::uniform_real_distribution<T> u(-6, 6);
  for (auto& v : xs) v = u(gen);
  for (auto& v : dys) v = u(gen);
  xact::elu<T> const f{};
  auto const m = static_cast<Eigen::Index>(n);
  for (std::size_t shift : {0u, 1u, 3u}) {
    Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1> const> x(xs.data() + shift, m),
        dy(dys.data() + 1, m);
    Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>> y(ys.data() + (shift + 1) % 4, m);
    xact::forward(f, x, y);
    std::size_t bad = 0;
    for (Eigen::Index i = 0; i < m; ++i) bad += !same_bits(y[i], f.forward(x[i]));
    CHECK(bad == 0);
    xact::backward(f, x, dy, y);
    bad = 0;
    for (Eigen::Index i = 0; i < m; ++i) bad += !same_bits(y[i], T(dy[i] * f.derivative(x[i])));
    CHECK(bad == 0);
  }
  // In place.
  Eigen::Array<T, Eigen::Dynamic, 1> z =
      Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>>(xs.data(), m);
  xact::forward(f, z, z);
  std::size_t bad = 0;
  for (Eigen::Index i = 0; i < m; ++i)
    bad += !same_bits(z[i], f.forward(xs[static_cast<std::size_t>(i)]));
  CHECK(bad == 0);
}
