#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "protocols/node_name.hpp"
#include "protocols/plumtree/config.hpp"
#include "protocols/plumtree/events.hpp"
#include "protocols/plumtree/handler.hpp"

namespace troupe::proto::plumtree {

/// One node's Plumtree broadcast, as a deterministic state machine on top of
/// a membership layer that reports neighbors up and down (HyParView).
///
/// Each root (node that broadcasts) has its own tree: every neighbor is an
/// eager peer of it, which gets payloads pushed, until a duplicate from it
/// prunes it to a lazy peer, which only gets announcements (IHave, batched
/// per lazy tick). A node that hears of a message but does not get it in
/// time grafts it from an announcer, which puts that link back in the tree.
/// The payloads themselves live in the `handler`, which decides what is new.
/// The first event of any kind arms the periodic anti-entropy trigger.
///
/// Instantiated for the simulator's integer ids and for `troupe::node_name`.
template <class Peer>
class state {
public:
  using outputs = std::vector<out_event<Peer>>;

  /// `store` and `rng` must outlive the state; several states may share one `rng`.
  state(Peer me, config cfg, handler<Peer>& store, std::mt19937_64& rng);

  outputs handle(in_event<Peer>&& event);

  const std::vector<Peer>& neighbors() const noexcept { return neighbors_; }

  /// The tree of `root` seen from here (Partisan's debug_get_peers).
  std::vector<Peer> eager_peers(const Peer& root) const;
  std::vector<Peer> lazy_peers(const Peer& root) const;

  /// Peers with an anti-entropy exchange running.
  const std::vector<Peer>& exchanges() const noexcept { return exchanges_; }

  /// Broken rules, in words; empty when the state is sound. Holds after
  /// every `handle`: every tree's lazy peers are neighbors (the others are
  /// its eager peers), announcements wait only for neighbors, never this node.
  std::vector<std::string> check_invariants() const;

private:
  struct announcer {
    Peer peer;
    hop_count hops;
  };
  /// A message announced but not received: who to graft it from, in turn.
  struct missing_message {
    Peer root;
    std::vector<announcer> announcers;
  };
  struct lazy_batch {
    Peer peer;
    std::vector<announcement<Peer>> announcements;
  };

  void on_message(const Peer& from, message<Peer>& msg);
  void on_timer(const timer& which);
  void on_gossip(const Peer& from, gossip<Peer>& msg);
  void on_ihave(const Peer& from, const ihave<Peer>& msg);
  void on_graft(const Peer& from, const graft<Peer>& msg);
  void on_prune(const Peer& from, const prune<Peer>& msg);
  void on_lazy_tick();
  void on_graft_due(message_id id);
  void on_exchange_due();
  void on_neighbor_up(const Peer& peer);
  void on_neighbor_down(const Peer& peer);
  void on_broadcast(payload data);
  void on_exchange_finished(const Peer& peer);

  void forward(const gossip<Peer>& msg, const Peer& skip);
  void optimize(const Peer& sender, const gossip<Peer>& msg, const missing_message& missing);
  void announce(const Peer& to, announcement<Peer> entry);
  void make_eager(const Peer& root, const Peer& peer);
  void make_lazy(const Peer& root, const Peer& peer);
  bool is_lazy(const Peer& root, const Peer& peer) const;
  bool is_neighbor(const Peer& peer) const;
  void send_to(const Peer& to, message<Peer> msg);
  void arm(std::chrono::milliseconds after, timer which);

  Peer me_;
  config config_;
  handler<Peer>& store_;
  std::mt19937_64& rng_;
  std::vector<Peer> neighbors_;
  /// Per root, the neighbors pruned from its tree; roots without an entry
  /// have every neighbor eager, so trees cost nothing until a prune.
  std::unordered_map<Peer, std::vector<Peer>> lazy_;
  std::vector<lazy_batch> queue_; ///< announcements for the next lazy tick
  std::unordered_map<message_id, missing_message> missing_;
  std::vector<Peer> exchanges_;
  bool started_ = false;
  bool tick_armed_ = false;
  outputs out_;
};

extern template class state<std::uint32_t>;
extern template class state<troupe::node_name>;

} // namespace troupe::proto::plumtree
