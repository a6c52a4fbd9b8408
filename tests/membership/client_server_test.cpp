#include <doctest/doctest.h>

#include <chrono>

#include "tests/membership/network.hpp"

using namespace troupe::proto;
using namespace std::chrono_literals;
using troupe::node_name;
using troupe::test::test_name;
using troupe::test::test_names;
using troupe::test::test_spec;

namespace {

using star = troupe::test::network<membership>;

constexpr membership_config client_server{.policy = link_policy::client_server};

member_spec server(int i) { return test_spec(i, 1, std::string{server_tag}); }
member_spec client(int i) { return test_spec(i, 1, std::string{client_tag}); }

void join(star& net, int node, const member_spec& contact) {
  net.act(test_name(node), [&](membership& m) { return m.join(contact).value(); });
}

} // namespace

TEST_CASE("in a client-server cluster clients link only to servers, servers to every member") {
  star net;
  for (int i : {0, 1})
    net.start(server(i), client_server);
  for (int i : {2, 3, 4, 5})
    net.start(client(i), client_server);
  for (int i = 1; i < 6; ++i)
    join(net, i, server(0));
  net.tick(1s);
  for (int i = 0; i < 6; ++i) {
    auto name = test_name(i);
    CHECK(net.at(name).members().size() == 6);
    auto expected = i < 2 ? test_names({0, 1, 2, 3, 4, 5}) : test_names({0, 1});
    std::erase(expected, name);
    CHECK(net.links_of(name) == expected);
    CHECK(net.at(name).linked() == std::set(expected.begin(), expected.end()));
  }
}

TEST_CASE("a client that joins through another client ends up linked only to the server") {
  star net;
  net.start(server(0), client_server);
  net.start(client(1), client_server);
  net.start(client(2), client_server);
  join(net, 1, server(0));
  join(net, 2, client(1));
  net.tick(1s);
  for (int i : {0, 1, 2})
    CHECK(net.at(test_name(i)).members().size() == 3);
  CHECK(net.links_of(test_name(0)) == test_names({1, 2}));
  CHECK(net.links_of(test_name(1)) == test_names({0}));
  CHECK(net.links_of(test_name(2)) == test_names({0}));
}

TEST_CASE("a client dials only the servers among the members it lost") {
  star net;
  net.start(server(0), client_server);
  net.start(server(1), client_server);
  net.start(client(2), client_server);
  net.start(client(3), client_server);
  for (int i : {1, 2, 3})
    join(net, i, server(0));
  net.crash(test_name(0));
  net.crash(test_name(3));
  net.slot(test_name(2)).log.clear();
  net.tick(1s);
  auto dials = troupe::test::events_of<connect>(net.slot(test_name(2)).log);
  CHECK(dials == std::vector{connect{server(0)}});
}
