#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/node_name.hpp"

namespace troupe::proto {

/// How one run of a node describes itself to the cluster: what the member
/// set holds, and what a peer needs to connect to it.
///
/// Specs order by name first, then incarnation, so that all specs of a node
/// sit together in a sorted set, its latest run last.
struct member_spec {
  node_name name;
  /// Tells the runs of a node apart: a restarted node has a higher one. Its
  /// start time is the usual choice; it must never repeat for one name.
  std::uint64_t incarnation = 0;
  std::vector<std::string> listen;   ///< "host:port", where it accepts connections
  std::vector<std::string> channels; ///< channel names; index 0 is the default
  std::uint16_t parallelism = 1;     ///< connections per channel
  /// The node's role for the client-server link policy: "client", "server",
  /// or empty where no policy needs one.
  std::string tag;

  friend auto operator<=>(const member_spec&, const member_spec&) = default;

  /// Specs compare with a bare name by their name, which finds all specs of
  /// a node in a set ordered by `std::less<>`.
  friend std::strong_ordering operator<=>(const member_spec& spec, const node_name& name) {
    return spec.name <=> name;
  }
};

/// The tag of server nodes for the client-server link policy.
inline constexpr std::string_view server_tag = "server";
/// The tag of client nodes for the client-server link policy.
inline constexpr std::string_view client_tag = "client";

/// Who makes dots in the member set: one run of a node. Not the name alone,
/// since a restarted node counts from zero again and its new dots would look
/// like ones the cluster has seen (and perhaps removed) already.
struct member_actor {
  node_name name;
  std::uint64_t incarnation = 0;
  friend auto operator<=>(const member_actor&, const member_actor&) = default;
};

inline member_actor actor_of(const member_spec& spec) { return {spec.name, spec.incarnation}; }

} // namespace troupe::proto
