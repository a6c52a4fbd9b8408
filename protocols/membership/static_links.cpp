#include "protocols/membership/static_links.hpp"

#include <algorithm>
#include <map>

namespace troupe::proto {

static_links::static_links(member_spec self, duration reconnect_interval)
  : self_(std::move(self)), member_names_{self_.name}, reconnect_(reconnect_interval) {}

outputs static_links::update_members(std::vector<member_spec> nodes) {
  std::map<node_name, member_spec> by_name;
  for (auto& spec : nodes)
    if (spec.name != self_.name)
      by_name.insert_or_assign(spec.name, std::move(spec));
  others_.clear();
  std::vector<node_name> names{self_.name};
  for (auto& [name, spec] : by_name) {
    names.push_back(name);
    others_.push_back(std::move(spec));
  }
  std::ranges::sort(names);
  auto change = members_changed::between(member_names_, names);
  member_names_ = std::move(names);
  outputs out;
  if (change.empty())
    return out;
  for (const auto& name : change.removed)
    links_.close(name, out);
  for (const auto& name : change.added)
    if (!links_.contains(name))
      out.emplace_back(connect{*member(name)});
  out.emplace_back(std::move(change));
  return out;
}

outputs static_links::on_peer_up(const member_spec& peer) {
  outputs out;
  if (peer.name == self_.name)
    return out;
  if (member(peer.name))
    links_.up(peer.name);
  else
    out.emplace_back(disconnect{peer.name});
  return out;
}

outputs static_links::on_peer_down(const node_name& peer) {
  links_.down(peer);
  return {};
}

outputs static_links::on_tick(time_point now) {
  outputs out;
  if (reconnect_.due(now))
    links_.dial_missing(others_, out);
  return out;
}

const member_spec* static_links::member(const node_name& name) const {
  if (name == self_.name)
    return &self_;
  auto i = std::ranges::lower_bound(others_, name, {}, &member_spec::name);
  return i != others_.end() && i->name == name ? &*i : nullptr;
}

std::vector<member_spec> static_links::members_for_orchestration() const {
  auto result = others_;
  result.insert(std::ranges::lower_bound(result, self_.name, {}, &member_spec::name), self_);
  return result;
}

std::vector<std::string> static_links::check_invariants() const {
  std::vector<std::string> broken;
  auto by_name = [](const member_spec& a, const member_spec& b) { return a.name >= b.name; };
  if (std::ranges::adjacent_find(others_, by_name) != others_.end())
    broken.push_back("the list is not sorted by name, or names a node twice");
  if (std::ranges::any_of(others_, [&](auto& spec) { return spec.name == self_.name; }))
    broken.push_back("the list holds this node");
  std::vector<node_name> names;
  for (const auto& spec : members_for_orchestration())
    names.push_back(spec.name);
  if (names != member_names_)
    broken.push_back("the member names are not the list and this node");
  for (const auto& peer : linked())
    if (peer == self_.name || !member(peer))
      broken.push_back("a link to a node not on the list: " + peer.str());
  return broken;
}

} // namespace troupe::proto
