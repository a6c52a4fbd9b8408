#pragma once

#include <chrono>
#include <cstddef>
#include <vector>

#include "apps/experiments/experiments.hpp"
#include "protocols/sim/network.hpp"

namespace troupe::experiments {

/// The simulated network for these options, with the default protocol parameters.
sim::network_config network_for(const options& opts);

/// The papers' setting: nodes join one every 10 ms through a random node
/// already in, then 60 s (six shuffle rounds) let the views mix.
void grow_overlay(sim::network& net, const options& opts);

/// `count` random nodes that are up, to broadcast from.
std::vector<sim::node_id> pick_roots(sim::network& net, std::size_t count);

/// Time for a broadcast to settle: eager push, lazy tick and grafts.
inline constexpr sim::sim_time drain = std::chrono::seconds{5};

/// Time given to the overlay to heal after a failure: twelve promotion
/// rounds and six shuffle rounds.
inline constexpr sim::sim_time healing = std::chrono::seconds{60};

} // namespace troupe::experiments
