#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace troupe::proto {

/// An IPv4 network in CIDR notation, `a.b.c.d/len`: the range a subnet scan
/// probes (Beethoven's cluster_net and cluster_net_mask).
class ipv4_range {
public:
  /// The shortest prefix accepted: a /16 holds 65534 hosts already, and a
  /// larger range would take a scan hours to cover.
  static constexpr unsigned min_prefix = 16;

  /// The error says what is wrong with `text`, in words for the user.
  static std::expected<ipv4_range, std::string> parse(std::string_view text);

  /// The host addresses in dotted form, lowest first: without the network and
  /// broadcast addresses, except in a /31 and a /32, which have none (RFC 3021).
  std::vector<std::string> hosts() const;

  std::string to_string() const;

private:
  ipv4_range(std::uint32_t network, unsigned prefix) : network_(network), prefix_(prefix) {}

  std::uint32_t network_;
  unsigned prefix_;
};

} // namespace troupe::proto
