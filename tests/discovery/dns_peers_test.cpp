#include <doctest/doctest.h>

#include "discovery/dns_peers.hpp"

using namespace troupe::discovery;

TEST_CASE("a DNS answer becomes basename@host, dialed at the address DNS gave") {
  auto peer = dns_peer("node", "n2.cluster.test", "10.0.0.2", 4000);
  REQUIRE(peer);
  CHECK(peer->name->str() == "node@n2.cluster.test");
  CHECK(peer->endpoint() == "10.0.0.2:4000");
  CHECK(dns_peer("node", "10.0.0.2", "10.0.0.2", 4000)->to_string() == "node@10.0.0.2:4000");
}

TEST_CASE("an IPv6 address makes a nameless peer, since node names have no colons") {
  auto peer = dns_peer("node", "fd00::2", "fd00::2", 4000);
  REQUIRE(peer);
  CHECK(!peer->name);
  CHECK(peer->endpoint() == "[fd00::2]:4000");
}

TEST_CASE("a host name from DNS that makes no node name is a problem in words") {
  for (auto host : {"bad_name.test", "-x.test", "", "a b"}) {
    auto peer = dns_peer("node", host, "10.0.0.2", 4000);
    CHECK_MESSAGE(!peer, host);
    if (!peer)
      CHECK(peer.error().find("makes no node name") != std::string::npos);
  }
}

TEST_CASE("host types are ip or hostname") {
  CHECK(parse_host_type("ip") == host_type::ip);
  CHECK(parse_host_type("hostname") == host_type::hostname);
  CHECK(!parse_host_type("IP"));
}
