#include "discovery/discovery_config.hpp"

#include <algorithm>
#include <charconv>

#include <arpa/inet.h>
#include <caf/config_option_adder.hpp>
#include <caf/make_config_option.hpp>
#include <caf/settings.hpp>

namespace troupe::discovery {

namespace {

using strings = std::vector<std::string>;
using namespace std::chrono_literals;

constexpr std::string_view known_methods[] = {"static", "dns-a", "dns-srv", "epmd", "subnet"};

/// Reads `discovery.*` options and keeps the first error, which names its
/// option, so that each section below reads straight through.
class option_reader {
public:
  explicit option_reader(const caf::settings& content) : content_(content) {}

  template <class T>
  std::optional<T> get(std::string_view option) const {
    if (auto value = caf::get_if<T>(&content_, "discovery." + std::string{option}))
      return *value;
    return std::nullopt;
  }

  template <class T>
  T get_or(std::string_view option, T fallback) const {
    return get<T>(option).value_or(std::move(fallback));
  }

  /// A port number; 0 only where it means "this node's".
  std::uint16_t port(std::string_view option, std::uint16_t fallback, bool zero_means_own) {
    auto value = get_or<std::size_t>(option, fallback);
    if (value > 65535 || (value == 0 && !zero_means_own))
      fail(option, zero_means_own ? "must be 0 (this node's port) to 65535" : "must be 1 to 65535");
    return static_cast<std::uint16_t>(value);
  }

  std::chrono::milliseconds positive(std::string_view option, std::chrono::milliseconds fallback) {
    auto value = get_or<caf::timespan>(option, fallback);
    if (value <= caf::timespan::zero())
      fail(option, "must be positive");
    return std::chrono::duration_cast<std::chrono::milliseconds>(value);
  }

  /// An option that method `method` cannot do without.
  std::string required(std::string_view option, std::string_view method) {
    auto value = get_or<std::string>(option, "");
    if (value.empty())
      fail(option, "the " + std::string{method} + " method needs it");
    return value;
  }

  host_type host_type_of(std::string_view option, host_type fallback) {
    auto text = get<std::string>(option);
    auto parsed = text ? parse_host_type(*text) : fallback;
    if (!parsed)
      fail(option, "must be ip or hostname, not '" + text->substr(0, 100) + "'");
    return parsed.value_or(fallback);
  }

  void fail(std::string_view option, const std::string& why) {
    if (!error_)
      error_ = "discovery." + std::string{option} + ": " + why;
  }

  const std::optional<std::string>& error() const { return error_; }

private:
  const caf::settings& content_;
  std::optional<std::string> error_;
};

bool uses(const discovery_config& config, std::string_view method) {
  return std::ranges::find(config.methods, method) != config.methods.end();
}

bool is_ip_literal(const std::string& host) {
  in6_addr binary{};
  return ::inet_pton(AF_INET, host.c_str(), &binary) == 1
         || ::inet_pton(AF_INET6, host.c_str(), &binary) == 1;
}

/// A refresh interval must be positive, and at most a day: a longer one is
/// no reconnection, and "never" says so.
std::expected<std::optional<discovery_config::duration>, std::string>
checked_interval(discovery_config::duration interval) {
  if (interval <= discovery_config::duration::zero() || interval > 24h)
    return std::unexpected{"must be positive and at most 24h, or never"};
  return interval;
}

void read_methods(option_reader& options, discovery_config& config) {
  config.methods = options.get_or<strings>("methods", {});
  for (const auto& method : config.methods)
    if (std::ranges::find(known_methods, method) == std::end(known_methods))
      options.fail("methods", "unknown method '" + method.substr(0, 100)
                                + "' (use static, dns-a, dns-srv, epmd or subnet)");
  auto sorted = config.methods;
  std::ranges::sort(sorted);
  if (std::ranges::adjacent_find(sorted) != sorted.end())
    options.fail("methods", "each method may be named once");
  // A config file's unquoted 5s arrives as a timespan, the command line's as text.
  auto given = options.get<caf::timespan>("refresh-interval");
  auto interval = given ? checked_interval(*given)
                        : parse_refresh_interval(options.get_or<std::string>("refresh-interval", "5s"));
  if (interval)
    config.refresh_interval = *interval;
  else
    options.fail("refresh-interval", interval.error());
}

void read_static(option_reader& options, discovery_config& config) {
  for (const auto& text : options.get_or<strings>("static-nodes", {})) {
    if (auto peer = peer_address::parse(text))
      config.static_nodes.push_back(std::move(*peer));
    else
      options.fail("static-nodes", peer.error());
  }
  if (uses(config, "static") && config.static_nodes.empty())
    options.fail("static-nodes", "the static method needs at least one node");
}

void read_dns(option_reader& options, discovery_config& config) {
  config.dns.servers = options.get_or<strings>("dns-servers", {});
  for (const auto& server : config.dns.servers)
    if (auto address = peer_address::parse(server); !address || address->name
                                                   || !is_ip_literal(address->host))
      options.fail("dns-servers", "'" + server.substr(0, 100)
                                    + "' is not ip:port or [ipv6]:port");
  config.dns.timeout = options.positive("dns-timeout", config.dns.timeout);
  auto basename = options.get_or<std::string>("dns-basename", "");
  if (!basename.empty() && !node_name::parse(basename + "@host"))
    options.fail("dns-basename", "'" + basename.substr(0, 100) + "' cannot start a node name");
  auto ipv6 = options.get_or<bool>("dns-ipv6", false);
  config.dns_a = {.hosts = options.host_type_of("dns-a-host-type", host_type::ip),
                  .basename = basename,
                  .port = options.port("dns-a-port", 0, true),
                  .ipv6 = ipv6};
  config.dns_srv = {.hosts = options.host_type_of("dns-srv-host-type", host_type::hostname),
                    .basename = basename,
                    .ipv6 = ipv6};
  if (uses(config, "dns-a"))
    config.dns_a.name = options.required("dns-a-name", "dns-a");
  if (uses(config, "dns-srv"))
    config.dns_srv.name = options.required("dns-srv-name", "dns-srv");
}

void read_epmd(option_reader& options, discovery_config& config) {
  config.epmd_port = options.port("epmd-port", config.epmd_port, false);
  config.epmd_hosts = options.get_or<strings>("epmd-hosts", {});
  for (const auto& host : config.epmd_hosts)
    if (!node_name::parse("x@" + host))
      options.fail("epmd-hosts", "'" + host.substr(0, 100) + "' is no host name or IPv4 address");
  config.epmd_register = options.get_or<bool>("epmd-register", true);
  config.epmd_timeout = options.positive("epmd-timeout", config.epmd_timeout);
}

void read_subnet(option_reader& options, discovery_config& config) {
  if (!uses(config, "subnet"))
    return;
  auto range = proto::ipv4_range::parse(options.required("subnet-cidr", "subnet"));
  if (!range) {
    options.fail("subnet-cidr", range.error());
    return;
  }
  proto::scan_schedule::config schedule;
  schedule.backoff_min = options.positive("subnet-backoff-min", 1000ms);
  schedule.backoff_max = options.positive("subnet-backoff-max", 60000ms);
  if (schedule.backoff_max < schedule.backoff_min)
    options.fail("subnet-backoff-max", "must not be shorter than subnet-backoff-min");
  schedule.max_probes = options.get_or<std::size_t>("subnet-max-probes", schedule.max_probes);
  if (schedule.max_probes == 0)
    options.fail("subnet-max-probes", "must be at least 1");
  config.subnet = subnet_settings{*range, options.port("subnet-port", 0, true), schedule};
}

} // namespace

void discovery_config::add_options(caf::config_option_set& options) {
  using ms = caf::timespan;
  caf::config_option_adder{options, "discovery"}
    .add<strings>("methods", "discovery methods to run: static, dns-a, dns-srv, epmd, subnet")
    .add<std::string>("refresh-interval", "how often to look for peers, e.g. 5s; never: once")
    .add<strings>("static-nodes", "static: nodes to keep connected, name@host:port or host:port")
    .add<strings>("dns-servers", "dns-a, dns-srv: DNS servers, ip:port (default: the system's)")
    .add<ms>("dns-timeout", "dns-a, dns-srv: how long a query's first try waits")
    .add<std::string>("dns-basename", "dns-a, dns-srv: peers' name before '@' (default: this node's)")
    .add<bool>("dns-ipv6", "dns-a, dns-srv: use AAAA records instead of A")
    .add<std::string>("dns-a-name", "dns-a: the host name whose A records are the peers")
    .add<std::string>("dns-a-host-type", "dns-a: ip (default) or hostname (PTR look-up)")
    .add<std::size_t>("dns-a-port", "dns-a: the peers' port (default: this node's)")
    .add<std::string>("dns-srv-name", "dns-srv: the service whose SRV records are the peers")
    .add<std::string>("dns-srv-host-type", "dns-srv: hostname (default) or ip")
    .add<std::size_t>("epmd-port", "epmd: where epmd listens (default 4369)")
    .add<strings>("epmd-hosts", "epmd: hosts whose epmd to ask (default: this node's host)")
    .add<bool>("epmd-register", "epmd: register this node with its host's epmd (default true)")
    .add<ms>("epmd-timeout", "epmd: how long a request to epmd may take")
    .add<std::string>("subnet-cidr", "subnet: the range to scan, a.b.c.d/16 to /32")
    .add<std::size_t>("subnet-port", "subnet: the port to probe (default: this node's)")
    .add<ms>("subnet-backoff-min", "subnet: first wait before probing a silent address again")
    .add<ms>("subnet-backoff-max", "subnet: longest wait between probes of an address")
    .add<std::size_t>("subnet-max-probes", "subnet: addresses probed per round at most");
}

std::expected<discovery_config, std::string> discovery_config::from(const caf::settings& content) {
  option_reader options{content};
  discovery_config config;
  read_methods(options, config);
  read_static(options, config);
  read_dns(options, config);
  read_epmd(options, config);
  read_subnet(options, config);
  if (options.error())
    return std::unexpected{*options.error()};
  return config;
}

std::expected<std::optional<discovery_config::duration>, std::string>
parse_refresh_interval(std::string_view text) {
  if (text == "never")
    return std::nullopt;
  std::uint64_t count = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
  auto unit = text.substr(static_cast<std::size_t>(end - text.data()));
  using unit_length = std::pair<std::string_view, discovery_config::duration>;
  const unit_length units[] = {{"ms", 1ms}, {"s", 1s}, {"min", 1min}, {"h", 1h}};
  auto found = std::ranges::find(units, unit, &unit_length::first);
  if (error != std::errc{} || found == std::end(units))
    return std::unexpected{"'" + std::string{text.substr(0, 100)}
                           + "' is neither never nor a duration such as 500ms or 5s"};
  if (count > static_cast<std::uint64_t>(24h / found->second))
    return std::unexpected{"must be at most 24h, or never"};
  return checked_interval(count * found->second);
}

} // namespace troupe::discovery
