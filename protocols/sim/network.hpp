#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "protocols/sim/config.hpp"
#include "protocols/sim/event_queue.hpp"
#include "protocols/sim/links.hpp"
#include "protocols/sim/node.hpp"
#include "protocols/sim/traffic.hpp"

namespace troupe::sim {

/// What one broadcast cost and reached, per layer.
struct broadcast_record {
  struct layer_record {
    std::uint64_t payloads_sent = 0; ///< payload messages, duplicates and grafted ones included
    std::uint32_t deliveries = 0;    ///< nodes that delivered it, the origin not counted
    proto::plumtree::hop_count last_hop = 0; ///< LDH: hops to the farthest delivery
  };
  node_id origin;
  sim_time sent_at;
  std::array<layer_record, layer_count> layers{};
};

/// Rates of nodes joining (through a random node that is up) and leaving
/// (gracefully, telling their neighbors), per second of simulated time.
struct churn {
  double joins_per_second = 0;
  double leaves_per_second = 0;
};

/// A discrete-event network of simulated nodes in one process. Every
/// random choice comes from one engine seeded by the config, and events due
/// at the same time run in the order they were scheduled, so the same seed
/// and the same calls give the same run.
///
/// Messages take their link's latency and arrive in order. A message to a
/// node that is down fails: its sender is told after the way back. A crash
/// also loses what the crashed node still had on the way, and the nodes
/// holding it as a neighbor learn of it after `failure_detection` unless
/// they sent to it before. Partitions drop messages between their sides;
/// links across them are reported dead after `failure_detection`, unless
/// the partition healed by then.
class network {
public:
  explicit network(network_config config);
  /// Nodes hold the engine inside, so a network stays where it was made.
  network(const network&) = delete;
  network& operator=(const network&) = delete;
  ~network();

  /// A new node, up but not in the overlay yet.
  node_id add_node();
  void join(node_id joiner, node_id contact);
  void leave(node_id n);

  /// Crashes the nodes at once.
  void crash(const std::vector<node_id>& nodes);
  /// Crashes a random `fraction` of the nodes that are up, except `spare`;
  /// returns them.
  std::vector<node_id> crash_fraction(double fraction, const std::vector<node_id>& spare = {});

  void partition(const std::vector<std::vector<node_id>>& groups);
  void heal();

  /// Changes the share of messages lost from now on.
  void set_loss(double loss) { links_.set_loss(loss); }

  /// Starts a broadcast from `origin` on every layer; returns its ordinal.
  std::uint32_t broadcast(node_id origin);

  /// Runs the events due within `duration`, then sets the clock to its end.
  void run_for(sim_time duration);
  /// Runs for `duration` while nodes join and leave at the given rates.
  void run_churn(const churn& rates, sim_time duration);

  sim_time now() const noexcept { return now_; }
  std::size_t size() const noexcept { return nodes_.size(); }
  bool is_up(node_id n) const { return status_.at(n) == status::up; }
  std::vector<node_id> up_nodes() const;
  const node& at(node_id n) const { return *nodes_.at(n); }

  const broadcast_record& record(std::uint32_t ordinal) const { return records_.at(ordinal); }
  /// The share of the nodes up now that delivered the broadcast.
  double reliability(std::uint32_t ordinal, layer which) const;

  /// Broken rules across nodes: each node's own, and asymmetric active views
  /// (a node holding a peer that does not hold it), unless membership
  /// messages or failure reports between the two are still on the way.
  /// Assumes no losses.
  std::vector<std::string> check_invariants() const;
  /// What `check_each_step` found, at the step where it happened.
  const std::vector<std::string>& step_violations() const noexcept { return step_violations_; }

  /// A hash of every event run so far, to compare runs.
  std::uint64_t fingerprint() const noexcept { return fingerprint_; }
  std::uint64_t events_run() const noexcept { return events_run_; }

  /// The engine behind every choice, for scenarios to draw from too.
  std::mt19937_64& rng() noexcept { return rng_; }

private:
  enum class status : std::uint8_t { up, left, crashed };
  struct delivery {
    node_id from;
    envelope body;
  };
  struct timer_event {
    node_timer which;
  };
  struct failure_report {
    node_id peer;
  };
  struct event {
    node_id target;
    std::variant<delivery, timer_event, failure_report> what;
  };

  template <class Action>
  void step(node_id n, Action action);
  void dispatch(node_id from, outbox& out);
  void run(event e);
  void on_delivery(node_id to, delivery& d);
  void on_failure_report(node_id to, node_id peer);
  void report_failure(node_id to, node_id peer, sim_time after);
  void report_broken_links();
  bool link_broken(node_id a, node_id b) const;
  void count_payload(const envelope& body);
  void track_membership(node_id a, node_id b, int change);
  std::uint32_t membership_in_flight(node_id a, node_id b) const;
  node_id random_up_node();

  network_config config_;
  links links_;
  std::mt19937_64 rng_;
  sim_time now_{0};
  event_queue<event> queue_;
  std::vector<std::unique_ptr<node>> nodes_;
  std::vector<status> status_;
  std::vector<broadcast_record> records_;
  /// Membership messages and failure reports on the way, per pair of nodes.
  std::unordered_map<std::uint64_t, std::uint32_t> membership_in_flight_;
  std::vector<std::string> step_violations_;
  std::uint64_t fingerprint_ = 0;
  std::uint64_t events_run_ = 0;
};

} // namespace troupe::sim
