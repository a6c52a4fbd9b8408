#include <doctest/doctest.h>

#include <chrono>

#include "tests/membership/network.hpp"

using namespace troupe::proto;
using namespace std::chrono_literals;
using troupe::test::joins;
using troupe::test::start_cluster;
using troupe::test::test_name;
using troupe::test::test_spec;

namespace {

using cluster = troupe::test::network<membership>;

// Gossip rounds until every node lists `size` members, at most `limit`.
int rounds_to_converge(cluster& net, std::size_t size, int limit) {
  auto converged = [&] {
    for (const auto& name : net.names())
      if (net.at(name).members().size() != size)
        return false;
    return true;
  };
  int rounds = 0;
  for (; !converged() && rounds < limit; ++rounds) {
    net.tick(1s);
    net.check_all();
  }
  return rounds;
}

} // namespace

TEST_CASE("32 nodes joining one after another through one seed list 32 members, linked to all") {
  cluster net;
  start_cluster(net, 32);
  CHECK(rounds_to_converge(net, 32, 5) == 0);
  for (const auto& name : net.names())
    CHECK(net.links_of(name).size() == 31);
}

TEST_CASE("32 nodes joining one seed at the same time list 32 members after one gossip round") {
  cluster net;
  start_cluster(net, 32, joins::at_once);
  CHECK(rounds_to_converge(net, 32, 5) == 1);
  for (const auto& name : net.names())
    CHECK(net.links_of(name).size() == 31);
  SUBCASE("and the 24 that survive 8 crashes are linked with each other only") {
    for (int i = 24; i < 32; ++i)
      net.crash(test_name(i));
    net.tick(1s);
    for (const auto& name : net.names()) {
      CHECK(net.at(name).members().size() == 32);
      CHECK(net.at(name).linked().size() == 23);
    }
  }
}

// Full mesh at this size means half a million links, each exchanging sets
// of a thousand members: too slow for a unit test. Client-server keeps the
// same gossip and CRDT at a thousand members with a few links per client.
TEST_CASE("1,000 nodes of a client-server cluster, each joining one server, list 1,000 members") {
  constexpr int servers = 8;
  constexpr int nodes = 1000;
  constexpr membership_config config{.policy = link_policy::client_server};
  cluster net;
  net.check_each_step = false;
  for (int i = 0; i < nodes; ++i)
    net.start(test_spec(i, 1, std::string{i < servers ? server_tag : client_tag}), config);
  for (int i = 1; i < servers; ++i)
    net.act(test_name(i), [](membership& m) { return m.join(test_spec(0)).value(); });
  for (int i = servers; i < nodes; ++i) {
    auto seed = test_spec(i % servers, 1, std::string{server_tag});
    net.post(test_name(i), [&](membership& m) { return m.join(seed).value(); });
  }
  net.deliver();
  net.check_all();
  CHECK(rounds_to_converge(net, nodes, 10) <= 2);
  for (int i = 0; i < nodes; ++i)
    CHECK(net.links_of(test_name(i)).size() == (i < servers ? nodes - 1 : servers));
}
