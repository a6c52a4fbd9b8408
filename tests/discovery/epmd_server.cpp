#include "tests/discovery/epmd_server.hpp"

#include <doctest/doctest.h>

#include "discovery/tcp_stream.hpp"
#include "tests/support/test_cluster.hpp"

namespace troupe::test {

epmd_server::epmd_server(std::uint16_t port, std::filesystem::path dir)
  : port_(port), dir_(std::move(dir)) {
  start();
}

void epmd_server::start() {
  process_.reset();
  auto program = program_path("epmd");
  REQUIRE_MESSAGE(!program.empty(), "no epmd (Debian package erlang-base)");
  auto started = child_process::start(
    {program, "-port", std::to_string(port_), "-address", "127.0.0.1"},
    (dir_ / "epmd.log").string());
  REQUIRE_MESSAGE(started, (started ? "" : started.error()));
  process_.emplace(std::move(*started));
  auto listening = eventually([&] {
    auto deadline = discovery::tcp_stream::clock::now() + std::chrono::milliseconds{100};
    return discovery::tcp_stream::connect("127.0.0.1", port_, deadline).has_value();
  });
  REQUIRE_MESSAGE(listening, "epmd does not listen; its log:\n" << process_->log());
}

} // namespace troupe::test
