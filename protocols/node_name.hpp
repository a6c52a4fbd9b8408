#pragma once

#include <compare>
#include <cstddef>
#include <expected>
#include <functional>
#include <string>
#include <string_view>

namespace troupe {

/// A node's identity in the cluster, written `name@host`.
///
/// `name` is 1 to 64 characters from [A-Za-z0-9_.-]; `host` is a DNS host name
/// (labels of [A-Za-z0-9-], not starting or ending with '-') or an IPv4
/// address. Colons are refused so that the text forms of remote refs
/// (`troupe:pid:<node>:...`) stay unambiguous; IPv6 hosts go by a host name.
/// Every node_name in a program went through `parse`, so holders never
/// re-validate.
class node_name {
public:
  /// Longest `name@host` accepted, in bytes (Erlang's limit for node atoms).
  static constexpr std::size_t max_size = 255;

  /// Longest part before '@', in bytes.
  static constexpr std::size_t max_name_size = 64;

  /// Parses `text`; the error explains what is wrong, in words for the user.
  static std::expected<node_name, std::string> parse(std::string_view text);

  const std::string& str() const noexcept { return text_; }

  /// The part before '@'.
  std::string_view name() const noexcept {
    return std::string_view{text_}.substr(0, text_.find('@'));
  }

  /// The part after '@'.
  std::string_view host() const noexcept {
    return std::string_view{text_}.substr(text_.find('@') + 1);
  }

  friend auto operator<=>(const node_name&, const node_name&) = default;

private:
  explicit node_name(std::string text) : text_(std::move(text)) {}

  std::string text_;
};

} // namespace troupe

template <>
struct std::hash<troupe::node_name> {
  std::size_t operator()(const troupe::node_name& x) const noexcept {
    return std::hash<std::string>{}(x.str());
  }
};
