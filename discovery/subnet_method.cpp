#include "discovery/subnet_method.hpp"

namespace troupe::discovery {

method_result subnet_method::peers() {
  method_result result;
  for (auto& address : schedule_.due(proto::scan_schedule::clock::now()))
    result.peers.push_back({std::nullopt, std::move(address), port_});
  return result;
}

void subnet_method::dialed(const found_peer& peer, bool reached) {
  if (reached)
    schedule_.answered(peer.host);
  else
    schedule_.missed(peer.host, proto::scan_schedule::clock::now());
}

} // namespace troupe::discovery
