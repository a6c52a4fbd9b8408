#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>

#include "discovery/tcp_stream.hpp"

namespace troupe::discovery {

/// This node's entry on its host's epmd (ALIVE2). epmd keeps an entry while
/// the connection that registered it stays open, so the registration holds
/// that connection, and registers again when it finds it closed: after epmd
/// restarted, the node shows up again at the next refresh.
class epmd_registration {
public:
  struct settings {
    std::string epmd_host;  ///< where this host's epmd listens
    std::uint16_t epmd_port = 0;
    std::string name;       ///< the node name's part before '@'
    std::uint16_t node_port = 0;
    std::chrono::milliseconds timeout{2000};
  };

  explicit epmd_registration(settings config) : config_(std::move(config)) {}

  /// Registers unless the registration still holds; the error says why not.
  std::expected<void, std::string> ensure();

private:
  std::expected<tcp_stream, std::string> register_now();

  settings config_;
  std::optional<tcp_stream> connection_;
};

} // namespace troupe::discovery
