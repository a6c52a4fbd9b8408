#include "actors/node_config.hpp"

#include <algorithm>
#include <set>

#include "protocols/peer_address.hpp"
#include "protocols/wire/frame.hpp"
#include "protocols/wire/messages.hpp"

namespace troupe {

using namespace std::chrono_literals;

node_config node_config::lan() {
  return node_config{};
}

node_config node_config::wan() {
  node_config result;
  result.heartbeat_interval = 5s;
  result.idle_timeout = 30s;
  result.connect_timeout = 15s;
  result.handshake_timeout = 15s;
  result.ping_timeout = 5s;
  return result;
}

node_config node_config::local() {
  node_config result;
  result.heartbeat_interval = 200ms;
  result.idle_timeout = 1s;
  result.connect_timeout = 2s;
  result.handshake_timeout = 2s;
  result.ping_timeout = 500ms;
  return result;
}

std::optional<node_config> node_config::preset(std::string_view name) {
  if (name == "lan")
    return lan();
  if (name == "wan")
    return wan();
  if (name == "local")
    return local();
  return std::nullopt;
}

std::optional<std::string> node_config::validate() const {
  for (const auto& address : listen)
    if (auto parsed = peer_address::parse_listen(address); !parsed)
      return "listen: " + parsed.error();
  if (listen.empty() || listen.size() > wire::max_listen_addresses)
    return "listen: give 1 to 16 addresses";
  if (channels.empty() || channels.size() > wire::max_channels)
    return "channels: give 1 to 64 channel names";
  for (const auto& channel : channels)
    if (channel.empty() || channel.size() > wire::max_channel_name)
      return "channels: a channel name has 1 to 64 bytes";
  if (std::set<std::string>{channels.begin(), channels.end()}.size() != channels.size())
    return "channels: names must be distinct";
  if (parallelism == 0 || parallelism > wire::max_parallelism)
    return "parallelism: must be 1 to 256";
  for (auto [field, value] : {std::pair{"heartbeat-interval", heartbeat_interval},
                              {"idle-timeout", idle_timeout},
                              {"connect-timeout", connect_timeout},
                              {"handshake-timeout", handshake_timeout},
                              {"ping-timeout", ping_timeout}})
    if (value <= duration::zero())
      return std::string{field} + ": must be positive";
  if (idle_timeout <= heartbeat_interval)
    return "idle-timeout: must be longer than heartbeat-interval";
  if (max_frame_size < (64u << 10) || max_frame_size > wire::hard_body_limit)
    return "max-frame-size: must be 64 KiB to 1 GiB";
  if (send_buffer_limit < (64u << 10))
    return "send-buffer-limit: must be at least 64 KiB";
  if (receive_buffer_limit < (64u << 10))
    return "receive-buffer-limit: must be at least 64 KiB";
  return std::nullopt;
}

} // namespace troupe
