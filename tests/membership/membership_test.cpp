#include <doctest/doctest.h>

#include <chrono>

#include "tests/membership/network.hpp"

using namespace troupe::proto;
using namespace std::chrono_literals;
using troupe::node_name;
using troupe::test::events_of;
using troupe::test::joins;
using troupe::test::start_cluster;
using troupe::test::test_name;
using troupe::test::test_names;
using troupe::test::test_spec;

namespace {

using mesh = troupe::test::network<membership>;

} // namespace

TEST_CASE("a new node is the only member of its own cluster") {
  membership m{test_spec(0)};
  CHECK(m.members() == test_names({0}));
  REQUIRE(m.member(test_name(0)));
  CHECK(*m.member(test_name(0)) == test_spec(0));
  CHECK(m.members_for_orchestration() == std::vector{test_spec(0)});
  CHECK(m.state().contains(test_spec(0)));
  CHECK(m.check_invariants().empty());
}

TEST_CASE("five nodes that each join through one seed all list all five and link to all") {
  mesh net;
  start_cluster(net, 5);
  for (const auto& name : net.names()) {
    CHECK(net.at(name).members() == test_names({0, 1, 2, 3, 4}));
    CHECK(net.at(name).linked().size() == 4);
    CHECK(net.links_of(name).size() == 4);
  }
}

TEST_CASE("nodes that join at the same time all list each other after a gossip round") {
  mesh net;
  start_cluster(net, 5, joins::at_once);
  CHECK(net.at(test_name(1)).members() == test_names({0, 1}));
  net.tick(1s);
  for (const auto& name : net.names())
    CHECK(net.at(name).members() == test_names({0, 1, 2, 3, 4}));
}

TEST_CASE("a peer whose link is up but whose set has not arrived is a link, not a member") {
  membership m{test_spec(0)};
  auto out = m.on_peer_up(test_spec(1));
  REQUIRE(out.size() == 1);
  auto& sent = std::get<send_state>(out.front());
  CHECK(sent.to == test_name(1));
  CHECK(*sent.state == m.state());
  CHECK(m.members() == test_names({0}));
  CHECK(m.linked() == std::set{test_name(1)});
  CHECK(m.on_tick(time_point{} + 1s).empty()); // no gossip to a non-member
  CHECK(m.check_invariants().empty());
}

TEST_CASE("every gossip interval each linked member gets the set, sharing one snapshot") {
  mesh net;
  start_cluster(net, 3);
  auto& m = net.at(test_name(0));
  auto t0 = time_point{} + 10s;
  auto out = m.on_tick(t0);
  auto sends = events_of<send_state>(out);
  REQUIRE(sends.size() == 2);
  CHECK(sends[0].to == test_name(1));
  CHECK(sends[1].to == test_name(2));
  CHECK(sends[0].state == sends[1].state);
  CHECK(m.on_tick(t0 + 500ms).empty());
  CHECK(events_of<send_state>(m.on_tick(t0 + 1s)).size() == 2);
  CHECK(m.next_deadline() == t0 + 2s);
  CHECK(m.check_invariants().empty());
}

TEST_CASE("a crashed node stays a member and is dialed every reconnect interval") {
  mesh net;
  start_cluster(net, 3);
  net.crash(test_name(2));
  net.clear_logs();
  for (int round = 1; round <= 3; ++round) {
    net.tick(1s);
    for (int survivor : {0, 1}) {
      auto& slot = net.slot(test_name(survivor));
      CHECK(slot.core.members() == test_names({0, 1, 2}));
      CHECK(events_of<connect>(slot.log) == std::vector(round, connect{test_spec(2)}));
    }
  }
  SUBCASE("and is linked again when it comes back at the same address") {
    net.start(test_spec(2, 2)); // a new run, joining no one
    net.tick(1s);
    for (const auto& name : net.names()) {
      CHECK(net.at(name).members() == test_names({0, 1, 2}));
      CHECK(*net.at(name).member(test_name(2)) == test_spec(2, 2));
      CHECK(net.links_of(name).size() == 2);
    }
  }
}

TEST_CASE("a restarted node's new spec replaces its stale one everywhere") {
  mesh net;
  start_cluster(net, 4);
  net.crash(test_name(3));
  auto moved = test_spec(3, 2, {}, 5000); // a new run at a new address
  moved.channels.push_back("bulk");
  moved.parallelism = 4;
  net.start(moved);
  net.act(moved.name, [](membership& m) { return m.join(test_spec(0)).value(); });
  net.tick(1s);
  for (const auto& name : net.names()) {
    auto& m = net.at(name);
    CHECK(m.members() == test_names({0, 1, 2, 3}));
    CHECK(*m.member(moved.name) == moved);
    CHECK(m.state().entries().count(moved.name) == 1);
    CHECK(net.links_of(name).size() == 3);
  }
  // Dials go to the new address only.
  net.clear_logs();
  net.crash(moved.name);
  net.tick(1s);
  CHECK(events_of<connect>(net.slot(test_name(0)).log) == std::vector{connect{moved}});
}

TEST_CASE("a node that leaves tells its links, closes them and refuses to come back") {
  mesh net;
  start_cluster(net, 4);
  auto stale = net.at(test_name(1)).state(); // still holds node 3
  auto leaver = test_name(3);
  net.clear_logs();
  net.act(leaver, [](membership& m) { return m.leave().value(); });

  auto& log = net.slot(leaver).log;
  CHECK(events_of<disconnect>(log).size() == 3);
  CHECK(events_of<members_changed>(log)
        == std::vector{members_changed{{}, test_names({0, 1, 2, 3})}});
  CHECK(events_of<left>(log).size() == 1);
  auto& gone = net.at(leaver);
  CHECK(gone.has_left());
  CHECK(gone.members().empty());
  CHECK_FALSE(gone.member(leaver));
  for (int i : {0, 1, 2}) {
    CHECK(net.at(test_name(i)).members() == test_names({0, 1, 2}));
    CHECK_FALSE(net.linked(test_name(i), leaver));
  }

  CHECK(gone.join(test_spec(0)).error() == membership_error::left);
  CHECK(gone.leave().error() == membership_error::left);
  CHECK(gone.leave(test_name(0)).error() == membership_error::left);
  CHECK(gone.on_state(test_name(0), stale).empty());
  CHECK(gone.on_peer_up(test_spec(0)) == outputs{disconnect{test_name(0)}});
  CHECK(gone.on_tick(time_point{} + 1h).empty());
  CHECK(gone.check_invariants().empty());

  // A set from before the leave does not bring it back, and nobody dials it.
  net.act(test_name(0), [&](membership& m) { return m.on_state(test_name(1), stale); });
  net.clear_logs();
  net.tick(1s);
  for (int i : {0, 1, 2}) {
    CHECK(net.at(test_name(i)).members() == test_names({0, 1, 2}));
    CHECK(events_of<connect>(net.slot(test_name(i)).log).empty());
  }
}

TEST_CASE("removing a node takes it out everywhere and tells it that it left") {
  mesh net;
  start_cluster(net, 4);
  net.clear_logs();
  net.act(test_name(0), [](membership& m) { return m.leave(test_name(3)).value(); });
  auto& log = net.slot(test_name(0)).log;
  CHECK(events_of<disconnect>(log) == std::vector{disconnect{test_name(3)}});
  CHECK(events_of<members_changed>(log) == std::vector{members_changed{{}, test_names({3})}});
  CHECK(net.at(test_name(3)).has_left());
  CHECK(events_of<left>(net.slot(test_name(3)).log).size() == 1);
  net.tick(1s);
  for (int i : {0, 1, 2}) {
    CHECK(net.at(test_name(i)).members() == test_names({0, 1, 2}));
    CHECK(net.links_of(test_name(i)).size() == 2);
    CHECK_FALSE(net.linked(test_name(i), test_name(3)));
  }
  CHECK(net.at(test_name(0)).leave(test_name(3)).error() == membership_error::not_member);
  CHECK(net.at(test_name(0)).join(test_spec(0)).error() == membership_error::self_join);
}

TEST_CASE("a node removed while cut off learns that it left when it reaches a member again") {
  mesh net;
  start_cluster(net, 3);
  net.isolate(test_name(2));
  net.act(test_name(0), [](membership& m) { return m.leave(test_name(2)).value(); });
  CHECK(net.at(test_name(1)).members() == test_names({0, 1}));
  CHECK(net.at(test_name(2)).members() == test_names({0, 1, 2}));
  net.heal(test_name(2));
  net.tick(1s); // node 2 still counts the others as members and dials them
  CHECK(net.at(test_name(2)).has_left());
  CHECK(net.links_of(test_name(2)).empty());
  for (int i : {0, 1})
    CHECK(net.at(test_name(i)).members() == test_names({0, 1}));
}

TEST_CASE("a node that sees a later run of its own name reports that it left") {
  membership old_run{test_spec(0, 1)};
  member_set successor;
  successor.add(actor_of(test_spec(0, 2)), test_spec(0, 2));
  auto out = old_run.on_state(test_name(1), successor);
  CHECK(events_of<left>(out).size() == 1);
  CHECK(old_run.has_left());
  CHECK(old_run.state().elements() == std::vector{test_spec(0, 2)});
  CHECK(old_run.check_invariants().empty());
}

TEST_CASE("a join is retried every reconnect interval until the contact's set arrives") {
  membership m{test_spec(1)};
  CHECK(m.join(test_spec(0)).value() == outputs{connect{test_spec(0)}});
  CHECK(m.on_tick(time_point{} + 1s) == outputs{connect{test_spec(0)}});
  CHECK(m.on_tick(time_point{} + 2s) == outputs{connect{test_spec(0)}});
  m.on_peer_up(test_spec(0));
  membership contact{test_spec(0)};
  m.on_state(test_name(0), contact.state());
  m.on_peer_down(test_name(0));
  // Now a member: dialed as one, not as a pending join.
  CHECK(m.on_tick(time_point{} + 3s) == outputs{connect{test_spec(0)}});
  CHECK(m.check_invariants().empty());
}
