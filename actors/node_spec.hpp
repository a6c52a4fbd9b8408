#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "protocols/node_name.hpp"

namespace troupe {

/// What a node says about itself (Partisan's node_spec, plus the run).
struct node_spec {
  node_name name;
  std::uint64_t incarnation = 0;
  std::vector<std::string> listen; ///< where it accepts connections, host:port
  std::vector<std::string> channels;
  std::uint16_t parallelism = 1;
};

} // namespace troupe
