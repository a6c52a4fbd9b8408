#pragma once

#include <cstdint>

#include "discovery/method.hpp"
#include "protocols/discovery/ipv4_range.hpp"
#include "protocols/discovery/scan_schedule.hpp"

namespace troupe::discovery {

/// Options of the subnet scan.
struct subnet_settings {
  proto::ipv4_range range;             ///< the addresses to probe
  std::uint16_t port = 0;              ///< where troupe nodes listen on each of them
  proto::scan_schedule::config schedule;
};

/// Beethoven's locator: probes every address of a range on one port, and the
/// troupe nodes that answer are peers. A probe is the loop's dial itself
/// (the handshake tells a troupe node from anything else on the port);
/// addresses that do not answer are probed again only after a random
/// back-off (scan_schedule).
class subnet_method : public method {
public:
  subnet_method(const subnet_settings& settings, std::uint64_t seed)
    : port_(settings.port), schedule_(settings.range.hosts(), settings.schedule, seed) {}

  std::string_view name() const override { return "subnet"; }

  method_result peers() override;

  void dialed(const found_peer& peer, bool reached) override;

private:
  std::uint16_t port_;
  proto::scan_schedule schedule_;
};

} // namespace troupe::discovery
