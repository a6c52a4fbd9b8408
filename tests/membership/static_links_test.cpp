#include <doctest/doctest.h>

#include <chrono>

#include "tests/membership/network.hpp"

using namespace troupe::proto;
using namespace std::chrono_literals;
using troupe::node_name;
using troupe::test::events_of;
using troupe::test::test_name;
using troupe::test::test_names;
using troupe::test::test_spec;
using troupe::test::test_specs;

namespace {

using fixed = troupe::test::network<static_links>;

// Node 0 is told about 1 and 2; nodes 1 and 2 only about 0.
void start_star(fixed& net) {
  for (int i : {0, 1, 2})
    net.start(test_spec(i));
  net.act(test_name(0), [](static_links& s) { return s.update_members(test_specs({1, 2})); });
  for (int i : {1, 2})
    net.act(test_name(i), [](static_links& s) { return s.update_members(test_specs({0})); });
  net.tick(1s);
}

} // namespace

TEST_CASE("a static node links with exactly the nodes it is told about") {
  fixed net;
  start_star(net);
  CHECK(net.links_of(test_name(0)) == test_names({1, 2}));
  CHECK(net.links_of(test_name(1)) == test_names({0}));
  CHECK(net.links_of(test_name(2)) == test_names({0}));
  CHECK(net.at(test_name(0)).members() == test_names({0, 1, 2}));
  CHECK(net.at(test_name(1)).members() == test_names({0, 1}));
  CHECK(net.at(test_name(0)).members_for_orchestration() == test_specs({0, 1, 2}));
  REQUIRE(net.at(test_name(1)).member(test_name(0)));
  CHECK_FALSE(net.at(test_name(1)).member(test_name(2)));
}

TEST_CASE("a static node closes a link from a node it was not told about") {
  static_links s{test_spec(1)};
  s.update_members(test_specs({0}));
  CHECK(s.on_peer_up(test_spec(2)) == outputs{disconnect{test_name(2)}});
  CHECK(s.linked().empty());
  CHECK(s.check_invariants().empty());
}

TEST_CASE("a new static list dials the added nodes at once and unlinks the dropped ones") {
  fixed net;
  start_star(net);
  auto& log = net.slot(test_name(0)).log;
  log.clear();
  net.act(test_name(0), [](static_links& s) { return s.update_members(test_specs({1})); });
  CHECK(events_of<disconnect>(log) == std::vector{disconnect{test_name(2)}});
  CHECK(events_of<members_changed>(log) == std::vector{members_changed{{}, test_names({2})}});
  CHECK_FALSE(net.linked(test_name(0), test_name(2)));
  log.clear();
  // This node, a repeated name (the later spec counts) and a known node.
  auto moved = test_spec(3, 1, {}, 5000);
  net.start(moved);
  net.act(test_name(0), [&](static_links& s) {
    return s.update_members({test_spec(0), test_spec(1), test_spec(3), moved});
  });
  CHECK(events_of<connect>(log) == std::vector{connect{moved}});
  CHECK(events_of<members_changed>(log) == std::vector{members_changed{test_names({3}), {}}});
  CHECK(net.at(test_name(0)).members() == test_names({0, 1, 3}));
}

TEST_CASE("a static peer that crashed is dialed every reconnect interval and relinked when back") {
  fixed net;
  start_star(net);
  net.crash(test_name(1));
  auto& log = net.slot(test_name(0)).log;
  log.clear();
  net.tick(1s);
  net.tick(1s);
  CHECK(events_of<connect>(log) == std::vector(2, connect{test_spec(1)}));
  CHECK(net.at(test_name(0)).members() == test_names({0, 1, 2}));
  net.start(test_spec(1, 2));
  net.act(test_name(1), [](static_links& s) { return s.update_members(test_specs({0})); });
  CHECK(net.linked(test_name(0), test_name(1)));
  CHECK(net.at(test_name(0)).next_deadline() == net.now() + 1s);
}
