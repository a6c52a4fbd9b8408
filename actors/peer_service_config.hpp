#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace troupe {

/// Which peer-service manager keeps the node's membership (Partisan's
/// pluggable managers), and its timing.
struct peer_service_config {
  using duration = std::chrono::nanoseconds;

  enum class manager {
    /// Every member links with every other; membership is gossiped (CRDT).
    full_mesh,
    /// Nodes tagged "server" link with everyone, the others only with servers.
    client_server,
    /// Links only with the nodes it is told about; no gossip.
    static_links,
  };

  manager kind = manager::full_mesh;

  /// For client_server: "server" or "client" (the default).
  std::string tag;

  /// Time between two rounds of sending the member set to every linked
  /// member. 1 s: a missed update is repaired within about a second
  /// (Partisan's default is 10 s, its tests use 1 s).
  duration gossip_interval = std::chrono::seconds{1};

  /// Time between two rounds of dialing members that have no link, so that
  /// a crashed member is linked again soon after it comes back.
  duration reconnect_interval = std::chrono::seconds{1};

  /// "full-mesh", "client-server" or "static".
  static std::optional<manager> parse_manager(std::string_view name);

  /// Checks every field; the error names the field and what is wrong.
  std::optional<std::string> validate() const;
};

std::string_view to_string(peer_service_config::manager kind) noexcept;

} // namespace troupe
