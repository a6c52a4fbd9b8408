#pragma once

#include "discovery/method.hpp"

namespace troupe::discovery {

/// A fixed list of nodes (gen_cluster's gc_discover_static). Every refresh
/// offers all of them again, so a node whose link was lost is dialed again:
/// that is the reconnection, which a refresh interval of "never" turns off.
class static_method : public method {
public:
  explicit static_method(std::vector<found_peer> nodes) : nodes_(std::move(nodes)) {}

  std::string_view name() const override { return "static"; }

  method_result peers() override { return {nodes_, {}}; }

private:
  std::vector<found_peer> nodes_;
};

} // namespace troupe::discovery
