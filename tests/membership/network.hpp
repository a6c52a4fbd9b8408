#pragma once

#include <deque>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "protocols/membership/membership.hpp"
#include "protocols/membership/static_links.hpp"
#include "tests/membership/test_spec.hpp"

namespace troupe::test {

/// A tiny network of membership cores (`proto::membership` or
/// `proto::static_links`) that acts on their out-events, one at a time in
/// the order they were asked for: sends arrive over links, dials open links
/// to the node listening at the dialed address, closes end links on both
/// sides. Every core's invariants are checked after every input it handles,
/// unless `check_each_step` is off (then `check_all` does it on demand).
template <class Core>
class network {
public:
  struct node {
    proto::member_spec spec;
    Core core;
    std::vector<proto::out_event> log; ///< what the core asked for, sends left out
  };

  bool check_each_step = true;

  template <class... Args>
  Core& start(const proto::member_spec& spec, Args&&... args) {
    nodes_.insert_or_assign(spec.name, node{spec, Core{spec, std::forward<Args>(args)...}, {}});
    check(spec.name);
    return at(spec.name);
  }

  /// The node stops without a word: its links go down at its peers.
  void crash(const node_name& name) {
    drop_links(name);
    nodes_.erase(name);
  }

  /// Cuts the node off: its links go down and dials to or from it fail.
  void isolate(const node_name& name) {
    drop_links(name);
    isolated_.insert(name);
  }

  void heal(const node_name& name) { isolated_.erase(name); }

  /// Runs `command` on the node, then everything that follows from it.
  template <class Command>
  void act(const node_name& name, Command&& command) {
    post(name, command);
    deliver();
  }

  /// Runs `command` on the node but acts on its outcome only at `deliver`,
  /// so that several nodes can act at the same time.
  template <class Command>
  void post(const node_name& name, Command&& command) {
    emit(name, command(at(name)));
  }

  /// Acts on everything asked for so far, and what follows from it.
  void deliver() {
    while (!queue_.empty()) {
      auto [from, event] = std::move(queue_.front());
      queue_.pop_front();
      std::visit([&](const auto& e) { apply(from, e); }, event);
    }
  }

  /// Advances the clock by `step` and ticks every node, in name order, each
  /// after what the previous one's tick set off has settled (so that at most
  /// one node's gossip is in flight, which bounds memory at 1,000 nodes).
  void tick(proto::duration step) {
    now_ += step;
    for (auto& [name, n] : nodes_) {
      emit(name, n.core.on_tick(now_));
      deliver();
    }
  }

  Core& at(const node_name& name) { return nodes_.at(name).core; }
  node& slot(const node_name& name) { return nodes_.at(name); }
  bool alive(const node_name& name) const { return nodes_.contains(name); }

  bool linked(const node_name& a, const node_name& b) const {
    return links_.contains(std::minmax(a, b));
  }

  std::vector<node_name> names() const {
    std::vector<node_name> result;
    for (const auto& entry : nodes_)
      result.push_back(entry.first);
    return result;
  }

  /// Links of `name` as the network has them, sorted.
  std::vector<node_name> links_of(const node_name& name) const {
    std::set<node_name> result;
    for (const auto& [a, b] : links_)
      if (a == name || b == name)
        result.insert(a == name ? b : a);
    return {result.begin(), result.end()};
  }

  void clear_logs() {
    for (auto& entry : nodes_)
      entry.second.log.clear();
  }

  void check_all() {
    for (const auto& entry : nodes_)
      check(entry.first, true);
  }

  proto::time_point now() const { return now_; }

private:
  void emit(const node_name& from, proto::outputs out) {
    check(from);
    for (auto& event : out) {
      if (!std::holds_alternative<proto::send_state>(event))
        nodes_.at(from).log.push_back(event);
      queue_.emplace_back(from, std::move(event));
    }
  }

  void apply(const node_name& from, const proto::send_state& e) {
    if constexpr (requires(Core& c, const proto::member_set& s) { c.on_state(from, s); })
      if (linked(from, e.to) && alive(e.to))
        emit(e.to, at(e.to).on_state(from, *e.state));
  }

  void apply(const node_name& from, const proto::connect& e) {
    const auto& to = e.to.name;
    if (!alive(from) || !alive(to) || linked(from, to) || isolated_.contains(from)
        || isolated_.contains(to) || slot(to).spec.listen != e.to.listen)
      return;
    links_.insert(std::minmax(from, to));
    emit(from, at(from).on_peer_up(slot(to).spec));
    emit(to, at(to).on_peer_up(slot(from).spec));
  }

  void apply(const node_name& from, const proto::disconnect& e) {
    if (!links_.erase(std::minmax(from, e.peer)))
      return;
    emit(e.peer, at(e.peer).on_peer_down(from));
    emit(from, at(from).on_peer_down(e.peer));
  }

  void apply(const node_name&, const proto::members_changed&) {}
  void apply(const node_name&, const proto::left&) {}

  void drop_links(const node_name& name) {
    for (const auto& peer : links_of(name)) {
      links_.erase(std::minmax(name, peer));
      emit(peer, at(peer).on_peer_down(name));
      emit(name, at(name).on_peer_down(peer));
    }
    deliver();
  }

  void check(const node_name& name, bool always = false) {
    if (!check_each_step && !always)
      return;
    auto broken = at(name).check_invariants();
    INFO(name.str(), ": ", broken.empty() ? std::string{} : broken.front());
    REQUIRE(broken.empty());
  }

  std::map<node_name, node> nodes_;
  std::deque<std::pair<node_name, proto::out_event>> queue_;
  std::set<std::pair<node_name, node_name>> links_;
  std::set<node_name> isolated_;
  proto::time_point now_{};
};

enum class joins { one_by_one, at_once };

/// Starts nodes 0 to count-1; each after the first joins node 0. One by one,
/// each join settles before the next; at once, every link to node 0 comes up
/// before any set has spread.
inline void start_cluster(network<proto::membership>& net, int count,
                          joins order = joins::one_by_one, proto::membership_config config = {}) {
  for (int i = 0; i < count; ++i)
    net.start(test_spec(i), config);
  for (int i = 1; i < count; ++i) {
    net.post(test_name(i), [](proto::membership& m) { return m.join(test_spec(0)).value(); });
    if (order == joins::one_by_one)
      net.deliver();
  }
  net.deliver();
}

/// Events of type T in `log`.
template <class T>
std::vector<T> events_of(const std::vector<proto::out_event>& log) {
  std::vector<T> result;
  for (const auto& event : log)
    if (auto* e = std::get_if<T>(&event))
      result.push_back(*e);
  return result;
}

} // namespace troupe::test
