#pragma once

#include <algorithm>
#include <iterator>
#include <memory>
#include <variant>
#include <vector>

#include "protocols/membership/member_set.hpp"

namespace troupe::proto {

// What the membership cores (membership.hpp, static_links.hpp) ask of their
// driver, in the order the driver should act on them.

/// Send this node's member set to a peer. One snapshot is shared by all the
/// sends of a step, so a driver can encode it once.
struct send_state {
  node_name to;
  std::shared_ptr<const member_set> state;
  friend bool operator==(const send_state& a, const send_state& b) {
    return a.to == b.to && *a.state == *b.state;
  }
};

/// Open a link to this node, unless one is being opened. Repeated every
/// reconnect interval while the node is wanted and not linked.
struct connect {
  member_spec to;
  friend bool operator==(const connect&, const connect&) = default;
};

/// Close the link to this node (after the sends before this event).
struct disconnect {
  node_name peer;
  friend bool operator==(const disconnect&, const disconnect&) = default;
};

/// For the application: names that joined and left the member list, sorted.
struct members_changed {
  std::vector<node_name> added;
  std::vector<node_name> removed;

  /// The change from the sorted list `before` to the sorted list `after`.
  static members_changed between(const std::vector<node_name>& before,
                                 const std::vector<node_name>& after) {
    members_changed change;
    std::ranges::set_difference(after, before, std::back_inserter(change.added));
    std::ranges::set_difference(before, after, std::back_inserter(change.removed));
    return change;
  }

  bool empty() const noexcept { return added.empty() && removed.empty(); }

  friend bool operator==(const members_changed&, const members_changed&) = default;
};

/// For the application: this node is no longer a member, because it left or
/// another member removed it. It stays out until it restarts.
struct left {
  friend bool operator==(const left&, const left&) = default;
};

using out_event = std::variant<send_state, connect, disconnect, members_changed, left>;
using outputs = std::vector<out_event>;

} // namespace troupe::proto
