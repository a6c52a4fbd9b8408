#include "actors/config.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <caf/config_option_adder.hpp>
#include <caf/io/middleman.hpp>
#include <caf/message.hpp>
#include <caf/settings.hpp>

#include "actors/errors.hpp"
#include "actors/member_info.hpp"
#include "actors/monitor_types.hpp"
#include "protocols/wire/frame.hpp"

namespace troupe {

config::config() {
  // Without the middleman CAF 0.17 gives every actor system the same invalid
  // node id, and troupe tells peers apart by it (proxies, actors inside
  // messages). The middleman's own networking stays unused.
  load<caf::io::middleman>();
  add_message_type<monitor_ref>("troupe::monitor_ref");
  add_message_type<down_msg>("troupe::down_msg");
  add_message_type<nodeup_msg>("troupe::nodeup_msg");
  add_message_type<nodedown_msg>("troupe::nodedown_msg");
  add_message_type<member_info>("troupe::member_info");
  using string_list = std::vector<std::string>;
  opt_group{custom_options_, "troupe"}
    .add<std::string>("preset", "defaults to start from: lan (default), wan or local")
    .add<std::string>("name", "this node's name, name@host")
    .add<std::string>("cookie", "the cluster's shared secret (1-255 bytes)")
    .add<std::string>("cookie-file", "read the cookie from this file (one line), "
                                     "so that it does not show in the process list")
    .add<string_list>("listen", "addresses to accept connections on, host:port")
    .add<string_list>("channels", "channel names; the first is the default")
    .add<size_t>("parallelism", "connections per channel to each peer")
    .add<caf::timespan>("heartbeat-interval", "heartbeat after this much silence")
    .add<caf::timespan>("idle-timeout", "a peer silent this long is down")
    .add<caf::timespan>("connect-timeout", "how long connect waits")
    .add<caf::timespan>("handshake-timeout", "how long a handshake may take")
    .add<caf::timespan>("ping-timeout", "how long ping and health wait for a pong")
    .add<size_t>("max-frame-size", "largest frame body accepted, in bytes")
    .add<size_t>("send-buffer-limit", "bytes queued per connection before senders wait")
    .add<size_t>("receive-buffer-limit", "bytes of a connection's messages local actors may "
                                         "hold unhandled before the node stops reading it")
    .add<size_t>("inline-delivery-budget", "messages an actor woken from the network handles "
                                           "on the I/O thread (0: all go to CAF's scheduler)")
    .add<std::string>("log-level", "error, warning, info (default) or debug")
    .add<std::string>("peer-service", "membership manager: full-mesh (default), client-server, "
                                      "static or none")
    .add<std::string>("tag", "for client-server: server or client (default)")
    .add<caf::timespan>("gossip-interval", "time between rounds of membership gossip")
    .add<caf::timespan>("reconnect-interval", "time between rounds of dialing unlinked members");
  add_error_category(errc_atom::value,
                     [](std::uint8_t code, caf::atom_value, const caf::message& context) {
                       auto text = "troupe: " + to_string(static_cast<errc>(code));
                       if (context.match_elements<std::string>())
                         text += " (" + context.get_as<std::string>(0) + ")";
                       return text;
                     });
}

namespace {

/// The file's first line, without its line break.
std::expected<std::string, std::string> read_cookie_file(const std::string& path) {
  std::ifstream file{path};
  if (!file)
    return std::unexpected{"cannot read " + path + ": " + std::strerror(errno)};
  std::string cookie;
  std::getline(file, cookie);
  if (!cookie.empty() && cookie.back() == '\r')
    cookie.pop_back();
  return cookie;
}

template <class T, class Field>
void override_with(const caf::settings& content, std::string_view key, Field& field) {
  if (auto value = caf::get_if<T>(&content, key))
    field = static_cast<Field>(*value);
}

} // namespace

std::expected<node_config, std::string> config::node() const {
  auto preset_name = caf::get_or(content, "troupe.preset", std::string{"lan"});
  auto result = node_config::preset(preset_name);
  if (!result)
    return std::unexpected{"troupe.preset: unknown preset '" + preset_name
                           + "' (use lan, wan or local)"};
  using strings = std::vector<std::string>;
  override_with<std::string>(content, "troupe.name", result->name);
  override_with<std::string>(content, "troupe.cookie", result->cookie);
  if (auto path = caf::get_if<std::string>(&content, "troupe.cookie-file")) {
    auto cookie = read_cookie_file(*path);
    if (!cookie)
      return std::unexpected{"troupe.cookie-file: " + cookie.error()};
    result->cookie = std::move(*cookie);
  }
  override_with<strings>(content, "troupe.listen", result->listen);
  override_with<strings>(content, "troupe.channels", result->channels);
  if (auto parallelism = caf::get_if<size_t>(&content, "troupe.parallelism")) {
    if (*parallelism == 0 || *parallelism > 256)
      return std::unexpected{"troupe.parallelism: must be 1 to 256"};
    result->parallelism = static_cast<std::uint16_t>(*parallelism);
  }
  override_with<caf::timespan>(content, "troupe.heartbeat-interval", result->heartbeat_interval);
  override_with<caf::timespan>(content, "troupe.idle-timeout", result->idle_timeout);
  override_with<caf::timespan>(content, "troupe.connect-timeout", result->connect_timeout);
  override_with<caf::timespan>(content, "troupe.handshake-timeout", result->handshake_timeout);
  override_with<caf::timespan>(content, "troupe.ping-timeout", result->ping_timeout);
  if (auto size = caf::get_if<size_t>(&content, "troupe.max-frame-size")) {
    if (*size > wire::hard_body_limit)
      return std::unexpected{"troupe.max-frame-size: must be at most 1 GiB"};
    result->max_frame_size = static_cast<std::uint32_t>(*size);
  }
  override_with<size_t>(content, "troupe.send-buffer-limit", result->send_buffer_limit);
  override_with<size_t>(content, "troupe.receive-buffer-limit", result->receive_buffer_limit);
  override_with<size_t>(content, "troupe.inline-delivery-budget",
                        result->inline_delivery_budget);
  if (auto level = caf::get_if<std::string>(&content, "troupe.log-level")) {
    auto parsed = parse_log_level(*level);
    if (!parsed)
      return std::unexpected{"troupe.log-level: unknown level '" + *level + "'"};
    result->log = *parsed;
  }
  if (auto problem = result->validate())
    return std::unexpected{"troupe." + *problem};
  return *result;
}

std::expected<std::optional<peer_service_config>, std::string> config::peer_service() const {
  peer_service_config result;
  if (auto name = caf::get_if<std::string>(&content, "troupe.peer-service")) {
    if (*name == "none")
      return std::nullopt;
    auto kind = peer_service_config::parse_manager(*name);
    if (!kind)
      return std::unexpected{"troupe.peer-service: unknown manager '" + *name
                             + "' (use full-mesh, client-server, static or none)"};
    result.kind = *kind;
  }
  override_with<std::string>(content, "troupe.tag", result.tag);
  override_with<caf::timespan>(content, "troupe.gossip-interval", result.gossip_interval);
  override_with<caf::timespan>(content, "troupe.reconnect-interval", result.reconnect_interval);
  if (auto problem = result.validate())
    return std::unexpected{"troupe." + *problem};
  return result;
}

} // namespace troupe
