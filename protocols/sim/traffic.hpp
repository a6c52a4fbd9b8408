#pragma once

#include <cstdint>
#include <variant>
#include <vector>

#include "protocols/hyparview/events.hpp"
#include "protocols/plumtree/events.hpp"
#include "protocols/sim/config.hpp"

namespace troupe::sim {

/// A node of the simulator, by its index.
using node_id = std::uint32_t;

/// The broadcast layers each node runs side by side on one overlay.
enum class layer : std::uint8_t { plumtree, flood };
inline constexpr std::size_t layer_count = 2;

/// The flood baseline's only message: which broadcast, and its hops so far.
struct flood_message {
  std::uint32_t ordinal;
  proto::plumtree::hop_count hops;
};

/// Anything one node sends another.
using envelope = std::variant<proto::hyparview::message<node_id>, proto::plumtree::message<node_id>,
                              flood_message>;

/// Any timer a node arms.
using node_timer = std::variant<proto::hyparview::timer<node_id>, proto::plumtree::timer>;

/// What one step of a node asks of the network.
struct outbox {
  struct message {
    node_id to;
    envelope body;
  };
  struct timer {
    sim_time after;
    node_timer which;
  };
  struct delivery {
    sim::layer layer;
    std::uint32_t ordinal;
    proto::plumtree::hop_count hops;
  };
  std::vector<message> messages;
  std::vector<timer> timers;
  std::vector<delivery> deliveries;
};

} // namespace troupe::sim
