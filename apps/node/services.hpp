#pragma once

#include <string>

#include <caf/actor.hpp>
#include <caf/atom.hpp>
#include <caf/fwd.hpp>

#include "actors/node.hpp"
#include "actors/peer_service.hpp"

namespace troupe::daemon {

/// What every troupe-node offers to the cluster under registered names, so
/// that operators, the demo and the process tests can ask a running node
/// what it sees and make it talk to its peers. Only CAF's built-in types
/// cross the wire, so a client needs no type registration.
///
/// "echo":    (std::string text) -> std::string "<node> echoes <text>"
/// "control": (status_atom) -> std::string, the node's view as JSON (status_json)
///            (relay_atom, std::string node, std::string name, std::string text)
///              -> (std::string answer, std::int64_t round_trip_us): the node
///              sends `text` to `name` on `node` and reports its answer.
inline constexpr const char* echo_name = "echo";
inline constexpr const char* control_name = "control";

using status_atom = caf::atom_constant<caf::atom("status")>;
using relay_atom = caf::atom_constant<caf::atom("relay")>;

/// Spawns the services and registers them on `self_node`; both it and
/// `members` (null: no peer service runs) must outlive them. The returned
/// actors are the caller's to stop.
std::vector<caf::actor> offer_services(caf::actor_system& system, troupe::node& self_node,
                                       troupe::peer_service* members);

} // namespace troupe::daemon
