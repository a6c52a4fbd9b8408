#pragma once

#include <chrono>
#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "apps/launch/node_process.hpp"
#include "apps/node/services_client.hpp"
#include "tests/support/test_cluster.hpp"

namespace troupe::test {

using launch::node_process;

/// The local preset's idle timeout, which the daemons run with.
inline const auto idle_timeout = node_config::local().idle_timeout;

/// troupe-node processes (local preset, cookie "secret", logs in a temp
/// dir), and a node in the test process, "observer", that asks them what
/// they see through their control service.
struct process_cluster {
  std::filesystem::path dir;
  std::map<std::string, node_process> nodes;
  std::unique_ptr<test_node> observer = start_node("observer");
  daemon::services_client client{*observer->system, *observer->node, std::chrono::seconds{3}};

  process_cluster();
  ~process_cluster();

  /// Starts troupe-node `name`@127.0.0.1 with `peers` and `extra` options.
  std::expected<node_process, std::string> try_launch(const std::string& name,
                                                      std::vector<std::string> peers = {},
                                                      std::vector<std::string> extra = {},
                                                      std::string cookie = "secret");

  /// Starts `name`, joining the named earlier nodes, and connects the observer to it.
  node_process& launch(const std::string& name, const std::vector<std::string>& peers = {},
                       std::string cookie = "secret");

  /// What `name` reports as its view of the cluster.
  nlohmann::json status(const std::string& name);

  /// True if `name` lists `peer` among its connected nodes.
  bool sees(const std::string& name, const std::string& peer);

  std::string log_of(const std::string& name);
};

bool contains(const std::string& text, std::string_view part);

/// How long until `condition` holds, polled; nullopt if not within `limit`.
std::optional<std::chrono::milliseconds> time_until(const std::function<bool()>& condition,
                                                    std::chrono::milliseconds limit);

} // namespace troupe::test
