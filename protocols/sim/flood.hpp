#pragma once

#include <cstdint>
#include <vector>

#include "protocols/sim/ordinal_set.hpp"
#include "protocols/sim/traffic.hpp"

namespace troupe::sim {

/// The baseline Plumtree is measured against: the papers' eager push
/// gossip with the whole active view as fanout. A node that gets a message
/// for the first time pushes it to every neighbor, the one it came from
/// too, as plain gossip does not track who has what. Its relative message
/// redundancy is therefore the mean active view size minus one; leaving the
/// sender out would save exactly one message per delivery.
class flood {
public:
  void on_neighbor_up(node_id peer);
  void on_neighbor_down(node_id peer);

  void broadcast(std::uint32_t ordinal, outbox& out);
  void receive(flood_message msg, outbox& out);

  bool delivered(std::uint32_t ordinal) const;

private:
  void push(flood_message msg, outbox& out) const;

  std::vector<node_id> neighbors_;
  ordinal_set seen_;
};

} // namespace troupe::sim
