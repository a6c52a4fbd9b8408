#include <doctest/doctest.h>

#include <mutex>

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

TEST_CASE("disconnecting a peer reports it down on both sides, and it can connect again") {
  // Declared before the nodes: listeners hear the nodes stop, too.
  std::vector<std::string> b_heard;
  std::mutex mutex;
  auto a = start_node("a");
  auto b = start_node("b");
  (*b)->on_peer_event([&](const peer_event& event) {
    std::lock_guard lock{mutex};
    b_heard.push_back((event.what == peer_event::kind::up ? "up " : "down ") + event.reason);
  });
  REQUIRE((*a)->connect(b->address()));
  CHECK((*a)->disconnect((*b)->name()));
  CHECK(eventually([&] { return (*a)->connected_count() == 0 && (*b)->connected_count() == 0; }));
  CHECK_FALSE((*a)->disconnect((*b)->name()));
  REQUIRE((*a)->connect(b->address()));
  CHECK(eventually([&] { return (*b)->connected_count() == 1; }));
  std::lock_guard lock{mutex};
  CHECK(b_heard == std::vector<std::string>{"up ", "down peer left: disconnected by a@127.0.0.1", "up "});
}
