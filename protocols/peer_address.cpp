#include "protocols/peer_address.hpp"

#include <charconv>

namespace troupe {

namespace {

std::expected<peer_address, std::string> parse_address(std::string_view text, bool listen) {
  auto fail = [&](std::string_view why) {
    return std::unexpected{std::string{listen ? "invalid listen address '" : "invalid peer address '"}
                           + std::string{text.substr(0, 300)} + "': " + std::string{why}};
  };
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos)
    return fail("expected name@host:port or host:port");
  auto port_text = text.substr(colon + 1);
  unsigned port = 0;
  auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || error != std::errc{} || end != port_text.data() + port_text.size()
      || port > 65535 || (port == 0 && !listen))
    return fail(listen ? "the port must be a number from 0 to 65535"
                       : "the port must be a number from 1 to 65535");
  auto head = text.substr(0, colon);
  peer_address result;
  result.port = static_cast<std::uint16_t>(port);
  if (head.starts_with('[')) {
    if (!head.ends_with(']') || head.size() < 3)
      return fail("an IPv6 address is written [address]:port");
    result.host = head.substr(1, head.size() - 2);
    return result;
  }
  if (head.find('@') != std::string_view::npos) {
    if (listen)
      return fail("a listen address has no node name");
    auto name = node_name::parse(head);
    if (!name)
      return fail(name.error());
    result.host = name->host();
    result.name = std::move(*name);
    return result;
  }
  // A bare host must be a valid host: reuse the node name grammar.
  if (head.empty() || !node_name::parse("x@" + std::string{head}))
    return fail("the host must be a host name or an IPv4 address");
  result.host = head;
  return result;
}

} // namespace

std::expected<peer_address, std::string> peer_address::parse(std::string_view text) {
  return parse_address(text, false);
}

std::expected<peer_address, std::string> peer_address::parse_listen(std::string_view text) {
  return parse_address(text, true);
}

std::string peer_address::endpoint() const {
  auto host_part = host.find(':') == std::string::npos ? host : "[" + host + "]";
  return host_part + ":" + std::to_string(port);
}

std::string peer_address::to_string() const {
  if (name)
    return name->str() + ":" + std::to_string(port);
  return endpoint();
}

} // namespace troupe
