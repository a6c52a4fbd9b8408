#pragma once

#include <functional>
#include <span>
#include <string>

#include "protocols/node_name.hpp"

namespace troupe {

/// A peer came up (its session is complete) or went down, with the reason.
struct peer_event {
  enum class kind { up, down };
  kind what;
  node_name node;
  std::string reason; ///< why it went down; empty for up
};

/// Called on the node's I/O thread: keep it short, hand work to actors.
using peer_listener = std::function<void(const peer_event&)>;

/// Receives the frames of one of troupe's services (wire::service_id) from a
/// connected peer, on the node's I/O thread; `body` lives only for the call.
using service_handler = std::function<void(const node_name& from, std::span<const char> body)>;

} // namespace troupe
