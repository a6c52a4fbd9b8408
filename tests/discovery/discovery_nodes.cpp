#include "tests/discovery/discovery_nodes.hpp"

#include <doctest/doctest.h>

namespace troupe::test {

discovery_nodes::discovery_nodes(int subnet)
  : prefix_("127.77." + std::to_string(subnet) + "."), port_(free_port(prefix_ + "2")) {}

std::string discovery_nodes::address(const std::string& basename, int host) const {
  return basename + "@" + ip(host) + ":" + std::to_string(port_);
}

process_cluster::member discovery_nodes::node(const std::string& key, const std::string& name,
                                              int host, std::vector<std::string> args) const {
  args.insert(args.begin(), "--discovery.refresh-interval=" + std::to_string(refresh.count()) + "ms");
  return {.key = key,
          .name = name,
          .listen = ip(host) + ":" + std::to_string(port_),
          .args = std::move(args)};
}

nlohmann::json discovery_nodes::discovery_status(const std::string& key) {
  auto status = cluster.ask_status(key, "discovery");
  REQUIRE_MESSAGE(status, (status ? "" : status.error()));
  return *status;
}

bool discovery_nodes::still_answers(const std::string& key) {
  return !cluster.at(key).wait(std::chrono::milliseconds{0})
         && cluster.ask_status(key, "control").has_value();
}

std::string list_of(const std::vector<std::string>& items) {
  std::string result = "[";
  for (const auto& item : items)
    result += (result.size() > 1 ? ",\"" : "\"") + item + "\"";
  return result + "]";
}

} // namespace troupe::test
