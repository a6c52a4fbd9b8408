#include <doctest/doctest.h>

#include <future>
#include <thread>

#include <caf/all.hpp>

#include "tests/support/test_cluster.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::test;

namespace {

caf::behavior echo(caf::event_based_actor*) {
  return {
    [](const std::string& text) { return "echo: " + text; },
    [](test_point p) { return test_point{p.y, p.x}; },
  };
}

struct pair_of_nodes {
  std::unique_ptr<test_node> a = start_node("a");
  std::unique_ptr<test_node> b = start_node("b");

  pair_of_nodes() {
    auto connected = (*a)->connect(b->address());
    REQUIRE_MESSAGE(connected, (connected ? "" : connected.error().message));
    REQUIRE(eventually([&] { return (*b)->connected_count() == 1; }));
  }

  remote_ref name_on_b(std::string name) { return remote_ref{(*b)->name(), std::move(name)}; }
};

std::string describe(const std::string& text) {
  return text;
}

std::string describe(const test_point& p) {
  return "point " + std::to_string(p.x) + "," + std::to_string(p.y);
}

// The answer to a request, expected to be a T, or the error, as text.
template <class T = std::string>
std::string ask(caf::actor_system& system, const caf::actor& to, caf::message msg) {
  caf::scoped_actor self{system};
  std::string result = "no answer";
  self->request(to, 3s, std::move(msg))
    .receive([&](const T& answer) { result = describe(answer); },
             [&](const caf::error& error) { result = "error: " + system.render(error); });
  return result;
}

} // namespace

TEST_CASE("a request to a registered name on another node gets its answer") {
  pair_of_nodes nodes;
  auto echo_actor = nodes.b->system->spawn(echo);
  REQUIRE((*nodes.b)->register_name("echo", echo_actor));
  auto remote_echo = (*nodes.a)->remote_actor(nodes.name_on_b("echo"));
  CHECK(ask(*nodes.a->system, remote_echo, caf::make_message(std::string{"hello"}))
        == "echo: hello");
  // User-defined types registered on both nodes travel too.
  CHECK(ask<test_point>(*nodes.a->system, remote_echo, caf::make_message(test_point{1, 2}))
        == "point 2,1");
  caf::anon_send_exit(echo_actor, caf::exit_reason::user_shutdown);
}

TEST_CASE("large messages arrive intact after the link was quiet long enough to give its buffers back") {
  pair_of_nodes nodes;
  auto mirror = nodes.b->system->spawn([]() -> caf::behavior {
    return {[](std::vector<char>& bytes) { return std::move(bytes); }};
  });
  REQUIRE((*nodes.b)->register_name("mirror", mirror));
  auto remote_mirror = (*nodes.a)->remote_actor(nodes.name_on_b("mirror"));
  caf::scoped_actor self{*nodes.a->system};
  for (char fill : {'a', 'b'}) {
    // A frame of 1 MiB grows both ends' read buffers to hold it whole.
    std::vector<char> sent(1 << 20, fill);
    std::vector<char> got;
    self->request(remote_mirror, 3s, sent)
      .receive([&](std::vector<char>& back) { got = std::move(back); }, [&](const caf::error&) {});
    CHECK(got == sent);
    if (fill == 'a') // quiet for several liveness ticks (250 ms): the buffers go back
      std::this_thread::sleep_for(1500ms);
  }
  CHECK((*nodes.a)->connected_count() == 1);
  caf::anon_send_exit(mirror, caf::exit_reason::user_shutdown);
}

TEST_CASE("an event-based actor on one node talks with an actor on another") {
  pair_of_nodes nodes;
  REQUIRE((*nodes.b)->register_name("echo", nodes.b->system->spawn(echo)));
  auto remote_echo = (*nodes.a)->remote_actor(nodes.name_on_b("echo"));
  auto answer = std::make_shared<std::promise<std::string>>();
  nodes.a->system->spawn([=](caf::event_based_actor* self) {
    self->request(remote_echo, 3s, std::string{"from an actor"})
      .then([=](const std::string& text) { answer->set_value(text); },
            [=](const caf::error&) { answer->set_value("error"); });
  });
  auto future = answer->get_future();
  REQUIRE(future.wait_for(5s) == std::future_status::ready);
  CHECK(future.get() == "echo: from an actor");
}

TEST_CASE("a pid ref reaches its actor, prints and parses back, and knows its node") {
  pair_of_nodes nodes;
  auto echo_actor = nodes.b->system->spawn(echo);
  auto ref = (*nodes.b)->ref_of(echo_actor);
  CHECK((*nodes.b)->is_local(ref));
  CHECK_FALSE((*nodes.a)->is_local(ref));
  CHECK(node_of(ref) == (*nodes.b)->name());
  auto parsed = remote_ref::parse(ref.to_string());
  REQUIRE(parsed);
  CHECK(*parsed == ref);
  auto handle = (*nodes.a)->remote_actor(*parsed);
  CHECK(ask(*nodes.a->system, handle, caf::make_message(std::string{"by pid"})) == "echo: by pid");
  // Once the actor is gone, a request learns it.
  caf::anon_send_exit(echo_actor, caf::exit_reason::user_shutdown);
  CHECK(eventually([&] {
    return ask(*nodes.a->system, handle, caf::make_message(std::string{"x"})).starts_with("error");
  }));
}

TEST_CASE("a ref to an earlier run of a node is stale") {
  pair_of_nodes nodes;
  auto echo_actor = nodes.b->system->spawn(echo);
  auto current = (*nodes.b)->ref_of(echo_actor);
  remote_ref earlier{current.node(), remote_ref::pid{current.actor()->incarnation - 1,
                                                     current.actor()->id}};
  CHECK_FALSE((*nodes.b)->is_local(earlier));
  auto answer = ask(*nodes.a->system, (*nodes.a)->remote_actor(earlier),
                    caf::make_message(std::string{"x"}));
  CHECK(answer.find("stale_ref") != std::string::npos);
  CHECK((*nodes.a)->forward_message(earlier, caf::make_message(1)).error() == errc::stale_ref);
  CHECK((*nodes.a)->stats().dropped_stale_ref == 2);
  caf::anon_send_exit(echo_actor, caf::exit_reason::user_shutdown);
}

TEST_CASE("an unknown name is an error for a request and a counted drop for a send") {
  pair_of_nodes nodes;
  auto nobody = (*nodes.a)->remote_actor(nodes.name_on_b("nobody"));
  auto answer = ask(*nodes.a->system, nobody, caf::make_message(std::string{"x"}));
  CHECK(answer.find("unknown_name") != std::string::npos);
  CHECK(answer.find("nobody") != std::string::npos);
  CHECK((*nodes.a)->forward_message((*nodes.b)->name(), "nobody", caf::make_message(1)));
  CHECK(eventually([&] { return (*nodes.b)->stats().dropped_unknown_destination == 2; }));
}

TEST_CASE("sending to a node without a session fails at once") {
  auto a = start_node("a");
  auto stranger = *node_name::parse("stranger@127.0.0.1");
  auto answer = ask(*a->system, (*a)->remote_actor(remote_ref{stranger, "echo"}),
                    caf::make_message(std::string{"x"}));
  CHECK(answer.find("not_connected") != std::string::npos);
  CHECK((*a)->forward_message(stranger, "echo", caf::make_message(1)).error()
        == errc::not_connected);
  CHECK((*a)->stats().dropped_not_connected == 2);
}

TEST_CASE("names are released when their actor ends, and cannot be taken twice") {
  auto a = start_node("a");
  auto first = a->system->spawn(echo);
  REQUIRE((*a)->register_name("svc", first));
  CHECK_FALSE((*a)->register_name("svc", a->system->spawn(echo)));
  CHECK_FALSE((*a)->register_name("bad name", first));
  CHECK((*a)->whereis("svc") == first);
  caf::anon_send_exit(first, caf::exit_reason::user_shutdown);
  CHECK(eventually([&] { return !(*a)->whereis("svc"); }));
  CHECK((*a)->register_name("svc", a->system->spawn(echo)));
  CHECK((*a)->unregister_name("svc"));
  CHECK_FALSE((*a)->unregister_name("svc"));
}

/// a and c both connected to b, not to each other.
struct three_nodes {
  std::unique_ptr<test_node> a = start_node("a");
  std::unique_ptr<test_node> b = start_node("b");
  std::unique_ptr<test_node> c = start_node("c");

  three_nodes() {
    REQUIRE((*a)->connect(b->address()));
    REQUIRE((*c)->connect(b->address()));
    REQUIRE(eventually([&] { return (*b)->connected_count() == 2; }));
  }
};

TEST_CASE_FIXTURE(three_nodes, "with three nodes, each answer returns to the node that asked") {
  auto echo_actor = b->system->spawn(echo);
  REQUIRE((*b)->register_name("echo", echo_actor));
  remote_ref echo_on_b{(*b)->name(), "echo"};
  for (int round = 0; round < 3; ++round) {
    CHECK(ask(*a->system, (*a)->remote_actor(echo_on_b), caf::make_message(std::string{"a"}))
          == "echo: a");
    CHECK(ask(*c->system, (*c)->remote_actor(echo_on_b), caf::make_message(std::string{"c"}))
          == "echo: c");
  }
  CHECK((*b)->stats().dropped_unknown_destination == 0);
  caf::anon_send_exit(echo_actor, caf::exit_reason::user_shutdown);
}

TEST_CASE_FIXTURE(three_nodes, "an actor handle inside a message reaches its actor on its own node") {
  // b passes `text` on to whatever actor the message names.
  auto passer = b->system->spawn([](caf::event_based_actor* self) -> caf::behavior {
    return {[=](const caf::actor& to, const std::string& text) { self->send(to, text); }};
  });
  REQUIRE((*b)->register_name("passer", passer));
  auto got = std::make_shared<std::promise<std::string>>();
  auto listener = c->system->spawn([got](caf::event_based_actor*) -> caf::behavior {
    return {[got](const std::string& text) { got->set_value(text); }};
  });
  auto passer_on_b = (*c)->remote_actor(remote_ref{(*b)->name(), "passer"});
  caf::anon_send(passer_on_b, listener, std::string{"passed back"});
  auto future = got->get_future();
  REQUIRE(future.wait_for(5s) == std::future_status::ready);
  CHECK(future.get() == "passed back");
  for (auto& who : {passer, listener})
    caf::anon_send_exit(who, caf::exit_reason::user_shutdown);
}
