#include <doctest/doctest.h>

#include <csignal>

#include "tests/discovery/discovery_nodes.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::test;

namespace {

/// Nodes a, b, c, ... on hosts 2, 3, 4, ... that know nothing but this list.
std::vector<std::string> static_args(const discovery_nodes& nodes, int count) {
  std::vector<std::string> addresses;
  for (int i = 0; i < count; ++i)
    addresses.push_back(nodes.address(std::string(1, static_cast<char>('a' + i)), 2 + i));
  return {"--discovery.methods=[\"static\"]", "--discovery.static-nodes=" + list_of(addresses)};
}

std::string name_of(const discovery_nodes& nodes, char key, int host) {
  return std::string(1, key) + "@" + nodes.ip(host);
}

void launch_static_cluster(discovery_nodes& nodes, int count, std::vector<std::string> extra = {}) {
  auto args = static_args(nodes, count);
  args.insert(args.end(), extra.begin(), extra.end());
  for (int i = 0; i < count; ++i) {
    auto key = static_cast<char>('a' + i);
    nodes.cluster.launch(nodes.node(std::string(1, key), name_of(nodes, key, 2 + i), 2 + i, args));
  }
}

/// Kills c, waits until a and b have noticed, and starts c again knowing
/// nothing: only the others' reconnection can bring it back.
void kill_and_restart_c(discovery_nodes& nodes) {
  nodes.cluster.at("c").signal(SIGKILL);
  REQUIRE(eventually([&] { return !nodes.cluster.sees("a", "c") && !nodes.cluster.sees("b", "c"); },
                     10s));
  nodes.cluster.launch({.key = "c", .name = name_of(nodes, 'c', 4),
                        .listen = nodes.ip(4) + ":" + std::to_string(nodes.port())});
}

} // namespace

TEST_CASE("four nodes that know only a static list form one cluster") {
  discovery_nodes nodes{1};
  launch_static_cluster(nodes, 4);
  CHECK(eventually([&] { return nodes.cluster.all_connected({"a", "b", "c", "d"}); }, 10s));
  CHECK(nodes.discovery_status("a")["methods"]["static"]["found"] == 4);
}

TEST_CASE("a SIGKILLed and restarted node rejoins within one refresh interval plus the connect time") {
  discovery_nodes nodes{2};
  launch_static_cluster(nodes, 3);
  REQUIRE(eventually([&] { return nodes.cluster.all_connected({"a", "b", "c"}); }, 10s));
  kill_and_restart_c(nodes);
  auto start = std::chrono::steady_clock::now();
  REQUIRE(eventually([&] { return nodes.cluster.all_connected({"a", "b", "c"}); }, 10s));
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(elapsed <= refresh + connect_time);
  CHECK(nodes.cluster.log_of("a").find("discovery: static: connected to c@") != std::string::npos);
}

TEST_CASE("with a refresh interval of never a restarted node is not reconnected") {
  discovery_nodes nodes{3};
  launch_static_cluster(nodes, 3, {"--discovery.refresh-interval=never"});
  // One round each at start: the last node to start joins the first two.
  REQUIRE(eventually([&] { return nodes.cluster.all_connected({"a", "b", "c"}); }, 10s));
  kill_and_restart_c(nodes);
  // Several times what reconnection takes with a refresh interval.
  std::this_thread::sleep_for(3 * (refresh + connect_time) / 2);
  CHECK(!nodes.cluster.sees("a", "c"));
  CHECK(!nodes.cluster.sees("b", "c"));
  CHECK(nodes.cluster.sees("a", "b"));
  CHECK(nodes.discovery_status("a")["rounds"] == 1);
}
