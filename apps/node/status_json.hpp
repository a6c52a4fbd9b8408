#pragma once

#include <string>

#include "actors/node.hpp"
#include "actors/peer_service.hpp"

namespace troupe::daemon {

/// What `node` sees of the cluster, as one JSON object:
/// {"node", "incarnation", "listen", "distributed", "healthy", "connected",
///  "reachable", "unreachable", "members", "monitors": {...}, "stats": {...}}.
/// "members" is the peer service's view (empty without one). Pings every
/// peer, so it takes up to the ping timeout.
std::string status_json(troupe::node& node, troupe::peer_service* members);

} // namespace troupe::daemon
