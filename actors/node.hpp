#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <caf/message.hpp>

#include "actors/errors.hpp"
#include "actors/monitor_types.hpp"
#include "actors/node_config.hpp"
#include "actors/node_spec.hpp"
#include "actors/node_stats.hpp"
#include "actors/partition.hpp"
#include "actors/peer_event.hpp"
#include "actors/send_options.hpp"
#include "protocols/node_name.hpp"
#include "protocols/peer_address.hpp"
#include "protocols/remote_ref.hpp"
#include "protocols/wire/messages.hpp"

namespace troupe {

class node_runtime;

/// What this node sees of the cluster (Gleam's ClusterHealth).
struct cluster_health {
  std::string self_node;
  bool is_distributed = false;
  std::vector<std::string> connected_nodes;
  std::size_t connected_count = 0;
  std::vector<std::string> reachable_nodes;   ///< connected and answered a ping
  std::vector<std::string> unreachable_nodes; ///< connected but did not answer in time
};

/// One connection of a session with a peer.
struct link_info {
  std::string channel;
  std::uint16_t lane = 0;
  bool outbound = false; ///< this node dialed it
  std::string local;     ///< host:port
  std::string remote;    ///< host:port
  std::uint64_t messages_received = 0;
};

/// A troupe node: this actor system's membership in a cluster.
///
/// Start one per actor system; it listens, dials, authenticates peers with
/// the cookie, keeps their links alive and carries actor messages to them.
/// The blocking calls below wait for the node's I/O thread; do not call them
/// from a peer listener, which runs on that thread. Stop (or destroy) the
/// node before its actor system.
class node {
public:
  using connect_result = std::expected<void, connect_error>;

  static std::expected<node, start_error> start(caf::actor_system& system,
                                                const node_config& config);

  node(node&&) noexcept;
  node& operator=(node&&) noexcept;
  ~node();

  // -- identity ----------------------------------------------------------------

  const node_name& name() const;
  node_spec spec() const;

  // -- health, with the semantics of Gleam's distribute/cluster ------------------

  /// Connects to `target`, `name@host:port` or `host:port`, and waits until
  /// the session is up or fails. `ignored` for this node itself and for a
  /// node already connected.
  connect_result connect(std::string_view target);

  /// Same without waiting; `done` runs on the node's I/O thread.
  void connect(std::string_view target, std::function<void(connect_result)> done);
  void connect(const peer_address& target, std::function<void(connect_result)> done);

  /// True if `peer` answered a ping within the ping timeout.
  bool ping(const node_name& peer);

  /// Closes every connection with `peer` after a goodbye; both sides report
  /// it down. False if it was not connected. It may connect again later.
  bool disconnect(const node_name& peer);
  /// Same without waiting; `done` runs on the node's I/O thread.
  void disconnect(const node_name& peer, std::function<void(bool)> done);

  /// What a connected peer said about itself in the handshake.
  std::optional<node_spec> peer_spec(const node_name& peer) const;

  /// Connected peers, sorted by name.
  std::vector<node_name> nodes() const;
  std::size_t connected_count() const;

  /// True while the node runs.
  bool is_distributed() const;

  /// Pings every connected peer (in parallel) and reports who answered.
  cluster_health health();

  /// Running and connected to at least one peer.
  bool is_healthy() const;

  // -- named actors --------------------------------------------------------------

  std::expected<void, std::string> register_name(std::string_view name, const caf::actor& who);
  bool unregister_name(std::string_view name);
  caf::actor whereis(std::string_view name) const;

  // -- remote actors and messages ------------------------------------------------

  /// A handle for `ref` that CAF code uses like any actor: send, request with
  /// a timeout, receive replies. Messages go out with `options`.
  caf::actor remote_actor(const remote_ref& ref, send_options options = {});

  /// The ref other nodes use to reach `local`.
  remote_ref ref_of(const caf::actor& local) const;

  /// True if `ref` names an actor or name of this node's current run.
  bool is_local(const remote_ref& ref) const;

  /// Sends `msg` to `to` without waiting for an answer; replies, if any, go to
  /// `sender`. The error says why the message did not leave this node; it is
  /// also counted and logged as a drop.
  std::expected<void, errc> forward_message(const remote_ref& to, caf::message msg,
                                            const send_options& options = {},
                                            const caf::strong_actor_ptr& sender = nullptr);

  /// The same, to whatever is registered as `name` on `node`.
  std::expected<void, errc> forward_message(const node_name& node, std::string_view name,
                                            caf::message msg, const send_options& options = {},
                                            const caf::strong_actor_ptr& sender = nullptr);

  // -- fault injection (tests) --------------------------------------------------

  /// Drops all traffic between this node and `peer` for `ttl` (both ways:
  /// nothing is sent, whatever arrives is ignored, new connections are
  /// refused), so that both sides see the other go down by heartbeat timeout.
  partition_ref inject_partition(const node_name& peer, std::chrono::milliseconds ttl);
  /// Ends a partition early; false if it is not in place (any more).
  bool resolve_partition(partition_ref ref);
  std::vector<partition> partitions() const;

  // -- monitoring, with Partisan's semantics --------------------------------------

  /// `watcher` gets one down_msg when `target` (a pid or name ref, here or on
  /// another node) ends (`exited`), does not exist or belongs to an earlier
  /// run of its node (`noproc`), or its node is lost (`noconnection`).
  /// From an actor: `node.monitor(caf::actor_cast<caf::actor>(self), ref)`.
  monitor_ref monitor(const caf::actor& watcher, const remote_ref& target);
  /// A local actor, or a handle from remote_actor() or from a message.
  monitor_ref monitor(const caf::actor& watcher, const caf::actor& target);
  /// Whatever is registered as `name` on `node` (which may be this node).
  monitor_ref monitor(const caf::actor& watcher, std::string_view name, const node_name& node);

  /// Ends a monitor on both sides. Returns true, or with `info` whether the
  /// monitor was still active; see demonitor_options for `flush`.
  bool demonitor(const monitor_ref& ref, demonitor_options options = {});

  /// `watcher` gets one nodedown_msg (with the reason) when `node` goes down,
  /// or at once if it is not connected; asking twice still gives one.
  void monitor_node(const caf::actor& watcher, const node_name& node, bool on = true);

  /// `watcher` gets nodeup_msg and nodedown_msg for every peer from now on;
  /// `on = false` with the same options ends that subscription.
  void monitor_nodes(const caf::actor& watcher, bool on = true, node_monitor_options options = {});

  /// The monitor entries this node holds, for leak checks.
  monitor_counts monitor_entries() const;

  // -- troupe's own services (membership, monitors, ...) ------------------------

  /// Installs the handler for frames of `service` from peers.
  void on_service(wire::service_id service, service_handler handler);

  /// Sends one frame of `service` to `peer`, on the default channel's lane
  /// for `key`; false if `peer` is not connected. Any thread.
  bool send_service(const node_name& peer, wire::service_id service, std::span<const char> body,
                    std::uint64_t key = 0);

  // -- observation ---------------------------------------------------------------

  /// `listener` hears of every peer that comes up or goes down, with the reason.
  void on_peer_event(peer_listener listener);

  node_stats stats() const;

  /// The node's log, for the services that run beside it.
  const logger& log() const;

  /// The connections to `peer`, one per (channel, lane); empty if not connected.
  std::vector<link_info> links(const node_name& peer) const;

  /// Says goodbye to all peers and stops. The node cannot be restarted;
  /// start a new one (it gets a new incarnation).
  void stop();

private:
  explicit node(std::shared_ptr<node_runtime> runtime);

  std::shared_ptr<node_runtime> runtime_;
};

/// The node a ref points into.
inline const node_name& node_of(const remote_ref& ref) {
  return ref.node();
}

} // namespace troupe
