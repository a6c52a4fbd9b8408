#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "actors/peer.hpp"

namespace troupe {

/// Where a message goes: one actor of one run of a node, or whatever is
/// registered under a name on a node.
struct destination {
  std::shared_ptr<peer> node;
  /// For actor ids: the node's run they belong to; after a restart they are stale.
  std::optional<std::uint64_t> incarnation;
  std::uint64_t actor_id = 0;
  std::string name; ///< registered name; empty when addressing an actor id
};

} // namespace troupe
