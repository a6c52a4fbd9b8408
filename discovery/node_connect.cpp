#include "discovery/node_connect.hpp"

namespace troupe::discovery {

std::vector<node_name> node_connect::peers() const {
  return node_.nodes();
}

void node_connect::connect(const proto::found_peer& peer, std::function<void(result)> done) {
  auto named = peer.name && peer.name->host() == peer.host;
  node_.connect(named ? peer.to_string() : peer.endpoint(), std::move(done));
}

bool node_connect::disconnect(const node_name& peer) {
  return node_.disconnect(peer);
}

} // namespace troupe::discovery
