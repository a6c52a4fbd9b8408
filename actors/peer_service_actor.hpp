#pragma once

#include <string>
#include <vector>

#include <caf/atom.hpp>
#include <caf/typed_actor.hpp>

#include "actors/member_info.hpp"
#include "actors/peer_service_config.hpp"

namespace troupe {

class node;

using join_atom = caf::atom_constant<caf::atom("join")>;
using leave_atom = caf::atom_constant<caf::atom("leave")>;
using members_atom = caf::atom_constant<caf::atom("members")>;
using specs_atom = caf::atom_constant<caf::atom("specs")>;
using update_atom = caf::atom_constant<caf::atom("update")>;
using state_atom = caf::atom_constant<caf::atom("state")>;
using peer_up_atom = caf::atom_constant<caf::atom("peer_up")>;
using peer_down_atom = caf::atom_constant<caf::atom("peer_down")>;
using frame_atom = caf::atom_constant<caf::atom("frame")>;
using tick_atom = caf::atom_constant<caf::atom("tick")>;

/// The peer-service manager as an actor: it owns the membership core
/// (proto::membership, or proto::static_links for the static manager),
/// feeds it the node's peer events, the membership frames of peers and a
/// timer, and carries out what the core asks (send the set, dial, close).
/// Errors come back as troupe errors (errc): not_implemented for what the
/// manager does not offer, self_join, left, not_member, invalid_argument,
/// timeout.
using peer_service_actor = caf::typed_actor<
  /// Joins the cluster of `contact` (name@host:port); with `wait`, answers
  /// once the contact is a member here, else once dialing started.
  caf::replies_to<join_atom, std::string, bool>::with<bool>,
  caf::replies_to<leave_atom>::with<bool>,
  caf::replies_to<leave_atom, std::string>::with<bool>,
  caf::replies_to<members_atom>::with<std::vector<std::string>>,
  caf::replies_to<specs_atom>::with<std::vector<member_info>>,
  /// The static manager's list of nodes to link with (name@host:port each).
  caf::replies_to<update_atom, std::vector<std::string>>::with<bool>,
  /// Partisan's get_local_state, as JSON.
  caf::replies_to<state_atom>::with<std::string>,
  // From the node:
  caf::reacts_to<peer_up_atom, std::string>,
  caf::reacts_to<peer_down_atom, std::string>,
  caf::reacts_to<frame_atom, std::string, std::vector<char>>,
  caf::reacts_to<tick_atom>>;

/// Spawns the manager for `self_node` (which must outlive it) and hooks it
/// to the node's peer events and membership frames.
peer_service_actor spawn_peer_service(caf::actor_system& system, node& self_node,
                                      const peer_service_config& config);

} // namespace troupe
