#include "protocols/sim/node.hpp"

#include <cstring>
#include <type_traits>

namespace troupe::sim {

namespace hv = proto::hyparview;
namespace pt = proto::plumtree;

namespace {

pt::payload encode(std::uint32_t ordinal) {
  pt::payload data(sizeof ordinal);
  std::memcpy(data.data(), &ordinal, sizeof ordinal);
  return data;
}

std::uint32_t ordinal_of(pt::message_id id) { return static_cast<std::uint32_t>(id); }

} // namespace

node::node(node_id id, const network_config& config, std::mt19937_64& rng)
  : membership_(id, config.membership, rng), plumtree_(id, config.broadcast, *this, rng) {}

void node::receive(node_id from, envelope msg, outbox& out) {
  if (auto* m = std::get_if<hv::message<node_id>>(&msg))
    apply(membership_.handle(hv::received<node_id>{from, std::move(*m)}), out);
  else if (auto* m = std::get_if<pt::message<node_id>>(&msg))
    apply(plumtree_.handle(pt::received<node_id>{from, std::move(*m)}), out);
  else
    flood_.receive(std::get<flood_message>(msg), out);
}

void node::fire(node_timer which, outbox& out) {
  if (auto* t = std::get_if<hv::timer<node_id>>(&which))
    apply(membership_.handle(hv::timer_fired<node_id>{std::move(*t)}), out);
  else
    apply(plumtree_.handle(pt::timer_fired{std::get<pt::timer>(which)}), out);
}

void node::peer_failed(node_id peer, outbox& out) {
  apply(membership_.handle(hv::peer_failed<node_id>{peer}), out);
}

void node::join(node_id contact, outbox& out) {
  apply(membership_.handle(hv::join_via<node_id>{contact}), out);
}

void node::leave(outbox& out) { apply(membership_.handle(hv::leave{}), out); }

void node::broadcast(std::uint32_t ordinal, outbox& out) {
  apply(plumtree_.handle(pt::broadcast{encode(ordinal)}), out);
  flood_.broadcast(ordinal, out);
}

bool node::delivered(layer which, std::uint32_t ordinal) const {
  if (which == layer::flood)
    return flood_.delivered(ordinal);
  return merged_.contains(ordinal);
}

std::vector<std::string> node::check_invariants() const {
  auto broken = membership_.check_invariants();
  for (auto& rule : plumtree_.check_invariants())
    broken.push_back(std::move(rule));
  return broken;
}

std::pair<pt::message_id, pt::payload> node::broadcast_data(pt::payload broadcast) {
  std::uint32_t ordinal = 0;
  std::memcpy(&ordinal, broadcast.data(), sizeof ordinal);
  auto id = pt::message_id{ordinal};
  merge(id, broadcast);
  return {id, std::move(broadcast)};
}

bool node::merge(pt::message_id id, const pt::payload&) { return merged_.insert(ordinal_of(id)); }

bool node::is_stale(pt::message_id id) const { return delivered(layer::plumtree, ordinal_of(id)); }

std::expected<pt::payload, pt::graft_error> node::graft(pt::message_id id) const {
  if (!is_stale(id))
    return std::unexpected{pt::graft_error::unavailable};
  return encode(ordinal_of(id));
}

// Connections are implicit in the simulator, so closing one does nothing;
// membership changes reach both broadcast layers.
void node::apply(hv::state<node_id>::outputs events, outbox& out) {
  for (auto& event : events) {
    if (auto* e = std::get_if<hv::send<node_id>>(&event)) {
      out.messages.push_back({e->to, std::move(e->msg)});
    } else if (auto* e = std::get_if<hv::set_timer<node_id>>(&event)) {
      out.timers.push_back({e->after, std::move(e->which)});
    } else if (auto* e = std::get_if<hv::neighbor_up<node_id>>(&event)) {
      flood_.on_neighbor_up(e->peer);
      apply(plumtree_.handle(pt::neighbor_up<node_id>{e->peer}), out);
    } else if (auto* e = std::get_if<hv::neighbor_down<node_id>>(&event)) {
      flood_.on_neighbor_down(e->peer);
      apply(plumtree_.handle(pt::neighbor_down<node_id>{e->peer}), out);
    }
  }
}

void node::apply(pt::state<node_id>::outputs events, outbox& out) {
  for (auto& event : events) {
    if (auto* e = std::get_if<pt::send<node_id>>(&event))
      out.messages.push_back({e->to, std::move(e->msg)});
    else if (auto* e = std::get_if<pt::set_timer>(&event))
      out.timers.push_back({e->after, e->which});
    else if (auto* e = std::get_if<pt::delivered<node_id>>(&event))
      out.deliveries.push_back({layer::plumtree, ordinal_of(e->id), e->hops});
  }
}

} // namespace troupe::sim
