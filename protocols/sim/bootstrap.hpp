#pragma once

#include <cstddef>

#include "protocols/sim/network.hpp"

namespace troupe::sim {

/// Grows an overlay of `nodes` nodes as the HyParView paper does: they join
/// one after the other, one every `join_interval`, each through a random
/// node already in it. Then runs for `settle`, for shuffles to mix the views.
void bootstrap(network& net, std::size_t nodes, sim_time join_interval, sim_time settle);

} // namespace troupe::sim
