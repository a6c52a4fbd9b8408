#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

#include "protocols/sim/network.hpp"

namespace troupe::sim {

/// The overlay among the nodes that are up, as the HyParView paper measures
/// it: node i's links are its active view. Indices are dense (0 to n-1),
/// in the order of the node ids in `nodes`.
struct overlay_graph {
  std::vector<node_id> nodes;
  std::vector<std::vector<std::uint32_t>> links;

  static overlay_graph active_views(const network& net);

  /// Whether every node reaches every other, following links both ways.
  bool connected() const;

  /// Mean active view size, counting peers that are up.
  double mean_out_degree() const;

  /// How many nodes are held by how many active views.
  std::map<std::size_t, std::size_t> in_degree_histogram() const;

  /// Mean hops between two nodes that reach each other, links both ways.
  double average_shortest_path() const;

  /// Mean over nodes of the share of pairs of their neighbors that are
  /// neighbors too; nodes with fewer than two neighbors count as 0.
  double clustering_coefficient() const;

private:
  std::vector<std::vector<std::uint32_t>> undirected() const;
};

} // namespace troupe::sim
