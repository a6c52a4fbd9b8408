#pragma once

#include <cstdint>
#include <variant>
#include <vector>

namespace troupe::proto::hyparview {

/// How hard a Neighbor request asks. A node without any active peer asks
/// with high priority, which the receiver cannot refuse (paper, p7).
enum class priority : std::uint8_t { low, high };

/// The messages HyParView nodes exchange: plain values, so that a codec can
/// serialize them. `Peer` is the peer identity (an integer in the
/// simulator, a node name on the network). The sender of a message is known
/// from the connection it came on and so is never part of it.

/// Asks the receiver, the joiner's contact, to take the sender into the overlay.
struct join {
  friend bool operator==(const join&, const join&) = default;
};

/// Introduces a joiner along a random walk from its contact.
template <class Peer>
struct forward_join {
  Peer joiner;
  std::uint8_t hops_left; ///< the walk ends where this is 0
  friend bool operator==(const forward_join&, const forward_join&) = default;
};

/// Asks the receiver to take the sender into its active view.
struct neighbor {
  priority level;
  friend bool operator==(const neighbor&, const neighbor&) = default;
};

/// Answers a Join or a Neighbor request; accepted means both are now neighbors.
struct neighbor_reply {
  bool accepted;
  friend bool operator==(const neighbor_reply&, const neighbor_reply&) = default;
};

/// The sender dropped the receiver from its active view. `alive` is false
/// when the sender leaves the cluster, so the receiver does not keep it as
/// a passive peer.
struct disconnect {
  bool alive;
  friend bool operator==(const disconnect&, const disconnect&) = default;
};

/// Offers a sample of the origin's views along a random walk.
template <class Peer>
struct shuffle {
  Peer origin;
  std::vector<Peer> nodes; ///< the origin itself, ka active and kp passive peers
  std::uint8_t hops_left;
  friend bool operator==(const shuffle&, const shuffle&) = default;
};

/// Answers a Shuffle, sent straight to its origin, with as many passive peers.
template <class Peer>
struct shuffle_reply {
  std::vector<Peer> nodes;
  friend bool operator==(const shuffle_reply&, const shuffle_reply&) = default;
};

template <class Peer>
using message = std::variant<join, forward_join<Peer>, neighbor, neighbor_reply, disconnect,
                             shuffle<Peer>, shuffle_reply<Peer>>;

} // namespace troupe::proto::hyparview
