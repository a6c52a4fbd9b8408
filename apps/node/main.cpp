// troupe-node: one troupe node as a process. It starts the node from the
// command line and config file (troupe::config's options plus --peers),
// runs its peer-service manager (full mesh unless told otherwise), joins or
// connects to the given peers, offers the daemon services (services.hpp),
// prints one "ready" line on stdout and runs until SIGINT or SIGTERM, when it
// says goodbye to its peers and exits with 0. Exit code 1: the node did not
// start; 2: the command line or config file is wrong.
#include <csignal>
#include <cstdio>
#include <iostream>

#include <caf/all.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "actors/config.hpp"
#include "actors/node.hpp"
#include "apps/node/services.hpp"

namespace {

class daemon_config : public troupe::config {
public:
  daemon_config() {
    opt_group{custom_options_, "global"}.add<std::vector<std::string>>(
      "peers", "nodes to connect to at start, name@host:port or host:port");
  }
};

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

/// Joins the peers that are named (the manager dials them until their
/// member set arrives) and connects to the others.
void connect_to_peers(troupe::node& node, troupe::peer_service& members,
                      const std::vector<std::string>& peers) {
  for (const auto& peer : peers) {
    if (auto address = troupe::peer_address::parse(peer); address && address->name) {
      if (auto joined = members.join(peer); !joined)
        fmt::print(stderr, "troupe-node: cannot join {}: {}\n", peer, joined.error().message);
      continue;
    }
    if (auto connected = node.connect(peer); !connected
        && connected.error().what != troupe::connect_error::code::ignored)
      fmt::print(stderr, "troupe-node: cannot connect to {}: {}: {}\n", peer,
                 to_string(connected.error().what), connected.error().message);
  }
}

int run(daemon_config& config, const troupe::node_config& settings,
        const troupe::peer_service_config& membership, const sigset_t& signals) {
  caf::actor_system system{config};
  auto started = troupe::node::start(system, settings);
  if (!started) {
    fmt::print(stderr, "troupe-node: cannot start: {}: {}\n", to_string(started.error().what),
               started.error().message);
    return 1;
  }
  auto& node = *started;
  troupe::peer_service members{system, node, membership};
  auto services = troupe::daemon::offer_services(system, node, members);
  connect_to_peers(node, members, caf::get_or(config, "peers", std::vector<std::string>{}));
  // The line launchers wait for: the name and where to dial it.
  fmt::print("ready {} {}\n", node.name().str(), fmt::join(node.spec().listen, " "));
  std::fflush(stdout);
  int signal = 0;
  sigwait(&signals, &signal);
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
  auto settings = config.node();
  if (!settings) {
    fmt::print(stderr, "troupe-node: {}\n", settings.error());
    return 2;
  }
  auto membership = config.peer_service();
  if (!membership) {
    fmt::print(stderr, "troupe-node: {}\n", membership.error());
    return 2;
  }
  return run(config, *settings, *membership, signals);
}
