// SPDX-License-Identifier: MIT
// Umbrella header: every xact activation, kernel and Eigen operation.
#ifndef XACT_XACT_HPP
#define XACT_XACT_HPP

#include "xact/version.hpp"
#include "xact/config.hpp"

#include "xact/activation/elu.hpp"
#include "xact/activation/gelu.hpp"
#include "xact/activation/identity.hpp"
#include "xact/activation/relu.hpp"
#include "xact/activation/sigmoid.hpp"
#include "xact/activation/softplus.hpp"
#include "xact/activation/swish.hpp"

#include "xact/eigen/apply.hpp"
#include "xact/eigen/lazy.hpp"
#include "xact/eigen/direction.hpp"
#include "xact/eigen/maxout.hpp"
#include "xact/eigen/prelu.hpp"
#include "xact/eigen/rrelu.hpp"
#include "xact/eigen/softmax.hpp"

#endif  // XACT_XACT_HPP
