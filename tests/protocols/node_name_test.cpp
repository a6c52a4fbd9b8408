#include <doctest/doctest.h>

#include "protocols/node_name.hpp"

using troupe::node_name;

TEST_CASE("a valid node name splits into name and host") {
  auto parsed = node_name::parse("worker_1.a-b@db-3.example.com");
  REQUIRE(parsed);
  CHECK(parsed->str() == "worker_1.a-b@db-3.example.com");
  CHECK(parsed->name() == "worker_1.a-b");
  CHECK(parsed->host() == "db-3.example.com");
  CHECK(node_name::parse("a@127.0.0.1"));
  CHECK(node_name::parse("a@localhost"));
}

TEST_CASE("malformed node names are refused with a reason") {
  for (auto text : {"", "nohost", "@host", "name@", "a@b@c", "a b@host", "a@host name",
                    "a:1@host", "a@host:4000", "a@-host", "a@host-", "a@host.", "a@.host",
                    "a@ho..st", "a@::1", "é@host"}) {
    CAPTURE(text);
    auto parsed = node_name::parse(text);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().starts_with("invalid node name"));
  }
}

TEST_CASE("node names are limited in length") {
  CHECK(node_name::parse(std::string(64, 'n') + "@h"));
  CHECK_FALSE(node_name::parse(std::string(65, 'n') + "@h"));
  std::string label(63, 'h');
  CHECK(node_name::parse("n@" + label));
  CHECK_FALSE(node_name::parse("n@" + label + "h"));
  // 4 labels of 63 make a host of 255 bytes: over both host and total limits.
  auto long_host = label + "." + label + "." + label + "." + label;
  auto too_long = node_name::parse("n@" + long_host);
  REQUIRE_FALSE(too_long);
  CHECK(too_long.error().find("255") != std::string::npos);
}

TEST_CASE("node names order and compare by their text") {
  auto a = *node_name::parse("a@h");
  auto b = *node_name::parse("b@h");
  CHECK(a < b);
  CHECK(a == *node_name::parse("a@h"));
  CHECK(std::hash<node_name>{}(a) == std::hash<node_name>{}(*node_name::parse("a@h")));
}
