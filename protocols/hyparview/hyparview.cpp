#include "protocols/hyparview/hyparview.hpp"

#include <algorithm>
#include <iterator>
#include <string_view>
#include <type_traits>
#include <utility>

#include "protocols/peer_id.hpp"

namespace troupe::proto::hyparview {

namespace {

template <class Peer>
void report_duplicates(const std::vector<Peer>& view, std::string_view name,
                       std::vector<std::string>& broken) {
  for (auto peer = view.begin(); peer != view.end(); ++peer)
    if (std::find(std::next(peer), view.end(), *peer) != view.end())
      broken.push_back(peer_text(*peer) + " is twice in the " + std::string{name} + " view");
}

} // namespace

template <class Peer>
state<Peer>::state(Peer me, config cfg, std::mt19937_64& rng)
  : me_(std::move(me)), config_(cfg), rng_(rng) {}

template <class Peer>
auto state<Peer>::handle(in_event<Peer>&& event) -> outputs {
  if (!started_) {
    started_ = true;
    arm(config_.shuffle_interval, shuffle_due{});
    arm(config_.promotion_interval, promotion_due{});
  }
  std::visit(
    [this](auto& e) {
      using type = std::decay_t<decltype(e)>;
      if constexpr (std::is_same_v<type, received<Peer>>)
        on_message(e.from, e.msg);
      else if constexpr (std::is_same_v<type, timer_fired<Peer>>)
        on_timer(e.which);
      else if constexpr (std::is_same_v<type, peer_failed<Peer>>)
        on_peer_failed(e.peer);
      else if constexpr (std::is_same_v<type, join_via<Peer>>)
        on_join_via(e.contact);
      else
        on_leave();
    },
    event);
  return std::exchange(out_, {});
}

template <class Peer>
void state<Peer>::on_message(const Peer& from, message<Peer>& msg) {
  if (from == me_)
    return;
  std::visit(
    [&](auto& m) {
      using type = std::decay_t<decltype(m)>;
      if constexpr (std::is_same_v<type, join>)
        on_join(from);
      else if constexpr (std::is_same_v<type, forward_join<Peer>>)
        on_forward_join(from, m);
      else if constexpr (std::is_same_v<type, neighbor>)
        on_neighbor(from, m);
      else if constexpr (std::is_same_v<type, neighbor_reply>)
        on_neighbor_reply(from, m);
      else if constexpr (std::is_same_v<type, disconnect>)
        on_disconnect(from, m);
      else if constexpr (std::is_same_v<type, shuffle<Peer>>)
        on_shuffle(from, m);
      else
        on_shuffle_reply(m);
    },
    msg);
}

template <class Peer>
void state<Peer>::on_timer(const timer<Peer>& which) {
  if (std::holds_alternative<shuffle_due>(which))
    on_shuffle_due();
  else if (std::holds_alternative<promotion_due>(which))
    on_promotion_due();
  else
    on_neighbor_timeout(std::get<neighbor_timeout<Peer>>(which));
}

// "A node that receives a join request will start by adding the new node to
// its active view, even if it has to drop a random node from it" (p6), then
// sends a ForwardJoin to every other active peer.
template <class Peer>
void state<Peer>::on_join(const Peer& from) {
  add_active(from);
  send_to(from, neighbor_reply{true});
  for (const auto& peer : active_)
    if (peer != from)
      send_to(peer, forward_join<Peer>{from, config_.active_walk_length});
}

// The walk ends where its time to live runs out or where there is nowhere
// else to go; there the joiner enters the active view (p7). The paper adds it
// outright; a request it cannot refuse does the same, and also keeps an
// unreachable joiner out.
template <class Peer>
void state<Peer>::on_forward_join(const Peer& from, const forward_join<Peer>& msg) {
  const auto& joiner = msg.joiner;
  if (joiner == me_)
    return;
  std::optional<Peer> next;
  if (msg.hops_left > 0 && active_.size() > 1)
    next = pick(active_, {from, joiner});
  if (!next) {
    if (!contains(active_, joiner) && !is_pending(joiner))
      send_request(joiner, priority::high, neighbor{priority::high});
    return;
  }
  if (msg.hops_left == config_.passive_walk_length)
    add_passive(joiner, {});
  send_to(*next, forward_join<Peer>{joiner, static_cast<std::uint8_t>(msg.hops_left - 1)});
}

// High priority is never refused (p7). A request from a peer this node has
// itself asked is accepted too: the two requests crossed, and the slot was
// reserved for that peer already.
template <class Peer>
void state<Peer>::on_neighbor(const Peer& from, const neighbor& msg) {
  bool accept = msg.level == priority::high || active_.size() < config_.active_capacity
                || contains(active_, from) || is_pending(from);
  if (accept)
    add_active(from);
  send_to(from, neighbor_reply{accept});
}

template <class Peer>
void state<Peer>::on_neighbor_reply(const Peer& from, const neighbor_reply& msg) {
  auto request = std::ranges::find(pending_, from, &pending_request::peer);
  if (request == pending_.end()) {
    // This node gave the request up (it timed out), but the peer took it in:
    // undo that on the peer's side, or the views stop being symmetric.
    if (msg.accepted && !contains(active_, from)) {
      send_to(from, disconnect{true});
      out_.push_back(close_connection<Peer>{from});
    }
    return;
  }
  pending_.erase(request);
  if (msg.accepted)
    add_active(from);
  // A refused request leaves its slot to the promotion timer: asking again
  // at once would go back and forth with full nodes. A node without
  // neighbors has a request out that cannot be refused.
}

// "p moves q to its passive view" (p7) unless q is leaving, and looks for a
// replacement, not q itself: q just made room for someone else.
template <class Peer>
void state<Peer>::on_disconnect(const Peer& from, const disconnect& msg) {
  if (!contains(active_, from)) {
    if (!msg.alive)
      std::erase(passive_, from);
    return;
  }
  remove_active(from);
  if (msg.alive)
    add_passive(from, {});
  refill_active({from});
}

// "A node q that receives a Shuffle request will first decrease its time to
// live. If the time to live of the message is greater than zero and the
// number of nodes in q's active view is greater than 1, the node will select
// a random node from its active view, different from the one he received
// this shuffle message from, and simply forwards the Shuffle request.
// Otherwise, node q accepts the Shuffle request" (p8), answering with as many
// passive peers, which are the first it drops to make room for the offer.
template <class Peer>
void state<Peer>::on_shuffle(const Peer& from, shuffle<Peer>& msg) {
  if (msg.origin == me_)
    return;
  auto hops_left = msg.hops_left > 0 ? msg.hops_left - 1 : 0;
  if (hops_left > 0 && active_.size() > 1) {
    if (auto next = pick(active_, {from, msg.origin})) {
      msg.hops_left = static_cast<std::uint8_t>(hops_left);
      send_to(*next, std::move(msg));
      return;
    }
  }
  auto answer = sample(passive_, msg.nodes.size(), msg.origin);
  send_to(msg.origin, shuffle_reply<Peer>{answer});
  merge_passive(msg.nodes, answer);
}

template <class Peer>
void state<Peer>::on_shuffle_reply(const shuffle_reply<Peer>& msg) {
  merge_passive(msg.nodes, last_shuffle_);
}

template <class Peer>
void state<Peer>::on_shuffle_due() {
  arm(config_.shuffle_interval, shuffle_due{});
  auto target = pick(active_, {});
  if (!target)
    return;
  std::vector<Peer> nodes{me_};
  std::ranges::copy(sample(active_, config_.shuffle_active_count, *target),
                    std::back_inserter(nodes));
  std::ranges::copy(sample(passive_, config_.shuffle_passive_count, *target),
                    std::back_inserter(nodes));
  last_shuffle_ = nodes;
  send_to(*target, shuffle<Peer>{me_, std::move(nodes), config_.shuffle_walk_length});
}

template <class Peer>
void state<Peer>::on_promotion_due() {
  arm(config_.promotion_interval, promotion_due{});
  refill_active();
}

// An unanswered request counts as a failed connection attempt: "node q is
// considered failed and removed from p's passive view" (p7).
template <class Peer>
void state<Peer>::on_neighbor_timeout(const neighbor_timeout<Peer>& t) {
  auto request = std::ranges::find_if(
    pending_, [&](const pending_request& r) { return r.peer == t.peer && r.id == t.request; });
  if (request == pending_.end())
    return; // answered, or the timer of an earlier request
  pending_.erase(request);
  std::erase(passive_, t.peer);
  refill_active();
}

template <class Peer>
void state<Peer>::on_peer_failed(const Peer& peer) {
  bool was_active = contains(active_, peer);
  if (was_active)
    remove_active(peer);
  bool was_pending = std::erase_if(pending_,
                                   [&](const pending_request& r) { return r.peer == peer; })
                     > 0;
  std::erase(passive_, peer);
  if (was_active || was_pending)
    refill_active();
}

template <class Peer>
void state<Peer>::on_join_via(const Peer& contact) {
  if (contact != me_)
    send_request(contact, priority::high, join{});
}

template <class Peer>
void state<Peer>::on_leave() {
  for (const auto& peer : active_) {
    send_to(peer, disconnect{false});
    out_.push_back(close_connection<Peer>{peer});
    out_.push_back(neighbor_down<Peer>{peer});
  }
  active_.clear();
  passive_.clear();
  pending_.clear();
}

template <class Peer>
void state<Peer>::add_active(const Peer& peer) {
  if (peer == me_ || contains(active_, peer))
    return;
  std::erase(passive_, peer);
  if (active_.size() >= config_.active_capacity)
    evict_random_active();
  active_.push_back(peer);
  out_.push_back(neighbor_up<Peer>{peer});
}

template <class Peer>
void state<Peer>::evict_random_active() {
  auto victim = *pick(active_, {});
  send_to(victim, disconnect{true});
  remove_active(victim);
  add_passive(victim, {});
}

template <class Peer>
void state<Peer>::remove_active(const Peer& peer) {
  std::erase(active_, peer);
  out_.push_back(neighbor_down<Peer>{peer});
  out_.push_back(close_connection<Peer>{peer});
}

// When the passive view is full, the peers in `evict_first` go first (those
// this node just offered in a shuffle exchange, so they live on at the other
// side), then random ones (p8).
template <class Peer>
void state<Peer>::add_passive(const Peer& peer, const std::vector<Peer>& evict_first) {
  if (config_.passive_capacity == 0 || peer == me_ || contains(active_, peer)
      || contains(passive_, peer))
    return;
  if (passive_.size() >= config_.passive_capacity) {
    auto victim = std::ranges::find_if(passive_,
                                       [&](const Peer& p) { return contains(evict_first, p); });
    if (victim == passive_.end())
      victim = passive_.begin()
               + static_cast<std::ptrdiff_t>(
                 std::uniform_int_distribution<std::size_t>{0, passive_.size() - 1}(rng_));
    passive_.erase(victim);
  }
  passive_.push_back(peer);
}

template <class Peer>
void state<Peer>::merge_passive(const std::vector<Peer>& nodes,
                                const std::vector<Peer>& evict_first) {
  for (const auto& peer : nodes)
    add_passive(peer, evict_first);
}

template <class Peer>
void state<Peer>::send_request(const Peer& peer, priority level, message<Peer> request) {
  auto id = next_request_++;
  pending_.push_back({peer, id, level});
  send_to(peer, std::move(request));
  arm(config_.neighbor_timeout, neighbor_timeout<Peer>{peer, id});
}

// "When a node p suspects that one of the nodes present in its active view
// has failed, it selects a random node q from its passive view and attempts
// to establish a TCP connection with q" (p7). This asks one passive peer per
// free slot at once; a node without neighbors keeps one request with high
// priority out, which cannot be refused (p7), so that it is never left with
// only requests that full nodes refuse.
template <class Peer>
void state<Peer>::refill_active(const std::vector<Peer>& except) {
  auto skip = except;
  for (const auto& request : pending_)
    skip.push_back(request.peer);
  while (active_.size() + pending_.size() < config_.active_capacity) {
    auto next = pick(passive_, skip);
    if (!next)
      return;
    auto level = active_.empty() && !is_high_pending() ? priority::high : priority::low;
    send_request(*next, level, neighbor{level});
    skip.push_back(*next);
  }
}

template <class Peer>
bool state<Peer>::is_pending(const Peer& peer) const {
  return std::ranges::find(pending_, peer, &pending_request::peer) != pending_.end();
}

template <class Peer>
bool state<Peer>::is_high_pending() const {
  return std::ranges::find(pending_, priority::high, &pending_request::level) != pending_.end();
}

template <class Peer>
std::optional<Peer> state<Peer>::pick(const std::vector<Peer>& from,
                                      const std::vector<Peer>& except) {
  std::vector<const Peer*> candidates;
  for (const auto& peer : from)
    if (!contains(except, peer))
      candidates.push_back(&peer);
  if (candidates.empty())
    return std::nullopt;
  std::uniform_int_distribution<std::size_t> index{0, candidates.size() - 1};
  return *candidates[index(rng_)];
}

template <class Peer>
std::vector<Peer> state<Peer>::sample(const std::vector<Peer>& from, std::size_t count,
                                      const Peer& except) {
  std::vector<Peer> pool;
  std::ranges::copy_if(from, std::back_inserter(pool), [&](const Peer& p) { return p != except; });
  std::vector<Peer> chosen;
  std::ranges::sample(pool, std::back_inserter(chosen), static_cast<std::ptrdiff_t>(count), rng_);
  return chosen;
}

template <class Peer>
void state<Peer>::send_to(const Peer& to, message<Peer> msg) {
  out_.emplace_back(std::in_place_type<send<Peer>>, to, std::move(msg));
}

template <class Peer>
void state<Peer>::arm(std::chrono::milliseconds after, timer<Peer> which) {
  out_.emplace_back(std::in_place_type<set_timer<Peer>>, after, std::move(which));
}

template <class Peer>
std::vector<std::string> state<Peer>::check_invariants() const {
  std::vector<std::string> broken;
  if (active_.size() > config_.active_capacity)
    broken.push_back("active view of " + std::to_string(active_.size()) + " peers");
  if (passive_.size() > config_.passive_capacity)
    broken.push_back("passive view of " + std::to_string(passive_.size()) + " peers");
  if (contains(active_, me_) || contains(passive_, me_))
    broken.push_back(peer_text(me_) + " is in its own view");
  for (const auto& peer : active_)
    if (contains(passive_, peer))
      broken.push_back(peer_text(peer) + " is in both views");
  report_duplicates(active_, "active", broken);
  report_duplicates(passive_, "passive", broken);
  return broken;
}

template class state<std::uint32_t>;
template class state<troupe::node_name>;

} // namespace troupe::proto::hyparview
