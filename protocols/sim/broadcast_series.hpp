#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "protocols/sim/network.hpp"

namespace troupe::sim {

/// The Plumtree paper's measures over a series of broadcasts, per layer.
struct series_summary {
  struct layer_summary {
    double mean_reliability = 0; ///< share of the nodes up that delivered
    double min_reliability = 1;
    double mean_rmr = 0; ///< relative message redundancy: m / (n - 1) - 1
    double mean_ldh = 0; ///< last delivery hop
    proto::plumtree::hop_count max_ldh = 0;
    std::vector<double> reliability; ///< of each broadcast, in order
  };
  std::size_t broadcasts = 0;
  std::array<layer_summary, layer_count> layers{};

  const layer_summary& operator[](layer which) const {
    return layers[static_cast<std::size_t>(which)];
  }
};

/// Broadcasts `count` times from `roots` in turn, one every `spacing`, then
/// runs for `drain` so that the last one settles, and measures them all.
series_summary broadcast_series(network& net, const std::vector<node_id>& roots, std::size_t count,
                                sim_time spacing, sim_time drain);

/// Relative message redundancy of one broadcast (the Plumtree paper, p10):
/// payload messages per node reached beyond the first, minus one.
double relative_message_redundancy(const broadcast_record::layer_record& record);

} // namespace troupe::sim
