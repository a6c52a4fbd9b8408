#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "protocols/node_name.hpp"

/// What the overlay cores (HyParView, Plumtree) need of their peer type,
/// which is std::uint32_t in the simulator and node_name on real nodes.
namespace troupe::proto {

template <class Peer>
bool contains(const std::vector<Peer>& peers, const Peer& peer) {
  return std::ranges::find(peers, peer) != peers.end();
}

/// A peer in words, for invariant reports.
inline std::string peer_text(std::uint32_t peer) {
  return std::to_string(peer);
}

inline std::string peer_text(const node_name& peer) {
  return peer.str();
}

} // namespace troupe::proto
