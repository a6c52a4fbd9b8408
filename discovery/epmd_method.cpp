#include "discovery/epmd_method.hpp"

namespace troupe::discovery {

epmd_method::epmd_method(epmd_settings settings) : settings_(std::move(settings)) {
  if (settings_.registration)
    registration_.emplace(*settings_.registration);
}

method_result epmd_method::peers() {
  method_result result;
  if (registration_)
    if (auto registered = registration_->ensure(); !registered)
      result.problems.push_back(registered.error());
  for (const auto& host : settings_.hosts)
    add_peers_on(host, result);
  return result;
}

void epmd_method::add_peers_on(const std::string& host, method_result& result) {
  epmd_client epmd{host, settings_.port, settings_.timeout};
  auto names = epmd.names();
  if (!names) {
    result.problems.push_back(names.error());
    return;
  }
  for (const auto& entry : *names) {
    auto info = epmd.port_please(entry.name);
    if (!info) {
      result.problems.push_back(info.error());
      continue;
    }
    // Gone since NAMES, or not a troupe node: an Erlang node, say.
    if (!*info || (*info)->extra != proto::epmd::troupe_extra)
      continue;
    auto name = node_name::parse(entry.name + "@" + host);
    if (!name) {
      result.problems.push_back("epmd on " + host + " lists '" + entry.name.substr(0, 100)
                                + "': " + name.error());
      continue;
    }
    result.peers.push_back({std::move(*name), host, (*info)->port});
  }
}

} // namespace troupe::discovery
