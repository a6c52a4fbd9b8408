#include <doctest/doctest.h>

#include <set>

#include <caf/all.hpp>

#include "tests/support/test_cluster.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::test;

namespace {

caf::behavior idle(caf::event_based_actor*) {
  return {[](int) {}};
}

/// Two connected nodes, a watcher on a and a "worker" registered on b.
struct watched_pair {
  std::unique_ptr<test_node> a = start_node("a");
  std::unique_ptr<test_node> b = start_node("b");
  caf::actor worker = b->system->spawn(idle);
  caf::scoped_actor watcher{*a->system};

  watched_pair() {
    REQUIRE((*a)->connect(b->address()));
    REQUIRE((*b)->register_name("worker", worker));
  }

  ~watched_pair() { caf::anon_send_exit(worker, caf::exit_reason::user_shutdown); }

  caf::actor me() { return caf::actor_cast<caf::actor>(watcher.ptr()); }
  remote_ref worker_ref() { return remote_ref{(*b)->name(), "worker"}; }

  /// The next down_msg, or one with an empty object if none comes in time.
  down_msg next_down() {
    down_msg result;
    watcher->receive([&](const down_msg& down) { result = down; },
                     caf::after(5s) >> [] {});
    return result;
  }

  bool no_entries_left() {
    return eventually([&] {
      return (*a)->monitor_entries() == monitor_counts{} && (*b)->monitor_entries() == monitor_counts{};
    });
  }
};

} // namespace

TEST_CASE_FIXTURE(watched_pair, "a remote actor that ends sends a DOWN with its exit reason") {
  auto ref = (*a)->monitor(me(), worker_ref());
  REQUIRE(eventually([&] { return (*b)->monitor_entries().watched_by_remote == 1; }));
  caf::anon_send_exit(worker, caf::exit_reason::user_shutdown);
  auto down = next_down();
  CHECK(down.ref == ref);
  CHECK(down.object == "troupe:name:b@127.0.0.1:worker");
  CHECK(down.reason == down_reason::exited);
  CHECK(down.detail.find("user_shutdown") != std::string::npos);
  CHECK(no_entries_left());
}

TEST_CASE_FIXTURE(watched_pair, "what does not exist, or ran on an earlier run of its node, is noproc") {
  auto nobody = (*a)->monitor(me(), "nobody", (*b)->name());
  auto down = next_down();
  CHECK(down.ref == nobody);
  CHECK(down.reason == down_reason::noproc);
  auto pid = (*b)->ref_of(worker);
  auto earlier = remote_ref{pid.node(), remote_ref::pid{pid.actor()->incarnation - 1, pid.actor()->id}};
  (*a)->monitor(me(), earlier);
  CHECK(next_down().reason == down_reason::noproc);
  // The current run's pid is watched as long as the actor lives.
  (*a)->monitor(me(), pid);
  CHECK(eventually([&] { return (*b)->monitor_entries().watched_by_remote == 1; }));
}

TEST_CASE_FIXTURE(watched_pair, "losing the node gives noconnection, after every earlier message from it") {
  auto counter = caf::actor_cast<caf::actor>(watcher.ptr());
  (*b)->register_name("sink", b->system->spawn(idle));
  auto watcher_on_b = (*b)->remote_actor((*a)->ref_of(counter));
  (*a)->monitor(me(), worker_ref());
  REQUIRE(eventually([&] { return (*b)->monitor_entries().watched_by_remote == 1; }));
  for (int i = 0; i < 200; ++i)
    caf::anon_send(watcher_on_b, i);
  (*b)->stop();
  int received = 0;
  bool down_after_all = false;
  for (bool done = false; !done;) {
    watcher->receive([&](int i) { received += i == received ? 1 : 0; },
                     [&](const down_msg& down) {
                       down_after_all = received == 200 && down.reason == down_reason::noconnection;
                       done = true;
                     },
                     caf::after(5s) >> [&] { done = true; });
  }
  CHECK(received == 200);
  CHECK(down_after_all);
  CHECK((*a)->monitor_entries() == monitor_counts{});
}

TEST_CASE_FIXTURE(watched_pair, "10,000 monitor and demonitor cycles leave no entry on either node") {
  for (int i = 0; i < 10000; ++i) {
    auto ref = (*a)->monitor(me(), worker_ref());
    REQUIRE((*a)->demonitor(ref, {.info = true}));
  }
  CHECK(no_entries_left());
  // The worker still lives and can be watched.
  auto ref = (*a)->monitor(me(), worker_ref());
  REQUIRE(eventually([&] { return (*b)->monitor_entries().watched_by_remote == 1; }));
  caf::anon_send_exit(worker, caf::exit_reason::kill);
  CHECK(next_down().ref == ref);
  CHECK_FALSE((*a)->demonitor(ref, {.info = true})); // its DOWN came already
  CHECK((*a)->demonitor(ref)); // without info, demonitor says true, as in Erlang
}

TEST_CASE_FIXTURE(watched_pair, "a watcher that ends takes its monitors with it on both nodes") {
  auto short_lived = a->system->spawn(idle);
  (*a)->monitor(short_lived, worker_ref());
  (*a)->monitor(short_lived, (*b)->ref_of(worker));
  REQUIRE(eventually([&] { return (*b)->monitor_entries().watched_by_remote == 2; }));
  caf::anon_send_exit(short_lived, caf::exit_reason::user_shutdown);
  CHECK(no_entries_left());
}

TEST_CASE_FIXTURE(watched_pair, "local actors are monitored by handle and by name, remote ones by handle") {
  auto local = a->system->spawn(idle);
  REQUIRE((*a)->register_name("local", local));
  auto by_handle = (*a)->monitor(me(), local);
  auto by_name = (*a)->monitor(me(), "local", (*a)->name());
  auto through_proxy = (*a)->monitor(me(), (*a)->remote_actor(worker_ref()));
  caf::anon_send_exit(local, caf::exit_reason::user_shutdown);
  std::set<std::uint64_t> ended;
  for (int i = 0; i < 2; ++i) {
    auto down = next_down();
    CHECK(down.reason == down_reason::exited);
    ended.insert(down.ref.id);
  }
  CHECK(ended == std::set{by_handle.id, by_name.id});
  REQUIRE(eventually([&] { return (*b)->monitor_entries().watched_by_remote == 1; }));
  caf::anon_send_exit(worker, caf::exit_reason::user_shutdown);
  CHECK(next_down().ref == through_proxy);
}

TEST_CASE_FIXTURE(watched_pair, "monitor_node gives one nodedown even if asked twice") {
  (*a)->monitor_node(me(), (*b)->name());
  (*a)->monitor_node(me(), (*b)->name());
  CHECK((*a)->monitor_entries().node_monitors == 1);
  (*b)->stop();
  std::vector<nodedown_msg> downs;
  for (bool done = false; !done;)
    watcher->receive([&](const nodedown_msg& down) { downs.push_back(down); },
                     caf::after(1500ms) >> [&] { done = true; });
  REQUIRE(downs.size() == 1);
  CHECK(downs[0].node == "b@127.0.0.1");
  CHECK(downs[0].reason == "peer left: node stopping");
  // A node that is not connected is reported down at once.
  (*a)->monitor_node(me(), (*b)->name());
  watcher->receive([&](const nodedown_msg& down) { CHECK(down.reason == "not connected"); },
                   caf::after(1s) >> [] { FAIL("no nodedown"); });
}

TEST_CASE("monitor_nodes reports nodeup and nodedown, with reasons when asked") {
  auto a = start_node("a");
  caf::scoped_actor plain{*a->system};
  caf::scoped_actor with_reasons{*a->system};
  (*a)->monitor_nodes(caf::actor_cast<caf::actor>(plain.ptr()));
  (*a)->monitor_nodes(caf::actor_cast<caf::actor>(with_reasons.ptr()), true, {.include_reason = true});
  auto b = start_node("b");
  REQUIRE((*a)->connect(b->address()));
  b.reset();
  for (auto* who : {&plain, &with_reasons}) {
    std::string up, down, reason;
    (*who)->receive([&](const nodeup_msg& msg) { up = msg.node; }, caf::after(2s) >> [] {});
    (*who)->receive([&](const nodedown_msg& msg) { down = msg.node, reason = msg.reason; },
                    caf::after(2s) >> [] {});
    CHECK(up == "b@127.0.0.1");
    CHECK(down == "b@127.0.0.1");
    CHECK(reason == (who == &plain ? "" : "peer left: node stopping"));
  }
  (*a)->monitor_nodes(caf::actor_cast<caf::actor>(plain.ptr()), false);
  CHECK((*a)->monitor_entries().node_subscribers == 1);
}
