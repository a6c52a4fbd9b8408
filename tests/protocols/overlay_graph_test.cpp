#include <doctest/doctest.h>

#include "protocols/sim/overlay_graph.hpp"

using troupe::sim::overlay_graph;

namespace {

/// A triangle 0-1-2 with node 3 hanging off 0, every link held both ways.
overlay_graph triangle_with_tail() { return {{10, 11, 12, 13}, {{1, 2, 3}, {0, 2}, {0, 1}, {0}}}; }

} // namespace

TEST_CASE("overlay measures of a small known graph") {
  auto g = triangle_with_tail();
  CHECK(g.connected());
  CHECK(g.mean_out_degree() == doctest::Approx(2.0));
  CHECK(g.in_degree_histogram() == std::map<std::size_t, std::size_t>{{1, 1}, {2, 2}, {3, 1}});
  // Distances: four pairs at 1 hop, (1,3) and (2,3) at 2, both ways round.
  CHECK(g.average_shortest_path() == doctest::Approx(8.0 / 6.0));
  // Node 0: one linked pair of three; nodes 1 and 2: 1; node 3 has one neighbor.
  CHECK(g.clustering_coefficient() == doctest::Approx((1.0 / 3 + 1 + 1 + 0) / 4));
}

TEST_CASE("an overlay with a node nobody reaches is not connected") {
  auto g = triangle_with_tail();
  g.nodes.push_back(14);
  g.links.emplace_back();
  CHECK_FALSE(g.connected());
}

TEST_CASE("a link held by one side only counts once for distances") {
  overlay_graph g{{1, 2}, {{1}, {}}};
  CHECK(g.connected());
  CHECK(g.in_degree_histogram() == std::map<std::size_t, std::size_t>{{0, 1}, {1, 1}});
  CHECK(g.average_shortest_path() == doctest::Approx(1.0));
}
