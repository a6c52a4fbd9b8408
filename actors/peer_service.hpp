#pragma once

#include <chrono>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/member_info.hpp"
#include "actors/node.hpp"
#include "actors/peer_service_actor.hpp"
#include "actors/peer_service_config.hpp"

namespace troupe {

/// Why a peer-service call failed: the troupe error (errc) and its words.
struct peer_service_error {
  errc what;
  std::string message;
};

/// The node's peer-service manager, with Partisan's peer_service API, as
/// blocking calls (any thread but the node's I/O thread). The manager
/// itself is an actor (`actor()`, see peer_service_actor.hpp) for code that
/// wants to ask it asynchronously.
class peer_service {
public:
  template <class T = void>
  using result = std::expected<T, peer_service_error>;

  /// Starts `config`'s manager for `self_node`, which must outlive this.
  peer_service(caf::actor_system& system, node& self_node, peer_service_config config,
               std::chrono::milliseconds timeout = std::chrono::seconds{10});
  ~peer_service();

  peer_service(const peer_service&) = delete;
  peer_service& operator=(const peer_service&) = delete;

  peer_service_config::manager manager() const noexcept { return config_.kind; }

  /// The operations this manager offers; the others fail with not_implemented.
  std::vector<std::string_view> supported() const;

  /// Joins the cluster `contact` (name@host:port) is in, and returns when the
  /// contact is being dialed; the membership spreads by gossip from there.
  result<> join(std::string_view contact);
  /// The same, returning once the contact is a member of this node's view.
  result<> sync_join(std::string_view contact);
  /// Leaves for good: the node must restart before it can join again.
  result<> leave();
  /// Removes `node` from the cluster; it must restart before it can rejoin.
  result<> leave(const node_name& node);

  /// Member names, sorted, this node included.
  std::vector<node_name> members();
  bool member(const node_name& node);
  std::vector<member_info> members_for_orchestration();
  /// The static manager's list of nodes to link with.
  result<> update_members(const std::vector<std::string>& nodes);

  /// `callback` runs when a link with `node` (or any node, for nullopt)
  /// opens or closes. On the node's I/O thread: keep it short.
  result<> on_up(std::optional<node_name> node, std::function<void(const node_name&)> callback);
  result<> on_down(std::optional<node_name> node, std::function<void(const node_name&)> callback);

  /// Partisan's reservation of slots per tag; none of troupe's managers has slots.
  result<> reserve(std::string_view tag);

  result<partition_ref> inject_partition(const node_name& node, std::chrono::milliseconds ttl);
  result<> resolve_partition(partition_ref ref);
  std::vector<partition> partitions();

  /// The manager's state as JSON (members, links; the CRDT's size).
  std::string get_local_state();

  const peer_service_actor& actor() const noexcept { return actor_; }

private:
  template <class T, class... Args>
  result<T> ask(Args&&... args);
  result<> watch(peer_event::kind kind, std::optional<node_name> node,
                 std::function<void(const node_name&)> callback);

  caf::actor_system& system_;
  node& node_;
  peer_service_config config_;
  std::chrono::milliseconds timeout_;
  peer_service_actor actor_;
};

} // namespace troupe
