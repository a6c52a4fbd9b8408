#include <doctest/doctest.h>

#include "protocols/discovery/ipv4_range.hpp"

using troupe::proto::ipv4_range;

TEST_CASE("a CIDR range lists its hosts without network and broadcast addresses") {
  auto range = ipv4_range::parse("127.77.4.5/29");
  REQUIRE(range);
  CHECK(range->to_string() == "127.77.4.0/29");
  CHECK(range->hosts()
        == std::vector<std::string>{"127.77.4.1", "127.77.4.2", "127.77.4.3", "127.77.4.4",
                                    "127.77.4.5", "127.77.4.6"});
  CHECK(ipv4_range::parse("10.1.2.3/32")->hosts() == std::vector<std::string>{"10.1.2.3"});
  CHECK(ipv4_range::parse("10.1.2.3/31")->hosts()
        == std::vector<std::string>{"10.1.2.2", "10.1.2.3"});
  CHECK(ipv4_range::parse("10.1.0.0/16")->hosts().size() == 65534);
}

TEST_CASE("a malformed or too large range is refused with a reason") {
  for (auto text : {"", "10.0.0.0", "10.0.0.0/", "10.0.0.0/8", "10.0.0.0/33", "10.0.0/24",
                    "10.0.0.0/24x", "host/24", "::1/128"}) {
    auto range = ipv4_range::parse(text);
    CHECK_MESSAGE(!range, text);
    if (!range)
      CHECK(range.error().starts_with("invalid range"));
  }
}
