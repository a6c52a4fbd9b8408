#pragma once

#include <chrono>

#include "protocols/liveness.hpp"

namespace troupe::proto {

/// Which members a node keeps links with.
enum class link_policy {
  /// Every member with every other: Partisan's full-mesh manager.
  all,
  /// Partisan's client-server (star) manager: a node tagged "server" links
  /// with every member, any other node (a "client", or untagged) only with
  /// servers.
  client_server,
};

/// Time between two rounds of dialing the wanted nodes that have no link.
/// Partisan checks its connections at every gossip round; this does the same
/// at the same default, a guess (see gossip_interval).
inline constexpr duration default_reconnect_interval = std::chrono::seconds{1};

/// The full-mesh and client-server managers' parameters. Every node of a
/// cluster should use the same values.
struct membership_config {
  link_policy policy = link_policy::all;

  /// Time between two rounds of sending the member set to every linked
  /// member. Partisan's periodic_interval is 10 s (its test suites use 1 s);
  /// 1 s here, a guess, so that a crash or a leave missed by one gossip is
  /// repaired in about a second. A set is gossiped at once to a peer whose
  /// link comes up, whatever this says.
  duration gossip_interval = std::chrono::seconds{1};

  duration reconnect_interval = default_reconnect_interval;
};

} // namespace troupe::proto
