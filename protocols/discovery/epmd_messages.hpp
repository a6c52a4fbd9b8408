#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace troupe::proto::epmd {

/// Messages of Erlang's port mapper daemon (epmd), as its distribution
/// protocol documents them ("erl_dist_protocol", EPMD Protocol). Integers are
/// big-endian; every request carries a 2-byte length prefix, which the
/// request functions below include. Bytes travel in std::string.

/// Where epmd listens unless told otherwise (ERL_EPMD_PORT, -port).
inline constexpr std::uint16_t default_port = 4369;

/// The node type troupe registers with: "hidden" (72) rather than "normal
/// Erlang node" (77), so that Erlang nodes on the same epmd leave troupe
/// nodes out of their own meshes.
inline constexpr std::uint8_t hidden_node = 72;

/// The Extra field troupe registers with; lookups keep only entries that
/// carry it, so that Erlang nodes on the same epmd are not dialed.
inline constexpr std::string_view troupe_extra = "troupe";

/// ALIVE2_REQ ('x'): register `name` (a node name's part before '@') as
/// accepting connections on `port`. epmd keeps the registration while the
/// connection that sent it stays open.
std::string alive2_request(std::string_view name, std::uint16_t port);

/// The size of the whole ALIVE2 reply that `received` starts: 6 bytes for
/// ALIVE2_X_RESP ('v', 32-bit creation), 4 for ALIVE2_RESP ('y', 16-bit).
/// nullopt while `received` is empty; 0 if it starts with anything else.
std::optional<std::size_t> alive2_response_size(std::string_view received);

/// The creation number epmd assigned, or why it refused the registration.
std::expected<std::uint32_t, std::string> parse_alive2_response(std::string_view reply);

/// PORT_PLEASE2_REQ ('z'): where does the node `name` listen?
std::string port_please2_request(std::string_view name);

/// What PORT2_RESP ('w') tells of a registered node.
struct node_info {
  std::uint16_t port = 0;
  std::uint8_t node_type = 0;
  std::uint8_t protocol = 0;
  std::uint16_t highest_version = 0;
  std::uint16_t lowest_version = 0;
  std::string name;
  std::string extra;
};

/// The node's entry, nullopt if epmd does not know the name. epmd closes the
/// connection after its reply, so `reply` is everything it sent.
std::expected<std::optional<node_info>, std::string> parse_port2_response(std::string_view reply);

/// NAMES_REQ ('n'): which nodes are registered?
std::string names_request();

/// One line of NAMES_RESP: "name <name> at port <port>".
struct name_entry {
  std::string name;
  std::uint16_t port = 0;
  friend bool operator==(const name_entry&, const name_entry&) = default;
};

/// Every registered node. `reply` is everything epmd sent before closing:
/// its own port (4 bytes), then one line per node.
std::expected<std::vector<name_entry>, std::string> parse_names_response(std::string_view reply);

} // namespace troupe::proto::epmd
