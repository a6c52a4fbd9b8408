#pragma once

#include <expected>
#include <utility>

#include "protocols/plumtree/messages.hpp"

namespace troupe::proto::plumtree {

/// Why a handler cannot serve a Graft.
enum class graft_error {
  stale,       ///< a newer state superseded the message; nothing to send
  unavailable, ///< the message is gone (Partisan's `{error, Reason}`)
};

/// Where broadcasts live: the application's datastore, with the semantics of
/// Partisan's `partisan_plumtree_broadcast_handler`. Plumtree calls it from
/// `handle`, so it must be as deterministic as the rest of the state.
template <class Peer>
class handler {
public:
  virtual ~handler() = default;

  /// `broadcast_data/1`: the id and the payload of a broadcast this node
  /// originates.
  virtual std::pair<message_id, payload> broadcast_data(payload broadcast) = 0;

  /// `merge/2`: applies a received payload to the datastore. True if it was
  /// new, so that it is delivered and passed on; false if it was stale, which
  /// prunes the link it came by.
  virtual bool merge(message_id id, const payload& data) = 0;

  /// `is_stale/1`: whether the datastore holds this message or a newer
  /// state, so that an announcement of it needs no graft.
  virtual bool is_stale(message_id id) const = 0;

  /// `graft/1`: the payload a neighbor grafts.
  virtual std::expected<payload, graft_error> graft(message_id id) const = 0;

  /// `exchange/1`: starts anti-entropy with the peer (repairing what
  /// broadcasts missed, for instance after a partition). The handler reports
  /// its end with `exchange_finished`. False if none was started.
  virtual bool exchange(const Peer& peer) = 0;
};

} // namespace troupe::proto::plumtree
