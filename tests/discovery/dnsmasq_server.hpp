#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/discovery/child_process.hpp"

namespace troupe::test {

/// What a dnsmasq_server answers.
struct dns_records {
  /// Lines of a hosts file: an address and its names. Each name gets an A
  /// record; a PTR look-up of the address gives the first name.
  std::vector<std::pair<std::string, std::vector<std::string>>> hosts;

  struct service {
    std::string name; ///< _troupe._tcp.cluster.test
    std::string target;
    std::uint16_t port = 0;
    friend bool operator==(const service&, const service&) = default;
  };
  std::vector<service> services;
};

/// A real DNS server for the tests: dnsmasq on `ip:port` of the loopback,
/// answering for its records only (no upstream, no /etc/hosts). The host
/// records live in a hosts file that update() rewrites and dnsmasq re-reads
/// on SIGHUP; SRV records are on its command line, so changing them
/// restarts it. The test fails if it does not come up.
class dnsmasq_server {
public:
  dnsmasq_server(std::string ip, std::uint16_t port, std::filesystem::path dir, dns_records records);

  /// Serves `records` from now on.
  void update(dns_records records);

  /// Kills it: the server is down until the next update().
  void stop();

  /// ip:port, what --discovery.dns-servers takes.
  std::string address() const { return ip_ + ":" + std::to_string(port_); }

private:
  void write_hosts_file() const;
  void launch();
  /// Waits until the log says the hosts file was read `times` times.
  void wait_for_reads(std::size_t times) const;

  std::string ip_;
  std::uint16_t port_;
  std::filesystem::path dir_;
  dns_records records_;
  std::optional<child_process> process_;
};

} // namespace troupe::test
