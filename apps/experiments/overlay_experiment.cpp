#include <fmt/core.h>

#include "apps/experiments/scenario.hpp"
#include "apps/experiments/table.hpp"
#include "protocols/sim/overlay_graph.hpp"

namespace troupe::experiments {

namespace {

double mean_passive_view(const sim::network& net) {
  auto up = net.up_nodes();
  double total = 0;
  for (auto n : up)
    total += static_cast<double>(net.at(n).membership().passive_view().size());
  return total / static_cast<double>(up.size());
}

} // namespace

std::uint64_t overlay_experiment(const options& opts) {
  sim::network net{network_for(opts)};
  grow_overlay(net, opts);
  auto graph = sim::overlay_graph::active_views(net);

  fmt::print("## Overlay after {} nodes joined (seed {})\n\n", opts.nodes, opts.seed);
  table summary{{"connected", "average shortest path", "clustering coefficient", "mean active view",
                 "mean passive view"}};
  summary.add({graph.connected() ? "yes" : "no",
               fmt::format("{:.3f}", graph.average_shortest_path()),
               fmt::format("{:.5f}", graph.clustering_coefficient()),
               fmt::format("{:.3f}", graph.mean_out_degree()),
               fmt::format("{:.2f}", mean_passive_view(net))});
  summary.print();

  table degrees{{"in-degree", "nodes", "share"}};
  for (auto [degree, nodes] : graph.in_degree_histogram())
    degrees.add({std::to_string(degree), std::to_string(nodes),
                 percent(static_cast<double>(nodes) / static_cast<double>(graph.nodes.size()))});
  degrees.print();
  return net.events_run();
}

} // namespace troupe::experiments
