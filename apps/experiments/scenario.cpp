#include "apps/experiments/scenario.hpp"

#include <algorithm>
#include <iterator>

#include "protocols/sim/bootstrap.hpp"

namespace troupe::experiments {

using namespace std::chrono_literals;

sim::network_config network_for(const options& opts) { return {.seed = opts.seed}; }

void grow_overlay(sim::network& net, const options& opts) {
  sim::bootstrap(net, opts.nodes, 10ms, 60s);
}

std::vector<sim::node_id> pick_roots(sim::network& net, std::size_t count) {
  std::vector<sim::node_id> roots;
  std::ranges::sample(net.up_nodes(), std::back_inserter(roots), static_cast<std::ptrdiff_t>(count),
                      net.rng());
  return roots;
}

} // namespace troupe::experiments
