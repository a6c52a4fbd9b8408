#pragma once

#include <expected>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <caf/actor.hpp>

namespace troupe {

/// The node's registered actors: names that remote nodes can send to.
/// A name is released when its actor terminates, as in Erlang.
class name_registry {
public:
  /// Fails if `name` is malformed, `who` is invalid, or the name is taken by
  /// a live actor.
  std::expected<void, std::string> put(std::string_view name, const caf::actor& who);

  /// Releases `name`; false if it was not registered.
  bool erase(std::string_view name);

  /// The actor registered under `name`, or an invalid handle.
  caf::actor get(std::string_view name) const;

  std::vector<std::string> names() const;

  /// Releases every name.
  void clear();

private:
  // Shared with the cleanup functors attached to registered actors, which may
  // run after the registry is gone.
  struct table {
    std::shared_mutex mutex;
    std::unordered_map<std::string, caf::actor> entries;
  };

  std::shared_ptr<table> table_ = std::make_shared<table>();
};

} // namespace troupe
