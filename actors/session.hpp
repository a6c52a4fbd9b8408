#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include <caf/node_id.hpp>

#include "actors/connection.hpp"
#include "protocols/wire/messages.hpp"

namespace troupe {

/// The connections between this node and one peer: channels x parallelism
/// of them, one per (channel, lane). The node fills it in as connections are
/// admitted, and publishes it to senders once all are established; from then
/// on it does not change, so senders read it without locks.
struct session {
  std::uint64_t id = 0;
  wire::node_identity peer;
  caf::node_id runtime; ///< the peer's actor system: remote actors carry it
  bool outbound = false;
  std::vector<std::string> channels; ///< the dialer's channel names
  std::uint16_t parallelism = 1;
  std::vector<std::shared_ptr<connection>> lanes; ///< index: channel * parallelism + lane

  std::size_t index(const wire::connection_slot& slot) const {
    return std::size_t{slot.channel} * parallelism + slot.lane;
  }

  /// The channel called `name`; the default channel for "" or an unknown name.
  std::size_t channel_index(std::string_view name) const;

  /// The connection for `key` within `channel`: lane `key % parallelism`.
  connection& lane(std::size_t channel, std::uint64_t key) const;
};

} // namespace troupe
