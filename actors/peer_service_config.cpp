#include "actors/peer_service_config.hpp"

#include "protocols/membership/member_spec.hpp"

namespace troupe {

std::optional<peer_service_config::manager>
peer_service_config::parse_manager(std::string_view name) {
  if (name == "full-mesh")
    return manager::full_mesh;
  if (name == "client-server")
    return manager::client_server;
  if (name == "static")
    return manager::static_links;
  return std::nullopt;
}

std::string_view to_string(peer_service_config::manager kind) noexcept {
  switch (kind) {
    case peer_service_config::manager::full_mesh: return "full-mesh";
    case peer_service_config::manager::client_server: return "client-server";
    case peer_service_config::manager::static_links: return "static";
  }
  return "?";
}

std::optional<std::string> peer_service_config::validate() const {
  if (gossip_interval <= duration::zero())
    return "gossip-interval: must be positive";
  if (reconnect_interval <= duration::zero())
    return "reconnect-interval: must be positive";
  if (!tag.empty() && tag != proto::server_tag && tag != proto::client_tag)
    return "tag: must be server or client";
  if (!tag.empty() && kind != manager::client_server)
    return "tag: only the client-server manager uses tags";
  return std::nullopt;
}

} // namespace troupe
