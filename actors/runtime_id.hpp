#pragma once

#include <string>

#include <caf/fwd.hpp>
#include <caf/node_id.hpp>

namespace troupe {

/// An actor system's CAF node id as bytes for the handshake: peers tell
/// proxies and actors inside messages apart by it.
std::string runtime_id_of(caf::actor_system& system);

/// The node id in `bytes`; the invalid (default) id if they do not parse.
caf::node_id parse_runtime_id(caf::actor_system& system, const std::string& bytes);

} // namespace troupe
