#pragma once

#include "actors/node.hpp"
#include "discovery/connect_method.hpp"

namespace troupe::discovery {

/// The default connect method: troupe's node, which must outlive it.
///
/// A peer whose dial host is its name's host is dialed as `name@host:port`,
/// so that the node checks who answers. One found under a name whose host
/// differs from the address to dial (DNS with host_type hostname) is dialed
/// at `address:port`: the node API resolves a name's host with the system's
/// resolver, which need not know the names the configured DNS server gave.
class node_connect : public connect_method {
public:
  explicit node_connect(troupe::node& node) : node_(node) {}

  std::vector<node_name> peers() const override;
  void connect(const proto::found_peer& peer, std::function<void(result)> done) override;
  bool disconnect(const node_name& peer) override;

private:
  troupe::node& node_;
};

} // namespace troupe::discovery
