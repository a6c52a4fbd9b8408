#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "protocols/wire/messages.hpp"

namespace troupe::proto {

/// This node's sessions with its peers, and the rules that keep at most one
/// session per peer.
///
/// A session is the set of connections between two nodes, one per (channel,
/// lane), all dialed by the same side under one session id. Its first
/// connection, (0, 0), decides whether the session may exist; the others
/// join it and must match it. Both nodes apply the same rules, so they agree
/// on which session survives without a message about it:
/// - a second session from the same dialer is refused as `already_connected`;
/// - when both nodes dial each other (crossed dials), the session dialed by
///   the node with the lower name wins; the other is refused or closed;
/// - a node with a known name but another incarnation is refused as
///   `duplicate_name` while the session with the old incarnation lives.
class peer_directory {
public:
  struct session {
    std::uint64_t id = 0;
    wire::node_identity peer;
    bool outbound = false; ///< this node dialed it
    std::uint16_t channels = 1;
    std::uint16_t parallelism = 1;
    std::vector<bool> admitted;    ///< per (channel, lane): a connection was admitted
    std::vector<bool> established; ///< per (channel, lane): its handshake completed
    bool up = false;               ///< every connection is established

    std::size_t index(wire::connection_slot slot) const {
      return std::size_t{slot.channel} * parallelism + slot.lane;
    }
  };

  /// The decision on an authenticated connection.
  struct verdict {
    std::optional<wire::refusal> refusal; ///< refuse the connection; admit if empty
    std::string detail;
    std::vector<session> superseded; ///< sessions that lost to this one: close them
  };

  /// Only the name and the connection layout of `self` matter here.
  explicit peer_directory(const wire::node_identity& self)
    : self_(self.name), channels_(static_cast<std::uint16_t>(self.channels.size())),
      parallelism_(self.parallelism) {}

  /// A connection's peer proved it knows the cookie. `outbound` says whether
  /// this node dialed it.
  verdict on_authenticated(std::uint64_t session_id, bool outbound,
                           const wire::node_identity& peer, wire::connection_slot slot);

  /// The connection's handshake completed. Returns the session if this made
  /// it complete (it is up now).
  const session* on_established(std::uint64_t session_id, wire::connection_slot slot);

  /// One of the session's connections closed, so the session ends. Returns it
  /// as it was (check `up` to know whether its peer was reported up).
  std::optional<session> on_closed(std::uint64_t session_id);

  const session* find(std::uint64_t session_id) const;

  /// The session with `peer`, up or still opening lanes.
  const session* find(const node_name& peer) const;

private:
  verdict admit_lane(std::uint64_t session_id, bool outbound, const wire::node_identity& peer,
                     wire::connection_slot slot);
  verdict admit_session(std::uint64_t session_id, bool outbound, const wire::node_identity& peer);

  session* find_mutable(std::uint64_t session_id);

  node_name self_;
  std::uint16_t channels_;
  std::uint16_t parallelism_;
  std::unordered_map<std::uint64_t, session> sessions_;
  std::unordered_map<node_name, std::uint64_t> by_peer_;
};

} // namespace troupe::proto
