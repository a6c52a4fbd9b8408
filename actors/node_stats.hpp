#pragma once

#include <cstdint>

namespace troupe {

/// Counters since the node started.
struct node_stats {
  std::uint64_t messages_sent = 0;
  std::uint64_t messages_delivered = 0;
  /// Not sent: no session with the destination's node.
  std::uint64_t dropped_not_connected = 0;
  /// Not delivered: no actor under that name or id on this node.
  std::uint64_t dropped_unknown_destination = 0;
  /// Not sent or not delivered: the payload did not (de)serialize, or was too large.
  std::uint64_t dropped_undecodable = 0;
  /// Not sent: the ref named an earlier run of its node.
  std::uint64_t dropped_stale_ref = 0;
  /// Frames of troupe's services that did not decode (and were dropped).
  std::uint64_t malformed_service_frames = 0;
  /// Connections this node refused during a handshake.
  std::uint64_t handshakes_refused = 0;
  /// Frames of a service this node does not run.
  std::uint64_t service_frames_dropped = 0;
};

} // namespace troupe
