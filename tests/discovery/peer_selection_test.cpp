#include <doctest/doctest.h>

#include "protocols/discovery/peer_selection.hpp"

using namespace troupe;
using proto::found_peer;

namespace {

found_peer peer(const std::string& text) {
  return *peer_address::parse(text);
}

node_name name(const std::string& text) {
  return *node_name::parse(text);
}

const proto::self_identity self{name("a@10.0.0.1"), {"10.0.0.1:4000"}};

} // namespace

TEST_CASE("the loop dials the peers found that are not connected, each once") {
  std::vector<found_peer> found{peer("b@10.0.0.2:4000"), peer("c@10.0.0.3:4000"),
                                peer("b@10.0.0.2:4000")};
  CHECK(proto::peers_to_dial(found, {name("c@10.0.0.3")}, self, {}) == std::vector<std::size_t>{0});
}

TEST_CASE("the loop never dials its own node, by name or by listen address") {
  std::vector<found_peer> found{peer("a@10.0.0.1:4000"), peer("10.0.0.1:4000"),
                                peer("10.0.0.1:4001")};
  CHECK(proto::peers_to_dial(found, {}, self, {}) == std::vector<std::size_t>{2});
}

TEST_CASE("a nameless target counts as connected when a connected node has its host") {
  std::vector<found_peer> found{peer("10.0.0.2:4000"), peer("10.0.0.3:4000")};
  CHECK(proto::peers_to_dial(found, {name("x@10.0.0.2")}, self, {})
        == std::vector<std::size_t>{1});
}

TEST_CASE("a target being dialed is not dialed again until its dial ends") {
  std::vector<found_peer> found{peer("b@10.0.0.2:4000"), peer("c@10.0.0.3:4000")};
  auto dialing = std::set<std::string>{proto::dial_key(found[0])};
  CHECK(proto::peers_to_dial(found, {}, self, dialing) == std::vector<std::size_t>{1});
}

TEST_CASE("a peer named after a host name but dialed at an address is one target") {
  found_peer by_name{name("b@b.cluster.test"), "10.0.0.2", 4000};
  CHECK(proto::dial_key(by_name) == "b@b.cluster.test/10.0.0.2:4000");
  CHECK(proto::dial_key(peer("10.0.0.2:4000")) == "/10.0.0.2:4000");
  CHECK(proto::peers_to_dial({by_name}, {name("b@b.cluster.test")}, self, {}).empty());
}
