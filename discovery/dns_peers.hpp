#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "discovery/method.hpp"

namespace troupe::discovery {

/// What DNS methods put after the '@' of a peer's name (gen_cluster's
/// host_type): the IP address as it is, or a host name.
enum class host_type { ip, hostname };

std::optional<host_type> parse_host_type(std::string_view text);

/// The peer `basename@name_host` that listens at `address:port`. An IPv6
/// address cannot be a node name's host (names have no colons), so such a
/// peer goes nameless: any node answering there will do. The error says why
/// the DNS answer makes no node name.
std::expected<found_peer, std::string> dns_peer(const std::string& basename,
                                                const std::string& name_host,
                                                const std::string& address, std::uint16_t port);

} // namespace troupe::discovery
