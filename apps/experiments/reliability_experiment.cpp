#include <fmt/core.h>

#include "apps/experiments/scenario.hpp"
#include "apps/experiments/table.hpp"
#include "protocols/sim/broadcast_series.hpp"
#include "protocols/sim/overlay_graph.hpp"

namespace troupe::experiments {

namespace {

using namespace std::chrono_literals;
using sim::layer;

constexpr std::size_t roots = 10;

/// One row: a fresh overlay, its trees formed, loses `failed` of its nodes
/// at once (never the roots). Every root broadcasts at that instant, then
/// once a second once those settled, then again after healing.
std::uint64_t measure(const options& opts, double failed, table& out) {
  sim::network net{network_for(opts)};
  grow_overlay(net, opts);
  auto from = pick_roots(net, roots);
  sim::broadcast_series(net, from, from.size(), 1s, drain);
  net.crash_fraction(failed, from);
  auto at_once = sim::broadcast_series(net, from, from.size(), 0s, drain);
  auto next = sim::broadcast_series(net, from, from.size(), 1s, drain);
  net.run_for(healing);
  auto healed = sim::broadcast_series(net, from, from.size(), 1s, drain);
  out.add({fmt::format("{:.0f}%", 100 * failed), percent(at_once[layer::plumtree].mean_reliability),
           percent(next[layer::plumtree].mean_reliability),
           percent(at_once[layer::flood].mean_reliability),
           percent(next[layer::flood].mean_reliability),
           percent(healed[layer::plumtree].min_reliability),
           percent(healed[layer::flood].min_reliability),
           sim::overlay_graph::active_views(net).connected() ? "yes" : "no"});
  return net.events_run();
}

} // namespace

std::uint64_t reliability_experiment(const options& opts) {
  fmt::print("## Reliability after nodes fail at once ({} nodes, seed {})\n\n", opts.nodes,
             opts.seed);
  fmt::print("Share of the live nodes that deliver, for broadcasts from {} roots that never "
             "fail. \"at once\": the mean of one broadcast from each root, sent as the nodes "
             "fail; \"next\": the mean of one from each, sent 5 to 14 s later; \"healed\": "
             "the worst of one from each, sent after {} s more.\n\n",
             roots, std::chrono::duration_cast<std::chrono::seconds>(healing).count());
  table rows{{"failed", "plumtree at once", "plumtree next", "flood at once", "flood next",
              "plumtree healed", "flood healed", "connected healed"}};
  std::uint64_t events = 0;
  for (double failed : {0.0, 0.2, 0.5, 0.7, 0.8, 0.9})
    events += measure(opts, failed, rows);
  rows.print();
  return events;
}

} // namespace troupe::experiments
