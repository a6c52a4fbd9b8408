#include "actors/errors.hpp"

#include <caf/message.hpp>
#include <caf/make_message.hpp>

namespace troupe {

std::string_view to_string(start_error::code what) noexcept {
  using enum start_error::code;
  switch (what) {
    case invalid_name: return "invalid node name";
    case already_started: return "already started";
    case cookie_too_long: return "cookie too long";
    case invalid_config: return "invalid configuration";
    case address_in_use: return "address in use";
    case network_error: return "network error";
    case system_error: return "system error";
  }
  return "unknown start error";
}

std::string_view to_string(connect_error::code what) noexcept {
  using enum connect_error::code;
  switch (what) {
    case timeout: return "timeout";
    case not_found: return "not found";
    case network_error: return "network error";
    case ignored: return "ignored";
    case auth_failed: return "authentication failed";
    case version_mismatch: return "version mismatch";
    case duplicate_name: return "duplicate name";
    case self_connection: return "self connection";
    case wrong_node: return "wrong node";
    case refused: return "refused";
    case not_started: return "not started";
  }
  return "unknown connect error";
}

std::string to_string(errc x) {
  switch (x) {
    case errc::not_connected: return "not_connected";
    case errc::unknown_name: return "unknown_name";
    case errc::stale_ref: return "stale_ref";
    case errc::serialization_failed: return "serialization_failed";
    case errc::node_stopped: return "node_stopped";
    case errc::not_implemented: return "not_implemented";
    case errc::self_join: return "self_join";
    case errc::left: return "left";
    case errc::not_member: return "not_member";
    case errc::invalid_argument: return "invalid_argument";
    case errc::timeout: return "timeout";
  }
  return "unknown";
}

caf::error make_error(errc x, std::string context) {
  if (context.empty())
    return caf::error{static_cast<std::uint8_t>(x), errc_atom::value};
  return caf::error{static_cast<std::uint8_t>(x), errc_atom::value,
                    caf::make_message(std::move(context))};
}

} // namespace troupe
