#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <vector>

#include <caf/actor.hpp>
#include <caf/atom.hpp>
#include <caf/fwd.hpp>

#include "actors/log.hpp"
#include "discovery/connect_method.hpp"
#include "discovery/method.hpp"

namespace troupe::discovery {

/// Asks the loop for its counts: answers a std::string, loop_stats' JSON.
using status_atom = caf::atom_constant<caf::atom("status")>;

struct loop_settings {
  proto::self_identity self;
  /// Time between the end of one round and the start of the next; nullopt:
  /// one round at start and no more (no reconnection).
  std::optional<std::chrono::nanoseconds> refresh_interval = std::chrono::seconds{5};
  log_level log = log_level::info;
};

/// The discovery loop (gen_cluster's gen_cluster process): an actor that, at
/// every refresh, asks each method for peers and dials, through the connect
/// method, those that are not connected or being dialed yet. Failures are
/// logged and counted (the "status" request) and the loop goes on.
///
/// The actor runs on a thread of its own (CAF's detached actors), since
/// methods block on the network within their timeouts; dials do not block
/// it, their outcomes come back as messages. The node's I/O thread only
/// sends those messages. Stopping waits for the round under way.
class discovery_loop {
public:
  static discovery_loop start(caf::actor_system& system, loop_settings settings,
                              std::vector<std::unique_ptr<method>> methods,
                              std::unique_ptr<connect_method> connector);

  discovery_loop(discovery_loop&& other) noexcept;
  discovery_loop& operator=(discovery_loop&& other) noexcept;
  ~discovery_loop();

  const caf::actor& actor() const noexcept { return actor_; }

  /// Stops the loop and waits until it has; a stopped loop stays stopped.
  void stop();

private:
  discovery_loop(caf::actor_system& system, caf::actor actor) : system_(&system), actor_(std::move(actor)) {}

  caf::actor_system* system_;
  caf::actor actor_;
};

} // namespace troupe::discovery
