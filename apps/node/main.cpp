// troupe-node: one troupe node as a process. It starts the node from the
// command line and config file (troupe::config's options, --peers and the
// discovery group, docs/discovery.md), runs its peer-service manager (full
// mesh unless told otherwise, or none), joins or connects to the given
// peers, starts discovery, offers the daemon services (services.hpp),
// prints one "ready" line on stdout and runs until SIGINT or SIGTERM, when it
// says goodbye to its peers and exits with 0. Exit code 1: the node did not
// start; 2: the command line or config file is wrong.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>

#include <caf/all.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "actors/config.hpp"
#include "actors/node.hpp"
#include "apps/node/services.hpp"
#include "discovery/discovery.hpp"

namespace {

class daemon_config : public troupe::config {
public:
  daemon_config() {
    opt_group{custom_options_, "global"}.add<std::vector<std::string>>(
      "peers", "nodes to join or connect to at start, name@host:port or host:port");
    troupe::discovery::discovery_config::add_options(custom_options_);
  }
};

/// Everything the command line and config file say, checked.
struct daemon_settings {
  troupe::node_config node;
  std::optional<troupe::peer_service_config> membership; ///< none: links only
  troupe::discovery::discovery_config discovery;
  std::vector<std::string> peers;
};

std::expected<daemon_settings, std::string> settings_of(const daemon_config& config) {
  auto node = config.node();
  if (!node)
    return std::unexpected{node.error()};
  auto membership = config.peer_service();
  if (!membership)
    return std::unexpected{membership.error()};
  auto discovery = troupe::discovery::discovery_config::from(config.content);
  if (!discovery)
    return std::unexpected{discovery.error()};
  return daemon_settings{*node, *membership, *discovery,
                         caf::get_or(config, "peers", std::vector<std::string>{})};
}

/// Blocks the stop signals in every thread (the actor system's threads
/// inherit the mask), so that main alone takes them, with sigwait.
sigset_t block_stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

/// Joins the peers that are named, if a manager runs (it dials them until
/// their member set arrives), and connects to the others.
void connect_to_peers(troupe::node& node, troupe::peer_service* members,
                      const std::vector<std::string>& peers) {
  for (const auto& peer : peers) {
    auto address = troupe::peer_address::parse(peer);
    if (members && address && address->name) {
      if (auto joined = members->join(peer); !joined)
        fmt::print(stderr, "troupe-node: cannot join {}: {}\n", peer, joined.error().message);
      continue;
    }
    if (auto connected = node.connect(peer); !connected
        && connected.error().what != troupe::connect_error::code::ignored)
      fmt::print(stderr, "troupe-node: cannot connect to {}: {}: {}\n", peer,
                 to_string(connected.error().what), connected.error().message);
  }
}

int run(daemon_config& config, const daemon_settings& settings, const sigset_t& signals) {
  caf::actor_system system{config};
  auto started = troupe::node::start(system, settings.node);
  if (!started) {
    fmt::print(stderr, "troupe-node: cannot start: {}: {}\n", to_string(started.error().what),
               started.error().message);
    return 1;
  }
  auto& node = *started;
  std::optional<troupe::peer_service> members;
  if (settings.membership)
    members.emplace(system, node, *settings.membership);
  auto* membership = members ? &*members : nullptr;
  auto discovery = troupe::discovery::start_discovery(system, node, settings.discovery,
                                                      settings.node.log);
  if (!discovery) {
    fmt::print(stderr, "troupe-node: cannot start {}\n", discovery.error());
    return 1;
  }
  auto services = troupe::daemon::offer_services(system, node, membership);
  connect_to_peers(node, membership, settings.peers);
  // The line launchers wait for: the name and where to dial it.
  fmt::print("ready {} {}\n", node.name().str(), fmt::join(node.spec().listen, " "));
  std::fflush(stdout);
  int signal = 0;
  sigwait(&signals, &signal);
  discovery->reset(); // stops the loop, which dials through the node
  node.stop();
  for (auto& service : services)
    caf::anon_send_exit(service, caf::exit_reason::user_shutdown);
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  auto signals = block_stop_signals();
  daemon_config config;
  if (auto error = config.parse(argc, argv)) {
    fmt::print(stderr, "troupe-node: {}\n", caf::to_string(error));
    return 2;
  }
  if (config.cli_helptext_printed)
    return 0;
  auto settings = settings_of(config);
  if (!settings) {
    fmt::print(stderr, "troupe-node: {}\n", settings.error());
    return 2;
  }
  return run(config, *settings, signals);
}
