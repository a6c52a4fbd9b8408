#include "protocols/plumtree/plumtree.hpp"

#include <algorithm>
#include <iterator>
#include <string_view>
#include <type_traits>
#include <utility>

#include "protocols/peer_id.hpp"

namespace troupe::proto::plumtree {

template <class Peer>
state<Peer>::state(Peer me, config cfg, handler<Peer>& store, std::mt19937_64& rng)
  : me_(std::move(me)), config_(cfg), store_(store), rng_(rng) {}

template <class Peer>
auto state<Peer>::handle(in_event<Peer>&& event) -> outputs {
  if (!started_) {
    started_ = true;
    arm(config_.exchange_tick, exchange_due{});
  }
  std::visit(
    [this](auto& e) {
      using type = std::decay_t<decltype(e)>;
      if constexpr (std::is_same_v<type, received<Peer>>)
        on_message(e.from, e.msg);
      else if constexpr (std::is_same_v<type, timer_fired>)
        on_timer(e.which);
      else if constexpr (std::is_same_v<type, neighbor_up<Peer>>)
        on_neighbor_up(e.peer);
      else if constexpr (std::is_same_v<type, neighbor_down<Peer>>)
        on_neighbor_down(e.peer);
      else if constexpr (std::is_same_v<type, broadcast>)
        on_broadcast(std::move(e.data));
      else
        on_exchange_finished(e.peer);
    },
    event);
  return std::exchange(out_, {});
}

template <class Peer>
void state<Peer>::on_message(const Peer& from, message<Peer>& msg) {
  std::visit(
    [&](auto& m) {
      using type = std::decay_t<decltype(m)>;
      if constexpr (std::is_same_v<type, gossip<Peer>>)
        on_gossip(from, m);
      else if constexpr (std::is_same_v<type, ihave<Peer>>)
        on_ihave(from, m);
      else if constexpr (std::is_same_v<type, graft<Peer>>)
        on_graft(from, m);
      else
        on_prune(from, m);
    },
    msg);
}

template <class Peer>
void state<Peer>::on_timer(const timer& which) {
  if (std::holds_alternative<lazy_tick_due>(which))
    on_lazy_tick();
  else if (std::holds_alternative<exchange_due>(which))
    on_exchange_due();
  else
    on_graft_due(std::get<graft_due>(which).id);
}

// A new message is delivered and passed on, and its link joins the tree; a
// stale one means the link is redundant, so both ends prune it (p7).
template <class Peer>
void state<Peer>::on_gossip(const Peer& from, gossip<Peer>& msg) {
  if (!store_.merge(msg.id, msg.data)) {
    if (is_neighbor(from)) {
      make_lazy(msg.root, from);
      send_to(from, prune<Peer>{msg.root});
    }
    return;
  }
  out_.push_back(delivered<Peer>{msg.id, msg.root, msg.hops, from});
  make_eager(msg.root, from);
  if (auto found = missing_.find(msg.id); found != missing_.end()) {
    optimize(from, msg, found->second);
    missing_.erase(found); // its graft timer finds nothing to do
  }
  ++msg.hops;
  forward(msg, from);
}

// "When a node receives a IHAVE message, it simply marks the corresponding
// message as missing. It then starts a timer" (p8), once per message.
template <class Peer>
void state<Peer>::on_ihave(const Peer& from, const ihave<Peer>& msg) {
  if (!is_neighbor(from))
    return; // a link already gone cannot deliver a graft
  for (const auto& entry : msg.announcements) {
    if (store_.is_stale(entry.id))
      continue;
    auto [found, fresh] = missing_.try_emplace(entry.id, missing_message{entry.root, {}});
    found->second.announcers.push_back({from, entry.hops});
    if (fresh)
      arm(config_.graft_timeout_first, graft_due{entry.id});
  }
}

template <class Peer>
void state<Peer>::on_graft(const Peer& from, const graft<Peer>& msg) {
  make_eager(msg.root, from);
  if (!msg.id)
    return;
  if (auto data = store_.graft(*msg.id))
    send_to(from, gossip<Peer>{*msg.id, msg.root, msg.hops, std::move(*data)});
}

template <class Peer>
void state<Peer>::on_prune(const Peer& from, const prune<Peer>& msg) {
  make_lazy(msg.root, from);
}

template <class Peer>
void state<Peer>::on_lazy_tick() {
  tick_armed_ = false;
  for (auto& batch : queue_)
    send_to(batch.peer, ihave<Peer>{std::move(batch.announcements)});
  queue_.clear();
}

// The first timeout passed without the payload: graft it from the next
// announcer, and give that one the second, shorter timeout (p9) before
// asking the one after. With nobody left to ask, the message is given up;
// anti-entropy is what repairs it then.
template <class Peer>
void state<Peer>::on_graft_due(message_id id) {
  auto found = missing_.find(id);
  if (found == missing_.end())
    return;
  auto& missing = found->second;
  if (missing.announcers.empty() || store_.is_stale(id)) {
    missing_.erase(found);
    return;
  }
  auto next = missing.announcers.front();
  missing.announcers.erase(missing.announcers.begin());
  make_eager(missing.root, next.peer);
  send_to(next.peer, graft<Peer>{id, missing.root, next.hops});
  arm(config_.graft_timeout_second, graft_due{id});
}

// Partisan picks a random root, then a random peer of its tree; every
// tree spans all neighbors, so that is a random neighbor.
template <class Peer>
void state<Peer>::on_exchange_due() {
  arm(config_.exchange_tick, exchange_due{});
  if (exchanges_.size() >= config_.exchange_limit)
    return;
  std::vector<const Peer*> candidates;
  for (const auto& peer : neighbors_)
    if (!contains(exchanges_, peer))
      candidates.push_back(&peer);
  if (candidates.empty())
    return;
  std::uniform_int_distribution<std::size_t> index{0, candidates.size() - 1};
  const auto& peer = *candidates[index(rng_)];
  if (store_.exchange(peer))
    exchanges_.push_back(peer);
}

template <class Peer>
void state<Peer>::on_neighbor_up(const Peer& peer) {
  if (peer != me_ && !is_neighbor(peer))
    neighbors_.push_back(peer); // eager in every tree, as it is in no lazy set
}

// "When a neighbor is detected to leave the overlay, it is simple removed
// from the membership. Furthermore, the record of IHAVE messages sent from
// failed members is deleted from the missing history" (p9).
template <class Peer>
void state<Peer>::on_neighbor_down(const Peer& peer) {
  std::erase(neighbors_, peer);
  for (auto tree = lazy_.begin(); tree != lazy_.end();) {
    std::erase(tree->second, peer);
    tree = tree->second.empty() ? lazy_.erase(tree) : std::next(tree);
  }
  std::erase_if(queue_, [&](const lazy_batch& batch) { return batch.peer == peer; });
  for (auto& [id, missing] : missing_)
    std::erase_if(missing.announcers, [&](const announcer& a) { return a.peer == peer; });
}

template <class Peer>
void state<Peer>::on_broadcast(payload data) {
  auto [id, body] = store_.broadcast_data(std::move(data));
  forward(gossip<Peer>{id, me_, 1, std::move(body)}, me_);
}

template <class Peer>
void state<Peer>::on_exchange_finished(const Peer& peer) {
  std::erase(exchanges_, peer);
}

// Eager peers get the payload now, lazy peers an announcement at the next tick.
template <class Peer>
void state<Peer>::forward(const gossip<Peer>& msg, const Peer& skip) {
  for (const auto& peer : neighbors_) {
    if (peer == skip)
      continue;
    if (is_lazy(msg.root, peer))
      announce(peer, {msg.id, msg.root, msg.hops});
    else
      send_to(peer, msg);
  }
}

// The tree optimisation (p9): when an announcement came a path shorter by the
// threshold or more than the payload's, graft the announcer's link and prune
// the one the payload came by.
template <class Peer>
void state<Peer>::optimize(const Peer& sender, const gossip<Peer>& msg,
                           const missing_message& missing) {
  auto best = std::ranges::min_element(missing.announcers, {}, &announcer::hops);
  if (best == missing.announcers.end() || best->peer == sender || !is_neighbor(sender)
      || msg.hops < best->hops + config_.optimization_threshold)
    return;
  make_eager(msg.root, best->peer);
  send_to(best->peer, graft<Peer>{std::nullopt, msg.root, best->hops});
  make_lazy(msg.root, sender);
  send_to(sender, prune<Peer>{msg.root});
}

template <class Peer>
void state<Peer>::announce(const Peer& to, announcement<Peer> entry) {
  auto batch = std::ranges::find(queue_, to, &lazy_batch::peer);
  if (batch == queue_.end())
    batch = queue_.insert(queue_.end(), lazy_batch{to, {}});
  batch->announcements.push_back(std::move(entry));
  if (!tick_armed_) {
    tick_armed_ = true;
    arm(config_.lazy_tick, lazy_tick_due{});
  }
}

template <class Peer>
void state<Peer>::make_eager(const Peer& root, const Peer& peer) {
  auto tree = lazy_.find(root);
  if (tree == lazy_.end())
    return;
  std::erase(tree->second, peer);
  if (tree->second.empty())
    lazy_.erase(tree);
}

template <class Peer>
void state<Peer>::make_lazy(const Peer& root, const Peer& peer) {
  if (!is_neighbor(peer))
    return;
  auto& lazy = lazy_[root];
  if (!contains(lazy, peer))
    lazy.push_back(peer);
}

template <class Peer>
bool state<Peer>::is_lazy(const Peer& root, const Peer& peer) const {
  auto tree = lazy_.find(root);
  return tree != lazy_.end() && contains(tree->second, peer);
}

template <class Peer>
bool state<Peer>::is_neighbor(const Peer& peer) const {
  return contains(neighbors_, peer);
}

template <class Peer>
std::vector<Peer> state<Peer>::eager_peers(const Peer& root) const {
  std::vector<Peer> eager;
  std::ranges::copy_if(neighbors_, std::back_inserter(eager),
                       [&](const Peer& peer) { return !is_lazy(root, peer); });
  return eager;
}

template <class Peer>
std::vector<Peer> state<Peer>::lazy_peers(const Peer& root) const {
  auto tree = lazy_.find(root);
  return tree == lazy_.end() ? std::vector<Peer>{} : tree->second;
}

template <class Peer>
void state<Peer>::send_to(const Peer& to, message<Peer> msg) {
  out_.emplace_back(std::in_place_type<send<Peer>>, to, std::move(msg));
}

template <class Peer>
void state<Peer>::arm(std::chrono::milliseconds after, timer which) {
  out_.emplace_back(std::in_place_type<set_timer>, after, which);
}

template <class Peer>
std::vector<std::string> state<Peer>::check_invariants() const {
  std::vector<std::string> broken;
  auto require_neighbor = [&](const Peer& peer, std::string_view role) {
    if (!is_neighbor(peer))
      broken.push_back(peer_text(peer) + " is " + std::string{role} + " but no neighbor");
  };
  if (is_neighbor(me_))
    broken.push_back(peer_text(me_) + " is its own neighbor");
  for (auto peer = neighbors_.begin(); peer != neighbors_.end(); ++peer)
    if (std::find(std::next(peer), neighbors_.end(), *peer) != neighbors_.end())
      broken.push_back(peer_text(*peer) + " is twice a neighbor");
  for (const auto& [root, lazy] : lazy_) {
    if (lazy.empty())
      broken.push_back("an empty lazy set is kept for " + peer_text(root));
    for (const auto& peer : lazy)
      require_neighbor(peer, "lazy for " + peer_text(root));
  }
  for (const auto& batch : queue_)
    require_neighbor(batch.peer, "waiting for announcements");
  for (const auto& [id, missing] : missing_)
    for (const auto& a : missing.announcers)
      require_neighbor(a.peer, "an announcer");
  return broken;
}

template class state<std::uint32_t>;
template class state<troupe::node_name>;

} // namespace troupe::proto::plumtree
