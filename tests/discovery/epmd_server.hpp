#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

#include "tests/discovery/child_process.hpp"

namespace troupe::test {

/// Erlang's real epmd on a port of its own on 127.0.0.1, so that tests
/// neither meet nor disturb an epmd of the machine's. The test fails if it
/// does not come up.
class epmd_server {
public:
  epmd_server(std::uint16_t port, std::filesystem::path dir);

  void start();

  /// Kills it, and every registration with it.
  void stop() { process_.reset(); }

  std::uint16_t port() const { return port_; }

private:
  std::uint16_t port_;
  std::filesystem::path dir_;
  std::optional<child_process> process_;
};

} // namespace troupe::test
