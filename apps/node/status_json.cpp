#include "apps/node/status_json.hpp"

#include <nlohmann/json.hpp>

namespace troupe::daemon {

namespace {

nlohmann::json names(const std::vector<node_name>& nodes) {
  nlohmann::json result = nlohmann::json::array();
  for (const auto& n : nodes)
    result.push_back(n.str());
  return result;
}

} // namespace

std::string status_json(troupe::node& node, troupe::peer_service* members) {
  auto health = node.health();
  auto monitors = node.monitor_entries();
  auto spec = node.spec();
  auto stats = node.stats();
  nlohmann::json status{
    {"node", health.self_node},
    {"incarnation", spec.incarnation},
    {"listen", spec.listen},
    {"distributed", health.is_distributed},
    {"healthy", health.is_distributed && health.connected_count > 0},
    {"connected", health.connected_nodes},
    {"reachable", health.reachable_nodes},
    {"unreachable", health.unreachable_nodes},
    {"members", names(members ? members->members() : std::vector<node_name>{})},
    {"monitors",
     {{"watching_remote", monitors.watching_remote},
      {"watching_local", monitors.watching_local},
      {"watched_by_remote", monitors.watched_by_remote}}},
    {"stats",
     {{"messages_sent", stats.messages_sent},
      {"messages_delivered", stats.messages_delivered},
      {"dropped_not_connected", stats.dropped_not_connected},
      {"dropped_unknown_destination", stats.dropped_unknown_destination},
      {"dropped_undecodable", stats.dropped_undecodable},
      {"dropped_stale_ref", stats.dropped_stale_ref},
      {"handshakes_refused", stats.handshakes_refused}}},
  };
  return status.dump();
}

} // namespace troupe::daemon
