#pragma once

#include <chrono>
#include <compare>
#include <cstdint>

#include "protocols/node_name.hpp"

namespace troupe {

/// Names an injected partition, to resolve it early.
struct partition_ref {
  std::uint64_t id = 0;
  friend auto operator<=>(const partition_ref&, const partition_ref&) = default;
};

/// A partition injected with node::inject_partition: traffic between this
/// node and `peer` is dropped until `until` or until it is resolved.
struct partition {
  partition_ref ref;
  node_name peer;
  std::chrono::steady_clock::time_point until;
};

} // namespace troupe
