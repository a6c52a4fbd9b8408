#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace troupe {

/// How a message travels to its peer.
struct send_options {
  /// Channel name; empty for the default (first) channel. A name the session
  /// does not know also falls back to the default channel.
  std::string channel;

  /// Picks the lane (connection) within the channel: messages with one key
  /// keep their order. Default: the sending actor's id, so that each sender's
  /// messages stay in order; 0 when there is no sender.
  std::optional<std::uint64_t> partition_key;
};

} // namespace troupe
