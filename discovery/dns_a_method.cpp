#include "discovery/dns_a_method.hpp"

namespace troupe::discovery {

method_result dns_a_method::peers() {
  method_result result;
  auto addresses = resolver_->addresses(settings_.name, settings_.ipv6);
  if (!addresses) {
    result.problems.push_back(addresses.error());
    return result;
  }
  for (const auto& address : *addresses) {
    auto host = name_host(address);
    auto peer = host ? dns_peer(settings_.basename, *host, address, settings_.port)
                     : std::unexpected{host.error()};
    if (peer)
      result.peers.push_back(std::move(*peer));
    else
      result.problems.push_back(peer.error());
  }
  return result;
}

std::expected<std::string, std::string> dns_a_method::name_host(const std::string& address) {
  if (settings_.hosts == host_type::ip)
    return address;
  return resolver_->host_name(address);
}

} // namespace troupe::discovery
