#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "protocols/discovery/epmd_messages.hpp"

namespace troupe::discovery {

/// Look-ups on one epmd: NAMES and PORT_PLEASE2, each on a connection of its
/// own, since epmd closes it after answering. Blocking, within `timeout`.
class epmd_client {
public:
  epmd_client(std::string host, std::uint16_t port, std::chrono::milliseconds timeout)
    : host_(std::move(host)), port_(port), timeout_(timeout) {}

  /// Every node registered there.
  std::expected<std::vector<proto::epmd::name_entry>, std::string> names();

  /// The entry of `name`; nullopt if epmd does not know it.
  std::expected<std::optional<proto::epmd::node_info>, std::string> port_please(const std::string& name);

private:
  /// Sends `request` and returns all epmd answers before closing.
  std::expected<std::string, std::string> exchange(const std::string& request);

  std::string host_;
  std::uint16_t port_;
  std::chrono::milliseconds timeout_;
};

} // namespace troupe::discovery
