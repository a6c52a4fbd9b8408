#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <caf/atom.hpp>
#include <caf/error.hpp>

namespace troupe {

/// Why a node did not start (Gleam's StartError, plus configuration errors).
struct start_error {
  enum class code {
    invalid_name,    ///< the node name is not name@host
    already_started, ///< this actor system already runs a node
    cookie_too_long, ///< more than 255 bytes
    invalid_config,  ///< another option is out of range or malformed
    address_in_use,  ///< a listen address is taken
    network_error,   ///< resolving or binding a listen address failed otherwise
    system_error,    ///< the operating system refused (permissions, limits)
  };
  code what;
  std::string message; ///< for the user, with the system's words where there are some
};

std::string_view to_string(start_error::code what) noexcept;

/// Why `connect` failed (Gleam's ConnectError, plus the handshake's refusals).
struct connect_error {
  enum class code {
    timeout,          ///< no session within the connect timeout
    not_found,        ///< nobody listens there, or the host does not resolve
    network_error,    ///< another network failure
    ignored,          ///< the node itself, or already connected
    auth_failed,      ///< the cookies differ
    version_mismatch, ///< the nodes speak different protocol versions
    duplicate_name,   ///< another live node uses that name
    self_connection,  ///< the address leads back to this node
    wrong_node,       ///< a different node answered than the one named
    refused,          ///< refused for another reason (see message)
    not_started,      ///< this node is stopped
  };
  code what;
  std::string message;
};

std::string_view to_string(connect_error::code what) noexcept;

/// Errors that reach actors through CAF, e.g. as the answer to a request
/// whose target cannot be reached. Category atom: "troupe".
enum class errc : std::uint8_t {
  not_connected = 1,    ///< no session with the target's node
  unknown_name,         ///< nothing registered under that name on the target's node
  stale_ref,            ///< the ref belongs to an earlier run (incarnation) of the node
  serialization_failed, ///< the message could not be encoded or decoded
  node_stopped,         ///< the local node is stopped
  not_implemented,      ///< the peer-service manager does not offer this operation
  self_join,            ///< a node cannot join itself
  left,                 ///< this node left the cluster; it must restart to join again
  not_member,           ///< the node is not a member
  invalid_argument,     ///< a node name or address that does not parse
  timeout,              ///< the operation did not finish in time
};

std::string to_string(errc x);

using errc_atom = caf::atom_constant<caf::atom("troupe")>;

caf::error make_error(errc x, std::string context = {});

} // namespace troupe
