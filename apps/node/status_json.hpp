#pragma once

#include <string>

#include "actors/node.hpp"

namespace troupe::daemon {

/// What `node` sees of the cluster, as one JSON object:
/// {"node", "incarnation", "listen", "distributed", "healthy", "connected",
///  "reachable", "unreachable", "stats": {...}}. Pings every peer, so it takes
/// up to the ping timeout.
std::string status_json(troupe::node& node);

} // namespace troupe::daemon
