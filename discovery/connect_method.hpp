#pragma once

#include <expected>
#include <functional>
#include <vector>

#include "actors/errors.hpp"
#include "protocols/discovery/peer_selection.hpp"
#include "protocols/node_name.hpp"

namespace troupe::discovery {

/// How the discovery loop joins peers (gen_cluster's gc_dist): who is
/// connected, connect, disconnect. The default, node_connect, uses troupe's
/// own node; another implementation can put a membership layer in between.
class connect_method {
public:
  using result = std::expected<void, connect_error>;

  virtual ~connect_method() = default;

  /// The nodes connected now.
  virtual std::vector<node_name> peers() const = 0;

  /// Starts connecting to `peer` without waiting. `done` may run on another
  /// thread (troupe's node runs it on its I/O thread): it must be short.
  virtual void connect(const proto::found_peer& peer, std::function<void(result)> done) = 0;

  /// Ends the connection with `peer`; false if there was none.
  virtual bool disconnect(const node_name& peer) = 0;
};

} // namespace troupe::discovery
