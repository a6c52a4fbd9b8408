#pragma once

#include <expected>
#include <memory>
#include <string>
#include <string_view>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "actors/node_config.hpp"

namespace troupe::bench {

/// How the two processes of a scenario reach each other's actors: through
/// a troupe node, or through CAF 0.17's own middleman (BASP). Everything
/// else about a scenario is the same for both.
class transport {
public:
  virtual ~transport() = default;

  /// The stack's name in RESULT lines: "troupe" or "caf".
  virtual std::string_view stack() const = 0;

  /// Server side: makes `server` reachable and says how to reach it.
  virtual std::expected<std::string, std::string> serve(const caf::actor& server) = 0;

  /// Client side: a handle for the server at `address`.
  virtual std::expected<caf::actor, std::string> reach(const std::string& address) = 0;
};

/// A troupe node started with `settings`.
std::unique_ptr<transport> make_troupe_transport(caf::actor_system& system, node_config settings);

/// CAF's middleman: publish and remote_actor on 127.0.0.1.
std::unique_ptr<transport> make_basp_transport(caf::actor_system& system);

} // namespace troupe::bench
