#include "actors/exported_actors.hpp"

#include <mutex>

#include <caf/abstract_actor.hpp>
#include <caf/actor_cast.hpp>

namespace troupe {

std::uint64_t exported_actors::add(const caf::strong_actor_ptr& actor) {
  auto id = actor->id();
  {
    std::shared_lock lock{table_->mutex};
    if (table_->entries.contains(id))
      return id;
  }
  {
    std::unique_lock lock{table_->mutex};
    if (!table_->entries.emplace(id, caf::actor_cast<caf::weak_actor_ptr>(actor)).second)
      return id;
  }
  // If the actor has terminated already, attach runs this at once.
  actor->get()->attach_functor([weak_table = std::weak_ptr{table_}, id] {
    if (auto table = weak_table.lock()) {
      std::unique_lock lock{table->mutex};
      table->entries.erase(id);
    }
  });
  return id;
}

caf::strong_actor_ptr exported_actors::get(std::uint64_t id) const {
  std::shared_lock lock{table_->mutex};
  auto found = table_->entries.find(id);
  return found == table_->entries.end() ? nullptr : found->second.lock();
}

std::size_t exported_actors::size() const {
  std::shared_lock lock{table_->mutex};
  return table_->entries.size();
}

} // namespace troupe
