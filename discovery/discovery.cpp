#include "discovery/discovery.hpp"

#include <random>

#include "discovery/epmd_method.hpp"
#include "discovery/node_connect.hpp"
#include "discovery/static_method.hpp"

namespace troupe::discovery {

namespace {

using methods = std::vector<std::unique_ptr<method>>;

/// What methods take from the node where their options leave it out.
struct own_node {
  const node_name& name;
  std::string host; ///< the host part of its name
  std::uint16_t port = 0; ///< its first listen port
};

own_node own_node_of(const troupe::node& node) {
  auto listen = peer_address::parse_listen(node.spec().listen.front());
  return {node.name(), std::string{node.name().host()}, listen ? listen->port : std::uint16_t{0}};
}

template <class Settings>
Settings with_own_basename(Settings settings, const own_node& self) {
  if (settings.basename.empty())
    settings.basename = self.name.name();
  return settings;
}

std::expected<std::unique_ptr<method>, std::string>
make_dns_a(const discovery_config& config, const own_node& self) {
  auto settings = with_own_basename(config.dns_a, self);
  if (settings.port == 0)
    settings.port = self.port;
  auto resolver = dns_resolver::create(config.dns);
  if (!resolver)
    return std::unexpected{resolver.error()};
  return std::make_unique<dns_a_method>(std::move(settings), std::move(*resolver));
}

std::expected<std::unique_ptr<method>, std::string>
make_dns_srv(const discovery_config& config, const own_node& self) {
  auto resolver = dns_resolver::create(config.dns);
  if (!resolver)
    return std::unexpected{resolver.error()};
  return std::make_unique<dns_srv_method>(with_own_basename(config.dns_srv, self),
                                          std::move(*resolver));
}

std::unique_ptr<method> make_epmd(const discovery_config& config, const own_node& self) {
  epmd_settings settings{.port = config.epmd_port,
                         .hosts = config.epmd_hosts,
                         .timeout = config.epmd_timeout};
  if (settings.hosts.empty())
    settings.hosts.push_back(self.host);
  // epmd accepts registrations from its own host only: loopback reaches it.
  if (config.epmd_register)
    settings.registration = {.epmd_host = "127.0.0.1",
                             .epmd_port = config.epmd_port,
                             .name = std::string{self.name.name()},
                             .node_port = self.port,
                             .timeout = config.epmd_timeout};
  return std::make_unique<epmd_method>(std::move(settings));
}

std::unique_ptr<method> make_subnet(const discovery_config& config, const own_node& self) {
  auto settings = *config.subnet;
  if (settings.port == 0)
    settings.port = self.port;
  return std::make_unique<subnet_method>(settings, std::random_device{}());
}

std::expected<std::unique_ptr<method>, std::string>
make_method(const std::string& name, const discovery_config& config, const own_node& self) {
  if (name == "static")
    return std::make_unique<static_method>(config.static_nodes);
  if (name == "dns-a")
    return make_dns_a(config, self);
  if (name == "dns-srv")
    return make_dns_srv(config, self);
  if (name == "epmd")
    return make_epmd(config, self);
  return make_subnet(config, self);
}

} // namespace

std::expected<std::optional<discovery_loop>, std::string>
start_discovery(caf::actor_system& system, troupe::node& node, const discovery_config& config,
                log_level log) {
  if (config.methods.empty())
    return std::nullopt;
  auto self = own_node_of(node);
  methods chosen;
  for (const auto& name : config.methods) {
    auto made = make_method(name, config, self);
    if (!made)
      return std::unexpected{"discovery: " + name + ": " + made.error()};
    chosen.push_back(std::move(*made));
  }
  loop_settings settings{.self = {node.name(), node.spec().listen},
                         .refresh_interval = config.refresh_interval,
                         .log = log};
  auto loop = discovery_loop::start(system, std::move(settings), std::move(chosen),
                                    std::make_unique<node_connect>(node));
  if (auto registered = node.register_name(service_name, loop.actor()); !registered)
    return std::unexpected{"discovery: " + registered.error()};
  return std::optional<discovery_loop>{std::move(loop)};
}

} // namespace troupe::discovery
