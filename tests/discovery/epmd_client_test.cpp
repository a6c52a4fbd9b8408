#include <doctest/doctest.h>

#include "discovery/epmd_client.hpp"
#include "discovery/epmd_registration.hpp"
#include "tests/discovery/epmd_server.hpp"
#include "tests/discovery/ports.hpp"
#include "tests/discovery/scratch_dir.hpp"
#include "tests/support/test_cluster.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::test;
using discovery::epmd_client;
using discovery::epmd_registration;

namespace {

epmd_registration::settings registration_of(const std::string& name, std::uint16_t epmd_port) {
  return {.epmd_host = "127.0.0.1", .epmd_port = epmd_port, .name = name, .node_port = 4000,
          .timeout = 1s};
}

/// The names epmd lists; empty if it does not answer.
std::vector<std::string> names_on(epmd_client& epmd) {
  std::vector<std::string> result;
  for (const auto& entry : epmd.names().value_or(std::vector<proto::epmd::name_entry>{}))
    result.push_back(entry.name);
  return result;
}

} // namespace

TEST_CASE("a node registered with the real epmd is listed and marked as troupe's") {
  scratch_dir dir;
  epmd_server server{free_port("127.0.0.1"), dir.path()};
  epmd_client epmd{"127.0.0.1", server.port(), 1s};
  std::optional<epmd_registration> alpha{registration_of("alpha", server.port())};
  REQUIRE(alpha->ensure());
  CHECK(names_on(epmd) == std::vector<std::string>{"alpha"});
  auto info = epmd.port_please("alpha");
  REQUIRE(info);
  REQUIRE(*info);
  CHECK((*info)->port == 4000);
  CHECK((*info)->extra == proto::epmd::troupe_extra);
  CHECK((epmd.port_please("beta") == std::nullopt));
  // Closing the registration's connection is how a node leaves epmd.
  alpha.reset();
  CHECK(eventually([&] { return names_on(epmd).empty(); }));
}

TEST_CASE("epmd refuses a second node of the same name") {
  scratch_dir dir;
  epmd_server server{free_port("127.0.0.1"), dir.path()};
  epmd_registration first{registration_of("alpha", server.port())};
  epmd_registration second{registration_of("alpha", server.port())};
  REQUIRE(first.ensure());
  auto refused = second.ensure();
  REQUIRE(!refused);
  CHECK(refused.error().find("refused") != std::string::npos);
}

TEST_CASE("a dead epmd is an error, and a restarted one gets the registration back") {
  scratch_dir dir;
  epmd_server server{free_port("127.0.0.1"), dir.path()};
  epmd_client epmd{"127.0.0.1", server.port(), 1s};
  epmd_registration alpha{registration_of("alpha", server.port())};
  REQUIRE(alpha.ensure());
  server.stop();
  auto names = epmd.names();
  REQUIRE(!names);
  CHECK(names.error().find("cannot connect to 127.0.0.1") != std::string::npos);
  CHECK(!alpha.ensure());
  server.start();
  CHECK(alpha.ensure());
  CHECK(names_on(epmd) == std::vector<std::string>{"alpha"});
}
