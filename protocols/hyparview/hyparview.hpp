#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "protocols/hyparview/config.hpp"
#include "protocols/hyparview/events.hpp"
#include "protocols/node_name.hpp"

namespace troupe::proto::hyparview {

/// One node's HyParView membership, as a deterministic state machine: each
/// `handle` takes one input and returns what the driver must do (send,
/// arm timers, report neighbors). No I/O, no clock; randomness comes from
/// the engine passed in, so a seeded engine replays a run exactly.
///
/// The active view is symmetric: a peer enters it when a Join or Neighbor
/// request is accepted, on both sides (the requester on the accepting
/// reply), and leaves it with a Disconnect to the other side or a failure.
/// The first event of any kind arms the periodic shuffle and promotion.
///
/// Instantiated for the simulator's integer ids and for `troupe::node_name`.
template <class Peer>
class state {
public:
  using outputs = std::vector<out_event<Peer>>;

  /// `rng` must outlive the state; several states may share one.
  state(Peer me, config cfg, std::mt19937_64& rng);

  outputs handle(in_event<Peer>&& event);

  const Peer& me() const noexcept { return me_; }
  const std::vector<Peer>& active_view() const noexcept { return active_; }
  const std::vector<Peer>& passive_view() const noexcept { return passive_; }

  /// Broken rules, in words; empty when the state is sound. Holds after
  /// every `handle`: bounded views, never this node, no peer in both views.
  std::vector<std::string> check_invariants() const;

private:
  struct pending_request {
    Peer peer;
    std::uint64_t id;
    priority level;
  };

  void on_message(const Peer& from, message<Peer>& msg);
  void on_timer(const timer<Peer>& which);
  void on_join(const Peer& from);
  void on_forward_join(const Peer& from, const forward_join<Peer>& msg);
  void on_neighbor(const Peer& from, const neighbor& msg);
  void on_neighbor_reply(const Peer& from, const neighbor_reply& msg);
  void on_disconnect(const Peer& from, const disconnect& msg);
  void on_shuffle(const Peer& from, shuffle<Peer>& msg);
  void on_shuffle_reply(const shuffle_reply<Peer>& msg);
  void on_shuffle_due();
  void on_promotion_due();
  void on_neighbor_timeout(const neighbor_timeout<Peer>& t);
  void on_peer_failed(const Peer& peer);
  void on_join_via(const Peer& contact);
  void on_leave();

  void add_active(const Peer& peer);
  void evict_random_active();
  void remove_active(const Peer& peer);
  void add_passive(const Peer& peer, const std::vector<Peer>& evict_first);
  void merge_passive(const std::vector<Peer>& nodes, const std::vector<Peer>& evict_first);
  void send_request(const Peer& peer, priority level, message<Peer> request);
  void refill_active(const std::vector<Peer>& except = {});
  bool is_pending(const Peer& peer) const;
  bool is_high_pending() const;
  std::optional<Peer> pick(const std::vector<Peer>& from, const std::vector<Peer>& except);
  std::vector<Peer> sample(const std::vector<Peer>& from, std::size_t count, const Peer& except);
  void send_to(const Peer& to, message<Peer> msg);
  void arm(std::chrono::milliseconds after, timer<Peer> which);

  Peer me_;
  config config_;
  std::mt19937_64& rng_;
  std::vector<Peer> active_;
  std::vector<Peer> passive_;
  std::vector<pending_request> pending_; ///< requests sent and not answered yet
  std::vector<Peer> last_shuffle_;       ///< what this node offered in its last shuffle
  std::uint64_t next_request_ = 0;
  bool started_ = false;
  outputs out_;
};

extern template class state<std::uint32_t>;
extern template class state<troupe::node_name>;

} // namespace troupe::proto::hyparview
