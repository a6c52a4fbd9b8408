#include "protocols/discovery/epmd_messages.hpp"

#include <charconv>

namespace troupe::proto::epmd {

namespace {

constexpr char alive2_req = 'x';
constexpr char alive2_x_resp = 'v';
constexpr char alive2_resp = 'y';
constexpr char port_please2_req = 'z';
constexpr char port2_resp = 'w';
constexpr char names_req = 'n';

/// The highest and lowest distribution versions troupe announces: those of
/// OTP 25 and later, so that epmd answers with the 32-bit creation.
constexpr std::uint16_t distribution_version = 6;
constexpr std::uint8_t protocol_tcp_ipv4 = 0;

void put16(std::string& out, std::uint16_t value) {
  out.push_back(static_cast<char>(value >> 8));
  out.push_back(static_cast<char>(value & 0xff));
}

/// `body` with the 2-byte length prefix every request carries.
std::string framed(const std::string& body) {
  std::string out;
  put16(out, static_cast<std::uint16_t>(body.size()));
  return out + body;
}

/// Reads big-endian fields without running past the end; a short read
/// leaves `ok` false and yields zeros.
class reader {
public:
  explicit reader(std::string_view input) : input_(input) {}

  std::uint32_t number(std::size_t bytes) {
    std::uint32_t value = 0;
    for (char c : take(bytes))
      value = (value << 8) | static_cast<unsigned char>(c);
    return value;
  }

  std::string_view take(std::size_t n) {
    if (!ok_ || n > input_.size()) {
      ok_ = false;
      return {};
    }
    auto result = input_.substr(0, n);
    input_.remove_prefix(n);
    return result;
  }

  std::string_view rest() const { return input_; }
  bool ok() const { return ok_; }

private:
  std::string_view input_;
  bool ok_ = true;
};

std::unexpected<std::string> malformed(std::string_view what) {
  return std::unexpected{"malformed " + std::string{what} + " from epmd"};
}

/// One "name <name> at port <port>" line.
std::optional<name_entry> parse_name_line(std::string_view line) {
  constexpr std::string_view prefix = "name ";
  constexpr std::string_view middle = " at port ";
  auto at = line.rfind(middle);
  if (!line.starts_with(prefix) || at == std::string_view::npos || at <= prefix.size())
    return std::nullopt;
  auto port_text = line.substr(at + middle.size());
  unsigned port = 0;
  auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || error != std::errc{} || end != port_text.data() + port_text.size()
      || port == 0 || port > 65535)
    return std::nullopt;
  return name_entry{std::string{line.substr(prefix.size(), at - prefix.size())},
                    static_cast<std::uint16_t>(port)};
}

} // namespace

std::string alive2_request(std::string_view name, std::uint16_t port) {
  std::string body{alive2_req};
  put16(body, port);
  body.push_back(static_cast<char>(hidden_node));
  body.push_back(static_cast<char>(protocol_tcp_ipv4));
  put16(body, distribution_version);
  put16(body, distribution_version);
  put16(body, static_cast<std::uint16_t>(name.size()));
  body += name;
  put16(body, static_cast<std::uint16_t>(troupe_extra.size()));
  body += troupe_extra;
  return framed(body);
}

std::optional<std::size_t> alive2_response_size(std::string_view received) {
  if (received.empty())
    return std::nullopt;
  switch (received.front()) {
    case alive2_x_resp:
      return 6;
    case alive2_resp:
      return 4;
    default:
      return 0;
  }
}

std::expected<std::uint32_t, std::string> parse_alive2_response(std::string_view reply) {
  auto size = alive2_response_size(reply);
  if (!size || *size == 0 || reply.size() != *size)
    return malformed("ALIVE2 reply");
  reader in{reply.substr(1)};
  auto result = in.number(1);
  auto creation = in.number(*size - 2);
  if (result != 0)
    return std::unexpected{"epmd refused the registration (result " + std::to_string(result)
                           + "; is the name taken?)"};
  return creation;
}

std::string port_please2_request(std::string_view name) {
  return framed(std::string{port_please2_req} + std::string{name});
}

std::expected<std::optional<node_info>, std::string> parse_port2_response(std::string_view reply) {
  reader in{reply};
  if (in.number(1) != static_cast<unsigned char>(port2_resp))
    return malformed("PORT2 reply");
  auto result = in.number(1);
  if (in.ok() && result != 0)
    return in.rest().empty() ? std::expected<std::optional<node_info>, std::string>{std::nullopt}
                             : malformed("PORT2 reply");
  node_info info;
  info.port = static_cast<std::uint16_t>(in.number(2));
  info.node_type = static_cast<std::uint8_t>(in.number(1));
  info.protocol = static_cast<std::uint8_t>(in.number(1));
  info.highest_version = static_cast<std::uint16_t>(in.number(2));
  info.lowest_version = static_cast<std::uint16_t>(in.number(2));
  info.name = in.take(in.number(2));
  info.extra = in.take(in.number(2));
  if (!in.ok() || !in.rest().empty() || info.port == 0)
    return malformed("PORT2 reply");
  return info;
}

std::string names_request() {
  return framed(std::string{names_req});
}

std::expected<std::vector<name_entry>, std::string> parse_names_response(std::string_view reply) {
  reader in{reply};
  in.number(4); // epmd's own port, which the caller dialed anyway
  if (!in.ok())
    return malformed("NAMES reply");
  auto lines = in.rest();
  if (!lines.empty() && !lines.ends_with('\n'))
    return malformed("NAMES reply (unterminated line)");
  std::vector<name_entry> result;
  while (!lines.empty()) {
    auto end = lines.find('\n');
    auto entry = parse_name_line(lines.substr(0, end));
    if (!entry)
      return malformed("NAMES line '" + std::string{lines.substr(0, std::min<std::size_t>(end, 100))}
                       + "'");
    result.push_back(std::move(*entry));
    lines.remove_prefix(end + 1);
  }
  return result;
}

} // namespace troupe::proto::epmd
