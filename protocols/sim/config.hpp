#pragma once

#include <chrono>
#include <cstdint>

#include "protocols/hyparview/config.hpp"
#include "protocols/plumtree/config.hpp"

namespace troupe::sim {

/// Simulated time since the start of a run.
using sim_time = std::chrono::microseconds;

/// The simulated network and the protocol parameters of its nodes.
struct network_config {
  /// Seeds every random choice of a run: nodes, links, losses, crashes.
  std::uint64_t seed = 1;

  /// One-way latency of a link, drawn once per pair of nodes, uniform in
  /// [min, max]. Wild guess: a mix of LAN and WAN links.
  sim_time latency_min{5'000};
  sim_time latency_max{50'000};

  /// Chance that a message is lost on the way, silently. 0 models TCP.
  double loss = 0.0;

  /// Time after which a node learns that a link to a crashed or
  /// partitioned-off peer is dead, as a heartbeat timeout would tell it
  /// (proto::liveness_config's idle timeout: 5 s). Sending to a crashed
  /// node fails sooner, after a round trip, as a refused connection does.
  sim_time failure_detection{5'000'000};

  proto::hyparview::config membership;
  proto::plumtree::config broadcast;

  /// Runs every node's `check_invariants` after each of its steps, so that a
  /// broken rule shows at the step that broke it (tests).
  bool check_each_step = false;
};

} // namespace troupe::sim
