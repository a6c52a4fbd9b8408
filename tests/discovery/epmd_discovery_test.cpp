#include <doctest/doctest.h>

#include "tests/discovery/discovery_nodes.hpp"
#include "tests/discovery/epmd_server.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::test;

namespace {

/// Nodes on 127.0.0.1 with ports of their own, which know nothing but the
/// port of an epmd of the test's own.
struct epmd_cluster {
  process_cluster cluster{TROUPE_NODE_BINARY};
  epmd_server epmd{free_port("127.0.0.1"), cluster.dir()};

  void launch(const std::string& key) {
    cluster.launch({.key = key,
                    .name = key + "@127.0.0.1",
                    .args = {"--discovery.methods=[\"epmd\"]",
                             "--discovery.refresh-interval=" + std::to_string(refresh.count()) + "ms",
                             "--discovery.epmd-port=" + std::to_string(epmd.port()),
                             "--discovery.epmd-timeout=500ms"}});
  }

  int problems(const std::string& key) {
    auto status = cluster.ask_status(key, "discovery");
    return status ? (*status)["methods"]["epmd"]["problems"].get<int>() : -1;
  }
};

} // namespace

TEST_CASE("four nodes that know only their host's epmd form one cluster") {
  epmd_cluster nodes;
  for (auto key : {"a", "b", "c", "d"})
    nodes.launch(key);
  CHECK(eventually([&] { return nodes.cluster.all_connected({"a", "b", "c", "d"}); }, 10s));
  auto status = nodes.cluster.ask_status("d", "discovery");
  REQUIRE(status);
  CHECK((*status)["methods"]["epmd"]["found"] == 4);
  CHECK((*status)["methods"]["epmd"]["problems"] == 0);
}

TEST_CASE("a dead epmd is logged and counted, and once it is back the nodes register again") {
  epmd_cluster nodes;
  nodes.launch("a");
  nodes.launch("b");
  REQUIRE(eventually([&] { return nodes.cluster.all_connected({"a", "b"}); }, 10s));
  nodes.epmd.stop();
  CHECK(eventually([&] { return nodes.problems("a") >= 2; }, 10s));
  CHECK(nodes.cluster.log_of("a").find("discovery: epmd: ") != std::string::npos);
  CHECK(nodes.cluster.all_connected({"a", "b"}));
  nodes.epmd.start();
  // c registers with the new epmd; a and b do again at their next refresh.
  nodes.launch("c");
  CHECK(eventually([&] { return nodes.cluster.all_connected({"a", "b", "c"}); }, 10s));
  CHECK(nodes.cluster.log_of("a").find("discovery: epmd: working again") != std::string::npos);
}
