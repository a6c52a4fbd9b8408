#pragma once

#include <compare>
#include <cstdint>
#include <string>

#include <caf/meta/type_name.hpp>

#include "protocols/monitoring/messages.hpp"

namespace troupe {

/// Names one monitor this node set up; unique for the node's run.
struct monitor_ref {
  std::uint64_t id = 0;
  friend auto operator<=>(const monitor_ref&, const monitor_ref&) = default;
};

using down_reason = proto::monitoring::down_reason;

/// What a watcher receives when the actor it monitors is gone (Erlang's
/// {'DOWN', Ref, process, Object, Reason}).
struct down_msg {
  monitor_ref ref;
  std::string object;  ///< the monitored actor's ref, in its text form
  down_reason reason = down_reason::exited;
  std::string detail;  ///< for `exited`: the actor's exit reason, e.g. "normal"
};

/// For monitor_nodes subscribers: `node` came up.
struct nodeup_msg {
  std::string node;
};

/// For monitor_node and monitor_nodes: `node` went down; `reason` is empty
/// unless the subscriber asked for reasons (monitor_node always gets it).
struct nodedown_msg {
  std::string node;
  std::string reason;
};

struct demonitor_options {
  /// No DOWN of this monitor is delivered once demonitor returns. (One that
  /// was delivered before stays in the watcher's mailbox: CAF offers no way
  /// to take a message back out of it.)
  bool flush = false;
  /// Make demonitor return whether the monitor was still active, i.e. no
  /// DOWN had been delivered for it.
  bool info = false;
};

struct node_monitor_options {
  /// nodedown messages carry the reason (Erlang's nodedown_reason).
  bool include_reason = false;
};

/// How many monitor entries a node holds, for leak checks and status.
struct monitor_counts {
  std::size_t watching_remote = 0;  ///< monitors held here on actors of other nodes
  std::size_t watching_local = 0;   ///< monitors held here on actors of this node
  std::size_t watched_by_remote = 0; ///< other nodes' monitors on actors of this node
  std::size_t watchers = 0;         ///< local actors with monitors (exit hooks installed)
  std::size_t node_monitors = 0;    ///< monitor_node entries
  std::size_t node_subscribers = 0; ///< monitor_nodes subscriptions
  friend bool operator==(const monitor_counts&, const monitor_counts&) = default;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, monitor_ref& x) {
  return f(caf::meta::type_name("troupe::monitor_ref"), x.id);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, down_msg& x) {
  return f(caf::meta::type_name("troupe::down_msg"), x.ref, x.object, x.reason, x.detail);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, nodeup_msg& x) {
  return f(caf::meta::type_name("troupe::nodeup_msg"), x.node);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, nodedown_msg& x) {
  return f(caf::meta::type_name("troupe::nodedown_msg"), x.node, x.reason);
}

} // namespace troupe
