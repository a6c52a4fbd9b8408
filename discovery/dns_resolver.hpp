#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <vector>

struct ares_channeldata;

namespace troupe::discovery {

/// Where and how long to ask DNS.
struct dns_settings {
  /// DNS servers, `ip:port` or `[ipv6]:port`; empty: the system's
  /// (/etc/resolv.conf). Tests point this at a server of their own.
  std::vector<std::string> servers;
  /// How long the first try of a query waits for an answer; c-ares tries
  /// twice, the second time twice as long, so a dead server costs three
  /// times this per query. Default 2 s: a LAN server answers in
  /// milliseconds, and a discovery round must not stall for long.
  std::chrono::milliseconds timeout{2000};
};

/// One SRV record: the host that offers the service, and its port.
struct srv_record {
  std::string target;
  std::uint16_t port = 0;
};

/// Blocking DNS look-ups through c-ares, for the thread that owns the
/// resolver: each call sends its query and drives c-ares with poll() until
/// the answer or the timeout. It reads DNS only, never /etc/hosts, so that
/// what a method finds is what the DNS server says. Errors are in words.
class dns_resolver {
public:
  /// The error says why c-ares could not be set up (a server that is no
  /// ip:port, say).
  static std::expected<std::unique_ptr<dns_resolver>, std::string> create(const dns_settings& settings);

  dns_resolver(const dns_resolver&) = delete;
  dns_resolver& operator=(const dns_resolver&) = delete;
  ~dns_resolver();

  /// The A records of `name` (AAAA if `ipv6`), as address text.
  std::expected<std::vector<std::string>, std::string> addresses(const std::string& name, bool ipv6);

  /// The SRV records of `name`.
  std::expected<std::vector<srv_record>, std::string> services(const std::string& name);

  /// The host name a PTR record gives for `address` (IPv4 or IPv6 text).
  std::expected<std::string, std::string> host_name(const std::string& address);

private:
  explicit dns_resolver(ares_channeldata* channel) : channel_(channel) {}

  /// The raw answer to a query of `type` for `name`.
  std::expected<std::string, std::string> query(const std::string& name, int type);

  /// Drives c-ares until `done` is set by a callback.
  void wait(const bool& done);

  ares_channeldata* channel_;
};

} // namespace troupe::discovery
