#pragma once

#include <expected>
#include <optional>
#include <string>

#include <caf/fwd.hpp>

#include "actors/log.hpp"
#include "actors/node.hpp"
#include "discovery/discovery_config.hpp"
#include "discovery/discovery_loop.hpp"

namespace troupe::discovery {

/// The name the loop is registered under on its node; ask it with
/// status_atom for its counts.
inline constexpr const char* service_name = "discovery";

/// Starts discovery for `node` as `config` says, connecting through the
/// node itself (node_connect), and registers the loop on the node. The
/// methods get this node's name, host and port where their options leave
/// them out. nullopt if no method is configured; the error says why a
/// method could not start. The node must outlive the loop.
std::expected<std::optional<discovery_loop>, std::string>
start_discovery(caf::actor_system& system, troupe::node& node, const discovery_config& config,
                log_level log = log_level::info);

} // namespace troupe::discovery
