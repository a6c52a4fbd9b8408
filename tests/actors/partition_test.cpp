#include <doctest/doctest.h>

#include <mutex>

#include <caf/all.hpp>

#include "tests/support/test_cluster.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::test;

namespace {

caf::behavior counter(caf::stateful_actor<int>* self) {
  return {[=](int) { ++self->state; }, [=](const std::string&) { return self->state; }};
}

int count_of(test_node& node, const caf::actor& who) {
  caf::scoped_actor self{*node.system};
  int result = -1;
  self->request(who, 2s, std::string{"count"}).receive([&](int n) { result = n; },
                                                       [&](const caf::error&) {});
  return result;
}

} // namespace

TEST_CASE("an injected partition cuts both ways until it is resolved") {
  std::vector<std::string> a_heard;
  std::mutex mutex;
  auto a = start_node("a");
  auto b = start_node("b");
  (*a)->on_peer_event([&](const peer_event& event) {
    std::lock_guard lock{mutex};
    if (event.what == peer_event::kind::down)
      a_heard.push_back(event.reason);
  });
  auto sink = b->system->spawn(counter);
  REQUIRE((*b)->register_name("sink", sink));
  REQUIRE((*a)->connect(b->address()));
  auto sink_on_b = (*a)->remote_actor(remote_ref{(*b)->name(), "sink"});

  auto ref = (*a)->inject_partition((*b)->name(), 60s);
  REQUIRE((*a)->partitions().size() == 1);
  CHECK((*a)->partitions()[0].peer == (*b)->name());
  caf::anon_send(sink_on_b, 1); // lost in the partition
  // Neither side hears the other: both declare it down by heartbeat timeout.
  CHECK(eventually([&] { return (*a)->connected_count() == 0 && (*b)->connected_count() == 0; },
                   3s));
  {
    std::lock_guard lock{mutex};
    REQUIRE(a_heard.size() == 1);
    INFO("a heard: ", a_heard[0]);
    CHECK(a_heard[0].find("heartbeat timeout") != std::string::npos);
  }
  auto again = (*a)->connect(b->address());
  REQUIRE_FALSE(again);
  CHECK(again.error().what == connect_error::code::refused);
  auto back = (*b)->connect(a->address());
  REQUIRE_FALSE(back);
  CHECK(back.error().message.find("partitioned") != std::string::npos);

  CHECK((*a)->resolve_partition(ref));
  CHECK_FALSE((*a)->resolve_partition(ref));
  CHECK((*a)->partitions().empty());
  REQUIRE((*a)->connect(b->address()));
  caf::anon_send(sink_on_b, 1);
  CHECK(eventually([&] { return count_of(*b, sink) == 1; }));
  caf::anon_send_exit(sink, caf::exit_reason::user_shutdown);
}

TEST_CASE("a partition ends by itself when its time is up") {
  auto a = start_node("a");
  auto b = start_node("b");
  REQUIRE((*a)->connect(b->address()));
  (*a)->inject_partition((*b)->name(), 300ms);
  CHECK(eventually([&] { return (*a)->partitions().empty(); }, 2s));
  // A link that lived through the partition is closed; a fresh one works.
  CHECK(eventually([&] { return (*a)->connected_count() == 0 && (*b)->connected_count() == 0; }));
  REQUIRE((*a)->connect(b->address()));
  CHECK((*a)->ping((*b)->name()));
}
