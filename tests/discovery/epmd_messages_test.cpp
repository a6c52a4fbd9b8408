#include <doctest/doctest.h>

#include "protocols/discovery/epmd_messages.hpp"

using namespace std::string_literals;
namespace epmd = troupe::proto::epmd;

TEST_CASE("an ALIVE2 request carries the length, port, hidden node type, name and troupe mark") {
  auto request = epmd::alive2_request("alpha", 4000);
  CHECK(request
        == "\x00\x18"        // length 24
           "x\x0f\xa0"        // ALIVE2_REQ, port 4000
           "H\x00"            // hidden node (72), TCP/IPv4
           "\x00\x06\x00\x06" // distribution versions 6 to 6
           "\x00\x05"
           "alpha"
           "\x00\x06"
           "troupe"s);
}

TEST_CASE("epmd's ALIVE2 replies give the creation, or the refusal in words") {
  CHECK((epmd::alive2_response_size("") == std::nullopt));
  CHECK((epmd::alive2_response_size("v") == 6u));
  CHECK((epmd::alive2_response_size("y") == 4u));
  CHECK((epmd::alive2_response_size("?") == 0u));
  CHECK((epmd::parse_alive2_response("v\x00\x00\x00\x01\x02"s) == 0x0102u));
  CHECK((epmd::parse_alive2_response("y\x00\x00\x07"s) == 7u));
  auto refused = epmd::parse_alive2_response("v\x01\x00\x00\x00\x00"s);
  REQUIRE(!refused);
  CHECK(refused.error().find("refused") != std::string::npos);
  CHECK(!epmd::parse_alive2_response("v\x00\x00"s));
  CHECK(!epmd::parse_alive2_response("garbage"));
}

TEST_CASE("PORT_PLEASE2 asks by name and its reply tells port, type and extra") {
  CHECK(epmd::port_please2_request("alpha") == "\x00\x06zalpha"s);
  auto known = epmd::parse_port2_response(
    "w\x00\x0f\xa0H\x00\x00\x06\x00\x06\x00\x05" "alpha\x00\x06troupe"s);
  REQUIRE(known);
  REQUIRE(*known);
  CHECK((*known)->port == 4000);
  CHECK((*known)->node_type == epmd::hidden_node);
  CHECK((*known)->name == "alpha");
  CHECK((*known)->extra == "troupe");
  auto unknown = epmd::parse_port2_response("w\x01"s);
  REQUIRE(unknown);
  CHECK(!*unknown);
}

TEST_CASE("a truncated or foreign PORT2 reply is an error, not a node") {
  for (auto reply : {""s, "w"s, "x\x00"s, "w\x01junk"s, "w\x00\x0f\xa0H\x00\x00\x06\x00\x06\x00\x09" "alpha"s,
                     "w\x00\x00\x00H\x00\x00\x06\x00\x06\x00\x00\x00\x00"s})
    CHECK_MESSAGE(!epmd::parse_port2_response(reply), reply);
}

TEST_CASE("NAMES lists every registered node with its port") {
  CHECK(epmd::names_request() == "\x00\x01n"s);
  auto names = epmd::parse_names_response(
    "\x00\x00\x11\x11name alpha at port 4000\nname b at port 1\n"s);
  REQUIRE(names);
  CHECK(*names == std::vector<epmd::name_entry>{{"alpha", 4000}, {"b", 1}});
  auto none = epmd::parse_names_response("\x00\x00\x11\x11"s);
  REQUIRE(none);
  CHECK(none->empty());
}

TEST_CASE("a NAMES reply with a broken line is rejected whole") {
  for (auto reply : {""s, "\x00\x00"s, "\x00\x00\x11\x11name alpha at port 4000"s,
                     "\x00\x00\x11\x11name alpha at port 70000\n"s,
                     "\x00\x00\x11\x11name  at port 1\n"s,
                     "\x00\x00\x11\x11hello\n"s,
                     "\x00\x00\x11\x11name a at port 0\n"s})
    CHECK_MESSAGE(!epmd::parse_names_response(reply), reply);
}
