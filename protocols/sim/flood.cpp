#include "protocols/sim/flood.hpp"

#include <algorithm>

namespace troupe::sim {

void flood::on_neighbor_up(node_id peer) {
  if (std::ranges::find(neighbors_, peer) == neighbors_.end())
    neighbors_.push_back(peer);
}

void flood::on_neighbor_down(node_id peer) { std::erase(neighbors_, peer); }

void flood::broadcast(std::uint32_t ordinal, outbox& out) {
  seen_.insert(ordinal);
  push({ordinal, 1}, out);
}

void flood::receive(flood_message msg, outbox& out) {
  if (!seen_.insert(msg.ordinal))
    return;
  out.deliveries.push_back({layer::flood, msg.ordinal, msg.hops});
  ++msg.hops;
  push(msg, out);
}

bool flood::delivered(std::uint32_t ordinal) const { return seen_.contains(ordinal); }

void flood::push(flood_message msg, outbox& out) const {
  for (auto peer : neighbors_)
    out.messages.emplace_back(peer, msg);
}

} // namespace troupe::sim
