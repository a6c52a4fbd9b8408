#include "protocols/sim/overlay_graph.hpp"

#include <algorithm>
#include <deque>
#include <unordered_map>

namespace troupe::sim {

namespace {

using adjacency = std::vector<std::vector<std::uint32_t>>;

// Hop counts from `source`; unreachable nodes stay at -1.
std::vector<int> distances_from(const adjacency& graph, std::uint32_t source) {
  std::vector<int> distance(graph.size(), -1);
  std::deque<std::uint32_t> frontier{source};
  distance[source] = 0;
  while (!frontier.empty()) {
    auto at = frontier.front();
    frontier.pop_front();
    for (auto next : graph[at])
      if (distance[next] < 0) {
        distance[next] = distance[at] + 1;
        frontier.push_back(next);
      }
  }
  return distance;
}

} // namespace

overlay_graph overlay_graph::active_views(const network& net) {
  overlay_graph g;
  g.nodes = net.up_nodes();
  std::unordered_map<node_id, std::uint32_t> index;
  for (std::uint32_t i = 0; i < g.nodes.size(); ++i)
    index[g.nodes[i]] = i;
  g.links.resize(g.nodes.size());
  for (std::uint32_t i = 0; i < g.nodes.size(); ++i)
    for (auto peer : net.at(g.nodes[i]).membership().active_view())
      if (auto found = index.find(peer); found != index.end())
        g.links[i].push_back(found->second);
  return g;
}

bool overlay_graph::connected() const {
  if (nodes.empty())
    return true;
  return std::ranges::none_of(distances_from(undirected(), 0), [](int d) { return d < 0; });
}

double overlay_graph::mean_out_degree() const {
  std::size_t total = 0;
  for (const auto& out : links)
    total += out.size();
  return links.empty() ? 0.0 : static_cast<double>(total) / static_cast<double>(links.size());
}

std::map<std::size_t, std::size_t> overlay_graph::in_degree_histogram() const {
  std::vector<std::size_t> in_degree(nodes.size(), 0);
  for (const auto& out : links)
    for (auto target : out)
      ++in_degree[target];
  std::map<std::size_t, std::size_t> histogram;
  for (auto degree : in_degree)
    ++histogram[degree];
  return histogram;
}

double overlay_graph::average_shortest_path() const {
  auto graph = undirected();
  double total = 0;
  double pairs = 0;
  for (std::uint32_t source = 0; source < graph.size(); ++source)
    for (auto d : distances_from(graph, source))
      if (d > 0) {
        total += d;
        ++pairs;
      }
  return pairs == 0 ? 0.0 : total / pairs;
}

double overlay_graph::clustering_coefficient() const {
  auto graph = undirected();
  double sum = 0;
  for (const auto& neighbors : graph) {
    auto k = neighbors.size();
    if (k < 2)
      continue;
    std::size_t linked = 0;
    for (auto a : neighbors)
      for (auto b : neighbors)
        if (a < b && std::ranges::binary_search(graph[a], b))
          ++linked;
    sum += static_cast<double>(linked) / static_cast<double>(k * (k - 1) / 2);
  }
  return graph.empty() ? 0.0 : sum / static_cast<double>(graph.size());
}

// Links both ways, each once, sorted for lookups.
std::vector<std::vector<std::uint32_t>> overlay_graph::undirected() const {
  adjacency graph(links.size());
  for (std::uint32_t from = 0; from < links.size(); ++from)
    for (auto to : links[from]) {
      graph[from].push_back(to);
      graph[to].push_back(from);
    }
  for (auto& neighbors : graph) {
    std::ranges::sort(neighbors);
    auto [first, last] = std::ranges::unique(neighbors);
    neighbors.erase(first, last);
  }
  return graph;
}

} // namespace troupe::sim
