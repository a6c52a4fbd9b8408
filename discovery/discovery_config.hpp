#pragma once

#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <caf/fwd.hpp>

#include "discovery/dns_a_method.hpp"
#include "discovery/dns_srv_method.hpp"
#include "discovery/epmd_method.hpp"
#include "discovery/subnet_method.hpp"

namespace troupe::discovery {

/// Everything the discovery loop and its methods are configured with; read
/// from the `discovery` group of the command line and config file (see
/// docs/discovery.md). Empty fields marked "this node's" are filled in from
/// the node when discovery starts.
struct discovery_config {
  using duration = std::chrono::nanoseconds;

  /// Methods that run together, by name: static, dns-a, dns-srv, epmd,
  /// subnet. Empty: no discovery.
  std::vector<std::string> methods;

  /// How often the loop asks the methods and dials the peers not connected.
  /// nullopt ("never"): one round at start, no reconnection. Default 5 s,
  /// gen_cluster's refresh_interval_ms.
  std::optional<duration> refresh_interval = std::chrono::seconds{5};

  /// static: the nodes, name@host:port or host:port.
  std::vector<found_peer> static_nodes;

  /// dns-a and dns-srv: the server and timeout they ask with.
  dns_settings dns;
  /// dns-a; an empty basename and port 0 mean this node's.
  dns_a_settings dns_a;
  /// dns-srv; an empty basename means this node's.
  dns_srv_settings dns_srv;

  /// epmd: where every host's epmd listens, whose to ask (empty: this
  /// node's host), whether to register there, and how long a request waits.
  std::uint16_t epmd_port = proto::epmd::default_port;
  std::vector<std::string> epmd_hosts;
  bool epmd_register = true;
  std::chrono::milliseconds epmd_timeout{2000};

  /// subnet: set when the method is on; port 0 means this node's.
  std::optional<subnet_settings> subnet;

  /// Declares the options (`discovery.<option>`) on a config's option set.
  static void add_options(caf::config_option_set& options);

  /// Reads the options; the error names the option and what is wrong.
  static std::expected<discovery_config, std::string> from(const caf::settings& content);
};

/// "never", or a positive duration such as "500ms", "5s", "2min".
std::expected<std::optional<discovery_config::duration>, std::string>
parse_refresh_interval(std::string_view text);

} // namespace troupe::discovery
