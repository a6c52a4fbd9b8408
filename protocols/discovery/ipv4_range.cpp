#include "protocols/discovery/ipv4_range.hpp"

#include <charconv>

#include <arpa/inet.h>

namespace troupe::proto {

namespace {

std::string dotted(std::uint32_t address) {
  return std::to_string(address >> 24) + "." + std::to_string((address >> 16) & 0xff) + "."
         + std::to_string((address >> 8) & 0xff) + "." + std::to_string(address & 0xff);
}

} // namespace

std::expected<ipv4_range, std::string> ipv4_range::parse(std::string_view text) {
  auto fail = [&](std::string_view why) {
    return std::unexpected{"invalid range '" + std::string{text.substr(0, 100)} + "': "
                           + std::string{why}};
  };
  auto slash = text.find('/');
  if (slash == std::string_view::npos)
    return fail("expected a.b.c.d/prefix");
  in_addr parsed{};
  if (::inet_pton(AF_INET, std::string{text.substr(0, slash)}.c_str(), &parsed) != 1)
    return fail("not an IPv4 address before '/'");
  auto prefix_text = text.substr(slash + 1);
  unsigned prefix = 0;
  auto [end, error] =
    std::from_chars(prefix_text.data(), prefix_text.data() + prefix_text.size(), prefix);
  if (prefix_text.empty() || error != std::errc{} || end != prefix_text.data() + prefix_text.size()
      || prefix < min_prefix || prefix > 32)
    return fail("the prefix must be a number from 16 to 32");
  auto mask = ~0u << (32 - prefix);
  return ipv4_range{ntohl(parsed.s_addr) & mask, prefix};
}

std::vector<std::string> ipv4_range::hosts() const {
  auto size = std::uint64_t{1} << (32 - prefix_);
  // Network and broadcast addresses are no hosts where there is room for both.
  std::uint64_t first = size > 2 ? 1 : 0;
  std::uint64_t last = size > 2 ? size - 2 : size - 1;
  std::vector<std::string> result;
  result.reserve(last - first + 1);
  for (auto i = first; i <= last; ++i)
    result.push_back(dotted(network_ + static_cast<std::uint32_t>(i)));
  return result;
}

std::string ipv4_range::to_string() const {
  return dotted(network_) + "/" + std::to_string(prefix_);
}

} // namespace troupe::proto
