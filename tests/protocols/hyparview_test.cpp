#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <random>
#include <set>
#include <vector>

#include "protocols/hyparview/hyparview.hpp"
#include "tests/protocols/sent_messages.hpp"

namespace hv = troupe::proto::hyparview;

namespace {

using peer = std::uint32_t;
using node = hv::state<peer>;
using outputs = node::outputs;

constexpr std::chrono::milliseconds neighbor_timeout{3'000};

outputs receive(node& n, peer from, hv::message<peer> msg) {
  return n.handle(hv::received<peer>{from, std::move(msg)});
}

outputs fire(node& n, hv::timer<peer> which) {
  return n.handle(hv::timer_fired<peer>{std::move(which)});
}

/// Makes `peers` the node's active view, in that order: each joins it.
void take_in(node& n, std::initializer_list<peer> peers) {
  for (auto p : peers)
    receive(n, p, hv::join{});
}

/// Puts `peers` into the node's passive view, as a shuffle reply does.
void offer(node& n, std::vector<peer> peers) {
  receive(n, 999, hv::shuffle_reply<peer>{std::move(peers)});
}

bool holds(const std::vector<peer>& view, peer p) {
  return std::ranges::find(view, p) != view.end();
}

std::set<peer> as_set(const std::vector<peer>& view) { return {view.begin(), view.end()}; }

hv::send<peer> send(peer to, hv::message<peer> msg) { return {to, std::move(msg)}; }

/// One node, id 0, with the paper's parameters unless a test changes them.
struct one_node {
  std::mt19937_64 rng{42};
  hv::config config;
  node make() { return node{0, config, rng}; }
};

/// Nodes that exchange messages first in, first out, without timers, until
/// none is left; each step must keep the invariants.
struct little_network {
  std::mt19937_64 rng{7};
  std::deque<node> nodes;
  std::deque<std::pair<peer, hv::send<peer>>> wire;

  explicit little_network(std::size_t size) {
    for (peer p = 0; p < size; ++p)
      nodes.emplace_back(p, hv::config{}, rng);
  }

  void post(peer from, const outputs& out) {
    for (const auto& event : out)
      if (const auto* s = std::get_if<hv::send<peer>>(&event))
        wire.emplace_back(from, *s);
  }

  std::size_t settle() {
    std::size_t delivered = 0;
    while (!wire.empty()) {
      auto [from, s] = wire.front();
      wire.pop_front();
      ++delivered;
      post(s.to, receive(nodes[s.to], from, s.msg));
      CHECK(nodes[s.to].check_invariants() == std::vector<std::string>{});
    }
    return delivered;
  }

  bool symmetric() const {
    for (const auto& n : nodes)
      for (auto p : n.active_view())
        if (!holds(nodes[p].active_view(), n.me()))
          return false;
    return true;
  }
};

} // namespace

TEST_CASE("the first event arms the periodic shuffle and promotion") {
  one_node f;
  auto n = f.make();
  auto out = n.handle(hv::leave{});
  CHECK(out
        == outputs{hv::set_timer<peer>{f.config.shuffle_interval, hv::shuffle_due{}},
                   hv::set_timer<peer>{f.config.promotion_interval, hv::promotion_due{}}});
}

TEST_CASE("a contact accepts a joiner and sends a ForwardJoin to each other neighbor") {
  one_node f;
  auto n = f.make();
  take_in(n, {1, 2, 3});
  auto out = receive(n, 4, hv::join{});
  auto walk = hv::forward_join<peer>{4, f.config.active_walk_length};
  CHECK(out
        == outputs{hv::neighbor_up<peer>{4}, send(4, hv::neighbor_reply{true}), send(1, walk),
                   send(2, walk), send(3, walk)});
  CHECK(n.active_view() == std::vector<peer>{1, 2, 3, 4});
}

TEST_CASE("a node that joins a full contact makes it drop one of its peers to make room") {
  one_node f;
  auto n = f.make();
  take_in(n, {1, 2, 3, 4, 5});
  auto out = receive(n, 6, hv::join{});
  auto dropped = sent<hv::disconnect>(out);
  REQUIRE(dropped.size() == 1);
  auto [victim, msg] = dropped.front();
  CHECK(msg.alive);
  CHECK(std::ranges::find(out, hv::out_event<peer>{hv::neighbor_down<peer>{victim}}) != out.end());
  CHECK(n.active_view().size() == 5);
  CHECK(holds(n.active_view(), 6));
  CHECK_FALSE(holds(n.active_view(), victim));
  CHECK(n.passive_view() == std::vector<peer>{victim});
  std::set<peer> others = as_set(n.active_view());
  others.erase(6);
  CHECK(recipients<hv::forward_join<peer>>(out) == others);
}

TEST_CASE("a ForwardJoin whose walk ends asks the joiner, which cannot refuse, to be a neighbor") {
  one_node f;
  auto n = f.make();
  take_in(n, {1, 2});
  auto out = receive(n, 1, hv::forward_join<peer>{9, 0});
  CHECK(out
        == outputs{send(9, hv::neighbor{hv::priority::high}),
                   hv::set_timer<peer>{neighbor_timeout, hv::neighbor_timeout<peer>{9, 0}}});
  CHECK_FALSE(holds(n.active_view(), 9)); // not before the joiner accepts
  CHECK(receive(n, 9, hv::neighbor_reply{true}) == outputs{hv::neighbor_up<peer>{9}});
  CHECK(holds(n.active_view(), 9));
}

TEST_CASE("a ForwardJoin walks on to another neighbor and leaves the joiner passive at PRWL") {
  one_node f;
  auto n = f.make();
  take_in(n, {1, 2, 3});
  auto out = receive(n, 1, hv::forward_join<peer>{9, f.config.passive_walk_length});
  auto walked = sent<hv::forward_join<peer>>(out);
  REQUIRE(walked.size() == 1);
  CHECK((walked[0].first == 2 || walked[0].first == 3));
  CHECK(walked[0].second.hops_left == f.config.passive_walk_length - 1);
  CHECK(n.passive_view() == std::vector<peer>{9});

  receive(n, 1, hv::forward_join<peer>{8, std::uint8_t(f.config.passive_walk_length + 1)});
  CHECK_FALSE(holds(n.passive_view(), 8));
}

TEST_CASE("a ForwardJoin ends at a node with a single neighbor") {
  one_node f;
  auto n = f.make();
  take_in(n, {1});
  auto out = receive(n, 1, hv::forward_join<peer>{9, 5});
  CHECK(sent<hv::neighbor>(out)
        == std::vector{std::pair{peer{9}, hv::neighbor{hv::priority::high}}});
}

TEST_CASE("a full node refuses a low-priority Neighbor request but drops a peer for a high one") {
  one_node f;
  auto n = f.make();
  take_in(n, {1, 2, 3, 4, 5});
  CHECK(receive(n, 7, hv::neighbor{hv::priority::low})
        == outputs{send(7, hv::neighbor_reply{false})});
  CHECK_FALSE(holds(n.active_view(), 7));

  auto out = receive(n, 8, hv::neighbor{hv::priority::high});
  CHECK(sent<hv::neighbor_reply>(out) == std::vector{std::pair{peer{8}, hv::neighbor_reply{true}}});
  CHECK(sent<hv::disconnect>(out).size() == 1);
  CHECK(holds(n.active_view(), 8));
  CHECK(n.active_view().size() == 5);
}

TEST_CASE("a node with a free slot accepts a low-priority Neighbor request") {
  one_node f;
  auto n = f.make();
  take_in(n, {1});
  CHECK(receive(n, 2, hv::neighbor{hv::priority::low})
        == outputs{hv::neighbor_up<peer>{2}, send(2, hv::neighbor_reply{true})});
}

TEST_CASE("a Disconnect moves the peer to the passive view and other passive peers fill the slot") {
  one_node f;
  auto n = f.make();
  take_in(n, {1, 2});
  offer(n, {7, 8});
  auto out = receive(n, 1, hv::disconnect{true});
  CHECK(std::ranges::find(out, hv::out_event<peer>{hv::neighbor_down<peer>{1}}) != out.end());
  CHECK(n.active_view() == std::vector<peer>{2});
  CHECK(holds(n.passive_view(), 1));
  auto requests = sent<hv::neighbor>(out);
  CHECK(recipients<hv::neighbor>(out) == std::set<peer>{7, 8}); // not 1, which just made room
  CHECK(std::ranges::all_of(requests, [](auto& r) { return r.second.level == hv::priority::low; }));
}

TEST_CASE("a neighbor that leaves the cluster is not kept as a passive peer") {
  one_node f;
  auto n = f.make();
  take_in(n, {1, 2});
  receive(n, 1, hv::disconnect{false});
  CHECK(n.active_view() == std::vector<peer>{2});
  CHECK(n.passive_view().empty());
}

TEST_CASE("a failed last neighbor is replaced by a passive peer asked with high priority") {
  one_node f;
  auto n = f.make();
  take_in(n, {1});
  offer(n, {7});
  auto out = n.handle(hv::peer_failed<peer>{1});
  CHECK(std::ranges::find(out, hv::out_event<peer>{hv::neighbor_down<peer>{1}}) != out.end());
  CHECK(sent<hv::neighbor>(out)
        == std::vector{std::pair{peer{7}, hv::neighbor{hv::priority::high}}});
  CHECK_FALSE(holds(n.passive_view(), 1)); // failed, not just disconnected

  // The replacement cannot be reached either: it is dropped, and nobody is left.
  out = n.handle(hv::peer_failed<peer>{7});
  CHECK(sent<hv::neighbor>(out).empty());
  CHECK(n.passive_view().empty());
}

TEST_CASE("an unanswered Neighbor request drops its peer, and a late acceptance is undone") {
  one_node f;
  auto n = f.make();
  offer(n, {7});
  auto out = fire(n, hv::promotion_due{});
  CHECK(sent<hv::neighbor>(out)
        == std::vector{std::pair{peer{7}, hv::neighbor{hv::priority::high}}});
  auto deadline = hv::neighbor_timeout<peer>{7, 0};
  CHECK(std::ranges::find(out, hv::out_event<peer>{hv::set_timer<peer>{neighbor_timeout, deadline}})
        != out.end());

  CHECK(fire(n, deadline).empty());
  CHECK(n.passive_view().empty());

  CHECK(receive(n, 7, hv::neighbor_reply{true})
        == outputs{send(7, hv::disconnect{true}), hv::close_connection<peer>{7}});
  CHECK(n.active_view().empty());
}

TEST_CASE("a refused Neighbor request leaves the slot to the promotion timer") {
  one_node f;
  auto n = f.make();
  take_in(n, {1});
  offer(n, {7, 8});
  auto out = fire(n, hv::promotion_due{});
  CHECK(recipients<hv::neighbor>(out) == std::set<peer>{7, 8});
  CHECK(receive(n, 7, hv::neighbor_reply{false}).empty());
  CHECK(holds(n.passive_view(), 7)); // refused, yet alive
}

TEST_CASE("a Shuffle walks on while its time to live lasts, never back to its sender or origin") {
  one_node f;
  auto n = f.make();
  take_in(n, {1, 2, 3});
  auto out = receive(n, 1, hv::shuffle<peer>{9, {9, 10, 11}, 3});
  auto walked = sent<hv::shuffle<peer>>(out);
  REQUIRE(walked.size() == 1);
  CHECK((walked[0].first == 2 || walked[0].first == 3));
  CHECK(walked[0].second == hv::shuffle<peer>{9, {9, 10, 11}, 2});
  CHECK(n.passive_view().empty());
}

TEST_CASE("the node where a Shuffle ends answers its origin and keeps the offer as passive peers") {
  one_node f;
  auto n = f.make();
  take_in(n, {1, 2, 3});
  offer(n, {20, 21});
  auto out = receive(n, 1, hv::shuffle<peer>{9, {9, 10, 11}, 1});
  auto answers = sent<hv::shuffle_reply<peer>>(out);
  REQUIRE(answers.size() == 1);
  CHECK(answers[0].first == 9);
  CHECK(as_set(answers[0].second.nodes) == std::set<peer>{20, 21});
  CHECK(as_set(n.passive_view()) == std::set<peer>{9, 10, 11, 20, 21});
}

TEST_CASE("a full passive view makes room for a Shuffle's offer with the peers sent in answer") {
  one_node f;
  f.config.passive_capacity = 3;
  auto n = f.make();
  take_in(n, {1, 2});
  offer(n, {20, 21, 22});
  auto out = receive(n, 1, hv::shuffle<peer>{9, {9, 10}, 1});
  auto answer = as_set(sent<hv::shuffle_reply<peer>>(out).at(0).second.nodes);
  REQUIRE(answer.size() == 2);
  std::set<peer> kept{20, 21, 22};
  for (auto p : answer)
    kept.erase(p);
  kept.insert({9, 10});
  CHECK(as_set(n.passive_view()) == kept);
}

TEST_CASE("the periodic shuffle offers the node itself, ka active and kp passive peers") {
  one_node f;
  auto n = f.make();
  take_in(n, {1, 2, 3, 4, 5});
  offer(n, {7, 8, 9, 10, 11, 12});
  auto out = fire(n, hv::shuffle_due{});
  auto shuffles = sent<hv::shuffle<peer>>(out);
  REQUIRE(shuffles.size() == 1);
  auto [target, s] = shuffles[0];
  CHECK(holds(n.active_view(), target));
  CHECK(s.origin == 0);
  CHECK(s.hops_left == f.config.shuffle_walk_length);
  REQUIRE(s.nodes.size() == 1 + f.config.shuffle_active_count + f.config.shuffle_passive_count);
  CHECK(s.nodes[0] == 0);
  CHECK(std::ranges::count_if(s.nodes, [&](peer p) { return holds(n.active_view(), p); })
        == static_cast<long>(f.config.shuffle_active_count));
  CHECK_FALSE(holds(s.nodes, target));
  CHECK(std::ranges::find(out, hv::out_event<peer>{hv::set_timer<peer>{f.config.shuffle_interval,
                                                                       hv::shuffle_due{}}})
        != out.end());
}

TEST_CASE("a shuffle reply replaces first the passive peers the node offered") {
  one_node f;
  f.config.passive_capacity = 6;
  auto n = f.make();
  take_in(n, {1});
  offer(n, {20, 21, 22, 23, 24, 25});
  auto offered = as_set(sent<hv::shuffle<peer>>(fire(n, hv::shuffle_due{})).at(0).second.nodes);
  REQUIRE(offered.size() == 1 + f.config.shuffle_passive_count);
  auto expected = as_set(n.passive_view());
  for (auto p : offered)
    expected.erase(p); // the two passive peers not offered stay
  receive(n, 1, hv::shuffle_reply<peer>{{30, 31}});
  expected.insert({30, 31});
  auto passive = as_set(n.passive_view());
  CHECK(passive.size() == 6);
  CHECK(std::ranges::includes(passive, expected));
}

TEST_CASE("a node that leaves tells every neighbor it is gone and forgets its views") {
  one_node f;
  auto n = f.make();
  take_in(n, {1, 2, 3});
  offer(n, {7});
  auto out = n.handle(hv::leave{});
  auto goodbyes = sent<hv::disconnect>(out);
  CHECK(recipients<hv::disconnect>(out) == std::set<peer>{1, 2, 3});
  CHECK(std::ranges::none_of(goodbyes, [](auto& g) { return g.second.alive; }));
  CHECK(n.active_view().empty());
  CHECK(n.passive_view().empty());
}

TEST_CASE("a join handshake makes both nodes neighbors in two messages") {
  little_network net{2};
  net.post(1, net.nodes[1].handle(hv::join_via<peer>{0}));
  CHECK(net.settle() == 2); // Join, accepting NeighborReply
  CHECK(net.nodes[0].active_view() == std::vector<peer>{1});
  CHECK(net.nodes[1].active_view() == std::vector<peer>{0});
}

TEST_CASE("two nodes whose Neighbor requests cross become neighbors once") {
  little_network net{2};
  receive(net.nodes[0], 9, hv::shuffle_reply<peer>{{1}});
  receive(net.nodes[1], 9, hv::shuffle_reply<peer>{{0}});
  net.post(0, fire(net.nodes[0], hv::promotion_due{}));
  net.post(1, fire(net.nodes[1], hv::promotion_due{}));
  CHECK(net.settle() == 4); // two requests, two replies
  CHECK(net.nodes[0].active_view() == std::vector<peer>{1});
  CHECK(net.nodes[1].active_view() == std::vector<peer>{0});
}

TEST_CASE("ten nodes joining one by one end with symmetric active views within bounds") {
  little_network net{10};
  for (peer joiner = 1; joiner < 10; ++joiner) {
    net.post(joiner, net.nodes[joiner].handle(hv::join_via<peer>{joiner / 2}));
    net.settle();
    CHECK(net.symmetric());
  }
  for (const auto& n : net.nodes) {
    CHECK_FALSE(n.active_view().empty());
    CHECK(n.active_view().size() <= 5);
  }
}

TEST_CASE("HyParView runs with node names as peers") {
  std::mt19937_64 rng{1};
  auto a = *troupe::node_name::parse("a@h");
  auto b = *troupe::node_name::parse("b@h");
  hv::state<troupe::node_name> n{a, {}, rng};
  n.handle(hv::received<troupe::node_name>{b, hv::join{}});
  CHECK(n.active_view() == std::vector{b});
  CHECK(n.check_invariants().empty());
}
