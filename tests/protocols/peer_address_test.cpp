#include <doctest/doctest.h>

#include "protocols/peer_address.hpp"

using troupe::peer_address;

TEST_CASE("a peer address names the node to expect, or only where to dial") {
  auto named = peer_address::parse("a@127.0.0.1:4000");
  REQUIRE(named);
  REQUIRE(named->name);
  CHECK(named->name->str() == "a@127.0.0.1");
  CHECK(named->host == "127.0.0.1");
  CHECK(named->port == 4000);
  CHECK(named->to_string() == "a@127.0.0.1:4000");

  auto anonymous = peer_address::parse("db-1.example:9");
  REQUIRE(anonymous);
  CHECK_FALSE(anonymous->name);
  CHECK(anonymous->endpoint() == "db-1.example:9");

  auto v6 = peer_address::parse("[::1]:4000");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->to_string() == "[::1]:4000");
}

TEST_CASE("malformed peer addresses are refused with a reason") {
  for (auto text : {"", "host", "host:", "host:0", "host:65536", "host:-1", "host:12x", ":4000",
                    "a@:4000", "bad name@h:1", "[::1:4000", "[]:4000", "a@b@c:1"}) {
    CAPTURE(text);
    auto parsed = peer_address::parse(text);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().starts_with("invalid peer address"));
  }
}

TEST_CASE("listen addresses may ask for any port but name no node") {
  auto any = peer_address::parse_listen("127.0.0.1:0");
  REQUIRE(any);
  CHECK(any->port == 0);
  CHECK(peer_address::parse_listen("[::]:4000")->host == "::");
  CHECK(peer_address::parse_listen("a@h:1").error().starts_with("invalid listen address"));
  CHECK_FALSE(peer_address::parse_listen("h:65536"));
  CHECK_FALSE(peer_address::parse("h:0"));
}
