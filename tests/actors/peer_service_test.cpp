#include <doctest/doctest.h>

#include <set>

#include <caf/all.hpp>

#include "actors/peer_service.hpp"
#include "tests/support/test_cluster.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::test;

namespace {

peer_service_config fast(peer_service_config::manager kind, std::string tag = {}) {
  return {.kind = kind, .tag = std::move(tag), .gossip_interval = 200ms,
          .reconnect_interval = 200ms};
}

/// A node with a peer-service manager.
struct member {
  std::unique_ptr<test_node> node;
  std::unique_ptr<peer_service> service;

  member(std::string_view name, const peer_service_config& config)
    : node(start_node(name)),
      service(std::make_unique<peer_service>(*node->system, *node->node, config)) {}

  const node_name& name() { return (*node)->name(); }

  std::set<std::string> members() {
    std::set<std::string> result;
    for (const auto& m : service->members())
      result.insert(m.str());
    return result;
  }

  std::set<std::string> links() {
    std::set<std::string> result;
    for (const auto& peer : (*node)->nodes())
      result.insert(peer.str());
    return result;
  }
};

std::set<std::string> names(std::initializer_list<std::string_view> short_names) {
  std::set<std::string> result;
  for (auto n : short_names)
    result.insert(std::string{n} + "@127.0.0.1");
  return result;
}

std::set<std::string> without(std::set<std::string> all, const std::string& one) {
  all.erase(one);
  return all;
}

/// Five full-mesh members, each joined through n0.
struct mesh_of_five {
  std::vector<std::unique_ptr<member>> nodes;
  std::set<std::string> all = names({"n0", "n1", "n2", "n3", "n4"});

  mesh_of_five() {
    for (int i = 0; i < 5; ++i) {
      nodes.push_back(std::make_unique<member>("n" + std::to_string(i),
                                               fast(peer_service_config::manager::full_mesh)));
      if (i > 0)
        REQUIRE(nodes.back()->service->sync_join(nodes[0]->node->address()));
    }
    REQUIRE(converged());
  }

  bool converged() {
    return eventually([&] {
      return std::ranges::all_of(nodes, [&](auto& m) {
        return m->members() == all && m->links() == without(all, m->name().str());
      });
    });
  }
};

} // namespace

TEST_CASE_FIXTURE(mesh_of_five, "five full-mesh nodes that each join one seed all list and link all five") {
  for (auto& m : nodes)
    CHECK(m->service->members_for_orchestration().size() == 5);
  CHECK(nodes[3]->service->member(nodes[1]->name()));
  CHECK(nodes[0]->service->get_local_state().find("\"manager\":\"full-mesh\"") != std::string::npos);
}

TEST_CASE_FIXTURE(mesh_of_five, "a member that crashes stays a member and, restarted, rejoins with its new run") {
  auto old_incarnation = (*nodes[4]->node)->spec().incarnation;
  nodes[4].reset();
  CHECK(eventually([&] { return nodes[1]->links() == names({"n0", "n2", "n3"}); }));
  CHECK(nodes[1]->members() == all);
  nodes[4] = std::make_unique<member>("n4", fast(peer_service_config::manager::full_mesh));
  REQUIRE(nodes[4]->service->sync_join(nodes[2]->node->address()));
  REQUIRE(converged());
  for (auto& m : nodes)
    for (const auto& info : m->service->members_for_orchestration())
      if (info.name == "n4@127.0.0.1")
        CHECK(info.incarnation > old_incarnation);
}

TEST_CASE_FIXTURE(mesh_of_five, "a node that leaves is gone everywhere and cannot join again") {
  REQUIRE(nodes[2]->service->leave());
  auto rest = without(all, "n2@127.0.0.1");
  CHECK(eventually([&] {
    return std::ranges::all_of(nodes, [&](auto& m) {
      return m.get() == nodes[2].get() || (m->members() == rest && !m->links().contains("n2@127.0.0.1"));
    });
  }));
  CHECK(nodes[2]->members().empty());
  auto again = nodes[2]->service->join(nodes[0]->node->address());
  REQUIRE_FALSE(again);
  CHECK(again.error().what == errc::left);
  // Others removing a node works the same way, and is final too.
  REQUIRE(nodes[0]->service->leave(nodes[3]->name()));
  CHECK(eventually([&] { return nodes[1]->members() == without(rest, "n3@127.0.0.1"); }));
  CHECK(eventually([&] { return nodes[3]->members().empty(); }));
}

TEST_CASE("client-server: clients link only with servers, servers with everyone") {
  using enum peer_service_config::manager;
  std::vector<std::unique_ptr<member>> nodes;
  nodes.push_back(std::make_unique<member>("s0", fast(client_server, "server")));
  nodes.push_back(std::make_unique<member>("s1", fast(client_server, "server")));
  for (auto name : {"c0", "c1", "c2"})
    nodes.push_back(std::make_unique<member>(name, fast(client_server, "client")));
  for (std::size_t i = 1; i < nodes.size(); ++i)
    REQUIRE(nodes[i]->service->join(nodes[0]->node->address()));
  auto all = names({"s0", "s1", "c0", "c1", "c2"});
  CHECK(eventually([&] {
    return std::ranges::all_of(nodes, [&](auto& m) {
      auto expected = m->name().str()[0] == 's' ? without(all, m->name().str())
                                                : names({"s0", "s1"});
      return m->members() == all && m->links() == expected;
    });
  }));
}

TEST_CASE("static: a node links with exactly the nodes it is told about") {
  using enum peer_service_config::manager;
  member a{"a", fast(static_links)};
  member b{"b", fast(static_links)};
  member c{"c", fast(static_links)};
  REQUIRE(a.service->update_members({b.node->address(), c.node->address()}));
  REQUIRE(b.service->update_members({a.node->address()}));
  REQUIRE(c.service->update_members({a.node->address()}));
  CHECK(eventually([&] {
    return a.links() == names({"b", "c"}) && b.links() == names({"a"}) && c.links() == names({"a"});
  }));
  CHECK(a.members() == names({"a", "b", "c"}));
  CHECK(b.members() == names({"a", "b"})); // nothing is gossiped
  // Neither b nor c is told about the other: a link between them is closed.
  REQUIRE((*c.node)->connect(b.node->address()));
  CHECK(eventually([&] { return b.links() == names({"a"}) && c.links() == names({"a"}); }));
  REQUIRE(a.service->update_members({c.node->address()}));
  REQUIRE(b.service->update_members({}));
  CHECK(eventually([&] { return a.links() == names({"c"}) && b.links().empty(); }));
}

TEST_CASE("a manager refuses what it does not offer, and says what it offers") {
  member full{"full", fast(peer_service_config::manager::full_mesh)};
  member fixed{"fixed", fast(peer_service_config::manager::static_links)};
  auto update = full.service->update_members({});
  REQUIRE_FALSE(update);
  CHECK(update.error().what == errc::not_implemented);
  CHECK(std::ranges::count(full.service->supported(), "update_members") == 0);
  CHECK_FALSE(fixed.service->leave());
  CHECK(fixed.service->leave().error().what == errc::not_implemented);
  CHECK(std::ranges::count(fixed.service->supported(), "update_members") == 1);
  CHECK(full.service->reserve("server").error().what == errc::not_implemented);
  auto self_join = full.service->join(full.node->address());
  REQUIRE_FALSE(self_join);
  CHECK(self_join.error().what == errc::self_join);
  auto nonsense = full.service->join("not a node");
  REQUIRE_FALSE(nonsense);
  CHECK(nonsense.error().what == errc::invalid_argument);
}
