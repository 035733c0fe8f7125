// SPDX-License-Identifier: MIT
// The benchmarked element-wise activations: op name -> xact functor with default parameters.
#ifndef XACT_BENCH_OPS_HPP
#define XACT_BENCH_OPS_HPP

#include <xact/xact.hpp>

#include <string>

namespace xbench {

/// Calls v(name, functor) for every element-wise op, in report order.
template <class T, class V>
void for_each_elementwise(V&& v) {
  v("linear", xact::linear<T>{});
  v("binary_step", xact::binary_step<T>{});
  v("sigmoid", xact::sigmoid<T>{});
  v("hard_sigmoid", xact::hard_sigmoid<T>{});
  v("tanh", xact::tanh<T>{});
  v("relu", xact::relu<T>{});
  v("leaky_relu", xact::leaky_relu<T>{});
  v("prelu", xact::prelu<T>{});
  v("rrelu", xact::rrelu<T>{});
  v("clipped_relu", xact::clipped_relu<T>{});
  v("elu", xact::elu<T>{});
  v("selu", xact::selu<T>{});
  v("gelu", xact::gelu<T>{});
  v("gelu_tanh", xact::gelu_tanh<T>{});
  v("swish", xact::swish<T>{});
  v("silu", xact::silu<T>{});
  v("softplus", xact::softplus<T>{});
  v("softsign", xact::softsign<T>{});
}

/// Calls v(functor) for the element-wise op called name; false if there is none.
template <class T, class V>
bool with_elementwise(std::string const& name, V&& v) {
  bool found = false;
  for_each_elementwise<T>([&](char const* op, auto const& f) {
    if (!found && name == op) {
      found = true;
      v(f);
    }
  });
  return found;
}

}  // namespace xbench

#endif  // XACT_BENCH_OPS_HPP
