#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <unordered_map>

#include <caf/actor.hpp>
#include <caf/weak_intrusive_ptr.hpp>

#include "actors/monitor_types.hpp"
#include "actors/peer_event.hpp"
#include "protocols/remote_ref.hpp"

namespace troupe {

class message_path;

/// Monitors across nodes, with Partisan's (and Erlang's) semantics: a watcher
/// gets one down_msg per monitor, with reason `exited` (and the exit reason),
/// `noproc` or `noconnection`; monitor_node and monitor_nodes deliver nodeup
/// and nodedown. A monitor ends on both sides when either end goes: the
/// target (DOWN), the watcher (demonitor sent for it) or the connection.
///
/// Any thread may call the public functions; frames and peer events come on
/// the node's I/O thread. Because node loss is handled there after the
/// session's last frame was delivered, a DOWN for `noconnection` arrives
/// after every earlier message from that node. One mutex guards the tables;
/// messages to actors and to peers go out after it is released.
class monitor_service : public std::enable_shared_from_this<monitor_service> {
public:
  monitor_service(caf::actor_system& system, std::shared_ptr<message_path> path,
                  std::uint64_t incarnation);

  monitor_ref monitor(const caf::actor& watcher, const remote_ref& target);
  /// A local actor, or a handle made by node::remote_actor or found in a message.
  monitor_ref monitor(const caf::actor& watcher, const caf::actor& target);
  /// Whatever is registered as `name` on `node` now (this node included).
  monitor_ref monitor(const caf::actor& watcher, std::string_view name, const node_name& node);
  bool demonitor(const monitor_ref& ref, demonitor_options options);

  void monitor_node(const caf::actor& watcher, const node_name& node, bool on);
  void monitor_nodes(const caf::actor& watcher, bool on, node_monitor_options options);

  monitor_counts counts() const;

  // -- from the node (I/O thread) ------------------------------------------------
  void on_frame(const node_name& from, std::span<const char> body);
  void on_peer_event(const peer_event& event);

private:
  struct watch {
    caf::weak_actor_ptr watcher;
    caf::actor_id watcher_id = 0;
    std::optional<node_name> node; ///< a remote target's node; empty: a local target
    std::string object;
    caf::weak_actor_ptr local_target;
  };
  struct watched {
    caf::weak_actor_ptr target;
    caf::actor_id target_id = 0;
    std::uint64_t hook = 0;
  };
  struct watcher_hook {
    caf::weak_actor_ptr watcher;
    std::uint64_t hook = 0;
    std::size_t uses = 0;
  };
  struct node_watch {
    caf::weak_actor_ptr watcher;
    bool include_reason = true;
  };
  using watched_key = std::pair<node_name, std::uint64_t>;

  monitor_ref watch_remote(const caf::actor& watcher, const node_name& node,
                           proto::monitoring::target target, std::string object);
  monitor_ref watch_local(const caf::actor& watcher, const caf::strong_actor_ptr& target,
                          std::string object);
  caf::strong_actor_ptr resolve(const proto::monitoring::target& target) const;
  void on_monitor(const node_name& from, const proto::monitoring::monitor& msg);
  void on_demonitor(const node_name& from, const proto::monitoring::demonitor& msg);
  void on_down(const node_name& from, const proto::monitoring::down& msg);
  void on_node_down(const node_name& node, const std::string& reason);
  void on_node_up(const node_name& node);
  void target_exited(const node_name& watcher_node, std::uint64_t ref, std::uint64_t hook,
                     const caf::error& reason);
  void watcher_exited(caf::actor_id watcher);

  /// Ends monitor `id` with a DOWN to its watcher, unless it already ended.
  void fire(std::uint64_t id, down_reason reason, std::string detail);
  void deliver_down(const watch& w, std::uint64_t id, down_reason reason, std::string detail);
  bool send(const node_name& to, const proto::monitoring::message& msg, std::uint64_t key);
  /// Counts one more use of `watcher`; the key of the exit hook to install
  /// if it is the first. Mutex held.
  std::optional<std::uint64_t> count_watcher(const caf::actor& watcher);
  /// Installs the exit hook `count_watcher` asked for. Mutex not held.
  void hook_watcher(const caf::actor& watcher, std::optional<std::uint64_t> key);
  std::optional<std::pair<caf::weak_actor_ptr, std::uint64_t>> unhook_watcher(caf::actor_id id);
  void release_watch(const watch& w, std::uint64_t id);
  std::string render(const caf::error& reason) const;

  caf::actor_system& system_;
  std::shared_ptr<message_path> path_;
  std::uint64_t incarnation_;

  mutable std::mutex mutex_;
  std::uint64_t next_id_ = 1;
  std::map<std::uint64_t, watch> watches_;
  std::map<watched_key, watched> watched_;
  std::unordered_map<caf::actor_id, watcher_hook> watchers_;
  std::map<std::pair<caf::actor_id, node_name>, node_watch> node_monitors_;
  std::map<std::pair<caf::actor_id, bool>, caf::weak_actor_ptr> node_subscribers_;
};

} // namespace troupe
