#include <doctest/doctest.h>

#include <future>

#include <asio.hpp>

#include "tests/support/test_cluster.hpp"

using namespace troupe;
using namespace troupe::test;

namespace {

connect_error::code error_of(const node::connect_result& result) {
  REQUIRE_FALSE(result);
  return result.error().what;
}

} // namespace

TEST_CASE("a node with another cookie is refused with an auth error and no session forms") {
  auto a = start_node("a");
  auto config = local_config("b");
  config.cookie = "another secret";
  auto b = start_node(config);
  CHECK(error_of((*a)->connect(b->address())) == connect_error::code::auth_failed);
  CHECK(error_of((*b)->connect(a->address())) == connect_error::code::auth_failed);
  CHECK((*a)->nodes().empty());
  CHECK((*b)->nodes().empty());
  CHECK((*a)->forward_message((*b)->name(), "x", caf::make_message(1)).error()
        == errc::not_connected);
  CHECK((*a)->stats().handshakes_refused + (*b)->stats().handshakes_refused >= 2);
}

TEST_CASE("connecting to itself or twice to a peer is ignored") {
  auto a = start_node("a");
  auto b = start_node("b");
  CHECK(error_of((*a)->connect(a->address())) == connect_error::code::ignored);
  REQUIRE((*a)->connect(b->address()));
  CHECK(error_of((*a)->connect(b->address())) == connect_error::code::ignored);
  // By address only, the second dial is refused once the peer is known.
  CHECK(error_of((*a)->connect("127.0.0.1:" + std::to_string(b->port())))
        == connect_error::code::ignored);
  CHECK((*a)->nodes().size() == 1);
}

TEST_CASE("dialing one's own address is a self connection") {
  auto a = start_node("a");
  CHECK(error_of((*a)->connect("127.0.0.1:" + std::to_string(a->port())))
        == connect_error::code::self_connection);
}

TEST_CASE("reaching another node than the one named is refused") {
  auto a = start_node("a");
  auto b = start_node("b");
  CHECK(error_of((*a)->connect("c@127.0.0.1:" + std::to_string(b->port())))
        == connect_error::code::wrong_node);
}

TEST_CASE("a closed port is not found and a bad address is an error with its reason") {
  auto a = start_node("a");
  asio::io_context io;
  asio::ip::tcp::acceptor probe{io, {asio::ip::make_address("127.0.0.1"), 0}};
  auto closed_port = probe.local_endpoint().port();
  probe.close();
  CHECK(error_of((*a)->connect("b@127.0.0.1:" + std::to_string(closed_port)))
        == connect_error::code::not_found);
  auto no_port = (*a)->connect("b@127.0.0.1");
  CHECK(error_of(no_port) == connect_error::code::not_found);
  CHECK(no_port.error().message.find("port") != std::string::npos);
  CHECK(error_of((*a)->connect("b@no-such-host.invalid:4000")) == connect_error::code::not_found);
}

TEST_CASE("two live nodes with one name: the second is refused as a duplicate") {
  auto c = start_node("c");
  auto first = start_node("x");
  auto second = start_node("x");
  REQUIRE((*first)->connect(c->address()));
  CHECK(error_of((*second)->connect(c->address())) == connect_error::code::duplicate_name);
  CHECK((*c)->nodes() == std::vector{(*first)->name()});
}

TEST_CASE("nodes that dial each other at once end with one session") {
  for (int round = 0; round < 10; ++round) {
    CAPTURE(round);
    std::atomic<int> ups{0};
    std::atomic<int> downs{0};
    auto config_a = local_config("a");
    auto config_b = local_config("b");
    config_a.log = config_b.log = log_level::info;
    auto a = start_node(config_a);
    auto b = start_node(config_b);
    for (auto* n : {a.get(), b.get()})
      (*n)->on_peer_event([&](const peer_event& e) {
        ++(e.what == peer_event::kind::up ? ups : downs);
        if (e.what == peer_event::kind::down)
          MESSAGE("down: " << e.node.str() << ": " << e.reason);
      });
    std::promise<node::connect_result> from_a;
    std::promise<node::connect_result> from_b;
    (*a)->connect(b->address(), [&](auto r) { from_a.set_value(r); });
    (*b)->connect(a->address(), [&](auto r) { from_b.set_value(r); });
    auto result_a = from_a.get_future().get();
    auto result_b = from_b.get_future().get();
    CHECK_MESSAGE((result_a || result_a.error().what == connect_error::code::ignored),
                  (result_a ? "" : result_a.error().message));
    CHECK_MESSAGE((result_b || result_b.error().what == connect_error::code::ignored),
                  (result_b ? "" : result_b.error().message));
    // One set of links, the same seen from both sides, and no flapping.
    std::vector<link_info> at_a;
    std::vector<link_info> at_b;
    REQUIRE(eventually([&] {
      at_a = (*a)->links((*b)->name());
      at_b = (*b)->links((*a)->name());
      return at_a.size() == 1 && at_b.size() == 1 && at_a[0].local == at_b[0].remote;
    }));
    CHECK(at_a[0].outbound != at_b[0].outbound);
    CHECK(ups.load() == 2);
    CHECK(downs.load() == 0);
  }
}

TEST_CASE("starting fails with a typed error") {
  auto system_config = std::make_unique<troupe::config>();
  caf::actor_system system{*system_config};
  auto start = [&](node_config config) { return node::start(system, config); };
  auto config = local_config("a");
  config.name = "no-host";
  CHECK(start(config).error().what == start_error::code::invalid_name);
  config = local_config("a");
  config.cookie = std::string(256, 'c');
  CHECK(start(config).error().what == start_error::code::cookie_too_long);
  config = local_config("a");
  config.parallelism = 0;
  CHECK(start(config).error().what == start_error::code::invalid_config);
  auto other = start_node("other");
  config = local_config("a");
  config.listen = {"127.0.0.1:" + std::to_string(other->port())};
  auto in_use = start(config);
  CHECK(in_use.error().what == start_error::code::address_in_use);
  CHECK(in_use.error().message.find("in use") != std::string::npos);
  auto running = start(local_config("a"));
  REQUIRE(running);
  CHECK(start(local_config("b")).error().what == start_error::code::already_started);
  running->stop();
  CHECK(start(local_config("b")));
}
