#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "protocols/sim/config.hpp"
#include "protocols/sim/traffic.hpp"

namespace troupe::sim {

/// The links between simulated nodes: their latency, their losses and the
/// partitions that cut them. Latencies are a hash of the pair and the seed,
/// so 10,000 nodes need no table of 10^8 links.
class links {
public:
  explicit links(const network_config& config);

  /// One-way latency, the same in both directions and for every message.
  sim_time latency(node_id a, node_id b) const;

  /// Whether the next message is lost; draws from `rng` only when losses
  /// are configured.
  bool lost(std::mt19937_64& rng) const;
  void set_loss(double loss) { loss_ = loss; }

  /// Splits the nodes into groups that cannot reach each other; nodes in
  /// no group form one more group together.
  void partition(const std::vector<std::vector<node_id>>& groups);
  void heal();

  bool separated(node_id a, node_id b) const;

private:
  std::uint32_t group(node_id n) const;

  std::uint64_t seed_;
  sim_time latency_min_;
  sim_time latency_max_;
  double loss_;
  std::vector<std::uint32_t> group_; ///< by node; 0 (and absent) is the rest
};

} // namespace troupe::sim
