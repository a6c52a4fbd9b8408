#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/discovery/ports.hpp"
#include "tests/support/process_cluster.hpp"

namespace troupe::test {

/// The refresh interval the daemons of these tests run with: short, so that
/// a test waits a few of them and stays fast.
inline constexpr auto refresh = std::chrono::milliseconds{300};

/// How long a dial may take: the local preset's connect timeout.
inline const auto connect_time =
  std::chrono::duration_cast<std::chrono::milliseconds>(node_config::local().connect_timeout);

/// troupe-node processes on addresses of one test case's own, 127.77.<subnet>.x,
/// so that test cases running at once never meet. Every node listens on
/// the same port of its own address, as nodes behind a DNS name do.
class discovery_nodes {
public:
  explicit discovery_nodes(int subnet);

  process_cluster cluster{TROUPE_NODE_BINARY};

  /// 127.77.<subnet>.<host>
  std::string ip(int host) const { return prefix_ + std::to_string(host); }

  /// The port every node listens on.
  std::uint16_t port() const { return port_; }

  /// `basename@ip(host):port`, what static lists and peers dial.
  std::string address(const std::string& basename, int host) const;

  /// The member `key`, named `name`, listening on ip(host):port() and
  /// running discovery with `args` and the test refresh interval.
  process_cluster::member node(const std::string& key, const std::string& name, int host,
                               std::vector<std::string> args = {}) const;

  /// The discovery loop's counts on `key`; the test fails without an answer.
  nlohmann::json discovery_status(const std::string& key);

  /// True if the process of `key` runs and its control service answers.
  bool still_answers(const std::string& key);

private:
  std::string prefix_;
  std::uint16_t port_;
};

/// A list option's value as the command line writes it: ["a","b"].
std::string list_of(const std::vector<std::string>& items);

} // namespace troupe::test
