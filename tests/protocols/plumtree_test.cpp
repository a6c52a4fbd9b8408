#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <vector>

#include "protocols/plumtree/message_cache.hpp"
#include "protocols/plumtree/plumtree.hpp"
#include "tests/protocols/sent_messages.hpp"

namespace pt = troupe::proto::plumtree;

namespace {

using peer = std::uint32_t;
using node = pt::state<peer>;
using outputs = node::outputs;

constexpr peer root = 9;
constexpr auto a = pt::message_id{100};
constexpr auto b = pt::message_id{101};

pt::payload bytes(std::string_view text) { return {text.begin(), text.end()}; }

/// A message cache that also records the anti-entropy exchanges asked of it.
struct recording_cache : pt::message_cache<peer> {
  recording_cache() : message_cache(0, 16, 64) {}
  bool exchange(const peer& p) override {
    exchanges.push_back(p);
    return true;
  }
  std::vector<peer> exchanges;
};

outputs receive(node& n, peer from, pt::message<peer> msg) {
  return n.handle(pt::received<peer>{from, std::move(msg)});
}

// Built in place: GCC 12 takes a move of the nested variants for a read of
// uninitialized memory (-Wmaybe-uninitialized).
outputs one_send(peer to, pt::message<peer> msg) {
  outputs out;
  out.emplace_back(std::in_place_type<pt::send<peer>>, to, std::move(msg));
  return out;
}

/// Node 0 with neighbors 1, 2 and 3 and the default parameters.
struct one_node {
  std::mt19937_64 rng{42};
  pt::config config;
  recording_cache cache;
  node n{0, config, cache, rng};

  explicit one_node(std::initializer_list<peer> neighbors = {1, 2, 3}) {
    for (auto p : neighbors)
      n.handle(pt::neighbor_up<peer>{p});
  }

  outputs receive(peer from, pt::message<peer> msg) {
    auto out = ::receive(n, from, std::move(msg));
    CHECK(n.check_invariants() == std::vector<std::string>{});
    return out;
  }

  outputs fire(pt::timer which) { return n.handle(pt::timer_fired{which}); }
};

pt::gossip<peer> gossip(pt::message_id id, pt::hop_count hops) {
  return {id, root, hops, bytes("payload")};
}

bool armed(const outputs& out, pt::set_timer timer) {
  return std::ranges::find(out, pt::out_event<peer>{timer}) != out.end();
}

} // namespace

TEST_CASE("a broadcast goes in full to every neighbor of a new root") {
  one_node f;
  auto out = f.n.handle(pt::broadcast{bytes("hello")});
  auto pushed = sent<pt::gossip<peer>>(out);
  REQUIRE(pushed.size() == 3);
  for (auto& [to, g] : pushed) {
    CHECK(g.root == 0);
    CHECK(g.hops == 1);
    CHECK(g.data == bytes("hello"));
  }
  CHECK(recipients<pt::gossip<peer>>(out) == std::set<peer>{1, 2, 3});
  CHECK(f.cache.is_stale(pushed[0].second.id));
}

TEST_CASE("a new message is delivered once and passed on, and a duplicate prunes its sender") {
  one_node f;
  auto out = f.receive(1, gossip(a, 2));
  CHECK(std::ranges::find(out, pt::out_event<peer>{pt::delivered<peer>{a, root, 2, 1}})
        != out.end());
  CHECK(sent<pt::gossip<peer>>(out)
        == std::vector{std::pair{peer{2}, gossip(a, 3)}, std::pair{peer{3}, gossip(a, 3)}});

  out = f.receive(2, gossip(a, 3));
  CHECK(out == one_send(2, pt::prune<peer>{root}));
  CHECK(f.n.lazy_peers(root) == std::vector<peer>{2});
  CHECK(f.n.eager_peers(root) == std::vector<peer>{1, 3});
}

TEST_CASE("a pruned peer hears of messages in one IHave per lazy tick") {
  one_node f;
  f.receive(3, pt::prune<peer>{root});
  auto first = f.receive(1, gossip(a, 2));
  CHECK(armed(first, {f.config.lazy_tick, pt::lazy_tick_due{}}));
  auto second = f.receive(1, gossip(b, 4));
  CHECK_FALSE(armed(second, {f.config.lazy_tick, pt::lazy_tick_due{}}));
  CHECK(recipients<pt::gossip<peer>>(first) == std::set<peer>{2});

  auto tick = f.fire(pt::lazy_tick_due{});
  CHECK(tick == one_send(3, pt::ihave<peer>{{{a, root, 3}, {b, root, 5}}}));
  CHECK(f.fire(pt::lazy_tick_due{}).empty());
}

TEST_CASE("trees are kept per root: a prune for one root leaves the peer eager for the others") {
  one_node f;
  f.receive(1, pt::prune<peer>{root});
  auto out = f.n.handle(pt::broadcast{bytes("own")});
  CHECK(recipients<pt::gossip<peer>>(out) == std::set<peer>{1, 2, 3});
  out = f.receive(2, gossip(a, 1));
  CHECK(recipients<pt::gossip<peer>>(out) == std::set<peer>{3});
  CHECK(f.n.lazy_peers(0).empty());
  CHECK(f.n.lazy_peers(root) == std::vector<peer>{1});
}

TEST_CASE("a missing message is grafted from the first announcer, then from the next") {
  one_node f;
  auto out = f.receive(1, pt::ihave<peer>{{{a, root, 3}}});
  CHECK(out == outputs{pt::set_timer{f.config.graft_timeout_first, pt::graft_due{a}}});
  CHECK(f.receive(2, pt::ihave<peer>{{{a, root, 4}}}).empty()); // one timer per message

  out = f.fire(pt::graft_due{a});
  CHECK(out
        == outputs{pt::send<peer>{1, pt::graft<peer>{a, root, 3}},
                   pt::set_timer{f.config.graft_timeout_second, pt::graft_due{a}}});
  out = f.fire(pt::graft_due{a});
  CHECK(sent<pt::graft<peer>>(out) == std::vector{std::pair{peer{2}, pt::graft<peer>{a, root, 4}}});
  CHECK(f.fire(pt::graft_due{a}).empty()); // nobody left to ask
}

TEST_CASE("a graft is answered with the payload and puts the link back into the tree") {
  one_node f;
  f.receive(1, gossip(a, 2));
  f.receive(2, gossip(a, 2)); // prunes 2
  REQUIRE(f.n.lazy_peers(root) == std::vector<peer>{2});
  auto out = f.receive(2, pt::graft<peer>{a, root, 3});
  CHECK(out == one_send(2, gossip(a, 3)));
  CHECK(f.n.lazy_peers(root).empty());
}

TEST_CASE("a message pushed before the first timeout is not grafted") {
  one_node f;
  f.receive(1, pt::ihave<peer>{{{a, root, 3}}});
  f.receive(2, gossip(a, 5));
  CHECK(f.fire(pt::graft_due{a}).empty());
}

TEST_CASE("an announcement of a message already received asks for nothing") {
  one_node f;
  f.receive(1, gossip(a, 2));
  CHECK(f.receive(2, pt::ihave<peer>{{{a, root, 2}}}).empty());
}

TEST_CASE("a much shorter announced path replaces the eager one in the tree") {
  one_node f;
  f.receive(2, pt::ihave<peer>{{{a, root, 2}}});
  auto out = f.receive(1, gossip(a, 2 + f.config.optimization_threshold));
  CHECK(sent<pt::graft<peer>>(out)
        == std::vector{std::pair{peer{2}, pt::graft<peer>{std::nullopt, root, 2}}});
  CHECK(sent<pt::prune<peer>>(out) == std::vector{std::pair{peer{1}, pt::prune<peer>{root}}});
  CHECK(f.n.lazy_peers(root) == std::vector<peer>{1});

  f.receive(2, pt::ihave<peer>{{{b, root, 2}}});
  out = f.receive(3, gossip(b, 1 + f.config.optimization_threshold));
  CHECK(sent<pt::graft<peer>>(out).empty()); // one hop short of the threshold
  CHECK(sent<pt::prune<peer>>(out).empty());
}

TEST_CASE("a neighbor that goes down leaves every tree, its queued announcements and the grafts") {
  one_node f;
  f.receive(1, pt::prune<peer>{root});
  f.receive(2, gossip(a, 1)); // announcement queued for 1
  f.receive(1, pt::ihave<peer>{{{b, root, 2}}});
  f.n.handle(pt::neighbor_down<peer>{1});
  CHECK(f.n.check_invariants().empty());
  CHECK(f.n.neighbors() == std::vector<peer>{2, 3});
  CHECK(f.n.lazy_peers(root).empty());
  CHECK(f.fire(pt::lazy_tick_due{}).empty());
  CHECK(f.fire(pt::graft_due{b}).empty());
}

TEST_CASE("a graft for a message no longer cached sends nothing") {
  std::mt19937_64 rng{1};
  pt::message_cache<peer> cache{0, 1, 4};
  node n{0, {}, cache, rng};
  n.handle(pt::neighbor_up<peer>{1});
  auto first = sent<pt::gossip<peer>>(n.handle(pt::broadcast{bytes("old")})).at(0).second.id;
  n.handle(pt::broadcast{bytes("new")});
  CHECK(receive(n, 1, pt::graft<peer>{first, 0, 1}).empty());
}

TEST_CASE("the exchange tick starts anti-entropy with a neighbor, one at a time") {
  one_node f{{1, 2}};
  f.fire(pt::exchange_due{});
  REQUIRE(f.cache.exchanges.size() == 1);
  CHECK(f.n.exchanges() == f.cache.exchanges);
  auto out = f.fire(pt::exchange_due{});
  CHECK(out == outputs{pt::set_timer{f.config.exchange_tick, pt::exchange_due{}}});
  CHECK(f.cache.exchanges.size() == 1); // the limit is one

  f.n.handle(pt::exchange_finished<peer>{f.cache.exchanges[0]});
  CHECK(f.n.exchanges().empty());
  f.fire(pt::exchange_due{});
  CHECK(f.cache.exchanges.size() == 2);
}

TEST_CASE("the first event arms the anti-entropy tick") {
  std::mt19937_64 rng{1};
  pt::message_cache<peer> cache{0, 1, 1};
  pt::config config;
  node n{0, config, cache, rng};
  CHECK(n.handle(pt::neighbor_up<peer>{1})
        == outputs{pt::set_timer{config.exchange_tick, pt::exchange_due{}}});
}

TEST_CASE("Plumtree runs with node names as peers") {
  std::mt19937_64 rng{1};
  auto me = *troupe::node_name::parse("a@h");
  auto other = *troupe::node_name::parse("b@h");
  pt::message_cache<troupe::node_name> cache{1, 4, 4};
  pt::state<troupe::node_name> n{me, {}, cache, rng};
  n.handle(pt::neighbor_up<troupe::node_name>{other});
  auto out = n.handle(pt::broadcast{bytes("x")});
  CHECK(out.size() == 1);
  CHECK(n.check_invariants().empty());
}
