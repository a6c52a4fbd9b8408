#pragma once

#include <expected>
#include <string>

#include <caf/actor_system_config.hpp>

#include "actors/node_config.hpp"
#include "actors/peer_service_config.hpp"

namespace troupe {

/// An actor_system_config that knows troupe's options and error category.
/// Derive your program's config from it, add your message types, then start
/// the node with `config.node()`:
///
///     --troupe.name=a@host --troupe.cookie=secret --troupe.listen=[...]
///     --troupe.cookie-file=path  (instead of --troupe.cookie: first line of the file)
///     --troupe.preset=lan|wan|local  (the defaults the other options override)
///     --troupe.peer-service=full-mesh|client-server|static --troupe.tag=server|client
///
/// or the same keys in a `troupe { ... }` group of the config file.
class config : public caf::actor_system_config {
public:
  config();

  /// The node configuration: the named preset, overridden by every troupe
  /// option given. The error names the option and what is wrong.
  std::expected<node_config, std::string> node() const;

  /// The peer-service manager's configuration: "troupe.peer-service"
  /// (full-mesh, the default, client-server, static, or none: no manager,
  /// nullopt), "troupe.tag", and the gossip and reconnect intervals.
  std::expected<std::optional<peer_service_config>, std::string> peer_service() const;
};

} // namespace troupe
