#include <fmt/core.h>

#include "apps/experiments/scenario.hpp"
#include "apps/experiments/table.hpp"
#include "protocols/sim/broadcast_series.hpp"
#include "protocols/sim/overlay_graph.hpp"

namespace troupe::experiments {

namespace {

using namespace std::chrono_literals;
using sim::layer;

constexpr double failed = 0.5;

void add_phase(table& out, std::string_view phase, const sim::series_summary& s) {
  for (auto [which, name] : {std::pair{layer::plumtree, "plumtree"}, {layer::flood, "flood"}}) {
    const auto& l = s[which];
    out.add({std::string{phase}, std::to_string(s.broadcasts), name,
             fmt::format("{:.3f}", l.mean_rmr), fmt::format("{:.1f}", l.mean_ldh),
             std::to_string(l.max_ldh), percent(l.mean_reliability, 3),
             percent(l.min_reliability, 3)});
  }
}

} // namespace

std::uint64_t plumtree_experiment(const options& opts) {
  sim::network net{network_for(opts)};
  grow_overlay(net, opts);
  auto roots = pick_roots(net, 10);
  table rows{{"phase", "broadcasts", "layer", "RMR", "LDH mean", "LDH max", "reliability mean",
              "reliability min"}};
  add_phase(rows, "first from each root",
            sim::broadcast_series(net, roots, roots.size(), 1s, drain));
  auto degree = sim::overlay_graph::active_views(net).mean_out_degree();
  add_phase(rows, "steady state", sim::broadcast_series(net, roots, 100, 1s, drain));
  net.crash_fraction(failed, roots);
  add_phase(rows, "right after 50% fail", sim::broadcast_series(net, roots, 20, 1s, drain));
  net.run_for(healing);
  add_phase(rows, "after healing", sim::broadcast_series(net, roots, 20, 1s, drain));

  fmt::print("## Plumtree beside the flood ({} nodes, seed {})\n\n", opts.nodes, opts.seed);
  fmt::print("Broadcasts cycle through {} random roots, one a second. Mean active view "
             "before the steady state: {:.3f}.\n\n",
             roots.size(), degree);
  rows.print();
  return net.events_run();
}

} // namespace troupe::experiments
