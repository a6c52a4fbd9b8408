#pragma once

#include <optional>

#include "discovery/epmd_client.hpp"
#include "discovery/epmd_registration.hpp"
#include "discovery/method.hpp"

namespace troupe::discovery {

/// Options of the epmd method.
struct epmd_settings {
  std::uint16_t port = proto::epmd::default_port; ///< where every host's epmd listens
  std::vector<std::string> hosts;                 ///< whose epmd to ask; the loop fills in this node's host
  /// Register this node with its host's epmd, so that the others find it.
  std::optional<epmd_registration::settings> registration;
  std::chrono::milliseconds timeout{2000};        ///< per epmd request
};

/// Every troupe node registered on the epmd of the configured hosts
/// (gen_cluster's gc_discover_epmd_all): NAMES lists the registered names,
/// PORT_PLEASE2 tells for each whether it is a troupe node (by the Extra
/// field troupe registers with) and where it listens. The peer is
/// `name@host`, host as configured. Each round first makes sure this node's
/// own registration still holds.
class epmd_method : public method {
public:
  explicit epmd_method(epmd_settings settings);

  std::string_view name() const override { return "epmd"; }

  method_result peers() override;

private:
  void add_peers_on(const std::string& host, method_result& result);

  epmd_settings settings_;
  std::optional<epmd_registration> registration_;
};

} // namespace troupe::discovery
