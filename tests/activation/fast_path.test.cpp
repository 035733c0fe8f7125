// SPDX-License-Identifier: MIT
// The fast float forms (math/logistic_fast.hpp, math/exp_table.hpp, detail/fast_path.hpp) at
// the edges of their ranges: every batch mixes lanes the fast form serves with lanes sent to
// the general kernel (|beta x| = 80, x = -87, |x| = 9.6, 40 and 2^60, the root zones of the swish
// family's derivatives, NaN, infinities, zeros and subnormals). Checked against the long double
// references of the functor table within the documented bounds, and scalar against SIMD bit
// for bit (a lane's result must not depend on its neighbours).
#include "support/checks.hpp"

#include <cstdint>
#include <cstring>
#include <initializer_list>

namespace {

using xact_test::ld;

// Points around each edge e: e (1 + k 2^-12) for |k| <= 24, both signs, shuffled so that
// neighbouring lanes fall on both sides; plus a dense grid over the derivative root zones and
// the special values.
std::vector<float> edge_points() {
  std::vector<float> p;
  for (float e : {80.0f, 87.0f, 9.6f, 40.0f, 44.0f, 0.9f, 17.0f, 88.7f, 100.0f, 0x1p-100f, 12.0f,
                  0x1p-90f, 0x1p60f}) {
    for (int k = -24; k <= 24; ++k) {
      float const v = e * (1.0f + float(k) * 0x1p-12f);
      p.push_back(k % 2 ? -v : v);
      p.push_back(k % 2 ? v : -v);
    }
  }
  for (int i = 0; i <= 4000; ++i) p.push_back(-1.6f + 1.2f * float(i) / 4000.0f);  // root zones
  for (int i = 0; i <= 4000; ++i) p.push_back(-4.0f + 8.0f * float(i) / 4000.0f);
  using lim = std::numeric_limits<float>;
  for (float v : {0.0f, -0.0f, lim::denorm_min(), -lim::denorm_min(), lim::min(), -lim::min(),
                  lim::infinity(), -lim::infinity(), lim::quiet_NaN(), lim::max(), -lim::max()}) {
    // one special value in every 5th position, so that it shares its batch with regular lanes
    for (std::size_t i = 0; i < 40; ++i)
      p.insert(p.begin() + static_cast<std::ptrdiff_t>(i * 97 % p.size()), v);
  }
  return p;
}

template <template <class> class F>
void check_fast_edges() {
  using S = xact_test::spec<F>;
  using T = float;
  auto const xs = edge_points();
  for (auto const& f : S::template instances<T>()) {
    INFO(S::name << " [" << S::label(f) << "]");
    auto const ys = xact_test::eval_scalar(xs, [&](T x) { return f.forward(x); });
    auto const yb = xact_test::eval_batch(xs, [&](auto x) { return f.forward(x); });
    auto const ds = xact_test::eval_scalar(xs, [&](T x) { return f.derivative(x); });
    auto const db = xact_test::eval_batch(xs, [&](auto x) { return f.derivative(x); });
    CHECK(std::equal(ys.begin(), ys.end(), yb.begin(),
                     [](T a, T b) { return xact_test::same_bits(a, b); }));
    CHECK(std::equal(ds.begin(), ds.end(), db.begin(),
                     [](T a, T b) { return xact_test::same_bits(a, b); }));
    auto const wf = xact_test::measure(xs, yb, [&](T x) { return S::forward(f, ld(x)); });
    xact_test::require_bound(wf, S::ulp.forward.template get<T>(), "forward", "simd");
    xact_test::worst<T> wd;
    for (std::size_t i = 0; i < xs.size(); ++i) {
      auto const r = S::derivative(f, ld(xs[i]));
      wd.add(xact_test::derivative_error<T>(db[i], r), xs[i], db[i], r.value);
    }
    xact_test::require_bound(wd, S::ulp.derivative.template get<T>(), "derivative", "simd");
  }
}

}  // namespace

TEST_CASE("fast float forms: edges of their ranges, mixed batches", "[fast_path]") {
  check_fast_edges<xact::sigmoid>();
  check_fast_edges<xact::tanh>();
  check_fast_edges<xact::silu>();
  check_fast_edges<xact::swish>();
  check_fast_edges<xact::gelu_tanh>();
  check_fast_edges<xact::gelu>();  // |x| = 12, 2^-90 and the root zone x0 +- 1/8 of f
  check_fast_edges<xact::softplus>();
  check_fast_edges<xact::elu>();
  check_fast_edges<xact::selu>();
  check_fast_edges<xact::softsign>();  // derivative: |x| = 2^60
}

TEST_CASE("exp_table and exp_for_float_results against long double exp", "[fast_path][exp]") {
  // Normal results only: exp_table <= 0.62 ULP; exp_table_dw's pair to 4e-9 relative on
  // [-70, 0]; the double table exp to 2^-36 relative.
  float worst = 0, worst_dw = 0;
  double worst_double = 0;
  auto const check = [&](float x) {
    ld const ref = std::exp(ld(x));
    worst = std::max(worst, float(xact_test::ulp_error<float>(xact::math::exp_table(x), ref)));
    if (x <= 0 && x >= -70) {  // below, the low part (~2^-25 e) is subnormal
      auto const e = xact::math::exp_table_dw(x);
      worst_dw = std::max(worst_dw, float(std::fabs((ld(e.hi) + ld(e.lo) - ref) / ref)));
    }
    ld const d = xact::math::exp_for_float_results(double(x) * 8.0);
    ld const dref = std::exp(ld(x) * 8);
    if (dref < 1e300L && dref > 1e-300L)
      worst_double = std::max(worst_double, double(std::fabs((d - dref) / dref)));
  };
  // Every 4099th float of [-87.3, 88.7] by bit pattern (about 500,000 points; cheap enough for
  // the sanitizer builds), plus a dense run around 0 where the reduction is exact.
  for (float const end : {-87.3f, 88.7f}) {
    std::uint32_t last;
    std::memcpy(&last, &end, 4);
    last &= 0x7FFFFFFFu;
    for (std::uint32_t b = 0; b <= last; b += 4099) {
      std::uint32_t const u = b | (end < 0 ? 0x80000000u : 0u);
      float x;
      std::memcpy(&x, &u, 4);
      check(x);
    }
  }
  for (int i = -20000; i <= 20000; ++i) check(float(i) * 1e-4f);
  INFO("exp_table " << worst << " ULP, exp_table_dw " << worst_dw << " relative, double "
                    << worst_double);
  CHECK(worst <= 0.62f);
  CHECK(worst_dw <= 4e-9f);
  CHECK(worst_double <= 0x1p-36);
  CHECK(xact::math::exp_for_float_results(-800.0) == 0.0);
}
