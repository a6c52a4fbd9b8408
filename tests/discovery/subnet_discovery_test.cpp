#include <doctest/doctest.h>

#include "tests/discovery/discovery_nodes.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::test;

TEST_CASE("nodes that know only a subnet and a port find each other and closed ports are counted") {
  discovery_nodes nodes{20};
  // 127.77.20.0/29: hosts 1 to 6. Nodes on 2, 3 and 4; 1, 5 and 6 are closed.
  std::vector<std::string> args{"--discovery.methods=[\"subnet\"]",
                                "--discovery.subnet-cidr=" + nodes.ip(0) + "/29",
                                "--discovery.subnet-backoff-min=100ms",
                                "--discovery.subnet-backoff-max=1s"};
  for (int host = 2; host <= 4; ++host) {
    auto key = std::string(1, static_cast<char>('a' + host - 2));
    nodes.cluster.launch(nodes.node(key, key + "@" + nodes.ip(host), host, args));
  }
  CHECK(eventually([&] { return nodes.cluster.all_connected({"a", "b", "c"}); }, 10s));
  auto a = nodes.discovery_status("a")["methods"]["subnet"];
  CHECK(a["dial_failures"].get<int>() >= 3);
  CHECK(nodes.cluster.log_of("a").find("cannot connect to " + nodes.ip(5)) != std::string::npos);
  CHECK(nodes.still_answers("a"));
  // A node that comes up later on a closed address is found once its back-off ends.
  nodes.cluster.launch({.key = "d", .name = "d@" + nodes.ip(5),
                        .listen = nodes.ip(5) + ":" + std::to_string(nodes.port())});
  CHECK(eventually([&] { return nodes.cluster.all_connected({"a", "b", "c", "d"}); },
                   1s + refresh + connect_time + 1s));
}
