#include <doctest/doctest.h>

#include <algorithm>
#include <array>

#include "protocols/peer_directory.hpp"

using namespace troupe::wire;
using troupe::node_name;
using troupe::proto::peer_directory;

namespace {

node_identity identity(std::string_view name, std::uint64_t incarnation = 1,
                       std::uint16_t parallelism = 1, std::size_t channels = 1) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < channels; ++i)
    names.push_back("c" + std::to_string(i));
  return {*node_name::parse(name), incarnation, {}, "", names, parallelism};
}

constexpr connection_slot primary(std::uint64_t session) { return {session, 0, 0}; }

} // namespace

TEST_CASE("a session is up once every lane of every channel is established") {
  peer_directory a{identity("a@h", 1, 2, 2)};
  auto b = identity("b@h");
  CHECK_FALSE(a.on_authenticated(10, true, b, primary(10)).refusal);
  CHECK(a.on_established(10, primary(10)) == nullptr);
  for (auto [channel, lane] : {std::pair{0, 1}, {1, 0}}) {
    connection_slot slot{10, static_cast<std::uint16_t>(channel), static_cast<std::uint16_t>(lane)};
    CHECK_FALSE(a.on_authenticated(10, true, b, slot).refusal);
    CHECK(a.on_established(10, slot) == nullptr);
  }
  connection_slot last{10, 1, 1};
  CHECK_FALSE(a.on_authenticated(10, true, b, last).refusal);
  auto* up = a.on_established(10, last);
  REQUIRE(up != nullptr);
  CHECK(up->peer.name == b.name);
  CHECK(up->up);
  CHECK(a.find(b.name) == up);
}

TEST_CASE("lanes must belong to a known session, once each, within its layout") {
  peer_directory a{identity("a@h")};
  auto b = identity("b@h", 1, 2);
  CHECK(a.on_authenticated(5, false, b, {5, 0, 1}).refusal == refusal::unknown_session);
  CHECK_FALSE(a.on_authenticated(5, false, b, primary(5)).refusal);
  CHECK(a.on_authenticated(5, false, b, {5, 0, 2}).refusal == refusal::protocol_error);
  CHECK(a.on_authenticated(5, false, b, {5, 1, 0}).refusal == refusal::protocol_error);
  CHECK_FALSE(a.on_authenticated(5, false, b, {5, 0, 1}).refusal);
  CHECK(a.on_authenticated(5, false, b, {5, 0, 1}).refusal == refusal::protocol_error);
  // A lane claiming the session from another node, or another incarnation.
  CHECK(a.on_authenticated(5, false, identity("c@h", 1, 2), {5, 0, 1}).refusal
        == refusal::unknown_session);
  CHECK(a.on_authenticated(5, false, identity("b@h", 2, 2), {5, 0, 1}).refusal
        == refusal::unknown_session);
}

TEST_CASE("a second session from the same dialer is refused") {
  peer_directory a{identity("a@h")};
  auto b = identity("b@h");
  CHECK_FALSE(a.on_authenticated(1, true, b, primary(1)).refusal);
  CHECK(a.on_authenticated(2, true, b, primary(2)).refusal == refusal::already_connected);
  CHECK(a.find(b.name)->id == 1);
}

TEST_CASE("a session id cannot be taken over by another peer") {
  peer_directory a{identity("a@h")};
  CHECK_FALSE(a.on_authenticated(1, false, identity("b@h"), primary(1)).refusal);
  CHECK(a.on_authenticated(1, false, identity("c@h"), primary(1)).refusal
        == refusal::protocol_error);
  CHECK(a.find(1)->peer.name == *node_name::parse("b@h"));
}

TEST_CASE("another incarnation of a connected node is a duplicate name") {
  peer_directory a{identity("a@h")};
  CHECK_FALSE(a.on_authenticated(1, false, identity("b@h", 1), primary(1)).refusal);
  CHECK(a.on_authenticated(2, false, identity("b@h", 2), primary(2)).refusal
        == refusal::duplicate_name);
  // Once the old session closes, the new incarnation is welcome.
  CHECK(a.on_closed(1));
  CHECK_FALSE(a.on_authenticated(2, false, identity("b@h", 2), primary(2)).refusal);
}

TEST_CASE("closing reports a session once, with whether it was up") {
  peer_directory a{identity("a@h")};
  auto b = identity("b@h");
  CHECK_FALSE(a.on_authenticated(1, true, b, primary(1)).refusal);
  REQUIRE(a.on_established(1, primary(1)));
  auto closed = a.on_closed(1);
  REQUIRE(closed);
  CHECK(closed->up);
  CHECK_FALSE(a.on_closed(1));
  CHECK(a.find(b.name) == nullptr);
}

// Crossed dials, in every order the network allows: a's session (id 1) and
// b's session (id 2) each reach authentication at the dialer first, then at
// the acceptor, unless refused earlier. Both nodes must keep a's session,
// since "a@h" < "b@h", and close every other.
TEST_CASE("crossed dials end with the lower name's session on both nodes, in every order") {
  struct event {
    char at;    // node where it happens
    int session;
    bool outbound;
  };
  std::array<event, 4> events{{{'a', 1, true}, {'b', 1, false}, {'b', 2, true}, {'a', 2, false}}};
  std::array<int, 4> order{0, 1, 2, 3};
  int orders = 0;
  do {
    auto position = [&](int e) { return std::ranges::find(order, e) - order.begin(); };
    if (position(0) > position(1) || position(2) > position(3))
      continue; // the dialer authenticates before the acceptor
    ++orders;
    peer_directory a{identity("a@h")};
    peer_directory b{identity("b@h")};
    std::array<bool, 3> refused_at_dialer{};
    for (int e : order) {
      auto& ev = events[e];
      if (!ev.outbound && refused_at_dialer[ev.session])
        continue; // the dialer gave up; the acceptor never hears of it
      auto& dir = ev.at == 'a' ? a : b;
      auto peer = ev.at == 'a' ? identity("b@h") : identity("a@h");
      auto verdict = dir.on_authenticated(ev.session, ev.outbound, peer, primary(ev.session));
      if (verdict.refusal && ev.outbound)
        refused_at_dialer[ev.session] = true;
      if (!verdict.refusal)
        dir.on_established(ev.session, primary(ev.session));
    }
    CAPTURE(orders);
    REQUIRE(a.find(*node_name::parse("b@h")) != nullptr);
    REQUIRE(b.find(*node_name::parse("a@h")) != nullptr);
    CHECK(a.find(*node_name::parse("b@h"))->id == 1);
    CHECK(b.find(*node_name::parse("a@h"))->id == 1);
    CHECK(a.find(2) == nullptr);
    CHECK(b.find(2) == nullptr);
  } while (std::ranges::next_permutation(order).found);
  CHECK(orders == 6);
}

TEST_CASE("a superseded session is handed back so its owner can close it") {
  peer_directory b{identity("b@h")};
  auto a = identity("a@h");
  CHECK_FALSE(b.on_authenticated(2, true, a, primary(2)).refusal);
  REQUIRE(b.on_established(2, primary(2)));
  auto verdict = b.on_authenticated(1, false, a, primary(1));
  CHECK_FALSE(verdict.refusal);
  REQUIRE(verdict.superseded.size() == 1);
  CHECK(verdict.superseded[0].id == 2);
  CHECK(verdict.superseded[0].up);
  CHECK_FALSE(b.on_closed(2));
}
