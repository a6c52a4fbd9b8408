#pragma once

#include <cstdint>
#include <expected>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/membership/config.hpp"
#include "protocols/membership/events.hpp"
#include "protocols/membership/link_table.hpp"
#include "protocols/membership/periodic.hpp"

namespace troupe::proto {

/// Why a membership command was refused.
enum class membership_error : std::uint8_t {
  self_join,  ///< the contact is this node
  left,       ///< this node left or was removed; it must restart to join again
  not_member, ///< the node to remove is not a member
};

std::string_view to_string(membership_error error) noexcept;

/// The peer service of Partisan's full-mesh and client-server managers, as
/// a deterministic state machine: each input returns what the driver must do
/// (send, dial, close, tell the application). No I/O, no clock.
///
/// Membership is a member_set, an observed-remove set of specs: every node
/// adds its own spec when it starts, as a dot of its own run, and is a
/// member of its own set from then on. Sets spread by gossip: at once to a
/// peer whose link comes up, and every gossip interval to every linked
/// member; merging adds the members the other side knew. A peer whose link
/// is up but whose spec has not arrived in a set is a link, not a member.
///
/// Every member keeps a link to each member the link policy allows: it dials
/// new members at once and unlinked ones every reconnect interval, so a
/// crashed node stays a member and is linked again when it comes back.
/// Stale specs (an earlier run of a node, with its old addresses, channels
/// or parallelism) are pruned: only the greatest spec of each name, which is
/// its highest incarnation, stays. Every node prunes the same way, so pruning
/// needs no message.
///
/// `leave()` removes this node's spec, sends the set to every link, closes
/// them and reports `left`; `leave(node)` removes that node everywhere. A
/// node that sees its own spec gone from a merged set (removed by another
/// member, or pruned because a later run of its name exists) reports `left`
/// too. A node that left refuses links, sets and joins until it restarts
/// with a new incarnation; the removed spec never comes back, because the
/// members' contexts remember its dot and only its run could add it anew.
class membership {
public:
  membership(member_spec self, membership_config config = {});

  // -- inputs ------------------------------------------------------------------

  /// A link to `peer` came up; `peer` is the spec from its handshake. The
  /// peer gets this node's set at once.
  outputs on_peer_up(const member_spec& peer);

  /// The link to `peer` went down. A member stays a member.
  outputs on_peer_down(const node_name& peer);

  /// A peer sent its set. Ignored once this node has left.
  outputs on_state(const node_name& from, const member_set& state);

  /// Time passed: gossips and dials when due. Call it by `next_deadline()`.
  outputs on_tick(time_point now);

  // -- commands ----------------------------------------------------------------

  /// Joins the cluster `contact` is a member of: dials it now and every
  /// reconnect interval until its set arrives (or sends it this node's set
  /// if a link is up already).
  std::expected<outputs, membership_error> join(const member_spec& contact);

  /// Leaves the cluster for good (for this run).
  std::expected<outputs, membership_error> leave();

  /// Removes `node` from the cluster: sends the set without it to every
  /// link, the node included, then closes its link.
  std::expected<outputs, membership_error> leave(const node_name& node);

  // -- queries -----------------------------------------------------------------

  /// Member names, sorted; this node among them until it leaves; empty after.
  const std::vector<node_name>& members() const noexcept { return member_names_; }

  /// The member's spec, or nullptr. Valid until the next input.
  const member_spec* member(const node_name& name) const;

  /// Member specs, sorted by name.
  std::vector<member_spec> members_for_orchestration() const;

  /// The member set as this node holds it (Partisan's get_local_state).
  const member_set& state() const noexcept { return set_; }

  const member_spec& self() const noexcept { return self_; }

  /// Peers with a link up.
  const std::set<node_name>& linked() const noexcept { return links_.peers(); }

  bool has_left() const noexcept { return left_; }

  /// The earliest time `on_tick` has work; `time_point::min()` before the
  /// first tick.
  time_point next_deadline() const;

  /// Broken rules, in words; empty when the state is sound.
  std::vector<std::string> check_invariants() const;

private:
  void on_set_changed(outputs& out);
  void prune_stale();
  void remove_and_tell(const member_spec& spec, outputs& out);
  void become_left(outputs& out);
  void send_to(const node_name& peer, outputs& out);
  bool may_link(const member_spec& peer) const;
  auto wanted() const;
  std::vector<node_name> names_in_set() const;

  member_spec self_;
  membership_config config_;
  member_set set_;
  /// The set as last sent, shared by the sends until the set changes. Weak,
  /// so that a node does not hold a second copy once its driver is done.
  std::weak_ptr<const member_set> snapshot_;
  std::vector<node_name> member_names_;
  link_table links_;
  /// Contacts of `join` whose set has not arrived yet.
  std::map<node_name, member_spec> joining_;
  periodic gossip_;
  periodic reconnect_;
  bool left_ = false;
};

} // namespace troupe::proto
