#include "discovery/dns_srv_method.hpp"

namespace troupe::discovery {

method_result dns_srv_method::peers() {
  method_result result;
  auto records = resolver_->services(settings_.name);
  if (!records) {
    result.problems.push_back(records.error());
    return result;
  }
  for (const auto& record : *records) {
    // A target of "." says the service is not offered there (RFC 2782).
    if (record.target.empty() || record.target == ".")
      continue;
    if (auto peer = peer_of(record))
      result.peers.push_back(std::move(*peer));
    else
      result.problems.push_back(peer.error());
  }
  return result;
}

std::expected<found_peer, std::string> dns_srv_method::peer_of(const srv_record& record) {
  if (record.port == 0)
    return std::unexpected{"SRV record for " + record.target + " has port 0"};
  auto addresses = resolver_->addresses(record.target, settings_.ipv6);
  if (!addresses)
    return std::unexpected{addresses.error()};
  if (addresses->empty())
    return std::unexpected{"no address for SRV target " + record.target};
  const auto& address = addresses->front();
  auto host = settings_.hosts == host_type::hostname ? record.target : address;
  return dns_peer(settings_.basename, host, address, record.port);
}

} // namespace troupe::discovery
