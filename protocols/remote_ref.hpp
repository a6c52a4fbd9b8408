#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <variant>

#include "protocols/node_name.hpp"

namespace troupe {

/// True if `name` can be registered: 1 to 255 bytes of printable ASCII
/// without spaces.
bool is_valid_registered_name(std::string_view name) noexcept;

/// A reference to an actor anywhere in the cluster, in a form that survives
/// being printed, logged and pasted: `troupe:pid:<node>:<incarnation>:<id>`
/// names one actor of one run of a node; `troupe:name:<node>:<name>` names
/// whatever actor is registered under `name` on `node` when a message comes.
class remote_ref {
public:
  struct pid {
    std::uint64_t incarnation = 0; ///< the node's run the actor belongs to
    std::uint64_t id = 0;          ///< the actor's id within that run
    friend bool operator==(const pid&, const pid&) = default;
  };

  remote_ref(node_name node, pid actor) : node_(std::move(node)), target_(actor) {}

  /// `name` must satisfy is_valid_registered_name; use parse() for input.
  remote_ref(node_name node, std::string name) : node_(std::move(node)), target_(std::move(name)) {}

  static std::expected<remote_ref, std::string> parse(std::string_view text);

  std::string to_string() const;

  const node_name& node() const noexcept { return node_; }

  /// The actor, if this ref names one actor rather than a registered name.
  const pid* actor() const noexcept { return std::get_if<pid>(&target_); }

  /// The registered name, if this ref names one.
  const std::string* registered_name() const noexcept { return std::get_if<std::string>(&target_); }

  friend bool operator==(const remote_ref&, const remote_ref&) = default;

private:
  node_name node_;
  std::variant<pid, std::string> target_;
};

} // namespace troupe
