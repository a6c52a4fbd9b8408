#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "protocols/wire/byte_buffer.hpp"

/// The monitor service's wire protocol (service frames of wire::service_id::monitors).
///
///     watcher's node                       target's node
///     monitor{ref, target}             ->
///                                      <-  down{ref, reason, detail}   (when it ends,
///     demonitor{ref}                   ->                               or at once: noproc)
///
/// `ref` is chosen by the watcher's node and unique there; the target's node
/// keys its entries by (watcher's node, ref). A node loss ends every monitor
/// between the two nodes on both sides without a message.
namespace troupe::proto::monitoring {

/// What a monitor watches on the target's node: a registered name, or an
/// actor of one run (incarnation) of that node.
struct target {
  std::string name; ///< if not empty, the actor registered under it now
  std::uint64_t actor_id = 0;
  std::uint64_t incarnation = 0;
  friend bool operator==(const target&, const target&) = default;
};

struct monitor {
  std::uint64_t ref = 0;
  monitoring::target target;
  friend bool operator==(const monitor&, const monitor&) = default;
};

struct demonitor {
  std::uint64_t ref = 0;
  friend bool operator==(const demonitor&, const demonitor&) = default;
};

/// Why a monitored actor is gone, as the watcher's DOWN message says.
enum class down_reason : std::uint8_t {
  exited = 1,   ///< it ended; `detail` holds its exit reason
  noproc,       ///< it did not exist, or belonged to an earlier run of its node
  noconnection, ///< its node was lost (decided on the watcher's side)
};

struct down {
  std::uint64_t ref = 0;
  down_reason reason = down_reason::exited;
  std::string detail; ///< at most 65535 bytes
  friend bool operator==(const down&, const down&) = default;
};

using message = std::variant<monitor, demonitor, down>;

void encode(wire::byte_buffer& out, const message& msg);

/// The message in `body`; nullopt if it is malformed or has trailing bytes.
std::optional<message> decode(wire::byte_span body);

} // namespace troupe::proto::monitoring
