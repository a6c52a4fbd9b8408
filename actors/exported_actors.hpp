#pragma once

#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <unordered_map>

#include <caf/actor_control_block.hpp>
#include <caf/weak_intrusive_ptr.hpp>

namespace troupe {

/// Local actors that peers know by id, because they sent something or a ref
/// to them was handed out. Entries are weak: being known remotely does not
/// keep an actor alive (as an Erlang pid does not keep a process alive), and
/// an entry goes when its actor terminates.
class exported_actors {
public:
  /// Makes `actor` reachable by its id; returns the id.
  std::uint64_t add(const caf::strong_actor_ptr& actor);

  /// The live actor with `id`, or null.
  caf::strong_actor_ptr get(std::uint64_t id) const;

  std::size_t size() const;

private:
  // Shared with the cleanup functors attached to exported actors, which may
  // run after this object is gone.
  struct table {
    mutable std::shared_mutex mutex;
    std::unordered_map<std::uint64_t, caf::weak_actor_ptr> entries;
  };

  std::shared_ptr<table> table_ = std::make_shared<table>();
};

} // namespace troupe
