#pragma once

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "protocols/wire/byte_buffer.hpp"

namespace troupe::proto::plumtree {

/// A broadcast's identity, chosen by the handler that originates it
/// (`handler::broadcast_data`); Partisan's default handler uses a timestamp.
enum class message_id : std::uint64_t {};

using payload = wire::byte_buffer;

/// Hops a payload has travelled from its root when it arrives: 1 at the
/// root's neighbors.
using hop_count = std::uint16_t;

/// The messages Plumtree nodes exchange: plain values, so that a codec can
/// serialize them. Every one names the root whose tree it concerns: trees
/// are kept per root (the node that broadcast), as in Partisan.

/// A payload, pushed eagerly along the tree or sent in answer to a Graft.
template <class Peer>
struct gossip {
  message_id id;
  Peer root;
  hop_count hops;
  payload data;
  friend bool operator==(const gossip&, const gossip&) = default;
};

/// "I have this message", one entry of an IHave.
template <class Peer>
struct announcement {
  message_id id;
  Peer root;
  hop_count hops; ///< what a payload from the announcer would arrive with
  friend bool operator==(const announcement&, const announcement&) = default;
};

/// The announcements queued for a lazy peer during one lazy tick.
template <class Peer>
struct ihave {
  std::vector<announcement<Peer>> announcements;
  friend bool operator==(const ihave&, const ihave&) = default;
};

/// Makes the link part of the root's tree again and, with an id, asks for
/// that payload.
template <class Peer>
struct graft {
  std::optional<message_id> id;
  Peer root;
  hop_count hops; ///< of the announcement that caused it
  friend bool operator==(const graft&, const graft&) = default;
};

/// Takes the link out of the root's tree: announce to the sender, do not push.
template <class Peer>
struct prune {
  Peer root;
  friend bool operator==(const prune&, const prune&) = default;
};

template <class Peer>
using message = std::variant<gossip<Peer>, ihave<Peer>, graft<Peer>, prune<Peer>>;

} // namespace troupe::proto::plumtree
