#include <doctest/doctest.h>

#include <csignal>

#include <caf/all.hpp>

#include "tests/support/process_cluster.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::test;

namespace {

std::set<std::string> as_set(const nlohmann::json& names) {
  auto list = names.get<std::vector<std::string>>();
  return {list.begin(), list.end()};
}

const std::set<std::string> five{"n0@127.0.0.1", "n1@127.0.0.1", "n2@127.0.0.1",
                                 "n3@127.0.0.1", "n4@127.0.0.1"};

/// Every one of `names` lists the five as members and links with the
/// others among `linked` (and the observer).
bool converged(process_cluster& cluster, const std::vector<std::string>& names,
               const std::set<std::string>& linked) {
  return std::ranges::all_of(names, [&](const std::string& name) {
    auto view = cluster.status(name);
    auto expected = linked;
    expected.erase(name + "@127.0.0.1");
    expected.insert("observer@127.0.0.1");
    return as_set(view["members"]) == five && as_set(view["connected"]) == expected;
  });
}

down_msg next_down(caf::scoped_actor& self) {
  down_msg result;
  self->receive([&](const down_msg& down) { result = down; }, caf::after(5s) >> [] {});
  return result;
}

} // namespace

TEST_CASE("five nodes joining one seed form a full mesh, and a killed one stays a member and rejoins") {
  process_cluster cluster{TROUPE_NODE_BINARY};
  cluster.launch(cluster.meshed("n0"));
  for (auto name : {"n1", "n2", "n3", "n4"})
    cluster.launch(cluster.meshed(name, {"n0"}));
  std::vector<std::string> all{"n0", "n1", "n2", "n3", "n4"};
  REQUIRE(eventually([&] { return converged(cluster, all, five); }, 10s));

  caf::scoped_actor watcher{*cluster.observer().system};
  auto me = caf::actor_cast<caf::actor>(watcher.ptr());
  auto n4 = *node_name::parse("n4@127.0.0.1");
  auto old_run = cluster.status("n4")["incarnation"].get<std::uint64_t>();
  auto ref = cluster.observer()->monitor(me, "echo", n4);
  REQUIRE(eventually([&] { return cluster.status("n4")["monitors"]["watched_by_remote"] == 1; }));

  cluster.at("n4").signal(SIGKILL);
  auto down = next_down(watcher);
  CHECK(down.ref == ref);
  CHECK(down.reason == down_reason::noconnection);
  std::vector<std::string> survivors{"n0", "n1", "n2", "n3"};
  auto without_n4 = five;
  without_n4.erase("n4@127.0.0.1");
  CHECK(eventually([&] { return converged(cluster, survivors, without_n4); }, 5s));
  for (const auto& name : survivors)
    CHECK(contains(cluster.log_of(name), "lost n4@127.0.0.1"));

  // Back on its old address, knowing nobody: the members dial it again.
  auto old_address = cluster.at("n4").address();
  auto port = old_address.substr(old_address.rfind(':') + 1);
  auto restart = cluster.meshed("n4");
  restart.listen = "127.0.0.1:" + port;
  cluster.launch(restart);
  CHECK(eventually([&] { return converged(cluster, all, five); }, 10s));
  CHECK(cluster.status("n4")["incarnation"].get<std::uint64_t>() > old_run);
  // An actor of n4's earlier run is gone for good: monitoring it says noproc.
  cluster.observer()->monitor(me, remote_ref{n4, remote_ref::pid{old_run, 1}});
  CHECK(next_down(watcher).reason == down_reason::noproc);
}
