#pragma once

#include <chrono>
#include <cstdint>
#include <variant>

#include "protocols/hyparview/messages.hpp"

namespace troupe::proto::hyparview {

/// Timers HyParView asks its driver to arm; each comes back once as `timer_fired`.
struct shuffle_due {
  friend bool operator==(const shuffle_due&, const shuffle_due&) = default;
};
struct promotion_due {
  friend bool operator==(const promotion_due&, const promotion_due&) = default;
};
/// The deadline of one Neighbor request (or Join); `request` tells it from
/// an earlier request to the same peer.
template <class Peer>
struct neighbor_timeout {
  Peer peer;
  std::uint64_t request;
  friend bool operator==(const neighbor_timeout&, const neighbor_timeout&) = default;
};
template <class Peer>
using timer = std::variant<shuffle_due, promotion_due, neighbor_timeout<Peer>>;

// What drives the state machine.

/// A message from a peer.
template <class Peer>
struct received {
  Peer from;
  message<Peer> msg;
};
template <class Peer>
struct timer_fired {
  timer<Peer> which;
};
/// The transport could not reach the peer, or lost it without a Disconnect.
template <class Peer>
struct peer_failed {
  Peer peer;
};
/// Command: join the overlay through `contact`.
template <class Peer>
struct join_via {
  Peer contact;
};
/// Command: leave the overlay, telling the neighbors.
struct leave {};

template <class Peer>
using in_event
  = std::variant<received<Peer>, timer_fired<Peer>, peer_failed<Peer>, join_via<Peer>, leave>;

// What the state machine asks of its driver.

template <class Peer>
struct send {
  Peer to;
  message<Peer> msg;
  friend bool operator==(const send&, const send&) = default;
};
template <class Peer>
struct set_timer {
  std::chrono::milliseconds after{};
  timer<Peer> which;
  friend bool operator==(const set_timer&, const set_timer&) = default;
};
/// Membership no longer needs a connection to the peer.
template <class Peer>
struct close_connection {
  Peer peer;
  friend bool operator==(const close_connection&, const close_connection&) = default;
};
/// For the application: the peer joined the active view.
template <class Peer>
struct neighbor_up {
  Peer peer;
  friend bool operator==(const neighbor_up&, const neighbor_up&) = default;
};
/// For the application: the peer left the active view.
template <class Peer>
struct neighbor_down {
  Peer peer;
  friend bool operator==(const neighbor_down&, const neighbor_down&) = default;
};

template <class Peer>
using out_event = std::variant<send<Peer>, set_timer<Peer>, close_connection<Peer>,
                               neighbor_up<Peer>, neighbor_down<Peer>>;

} // namespace troupe::proto::hyparview
