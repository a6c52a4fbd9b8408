#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "protocols/discovery/peer_selection.hpp"

namespace troupe::discovery {

using proto::found_peer;

/// What one round of a method found, and what went wrong on the way. Both
/// can be non-empty: a DNS answer with one unusable record still gives the
/// other peers.
struct method_result {
  std::vector<found_peer> peers;
  std::vector<std::string> problems; ///< each one is logged and counted as a failure
};

/// A way to find peers (gen_cluster's gc_discover). A method is initialised
/// with its options when it is constructed; the discovery loop then asks it
/// for peers at every refresh, on the loop's own thread, so a method may
/// block on the network, within its own timeouts.
class method {
public:
  virtual ~method() = default;

  /// Its name in options and logs: "static", "dns-a", ...
  virtual std::string_view name() const = 0;

  /// The peers to be connected to now. Problems are reported, never thrown.
  virtual method_result peers() = 0;

  /// How dialing one of its peers went: `reached` if a troupe node answered.
  /// The subnet scan backs off from addresses that do not answer.
  virtual void dialed(const found_peer& peer, bool reached) {
    (void) peer;
    (void) reached;
  }
};

} // namespace troupe::discovery
