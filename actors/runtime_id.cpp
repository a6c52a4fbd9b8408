#include "actors/runtime_id.hpp"

#include <caf/actor_system.hpp>
#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>

namespace troupe {

std::string runtime_id_of(caf::actor_system& system) {
  std::vector<char> bytes;
  caf::binary_serializer sink{system, bytes};
  auto nid = system.node();
  if (sink(nid))
    return {};
  return {bytes.begin(), bytes.end()};
}

caf::node_id parse_runtime_id(caf::actor_system& system, const std::string& bytes) {
  caf::binary_deserializer source{system, bytes.data(), bytes.size()};
  caf::node_id nid;
  if (source(nid))
    return {};
  return nid;
}

} // namespace troupe
