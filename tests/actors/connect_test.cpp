#include <doctest/doctest.h>

#include "tests/support/test_cluster.hpp"

using namespace troupe;
using namespace troupe::test;

TEST_CASE("two nodes connect, see each other and answer pings") {
  auto a = start_node("a");
  auto b = start_node("b");
  auto connected = (*a)->connect(b->address());
  REQUIRE_MESSAGE(connected, (connected ? "" : connected.error().message));
  CHECK(eventually([&] { return (*b)->nodes().size() == 1; }));
  CHECK((*a)->nodes() == std::vector{(*b)->name()});
  CHECK((*b)->nodes() == std::vector{(*a)->name()});
  CHECK((*a)->connected_count() == 1);
  CHECK((*a)->ping((*b)->name()));
  CHECK((*b)->ping((*a)->name()));
  CHECK((*a)->is_healthy());
  auto health = (*a)->health();
  CHECK(health.self_node == "a@127.0.0.1");
  CHECK(health.is_distributed);
  CHECK(health.connected_nodes == std::vector<std::string>{"b@127.0.0.1"});
  CHECK(health.reachable_nodes == std::vector<std::string>{"b@127.0.0.1"});
  CHECK(health.unreachable_nodes.empty());
}
