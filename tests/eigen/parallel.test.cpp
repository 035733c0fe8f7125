// SPDX-License-Identifier: MIT
// Tests of include/xact/detail/parallel.hpp (built with XACT_OPENMP only): the split covers
// every element once, and eager passes split across threads give the scalar functor's bits.
#include "support/ulp.hpp"

#include <xact/activation/gelu.hpp>
#include <xact/activation/relu.hpp>
#include <xact/activation/sigmoid.hpp>
#include <xact/activation/swish.hpp>
#include <xact/detail/parallel.hpp>
#include <xact/detail/simd.hpp>
#include <xact/eigen/apply.hpp>

#include <Eigen/Core>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <omp.h>
#include <random>
#include <vector>

#ifndef XACT_OPENMP
#error "parallel.test.cpp is built only with -DXACT_OPENMP=ON"
#endif

namespace {

using xact_test::same_bits;

/// Sets the OpenMP thread count of the next parallel regions; restores it on destruction.
class thread_count {
 public:
  explicit thread_count(int n) : saved_(omp_get_max_threads()) { omp_set_num_threads(n); }
  ~thread_count() { omp_set_num_threads(saved_); }
  thread_count(thread_count const&) = delete;
  thread_count& operator=(thread_count const&) = delete;

 private:
  int saved_;
};

/// A type without `cost`, as a user's functor may be.
struct no_cost {};

template <class T>
constexpr std::size_t granule = 2 * xact::detail::batch<T>::size;

/// Elements from which F's eager passes are split across threads.
template <class F>
Eigen::Index threshold_elements() {
  auto const c = static_cast<std::size_t>(xact::detail::cost_of_v<F>);
  return static_cast<Eigen::Index>((xact::detail::parallel_min_work + c - 1) / c);
}

/// Values in [-8, 8] with special values sprinkled in.
template <class D>
void fill(Eigen::DenseBase<D>& x, unsigned seed) {
  using T = typename D::Scalar;
  static T const specials[] = {T(0),
                               T(-0.0),
                               std::numeric_limits<T>::quiet_NaN(),
                               std::numeric_limits<T>::infinity(),
                               -std::numeric_limits<T>::infinity(),
                               std::numeric_limits<T>::denorm_min(),
                               T(-1)};
  std::mt19937 gen(seed);
  std::uniform_int_distribution<int> pick(0, 63);
  std::uniform_real_distribution<double> u(-8, 8);
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      int const k = pick(gen);
      x(i, j) = k < 7 ? specials[k] : static_cast<T>(u(gen));
    }
}

/// Index of the first element where out differs from op(in...) in bits, or -1.
template <class Out, class Op, class... In>
Eigen::Index first_mismatch(Out const& out, Op op, In const&... in) {
  for (Eigen::Index j = 0; j < out.cols(); ++j)
    for (Eigen::Index i = 0; i < out.rows(); ++i)
      if (!same_bits(out(i, j), op(in(i, j)...))) return j * out.rows() + i;
  return -1;
}

/// forward, derivative and backward of f on x (any layout), in place too when X is writable,
/// against the scalar functor element by element.
template <class F, class X, class G>
void check_passes(F const& f, X& x, G const& dy) {
  using T = typename F::value_type;
  auto const fw = [&](T v) { return f.forward(v); };
  auto const dv = [&](T v) { return f.derivative(v); };
  auto const bw = [&](T v, T g) { return g * f.derivative(v); };
  using Plain = Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic>;
  Plain out(x.rows(), x.cols());
  xact::forward(f, x, out);
  CHECK(first_mismatch(out, fw, x) == -1);
  xact::derivative(f, x, out);
  CHECK(first_mismatch(out, dv, x) == -1);
  xact::backward(f, x, dy, out);
  CHECK(first_mismatch(out, bw, x, dy) == -1);
}

/// Sizes around the threshold of F and around chunk boundaries for `threads` threads.
template <class F>
std::vector<Eigen::Index> sizes(int threads) {
  using T = typename F::value_type;
  Eigen::Index const t = threshold_elements<F>();
  auto const g = static_cast<Eigen::Index>(granule<T>);
  // A size whose even split puts the boundary exactly on, and one element off, a granule.
  Eigen::Index const even = (t / (threads * g) + 1) * threads * g;
  return {t - 1, t, t + 1, t + g - 1, even, even + 1, even - 1, 2 * t + 7};
}

template <class F>
void battery(F const& f) {
  using T = typename F::value_type;
  using Vec = Eigen::Array<T, Eigen::Dynamic, 1>;
  using ArrC = Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;
  using ArrR = Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  auto const fw = [&](T v) { return f.forward(v); };
  auto const bw = [&](T v, T g) { return g * f.derivative(v); };

  for (int threads : {2, 3, 4}) {
    thread_count const scope(threads);
    for (Eigen::Index n : sizes<F>(threads)) {
      INFO(F::name << ", " << threads << " threads, n = " << n);
      auto const un = static_cast<std::size_t>(n);
      CHECK((xact::detail::parallel_threads(un, xact::detail::cost_of_v<F>) > 1) ==
            (n >= threshold_elements<F>()));

      Vec x(n), dy(n);
      fill(x, unsigned(n));
      fill(dy, unsigned(n) + 1);
      check_passes(f, x, dy);

      // Unaligned Maps (data + 1) writing into the middle of a guarded buffer.
      T const guard = T(-12345.5);
      std::vector<T> src(un + 2), dst(un + 2, guard);
      std::copy(x.data(), x.data() + n, src.begin() + 1);
      Eigen::Map<Vec const> xin(src.data() + 1, n);
      Eigen::Map<Vec> yout(dst.data() + 1, n);
      xact::forward(f, xin, yout);
      CHECK(first_mismatch(yout, fw, xin) == -1);
      xact::backward(f, xin, dy, yout);
      CHECK(first_mismatch(yout, bw, xin, dy) == -1);
      CHECK(same_bits(dst.front(), guard));
      CHECK(same_bits(dst.back(), guard));

      // In place: forward(f, x, x) and backward(f, x, dy, dy).
      Vec in = x;
      xact::forward(f, in, in);
      CHECK(first_mismatch(in, fw, x) == -1);
      Vec g = dy;
      xact::backward(f, x, g, g);
      CHECK(first_mismatch(g, bw, x, dy) == -1);

      // Many short columns: column-major blocks with an outer stride (rows shorter than one
      // batch, odd, and longer than a granule), and short row-major rows; 3 threads only
      // (split points inside a run are exercised above), to keep the test short.
      if (threads != 3) continue;
      for (Eigen::Index rows : {Eigen::Index(5), Eigen::Index(37), Eigen::Index(1003)}) {
        Eigen::Index const cols = (n + rows - 1) / rows;
        ArrC big(rows + 3, cols + 2), gbig(rows + 3, cols + 2);
        fill(big, unsigned(n + rows));
        fill(gbig, unsigned(n + rows) + 1);
        auto blk = big.block(1, 1, rows, cols);
        auto gblk = gbig.block(2, 1, rows, cols);
        check_passes(f, blk, gblk);
        ArrC outbig = ArrC::Constant(rows + 3, cols + 2, guard);
        auto oblk = outbig.block(1, 1, rows, cols);
        xact::forward(f, blk, oblk);
        CHECK(first_mismatch(oblk, fw, blk) == -1);
        CHECK(same_bits(outbig(0, 1), guard));
        CHECK(same_bits(outbig(rows + 1, cols), guard));
        CHECK(same_bits(outbig(1, cols + 1), guard));
      }
      ArrR r(n / 19 + 1, 19), gr(n / 19 + 1, 19);
      fill(r, unsigned(n) + 2);
      fill(gr, unsigned(n) + 3);
      check_passes(f, r, gr);
    }
  }
}

}  // namespace

TEST_CASE("parallel: the split covers every element once, on granule boundaries", "[parallel]") {
  using xact::detail::for_each_piece;
  using xact::detail::split_point;
  std::size_t const granule = 16;
  for (std::size_t runs : {1, 2, 3, 7, 100})
    for (std::size_t len : {1, 5, 16, 17, 33, 1000})
      for (int parts = 1; parts <= 8; ++parts) {
        INFO(runs << " runs of " << len << ", " << parts << " parts");
        std::vector<int> seen(runs * len, 0);
        bool on_granule = true;
        for (int t = 0; t < parts; ++t) {
          auto body = [&](std::size_t j, std::size_t begin, std::size_t end) {
            if (begin % granule != 0 || (end % granule != 0 && end != len)) on_granule = false;
            for (std::size_t i = begin; i < end; ++i) ++seen[j * len + i];
          };
          for_each_piece(split_point(runs, len, granule, t, parts),
                         split_point(runs, len, granule, t + 1, parts), len, body);
        }
        CHECK(on_granule);
        CHECK(std::all_of(seen.begin(), seen.end(), [](int c) { return c == 1; }));
      }
}

TEST_CASE("parallel: threads only above the threshold and never nested", "[parallel]") {
  using xact::detail::parallel_min_work;
  using xact::detail::parallel_threads;
  thread_count const scope(2);
  CHECK(parallel_threads(parallel_min_work - 1, 1) == 1);
  CHECK(parallel_threads(parallel_min_work, 1) == 2);
  CHECK(parallel_threads(parallel_min_work / 30 + 1, 30) == 2);
  CHECK(parallel_threads(std::numeric_limits<std::size_t>::max(), 80) == 2);
  {
    thread_count const one(1);
    CHECK(parallel_threads(parallel_min_work * 8, 1) == 1);
  }
  int nested = 0;
#pragma omp parallel num_threads(2) reduction(+ : nested)
  nested += parallel_threads(parallel_min_work * 8, 1) != 1;
  CHECK(nested == 0);
  // A functor without `cost` counts as the cheapest.
  CHECK(xact::detail::cost_of_v<no_cost> == 1);
  CHECK(xact::detail::cost_of_v<xact::sigmoid<float>> == xact::sigmoid<float>::cost);
}

TEST_CASE("parallel: sigmoid split across threads equals the scalar functor", "[parallel][eigen]") {
  battery(xact::sigmoid<float>{});
  battery(xact::sigmoid<double>{});
}

TEST_CASE("parallel: gelu split across threads equals the scalar functor", "[parallel][eigen]") {
  battery(xact::gelu<float>{});
  battery(xact::gelu<double>{});
}

TEST_CASE("parallel: relu split across threads equals the scalar functor", "[parallel][eigen]") {
  battery(xact::relu<float>{});
}

TEST_CASE("parallel: swish with beta split across threads equals the scalar functor",
          "[parallel][eigen]") {
  xact::swish<float> const f{1.75f};
  battery(f);
  // backward_from_output and parameter_gradient take the same split.
  Eigen::Index const n = 2 * threshold_elements<xact::swish<float>>() + 3;
  Eigen::ArrayXf x(n), dy(n);
  fill(x, 7);
  fill(dy, 8);
  x = x.isFinite().select(x, 0.5f);
  dy = dy.isFinite().select(dy, 0.25f);
  float serial = 0, parallel = 0;
  {
    thread_count const one(1);
    serial = xact::parameter_gradient(f, x, dy);
  }
  {
    thread_count const two(2);
    parallel = xact::parameter_gradient(f, x, dy);
  }
  CHECK(same_bits(serial, parallel));
  thread_count const two(2);
  Eigen::ArrayXf const y = xact::forward(xact::sigmoid<float>{}, x);
  Eigen::ArrayXf dx = xact::backward_from_output(xact::sigmoid<float>{}, y, dy);
  CHECK(first_mismatch(
            dx,
            [](float a, float g) { return g * xact::sigmoid<float>{}.derivative_from_output(a); },
            y, dy) == -1);
}

TEST_CASE("parallel: calls inside a parallel region run serially and stay exact",
          "[parallel][eigen]") {
  xact::sigmoid<float> const f{};
  Eigen::Index const n = 3 * threshold_elements<xact::sigmoid<float>>() + 1;
  std::vector<Eigen::ArrayXf> xs(4), ys(4);
  for (std::size_t k = 0; k < xs.size(); ++k) {
    xs[k].resize(n);
    fill(xs[k], unsigned(k) + 40);
  }
  thread_count const two(2);
#pragma omp parallel for num_threads(2)
  for (int k = 0; k < 4; ++k) ys[std::size_t(k)] = xact::forward(f, xs[std::size_t(k)]);
  for (std::size_t k = 0; k < xs.size(); ++k)
    CHECK(first_mismatch(
              ys[k], [&](float v) { return f.forward(v); }, xs[k]) == -1);
}
