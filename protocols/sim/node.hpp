#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "protocols/hyparview/hyparview.hpp"
#include "protocols/plumtree/plumtree.hpp"
#include "protocols/sim/config.hpp"
#include "protocols/sim/flood.hpp"
#include "protocols/sim/ordinal_set.hpp"
#include "protocols/sim/traffic.hpp"

namespace troupe::sim {

/// One simulated node: HyParView, with Plumtree and the flood baseline on
/// top of its active view. The node glues them as the actor layer will:
/// NeighborUp and NeighborDown go to both broadcast layers. It is also
/// Plumtree's handler, whose datastore is the set of broadcasts received;
/// a payload is the broadcast's ordinal, which is also its id.
class node final : public proto::plumtree::handler<node_id> {
public:
  /// `rng` must outlive the node.
  node(node_id id, const network_config& config, std::mt19937_64& rng);
  node(const node&) = delete;
  node& operator=(const node&) = delete;

  void receive(node_id from, envelope msg, outbox& out);
  void fire(node_timer which, outbox& out);
  void peer_failed(node_id peer, outbox& out);
  void join(node_id contact, outbox& out);
  void leave(outbox& out);
  void broadcast(std::uint32_t ordinal, outbox& out);

  const proto::hyparview::state<node_id>& membership() const noexcept { return membership_; }
  const proto::plumtree::state<node_id>& plumtree() const noexcept { return plumtree_; }

  bool delivered(layer which, std::uint32_t ordinal) const;

  /// Both cores' broken rules.
  std::vector<std::string> check_invariants() const;

  std::pair<proto::plumtree::message_id, proto::plumtree::payload>
  broadcast_data(proto::plumtree::payload broadcast) override;
  bool merge(proto::plumtree::message_id id, const proto::plumtree::payload& data) override;
  bool is_stale(proto::plumtree::message_id id) const override;
  std::expected<proto::plumtree::payload, proto::plumtree::graft_error>
  graft(proto::plumtree::message_id id) const override;
  bool exchange(const node_id&) override { return false; }

private:
  void apply(proto::hyparview::state<node_id>::outputs events, outbox& out);
  void apply(proto::plumtree::state<node_id>::outputs events, outbox& out);

  proto::hyparview::state<node_id> membership_;
  proto::plumtree::state<node_id> plumtree_;
  sim::flood flood_;
  ordinal_set merged_; ///< Plumtree deliveries
};

} // namespace troupe::sim
