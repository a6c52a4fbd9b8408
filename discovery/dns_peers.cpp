#include "discovery/dns_peers.hpp"

namespace troupe::discovery {

std::optional<host_type> parse_host_type(std::string_view text) {
  if (text == "ip")
    return host_type::ip;
  if (text == "hostname")
    return host_type::hostname;
  return std::nullopt;
}

std::expected<found_peer, std::string> dns_peer(const std::string& basename,
                                                const std::string& name_host,
                                                const std::string& address, std::uint16_t port) {
  if (name_host.find(':') != std::string::npos)
    return found_peer{std::nullopt, address, port};
  auto name = node_name::parse(basename + "@" + name_host);
  if (!name)
    return std::unexpected{"DNS gave '" + name_host.substr(0, 100)
                           + "', which makes no node name: " + name.error()};
  return found_peer{std::move(*name), address, port};
}

} // namespace troupe::discovery
