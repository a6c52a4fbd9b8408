#include "actors/name_registry.hpp"

#include <mutex>

#include <caf/abstract_actor.hpp>
#include <caf/actor_addr.hpp>
#include <caf/actor_cast.hpp>

#include "protocols/remote_ref.hpp"

namespace troupe {

std::expected<void, std::string> name_registry::put(std::string_view name, const caf::actor& who) {
  if (!is_valid_registered_name(name))
    return std::unexpected{"invalid name '" + std::string{name.substr(0, 300)}
                           + "': 1 to 255 printable characters, no spaces"};
  if (!who)
    return std::unexpected{"cannot register an invalid actor handle"};
  {
    std::unique_lock lock{table_->mutex};
    auto [entry, inserted] = table_->entries.try_emplace(std::string{name}, who);
    if (!inserted)
      return std::unexpected{"name '" + std::string{name} + "' is already registered"};
  }
  // Release the name when the actor ends, unless it was re-registered since.
  // If the actor has ended already, attach runs this at once.
  who->attach_functor([weak_table = std::weak_ptr{table_}, key = std::string{name},
                       address = who.address()] {
    auto table = weak_table.lock();
    if (!table)
      return;
    caf::actor released; // dropped after unlocking: releasing an actor can run its cleanup
    std::unique_lock lock{table->mutex};
    if (auto found = table->entries.find(key);
        found != table->entries.end() && found->second.address() == address) {
      released = std::move(found->second);
      table->entries.erase(found);
    }
  });
  return {};
}

// Actors leave the table under the lock but are released after it: the last
// reference to an actor runs its cleanup, which unregisters it, which locks.

bool name_registry::erase(std::string_view name) {
  caf::actor released;
  std::unique_lock lock{table_->mutex};
  auto found = table_->entries.find(std::string{name});
  if (found == table_->entries.end())
    return false;
  released = std::move(found->second);
  table_->entries.erase(found);
  lock.unlock();
  return true;
}

caf::actor name_registry::get(std::string_view name) const {
  std::shared_lock lock{table_->mutex};
  auto found = table_->entries.find(std::string{name});
  return found == table_->entries.end() ? caf::actor{} : found->second;
}

std::vector<std::string> name_registry::names() const {
  std::shared_lock lock{table_->mutex};
  std::vector<std::string> result;
  for (const auto& [name, _] : table_->entries)
    result.push_back(name);
  return result;
}

void name_registry::clear() {
  decltype(table_->entries) released;
  std::unique_lock lock{table_->mutex};
  released.swap(table_->entries);
  lock.unlock();
}

} // namespace troupe
