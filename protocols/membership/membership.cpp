#include "protocols/membership/membership.hpp"

#include <algorithm>
#include <ranges>

namespace troupe::proto {

std::string_view to_string(membership_error error) noexcept {
  switch (error) {
    case membership_error::self_join: return "a node cannot join itself";
    case membership_error::left: return "this node left the cluster; restart it to join again";
    case membership_error::not_member: return "no such member";
  }
  return "unknown membership error";
}

membership::membership(member_spec self, membership_config config)
  : self_(std::move(self)), config_(config), gossip_(config.gossip_interval),
    reconnect_(config.reconnect_interval) {
  set_.add(actor_of(self_), self_);
  member_names_ = {self_.name};
}

// The members this node keeps links with, as a view into the set.
auto membership::wanted() const {
  return set_.entries() | std::views::keys | std::views::filter([this](const member_spec& spec) {
           return spec.name != self_.name && may_link(spec);
         });
}

// -- inputs --------------------------------------------------------------------

outputs membership::on_peer_up(const member_spec& peer) {
  outputs out;
  if (peer.name == self_.name)
    return out;
  if (left_) {
    out.emplace_back(disconnect{peer.name});
    return out;
  }
  links_.up(peer.name);
  send_to(peer.name, out);
  // A member the policy keeps apart (a client dialing a client) still gets
  // the set, which may be how it joins, and then loses the link.
  if (auto* spec = member(peer.name); spec && !may_link(*spec))
    links_.close(peer.name, out);
  return out;
}

outputs membership::on_peer_down(const node_name& peer) {
  links_.down(peer);
  return {};
}

outputs membership::on_state(const node_name& from, const member_set& state) {
  outputs out;
  if (left_)
    return out;
  joining_.erase(from);
  if (set_.merge(state)) {
    snapshot_.reset();
    on_set_changed(out);
  }
  return out;
}

outputs membership::on_tick(time_point now) {
  outputs out;
  if (left_)
    return out;
  if (gossip_.due(now))
    for (const auto& peer : links_.peers())
      if (member(peer))
        send_to(peer, out);
  if (reconnect_.due(now)) {
    links_.dial_missing(wanted(), out);
    for (const auto& [name, contact] : joining_)
      if (!links_.contains(name))
        out.emplace_back(connect{contact});
  }
  return out;
}

// -- commands ------------------------------------------------------------------

std::expected<outputs, membership_error> membership::join(const member_spec& contact) {
  if (left_)
    return std::unexpected{membership_error::left};
  if (contact.name == self_.name)
    return std::unexpected{membership_error::self_join};
  outputs out;
  if (links_.contains(contact.name)) {
    send_to(contact.name, out);
    return out;
  }
  if (!member(contact.name))
    joining_.insert_or_assign(contact.name, contact);
  out.emplace_back(connect{contact});
  return out;
}

std::expected<outputs, membership_error> membership::leave() {
  if (left_)
    return std::unexpected{membership_error::left};
  outputs out;
  remove_and_tell(self_, out);
  become_left(out);
  return out;
}

std::expected<outputs, membership_error> membership::leave(const node_name& node) {
  if (node == self_.name)
    return leave();
  if (left_)
    return std::unexpected{membership_error::left};
  auto* spec = member(node);
  if (!spec)
    return std::unexpected{membership_error::not_member};
  outputs out;
  remove_and_tell(member_spec{*spec}, out); // a copy: the set's own goes away
  on_set_changed(out);
  return out;
}

// -- queries -------------------------------------------------------------------

const member_spec* membership::member(const node_name& name) const {
  if (left_)
    return nullptr;
  auto i = set_.entries().find(name);
  return i == set_.entries().end() ? nullptr : &i->first;
}

std::vector<member_spec> membership::members_for_orchestration() const {
  if (left_)
    return {};
  return set_.elements();
}

time_point membership::next_deadline() const {
  return std::min(gossip_.next(), reconnect_.next());
}

std::vector<std::string> membership::check_invariants() const {
  auto broken = set_.check_invariants();
  auto names = names_in_set();
  if (std::ranges::adjacent_find(names) != names.end())
    broken.push_back("a node has more than one spec in the set");
  if (left_ && (set_.contains(self_) || !member_names_.empty() || !linked().empty()))
    broken.push_back("a node that left still has its spec, members or links");
  if (!left_ && (!set_.contains(self_) || member_names_ != names))
    broken.push_back("the member list is not the set's, or lacks this node");
  if (links_.contains(self_.name))
    broken.push_back("a link to this node itself");
  for (const auto& peer : linked())
    if (auto* spec = member(peer); spec && !may_link(*spec))
      broken.push_back("a link the policy forbids: " + peer.str());
  for (const auto& [name, contact] : joining_)
    if (name == self_.name || member(name) || left_)
      broken.push_back("a join pending for a member: " + name.str());
  if (auto snapshot = snapshot_.lock(); snapshot && *snapshot != set_)
    broken.push_back("the snapshot for sends is not the set");
  return broken;
}

// -- helpers -------------------------------------------------------------------

// Prunes stale specs, then turns the change of the member list into events.
void membership::on_set_changed(outputs& out) {
  prune_stale();
  if (!set_.contains(self_)) {
    become_left(out);
    return;
  }
  auto names = names_in_set();
  auto change = members_changed::between(member_names_, names);
  member_names_ = std::move(names);
  if (change.empty())
    return;
  for (const auto& name : change.removed)
    links_.close(name, out);
  for (const auto& name : change.added) {
    joining_.erase(name);
    const auto& spec = *member(name);
    if (!may_link(spec))
      links_.close(name, out);
    else if (!links_.contains(name))
      out.emplace_back(connect{spec});
  }
  out.emplace_back(std::move(change));
}

// Specs sort by name, then incarnation, so a node's specs are adjacent and
// the last of them is the one to keep.
void membership::prune_stale() {
  std::vector<member_spec> stale;
  const auto& entries = set_.entries();
  for (auto i = entries.begin(); i != entries.end(); ++i)
    if (auto next = std::next(i); next != entries.end() && next->first.name == i->first.name)
      stale.push_back(i->first);
  for (const auto& spec : stale)
    set_.remove(actor_of(self_), spec);
  if (!stale.empty())
    snapshot_.reset();
}

// Every link hears of the removal before any link closes, so that a
// removed node learns that it is out.
void membership::remove_and_tell(const member_spec& spec, outputs& out) {
  set_.remove(actor_of(self_), spec);
  snapshot_.reset();
  for (const auto& peer : links_.peers())
    send_to(peer, out);
}

void membership::become_left(outputs& out) {
  left_ = true;
  links_.close_all(out);
  joining_.clear();
  out.emplace_back(members_changed{{}, std::move(member_names_)});
  member_names_.clear();
  out.emplace_back(left{});
}

void membership::send_to(const node_name& peer, outputs& out) {
  auto snapshot = snapshot_.lock();
  if (!snapshot) {
    snapshot = std::make_shared<const member_set>(set_);
    snapshot_ = snapshot;
  }
  out.emplace_back(send_state{peer, std::move(snapshot)});
}

// Only a client under the client-server policy is kept from some members:
// the other clients.
bool membership::may_link(const member_spec& peer) const {
  return config_.policy == link_policy::all || self_.tag == server_tag || peer.tag == server_tag;
}

std::vector<node_name> membership::names_in_set() const {
  std::vector<node_name> names;
  names.reserve(set_.entries().size());
  for (const auto& [spec, dots] : set_.entries())
    names.push_back(spec.name);
  return names;
}

} // namespace troupe::proto
