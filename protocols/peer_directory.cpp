#include "protocols/peer_directory.hpp"

#include <algorithm>

namespace troupe::proto {

namespace {

peer_directory::verdict refuse(wire::refusal reason, std::string detail) {
  return {reason, std::move(detail), {}};
}

} // namespace

peer_directory::verdict peer_directory::on_authenticated(std::uint64_t session_id, bool outbound,
                                                         const wire::node_identity& peer,
                                                         wire::connection_slot slot) {
  auto channels = outbound ? channels_ : peer.channels.size();
  auto parallelism = outbound ? parallelism_ : peer.parallelism;
  if (slot.channel >= channels || slot.lane >= parallelism)
    return refuse(wire::refusal::protocol_error, "no such channel or lane");
  if (slot.channel != 0 || slot.lane != 0)
    return admit_lane(session_id, outbound, peer, slot);
  return admit_session(session_id, outbound, peer);
}

peer_directory::verdict peer_directory::admit_lane(std::uint64_t session_id, bool outbound,
                                                   const wire::node_identity& peer,
                                                   wire::connection_slot slot) {
  auto* s = find_mutable(session_id);
  if (s == nullptr || s->outbound != outbound || s->peer.name != peer.name
      || s->peer.incarnation != peer.incarnation)
    return refuse(wire::refusal::unknown_session, "no session " + std::to_string(session_id)
                                                      + " with " + peer.name.str());
  auto index = s->index(slot);
  if (s->admitted[index])
    return refuse(wire::refusal::protocol_error, "lane already open");
  s->admitted[index] = true;
  return {};
}

peer_directory::verdict peer_directory::admit_session(std::uint64_t session_id, bool outbound,
                                                      const wire::node_identity& peer) {
  if (sessions_.contains(session_id))
    return refuse(wire::refusal::protocol_error, "session id already in use");
  verdict result;
  if (auto found = by_peer_.find(peer.name); found != by_peer_.end()) {
    const auto& existing = sessions_.at(found->second);
    if (existing.peer.incarnation != peer.incarnation)
      return refuse(wire::refusal::duplicate_name,
                    "a node named " + peer.name.str() + " (incarnation "
                        + std::to_string(existing.peer.incarnation) + ") is connected");
    if (existing.outbound == outbound)
      return refuse(wire::refusal::already_connected, "already connected to " + peer.name.str());
    // Crossed dials: the session dialed by the lower name survives, on both nodes.
    const auto& new_dialer = outbound ? self_ : peer.name;
    const auto& old_dialer = existing.outbound ? self_ : peer.name;
    if (old_dialer < new_dialer)
      return refuse(wire::refusal::crossed_dial, "the dial of " + old_dialer.str() + " wins");
    auto loser = found->second;
    result.superseded.push_back(std::move(sessions_.at(loser)));
    sessions_.erase(loser);
  }
  session s{.id = session_id,
            .peer = peer,
            .outbound = outbound,
            .channels = outbound ? channels_ : static_cast<std::uint16_t>(peer.channels.size()),
            .parallelism = outbound ? parallelism_ : peer.parallelism};
  auto lanes = std::size_t{s.channels} * s.parallelism;
  s.admitted.assign(lanes, false);
  s.established.assign(lanes, false);
  s.admitted[0] = true;
  sessions_.insert_or_assign(session_id, std::move(s));
  by_peer_.insert_or_assign(peer.name, session_id);
  return result;
}

const peer_directory::session* peer_directory::on_established(std::uint64_t session_id,
                                                              wire::connection_slot slot) {
  auto* s = find_mutable(session_id);
  if (s == nullptr || s->up)
    return nullptr;
  auto index = s->index(slot);
  if (index >= s->admitted.size() || !s->admitted[index])
    return nullptr;
  s->established[index] = true;
  if (std::ranges::find(s->established, false) != s->established.end())
    return nullptr;
  s->up = true;
  return s;
}

std::optional<peer_directory::session> peer_directory::on_closed(std::uint64_t session_id) {
  auto found = sessions_.find(session_id);
  if (found == sessions_.end())
    return std::nullopt;
  auto result = std::move(found->second);
  sessions_.erase(found);
  if (auto by_name = by_peer_.find(result.peer.name);
      by_name != by_peer_.end() && by_name->second == session_id)
    by_peer_.erase(by_name);
  return result;
}

const peer_directory::session* peer_directory::find(std::uint64_t session_id) const {
  auto found = sessions_.find(session_id);
  return found == sessions_.end() ? nullptr : &found->second;
}

const peer_directory::session* peer_directory::find(const node_name& peer) const {
  auto found = by_peer_.find(peer);
  return found == by_peer_.end() ? nullptr : find(found->second);
}

peer_directory::session* peer_directory::find_mutable(std::uint64_t session_id) {
  auto found = sessions_.find(session_id);
  return found == sessions_.end() ? nullptr : &found->second;
}

} // namespace troupe::proto
