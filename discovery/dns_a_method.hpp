#pragma once

#include <memory>

#include "discovery/dns_peers.hpp"
#include "discovery/dns_resolver.hpp"

namespace troupe::discovery {

/// Options of the DNS A method.
struct dns_a_settings {
  std::string name;                 ///< the host name whose A records are the peers
  host_type hosts = host_type::ip;  ///< ip: `basename@ip`; hostname: PTR look-up of each ip
  std::string basename;             ///< the part before '@' of the peers' names
  std::uint16_t port = 0;           ///< where the peers listen
  bool ipv6 = false;                ///< AAAA records instead of A
};

/// The nodes behind one DNS name (gen_cluster's gc_discover_dns_a), such as
/// a Kubernetes headless service: every address is a peer listening on the
/// same port.
class dns_a_method : public method {
public:
  dns_a_method(dns_a_settings settings, std::unique_ptr<dns_resolver> resolver)
    : settings_(std::move(settings)), resolver_(std::move(resolver)) {}

  std::string_view name() const override { return "dns-a"; }

  method_result peers() override;

private:
  /// The host part of the peer's name for `address`.
  std::expected<std::string, std::string> name_host(const std::string& address);

  dns_a_settings settings_;
  std::unique_ptr<dns_resolver> resolver_;
};

} // namespace troupe::discovery
