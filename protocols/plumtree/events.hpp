#pragma once

#include <chrono>
#include <variant>

#include "protocols/plumtree/messages.hpp"

namespace troupe::proto::plumtree {

/// Timers Plumtree asks its driver to arm; each comes back once as `timer_fired`.
struct lazy_tick_due {
  friend bool operator==(const lazy_tick_due&, const lazy_tick_due&) = default;
};
struct exchange_due {
  friend bool operator==(const exchange_due&, const exchange_due&) = default;
};
/// An announced message is still missing: graft it from the next announcer.
struct graft_due {
  message_id id;
  friend bool operator==(const graft_due&, const graft_due&) = default;
};
using timer = std::variant<lazy_tick_due, exchange_due, graft_due>;

// What drives the state machine.

template <class Peer>
struct received {
  Peer from;
  message<Peer> msg;
};
struct timer_fired {
  timer which;
};
/// From the membership layer (HyParView's NeighborUp).
template <class Peer>
struct neighbor_up {
  Peer peer;
};
/// From the membership layer (HyParView's NeighborDown).
template <class Peer>
struct neighbor_down {
  Peer peer;
};
/// Command: broadcast to every node; the handler gives it its id.
struct broadcast {
  payload data;
};
/// The anti-entropy exchange the handler started with the peer is over.
template <class Peer>
struct exchange_finished {
  Peer peer;
};

template <class Peer>
using in_event = std::variant<received<Peer>, timer_fired, neighbor_up<Peer>, neighbor_down<Peer>,
                              broadcast, exchange_finished<Peer>>;

// What the state machine asks of its driver.

template <class Peer>
struct send {
  Peer to;
  message<Peer> msg;
  friend bool operator==(const send&, const send&) = default;
};
struct set_timer {
  std::chrono::milliseconds after{};
  timer which;
  friend bool operator==(const set_timer&, const set_timer&) = default;
};
/// For the application: a broadcast arrived and the handler merged it as new.
template <class Peer>
struct delivered {
  message_id id;
  Peer root;
  hop_count hops;
  Peer from;
  friend bool operator==(const delivered&, const delivered&) = default;
};

template <class Peer>
using out_event = std::variant<send<Peer>, set_timer, delivered<Peer>>;

} // namespace troupe::proto::plumtree
