#include "protocols/discovery/peer_selection.hpp"

#include <algorithm>

namespace troupe::proto {

namespace {

bool is_connected(const found_peer& peer, const std::vector<node_name>& connected) {
  if (peer.name)
    return std::ranges::find(connected, *peer.name) != connected.end();
  return std::ranges::any_of(connected,
                             [&](const node_name& node) { return node.host() == peer.host; });
}

bool is_self(const found_peer& peer, const self_identity& self) {
  return (peer.name && *peer.name == self.name)
         || std::ranges::find(self.endpoints, peer.endpoint()) != self.endpoints.end();
}

} // namespace

std::string dial_key(const found_peer& peer) {
  return (peer.name ? peer.name->str() : std::string{}) + "/" + peer.endpoint();
}

std::vector<std::size_t> peers_to_dial(const std::vector<found_peer>& found,
                                       const std::vector<node_name>& connected,
                                       const self_identity& self,
                                       const std::set<std::string>& dialing) {
  std::vector<std::size_t> result;
  std::set<std::string> chosen;
  for (std::size_t i = 0; i < found.size(); ++i) {
    const auto& peer = found[i];
    auto key = dial_key(peer);
    if (is_self(peer, self) || is_connected(peer, connected) || dialing.contains(key)
        || !chosen.insert(key).second)
      continue;
    result.push_back(i);
  }
  return result;
}

} // namespace troupe::proto
