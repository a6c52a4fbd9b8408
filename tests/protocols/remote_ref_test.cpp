#include <doctest/doctest.h>

#include "protocols/remote_ref.hpp"

using troupe::node_name;
using troupe::remote_ref;

TEST_CASE("pid and name refs print back exactly what was parsed") {
  for (auto text : {"troupe:pid:a@localhost:1732000000123456:42", "troupe:pid:b@10.0.0.7:0:0",
                    "troupe:name:a@localhost:echo", "troupe:name:a@h:svc:with:colons",
                    "troupe:pid:a@h:18446744073709551615:18446744073709551615"}) {
    CAPTURE(text);
    auto ref = remote_ref::parse(text);
    REQUIRE(ref);
    CHECK(ref->to_string() == text);
  }
}

TEST_CASE("a parsed ref says which node and which actor it names") {
  auto pid = *remote_ref::parse("troupe:pid:a@localhost:7:42");
  CHECK(pid.node() == *node_name::parse("a@localhost"));
  REQUIRE(pid.actor() != nullptr);
  CHECK(pid.actor()->incarnation == 7);
  CHECK(pid.actor()->id == 42);
  CHECK(pid.registered_name() == nullptr);
  auto name = *remote_ref::parse("troupe:name:a@localhost:echo");
  REQUIRE(name.registered_name() != nullptr);
  CHECK(*name.registered_name() == "echo");
  CHECK(name.actor() == nullptr);
}

TEST_CASE("malformed refs are refused") {
  for (auto text : {"", "troupe:", "troupe:pid:a@h", "troupe:pid:a@h:1", "troupe:pid:a@h:1:",
                    "troupe:pid:a@h::1", "troupe:pid:a@h:01:1", "troupe:pid:a@h:-1:1",
                    "troupe:pid:a@h:1:+1", "troupe:pid:a@h:1:18446744073709551616",
                    "troupe:pid:nohost:1:1", "troupe:name:a@h", "troupe:name:a@h:",
                    "troupe:name:a@h:with space", "troupe:name:bad:echo", "troupe:proc:a@h:1",
                    "TROUPE:name:a@h:echo"}) {
    CAPTURE(text);
    auto ref = remote_ref::parse(text);
    REQUIRE_FALSE(ref);
    CHECK(ref.error().starts_with("invalid actor ref"));
  }
}

TEST_CASE("registered names are printable, non-empty and short") {
  CHECK(troupe::is_valid_registered_name("echo"));
  CHECK(troupe::is_valid_registered_name("a:b/c"));
  CHECK_FALSE(troupe::is_valid_registered_name(""));
  CHECK_FALSE(troupe::is_valid_registered_name("a b"));
  CHECK_FALSE(troupe::is_valid_registered_name("tab\there"));
  CHECK_FALSE(troupe::is_valid_registered_name(std::string(256, 'x')));
}
