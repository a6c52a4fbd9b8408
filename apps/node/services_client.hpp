#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <string>

#include <caf/fwd.hpp>

#include "actors/node.hpp"

namespace troupe::daemon {

/// Blocking calls to the services of a troupe-node (services.hpp), made by
/// another node `via`; errors are in words, for people and test output.
class services_client {
public:
  services_client(caf::actor_system& system, troupe::node& via,
                  std::chrono::milliseconds timeout = std::chrono::seconds{10});

  /// The node's view of the cluster, as JSON (status_json).
  std::expected<std::string, std::string> status(const node_name& target);

  struct relayed {
    std::string answer;
    std::int64_t round_trip_us = 0;
  };

  /// Makes `from` send `text` to `name` on `to` and report the answer.
  std::expected<relayed, std::string> relay(const node_name& from, const node_name& to,
                                            const std::string& name, const std::string& text);

  /// Asks `target`'s echo service directly.
  std::expected<std::string, std::string> echo(const node_name& target, const std::string& text);

private:
  caf::actor_system& system_;
  troupe::node& via_;
  std::chrono::milliseconds timeout_;
};

} // namespace troupe::daemon
