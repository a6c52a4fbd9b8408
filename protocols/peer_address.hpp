#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "protocols/node_name.hpp"

namespace troupe {

/// Where to dial a peer: `name@host:port` (the node answering must be
/// `name@host`), or `host:port` / `[ipv6]:port` (any node of the cluster).
struct peer_address {
  std::optional<node_name> name;
  std::string host; ///< a host name or an IP address, without brackets
  std::uint16_t port = 0;

  static std::expected<peer_address, std::string> parse(std::string_view text);

  /// A listen address: `host:port` or `[ipv6]:port`, where port 0 lets the
  /// system pick a free port.
  static std::expected<peer_address, std::string> parse_listen(std::string_view text);

  /// Host and port as a listen address is written: `host:port` or `[v6]:port`.
  std::string endpoint() const;

  std::string to_string() const;

  friend bool operator==(const peer_address&, const peer_address&) = default;
};

} // namespace troupe
