#include "protocols/remote_ref.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

namespace troupe {

bool is_valid_registered_name(std::string_view name) noexcept {
  return !name.empty() && name.size() <= 255
         && std::ranges::all_of(name, [](char c) { return c > ' ' && c < 127; });
}

namespace {

constexpr std::string_view pid_prefix = "troupe:pid:";
constexpr std::string_view name_prefix = "troupe:name:";

// Decimal digits only: no sign, no spaces, no leading '+', nothing after.
std::optional<std::uint64_t> parse_number(std::string_view text) {
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()
      || (text.size() > 1 && text.front() == '0'))
    return std::nullopt;
  return value;
}

} // namespace

std::expected<remote_ref, std::string> remote_ref::parse(std::string_view text) {
  auto fail = [&](std::string_view why) {
    return std::unexpected{"invalid actor ref '" + std::string{text.substr(0, 600)}
                           + "': " + std::string{why}};
  };
  if (text.starts_with(pid_prefix)) {
    // Node names hold no ':', so the last two fields are unambiguous.
    auto rest = text.substr(pid_prefix.size());
    auto id_colon = rest.rfind(':');
    auto inc_colon = id_colon == std::string_view::npos ? id_colon : rest.rfind(':', id_colon - 1);
    if (inc_colon == std::string_view::npos || id_colon == 0)
      return fail("expected troupe:pid:<node>:<incarnation>:<id>");
    auto node = node_name::parse(rest.substr(0, inc_colon));
    auto incarnation = parse_number(rest.substr(inc_colon + 1, id_colon - inc_colon - 1));
    auto id = parse_number(rest.substr(id_colon + 1));
    if (!node)
      return fail(node.error());
    if (!incarnation || !id)
      return fail("incarnation and id must be decimal numbers");
    return remote_ref{*node, pid{*incarnation, *id}};
  }
  if (text.starts_with(name_prefix)) {
    auto rest = text.substr(name_prefix.size());
    auto colon = rest.find(':');
    if (colon == std::string_view::npos)
      return fail("expected troupe:name:<node>:<name>");
    auto node = node_name::parse(rest.substr(0, colon));
    if (!node)
      return fail(node.error());
    auto name = rest.substr(colon + 1);
    if (!is_valid_registered_name(name))
      return fail("a registered name has 1 to 255 printable characters and no spaces");
    return remote_ref{*node, std::string{name}};
  }
  return fail("expected troupe:pid:... or troupe:name:...");
}

std::string remote_ref::to_string() const {
  if (auto* p = actor())
    return std::string{pid_prefix} + node_.str() + ':' + std::to_string(p->incarnation) + ':'
           + std::to_string(p->id);
  return std::string{name_prefix} + node_.str() + ':' + *registered_name();
}

} // namespace troupe
