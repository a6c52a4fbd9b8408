#include "protocols/node_name.hpp"

#include <algorithm>

namespace troupe {

namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_name_char(char c) {
  return is_alnum(c) || c == '_' || c == '-' || c == '.';
}

// One DNS label: 1-63 characters, letters, digits and inner hyphens.
bool is_host_label(std::string_view label) {
  return !label.empty() && label.size() <= 63 && label.front() != '-'
         && label.back() != '-'
         && std::ranges::all_of(label, [](char c) { return is_alnum(c) || c == '-'; });
}

// Host names and dotted IPv4 addresses share this grammar; a trailing dot
// (fully qualified form) is refused so that one host has one spelling.
bool is_host(std::string_view host) {
  if (host.empty() || host.size() > 253)
    return false;
  for (std::size_t begin = 0;;) {
    auto end = host.find('.', begin);
    if (!is_host_label(host.substr(begin, end - begin)))
      return false;
    if (end == std::string_view::npos)
      return true;
    begin = end + 1;
  }
}

} // namespace

std::expected<node_name, std::string> node_name::parse(std::string_view text) {
  auto fail = [&](std::string_view why) {
    return std::unexpected{"invalid node name '" + std::string{text.substr(0, max_size)}
                           + "': " + std::string{why}};
  };
  if (text.size() > max_size)
    return fail("longer than 255 bytes");
  auto at = text.find('@');
  if (at == std::string_view::npos)
    return fail("expected name@host");
  if (text.find('@', at + 1) != std::string_view::npos)
    return fail("more than one '@'");
  auto name = text.substr(0, at);
  if (name.empty() || name.size() > max_name_size)
    return fail("the part before '@' must have 1 to 64 characters");
  if (!std::ranges::all_of(name, is_name_char))
    return fail("the part before '@' may only contain letters, digits, '_', '-' and '.'");
  if (!is_host(text.substr(at + 1)))
    return fail("the part after '@' must be a host name or an IPv4 address");
  return node_name{std::string{text}};
}

} // namespace troupe
