#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <numeric>
#include <vector>

#include "protocols/sim/bootstrap.hpp"
#include "protocols/sim/broadcast_series.hpp"
#include "protocols/sim/links.hpp"
#include "protocols/sim/network.hpp"
#include "protocols/sim/overlay_graph.hpp"

using namespace std::chrono_literals;
using namespace troupe::sim;

namespace {

constexpr sim_time join_interval = 10ms;

network_config checked(std::uint64_t seed = 1) {
  network_config config;
  config.seed = seed;
  config.check_each_step = true;
  return config;
}

/// The first `count` nodes that are up, as broadcast roots.
std::vector<node_id> first_up(const network& net, std::size_t count) {
  auto up = net.up_nodes();
  up.resize(std::min(count, up.size()));
  return up;
}

std::vector<std::vector<node_id>> active_views(const network& net) {
  std::vector<std::vector<node_id>> views;
  for (node_id n = 0; n < net.size(); ++n)
    views.push_back(net.at(n).membership().active_view());
  return views;
}

void require_sound(const network& net) {
  for (const auto& rule : net.step_violations())
    FAIL_CHECK(rule);
  for (const auto& rule : net.check_invariants())
    FAIL_CHECK(rule);
}

} // namespace

TEST_CASE("links have a latency within bounds, the same both ways, fixed per pair and spread") {
  network_config config;
  links l{config};
  std::vector<sim_time> seen;
  for (node_id a = 0; a < 20; ++a)
    for (node_id b = a + 1; b < 20; ++b) {
      auto latency = l.latency(a, b);
      CHECK(latency >= config.latency_min);
      CHECK(latency <= config.latency_max);
      CHECK(l.latency(b, a) == latency);
      seen.push_back(latency);
    }
  auto [low, high] = std::ranges::minmax(seen);
  CHECK(high - low > (config.latency_max - config.latency_min) / 2);
}

TEST_CASE("the same seed gives the same run, and another seed another") {
  auto run = [](std::uint64_t seed) {
    network_config config;
    config.seed = seed;
    network net{config};
    bootstrap(net, 60, join_interval, 20s);
    broadcast_series(net, first_up(net, 3), 6, 500ms, 2s);
    net.crash_fraction(0.2);
    net.run_churn({.joins_per_second = 1, .leaves_per_second = 1}, 10s);
    return std::pair{net.fingerprint(), active_views(net)};
  };
  auto first = run(7);
  CHECK(run(7) == first);
  CHECK(run(8).first != first.first);
}

TEST_CASE("thirty nodes settle with symmetric active views, no self links and bounded views") {
  auto config = checked();
  network net{config};
  bootstrap(net, 30, join_interval, 30s);
  broadcast_series(net, first_up(net, 3), 6, 500ms, 3s);
  require_sound(net);
  for (auto n : net.up_nodes()) {
    const auto& view = net.at(n).membership().active_view();
    CHECK_FALSE(view.empty());
    CHECK(view.size() <= config.membership.active_capacity);
  }
  CHECK(overlay_graph::active_views(net).connected());
}

TEST_CASE("the neighbors of crashed nodes drop them within the failure detection time") {
  network_config config = checked();
  network net{config};
  bootstrap(net, 100, join_interval, 20s);
  auto crashed = net.crash_fraction(0.3);
  CHECK(crashed.size() == 30);
  CHECK(net.up_nodes().size() == 70);
  net.run_for(config.failure_detection + 1s);
  for (auto n : net.up_nodes())
    for (auto peer : net.at(n).membership().active_view())
      CHECK(net.is_up(peer));
  require_sound(net);
}

TEST_CASE("a partition keeps a broadcast on its side, and once healed the next one reaches all") {
  network net{checked()};
  bootstrap(net, 20, join_interval, 20s);
  std::vector<node_id> left(10), right(10);
  std::iota(left.begin(), left.end(), 0);
  std::iota(right.begin(), right.end(), 10);
  net.partition({left, right});
  auto during = net.broadcast(0);
  net.run_for(1s);
  for (auto n : right) {
    CHECK_FALSE(net.at(n).delivered(layer::plumtree, during));
    CHECK_FALSE(net.at(n).delivered(layer::flood, during));
  }
  net.heal(); // before the links across would be reported dead
  net.run_for(500ms);
  auto after = net.broadcast(0);
  net.run_for(3s);
  CHECK(net.reliability(after, layer::plumtree) == 1.0);
  CHECK(net.reliability(after, layer::flood) == 1.0);
}

TEST_CASE("a partition that outlasts the failure detection leaves no active link across it") {
  network_config config = checked();
  network net{config};
  bootstrap(net, 20, join_interval, 20s);
  std::vector<node_id> left(10), right(10);
  std::iota(left.begin(), left.end(), 0);
  std::iota(right.begin(), right.end(), 10);
  net.partition({left, right});
  net.run_for(2 * config.failure_detection);
  for (auto n : net.up_nodes())
    for (auto peer : net.at(n).membership().active_view())
      CHECK((n < 10) == (peer < 10));
  require_sound(net);
}

TEST_CASE("messages are lost at the configured rate") {
  network net{{}};
  auto a = net.add_node();
  auto b = net.add_node();
  net.join(b, a);
  net.run_for(1s);
  net.set_loss(0.25);
  constexpr std::uint32_t broadcasts = 1'000;
  for (std::uint32_t i = 0; i < broadcasts; ++i) {
    net.broadcast(a);
    net.run_for(10ms);
  }
  net.run_for(1s);
  std::uint32_t arrived = 0;
  for (std::uint32_t i = 0; i < broadcasts; ++i)
    arrived += net.at(b).delivered(layer::flood, i) ? 1 : 0;
  CHECK(arrived > 700);
  CHECK(arrived < 800);
}

TEST_CASE("nodes joining and leaving at a steady rate keep the overlay connected and symmetric") {
  network net{checked()};
  bootstrap(net, 100, join_interval, 20s);
  net.run_churn({.joins_per_second = 1, .leaves_per_second = 1}, 60s);
  net.run_for(15s);
  require_sound(net);
  CHECK(overlay_graph::active_views(net).connected());
  auto summary = broadcast_series(net, first_up(net, 2), 4, 1s, 5s);
  CHECK(summary[layer::plumtree].min_reliability == 1.0);
}

TEST_CASE("in steady state Plumtree sends almost no redundant payload, unlike the flood") {
  network net{{}};
  bootstrap(net, 300, join_interval, 30s);
  auto roots = first_up(net, 5);
  broadcast_series(net, roots, roots.size(), 1s, 5s); // each root's tree forms
  // Without churn, views only fill up, so this bounds their size from below
  // during the series.
  auto degree = overlay_graph::active_views(net).mean_out_degree();
  auto steady = broadcast_series(net, roots, 20, 1s, 5s);
  CHECK(steady[layer::plumtree].min_reliability == 1.0);
  CHECK(steady[layer::plumtree].mean_rmr < 0.1);
  CHECK(steady[layer::flood].mean_rmr >= degree - 1);
}

TEST_CASE(
  "1,000 nodes get every broadcast in steady state and after half crash and the rest heal") {
  network net{{}};
  bootstrap(net, 1'000, join_interval, 30s);
  auto roots = first_up(net, 10);
  broadcast_series(net, roots, roots.size(), 1s, 5s);
  auto steady = broadcast_series(net, roots, 10, 1s, 5s);
  CHECK(steady[layer::plumtree].min_reliability == 1.0);
  CHECK(steady[layer::flood].min_reliability == 1.0);

  net.crash_fraction(0.5, roots);
  net.run_for(60s);
  auto healed = broadcast_series(net, roots, 10, 1s, 5s);
  CHECK(healed[layer::plumtree].min_reliability == 1.0);
  CHECK(healed[layer::flood].min_reliability == 1.0);
  CHECK(overlay_graph::active_views(net).connected());
  require_sound(net);
}
