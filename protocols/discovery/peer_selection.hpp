#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "protocols/node_name.hpp"
#include "protocols/peer_address.hpp"

namespace troupe::proto {

/// What the discovery loop knows of its own node, to keep from dialing it.
struct self_identity {
  node_name name;
  std::vector<std::string> endpoints; ///< where it listens, host:port
};

/// A peer a method found: where to dial it and, where the method knows it,
/// the node's name. The dial host may differ from the name's host: a DNS
/// method that names nodes after host names dials the address it resolved,
/// since the system's resolver need not know the names its DNS server gave.
using found_peer = peer_address;

/// Identifies one dial target across refreshes and methods.
std::string dial_key(const found_peer& peer);

/// Which of `found` the loop dials now, as indexes into `found`: each target
/// once (the first method to name it wins), and none that is this node,
/// already connected, or still being dialed (`dialing` holds dial keys).
/// A nameless target counts as connected when a connected node's name has
/// its host: the subnet scan and host:port entries name hosts, not nodes.
std::vector<std::size_t> peers_to_dial(const std::vector<found_peer>& found,
                                       const std::vector<node_name>& connected,
                                       const self_identity& self,
                                       const std::set<std::string>& dialing);

} // namespace troupe::proto
