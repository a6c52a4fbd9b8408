#pragma once

#include <chrono>
#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "apps/bench/child.hpp"

namespace troupe::bench {

/// The echo scenario's network: one network namespace per node, each with a
/// veth pair to a bridge in a namespace of its own (10.77.0.<i+1>/24), and
/// on every node the packets that arrive from the others held for
/// `one_way_delay` (iptables-legacy NFQUEUE rule + troupe-netdelay).
///
/// Everything is removed by the destructor, and on SIGINT/SIGTERM; a run
/// that was killed harder leaves namespaces named after its pid, which the
/// next run removes. Needs root.
class echo_network {
public:
  /// Empty if this machine can run it; otherwise what is missing.
  static std::optional<std::string> missing_prerequisites();

  static std::expected<echo_network, std::string> create(std::size_t nodes,
                                                         std::chrono::microseconds one_way_delay,
                                                         const std::string& netdelay_binary);

  echo_network(echo_network&& other) noexcept;
  echo_network& operator=(echo_network&&) = delete;
  echo_network(const echo_network&) = delete;
  echo_network& operator=(const echo_network&) = delete;
  ~echo_network();

  std::size_t size() const noexcept { return nodes_; }

  /// Node `i`'s address.
  std::string address(std::size_t i) const;

  /// Moves the calling process into node `i`'s namespace. In a forked
  /// child, before it creates any thread.
  bool enter(std::size_t i) const;

private:
  echo_network(std::string prefix, std::size_t nodes);

  std::string hub() const;
  std::string node_namespace(std::size_t i) const;
  std::optional<std::string> build(std::chrono::microseconds one_way_delay,
                                   const std::string& netdelay_binary);
  void remove();

  std::string prefix_;
  std::size_t nodes_ = 0;
  std::vector<child> delays_;
};

} // namespace troupe::bench
