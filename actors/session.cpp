#include "actors/session.hpp"

#include <algorithm>

namespace troupe {

std::size_t session::channel_index(std::string_view name) const {
  auto found = std::ranges::find(channels, name);
  return found == channels.end() ? 0 : static_cast<std::size_t>(found - channels.begin());
}

connection& session::lane(std::size_t channel, std::uint64_t key) const {
  // Plain modulo: keys 0..n-1 get lanes 0..n-1, and consecutive actor ids
  // (the default keys) spread evenly.
  return *lanes[channel * parallelism + key % parallelism];
}

} // namespace troupe
