#include <doctest/doctest.h>

#include <caf/actor_system_config.hpp>

#include "discovery/discovery_config.hpp"

using namespace std::chrono_literals;
using troupe::discovery::discovery_config;
using troupe::discovery::host_type;
using troupe::discovery::parse_refresh_interval;

namespace {

/// The discovery options as troupe-node reads them from its command line.
std::expected<discovery_config, std::string> parse(std::vector<std::string> args) {
  struct options : caf::actor_system_config {
    options() { discovery_config::add_options(custom_options_); }
  } config;
  args.insert(args.begin(), "test");
  std::vector<char*> argv;
  for (auto& arg : args)
    argv.push_back(arg.data());
  if (auto error = config.parse(static_cast<int>(argv.size()), argv.data()))
    return std::unexpected{caf::to_string(error)};
  return discovery_config::from(config.content);
}

} // namespace

TEST_CASE("without options there is no discovery method and a 5 s refresh") {
  auto config = parse({});
  REQUIRE(config);
  CHECK(config->methods.empty());
  CHECK((config->refresh_interval == 5s));
}

TEST_CASE("a refresh interval is a duration or never") {
  CHECK((parse_refresh_interval("300ms").value_or(std::nullopt) == 300ms));
  CHECK((parse_refresh_interval("2min").value_or(std::nullopt) == 2min));
  auto never = parse_refresh_interval("never");
  REQUIRE(never);
  CHECK(!never->has_value());
  for (auto text : {"", "0s", "5", "5 s", "-1s", "soon", "25h", "99999999999999999999h"})
    CHECK_MESSAGE(!parse_refresh_interval(text), text);
}

TEST_CASE("every method's options are read, with the node's own values left to fill in") {
  auto config = parse({"--discovery.methods=[\"static\",\"dns-a\",\"dns-srv\",\"epmd\",\"subnet\"]",
                       "--discovery.refresh-interval=never",
                       "--discovery.static-nodes=[\"b@127.0.0.2:4000\",\"127.0.0.3:4000\"]",
                       "--discovery.dns-servers=[\"127.0.0.1:5353\"]",
                       "--discovery.dns-timeout=300ms",
                       "--discovery.dns-a-name=cluster.test",
                       "--discovery.dns-a-host-type=hostname",
                       "--discovery.dns-srv-name=_troupe._tcp.cluster.test",
                       "--discovery.epmd-port=14369",
                       "--discovery.subnet-cidr=127.0.0.0/29",
                       "--discovery.subnet-backoff-min=100ms",
                       "--discovery.subnet-backoff-max=1s"});
  REQUIRE_MESSAGE(config, (config ? "" : config.error()));
  CHECK(config->methods.size() == 5);
  CHECK((config->refresh_interval == std::nullopt));
  CHECK(config->static_nodes.size() == 2);
  CHECK(config->dns.servers == std::vector<std::string>{"127.0.0.1:5353"});
  CHECK(config->dns.timeout == 300ms);
  CHECK(config->dns_a.name == "cluster.test");
  CHECK(config->dns_a.hosts == host_type::hostname);
  CHECK(config->dns_a.port == 0);
  CHECK(config->dns_a.basename.empty());
  CHECK(config->dns_srv.hosts == host_type::hostname);
  CHECK(config->epmd_port == 14369);
  CHECK(config->epmd_hosts.empty());
  REQUIRE(config->subnet);
  CHECK(config->subnet->range.to_string() == "127.0.0.0/29");
  CHECK(config->subnet->schedule.backoff_min == 100ms);
}

TEST_CASE("a wrong discovery option is refused with its name and the reason") {
  struct bad_option {
    std::vector<std::string> args;
    std::string says;
  };
  for (const auto& [args, says] : std::vector<bad_option>{
         {{"--discovery.methods=[\"dns\"]"}, "discovery.methods: unknown method 'dns'"},
         {{"--discovery.methods=[\"epmd\",\"epmd\"]"}, "discovery.methods: each method"},
         {{"--discovery.refresh-interval=0s"}, "discovery.refresh-interval: must be positive"},
         {{"--discovery.methods=[\"static\"]"}, "discovery.static-nodes: the static method"},
         {{"--discovery.static-nodes=[\"b@host\"]"}, "discovery.static-nodes: invalid peer"},
         {{"--discovery.dns-servers=[\"dns.example:53\"]"}, "discovery.dns-servers: 'dns.example:53'"},
         {{"--discovery.dns-timeout=0ms"}, "discovery.dns-timeout: must be positive"},
         {{"--discovery.dns-basename=no@pe"}, "discovery.dns-basename:"},
         {{"--discovery.methods=[\"dns-a\"]"}, "discovery.dns-a-name: the dns-a method needs it"},
         {{"--discovery.dns-a-host-type=name"}, "discovery.dns-a-host-type: must be ip or hostname"},
         {{"--discovery.dns-a-port=65536"}, "discovery.dns-a-port: must be 0"},
         {{"--discovery.methods=[\"dns-srv\"]"}, "discovery.dns-srv-name: the dns-srv method"},
         {{"--discovery.epmd-port=0"}, "discovery.epmd-port: must be 1 to 65535"},
         {{"--discovery.epmd-hosts=[\"bad host\"]"}, "discovery.epmd-hosts: 'bad host'"},
         {{"--discovery.methods=[\"subnet\"]"}, "discovery.subnet-cidr: the subnet method"},
         {{"--discovery.methods=[\"subnet\"]", "--discovery.subnet-cidr=10.0.0.0/8"},
          "discovery.subnet-cidr: invalid range"},
         {{"--discovery.methods=[\"subnet\"]", "--discovery.subnet-cidr=10.0.0.0/24",
           "--discovery.subnet-backoff-min=2s", "--discovery.subnet-backoff-max=1s"},
          "discovery.subnet-backoff-max: must not be shorter"},
         {{"--discovery.dns-a-port=many"}, "--discovery.dns-a-port=many"},
       }) {
    auto config = parse(args);
    CHECK_MESSAGE(!config, args.back());
    if (!config)
      CHECK_MESSAGE(config.error().find(says) != std::string::npos, config.error());
  }
}
