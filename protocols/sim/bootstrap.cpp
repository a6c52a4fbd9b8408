#include "protocols/sim/bootstrap.hpp"

#include <random>

namespace troupe::sim {

void bootstrap(network& net, std::size_t nodes, sim_time join_interval, sim_time settle) {
  auto first = static_cast<node_id>(net.size());
  net.add_node();
  for (std::size_t i = 1; i < nodes; ++i) {
    auto joiner = net.add_node();
    std::uniform_int_distribution<node_id> contact{first, joiner - 1};
    net.join(joiner, contact(net.rng()));
    net.run_for(join_interval);
  }
  net.run_for(settle);
}

} // namespace troupe::sim
