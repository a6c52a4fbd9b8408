#pragma once

#include <cstdint>
#include <string>

namespace troupe::test {

/// A port on `ip` that nothing uses now, for TCP and UDP both, for servers
/// and nodes that must know their port before they start (static lists,
/// DNS records, a scanned range). The tests give each test case addresses
/// of its own, so two cases running at once do not meet.
std::uint16_t free_port(const std::string& ip);

} // namespace troupe::test
