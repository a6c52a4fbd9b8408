#pragma once

#include <set>
#include <string>
#include <vector>

#include "protocols/membership/config.hpp"
#include "protocols/membership/events.hpp"
#include "protocols/membership/link_table.hpp"
#include "protocols/membership/periodic.hpp"

namespace troupe::proto {

/// The peer service of Partisan's static manager, as a deterministic state
/// machine: this node links with exactly the nodes it is told about and
/// dials the unlinked ones every reconnect interval. The members are this
/// node and that list. Nothing is gossiped, so each node has its own list.
class static_links {
public:
  explicit static_links(member_spec self, duration reconnect_interval = default_reconnect_interval);

  /// Replaces the list of nodes to link with (this node, if on it, is left
  /// out; of two specs with one name, the later counts). New nodes are
  /// dialed at once; links to dropped ones close.
  outputs update_members(std::vector<member_spec> nodes);

  /// A link came up. One with a node that is not on the list is closed: the
  /// links are exactly what the list says.
  outputs on_peer_up(const member_spec& peer);

  /// The link went down; the node is dialed again at the next reconnect.
  outputs on_peer_down(const node_name& peer);

  /// Time passed: dials the unlinked nodes when due.
  outputs on_tick(time_point now);

  /// Member names, sorted, this node among them.
  const std::vector<node_name>& members() const noexcept { return member_names_; }

  /// The member's spec, or nullptr. Valid until the next input.
  const member_spec* member(const node_name& name) const;

  /// Member specs, sorted by name, this node among them.
  std::vector<member_spec> members_for_orchestration() const;

  /// Peers with a link up.
  const std::set<node_name>& linked() const noexcept { return links_.peers(); }

  /// The earliest time `on_tick` has work; `time_point::min()` before the
  /// first tick.
  time_point next_deadline() const noexcept { return reconnect_.next(); }

  /// Broken rules, in words; empty when the state is sound.
  std::vector<std::string> check_invariants() const;

private:
  member_spec self_;
  std::vector<member_spec> others_; ///< the list, sorted by name, one spec a name
  std::vector<node_name> member_names_;
  link_table links_;
  periodic reconnect_;
};

} // namespace troupe::proto
