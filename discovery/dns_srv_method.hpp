#pragma once

#include <memory>

#include "discovery/dns_peers.hpp"
#include "discovery/dns_resolver.hpp"

namespace troupe::discovery {

/// Options of the DNS SRV method.
struct dns_srv_settings {
  std::string name;                      ///< the service, e.g. _troupe._tcp.cluster.example
  host_type hosts = host_type::hostname; ///< hostname: `basename@target`; ip: its address
  std::string basename;                  ///< the part before '@' of the peers' names
  bool ipv6 = false;                     ///< resolve targets with AAAA instead of A
};

/// The nodes offering one service (gen_cluster's gc_discover_dns_srv), such
/// as a Kubernetes StatefulSet: each SRV record gives a host and its port.
/// Either way the target is resolved through the same DNS server and its
/// address dialed, so that the system's resolver need not know the target.
class dns_srv_method : public method {
public:
  dns_srv_method(dns_srv_settings settings, std::unique_ptr<dns_resolver> resolver)
    : settings_(std::move(settings)), resolver_(std::move(resolver)) {}

  std::string_view name() const override { return "dns-srv"; }

  method_result peers() override;

private:
  std::expected<found_peer, std::string> peer_of(const srv_record& record);

  dns_srv_settings settings_;
  std::unique_ptr<dns_resolver> resolver_;
};

} // namespace troupe::discovery
