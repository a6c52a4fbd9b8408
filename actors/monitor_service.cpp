#include "actors/monitor_service.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/attachable.hpp>
#include <caf/mailbox_element.hpp>
#include <caf/message_id.hpp>

#include "actors/message_path.hpp"
#include "actors/remote_proxy.hpp"

namespace troupe {

namespace {

namespace wire_msg = proto::monitoring;

/// Most monitors peers may hold on this node's actors: a hostile or broken
/// peer must not make the node grow without bound. Past it, monitors get noproc.
constexpr std::size_t max_monitors_from_peers = 1'000'000;

/// Calls back when its actor ends; found again for detaching by its key.
class exit_hook final : public caf::attachable {
public:
  static constexpr std::size_t token_type = 0x74726f75; // "trou"

  exit_hook(std::uint64_t key, std::function<void(const caf::error&)> on_exit)
    : key_(key), on_exit_(std::move(on_exit)) {}

  static token token_for(std::uint64_t key) {
    return token{token_type, reinterpret_cast<const void*>(static_cast<std::uintptr_t>(key))};
  }

  void actor_exited(const caf::error& reason, caf::execution_unit*) override { on_exit_(reason); }

  bool matches(const token& what) override {
    return what.subtype == token_type
           && what.ptr == reinterpret_cast<const void*>(static_cast<std::uintptr_t>(key_));
  }

private:
  std::uint64_t key_;
  std::function<void(const caf::error&)> on_exit_;
};

void attach_hook(const caf::strong_actor_ptr& actor, std::uint64_t key,
                 std::function<void(const caf::error&)> on_exit) {
  actor->get()->attach(caf::attachable_ptr{new exit_hook(key, std::move(on_exit))});
}

void detach_hook(const caf::weak_actor_ptr& actor, std::uint64_t key) {
  if (auto strong = actor.lock())
    strong->get()->detach(exit_hook::token_for(key));
}

template <class Message>
void tell(const caf::weak_actor_ptr& who, Message msg) {
  if (auto strong = who.lock())
    strong->enqueue(caf::make_mailbox_element(nullptr, caf::make_message_id(), {},
                                              std::move(msg)),
                    nullptr);
}

wire_msg::target target_of(const remote_ref& ref) {
  if (auto* pid = ref.actor())
    return {{}, pid->id, pid->incarnation};
  return {*ref.registered_name(), 0, 0};
}

} // namespace

monitor_service::monitor_service(caf::actor_system& system, std::shared_ptr<message_path> path,
                                 std::uint64_t incarnation)
  : system_(system), path_(std::move(path)), incarnation_(incarnation) {}

// -- monitoring actors -------------------------------------------------------------

monitor_ref monitor_service::monitor(const caf::actor& watcher, const remote_ref& target) {
  if (target.node() != path_->self())
    return watch_remote(watcher, target.node(), target_of(target), target.to_string());
  return watch_local(watcher, resolve(target_of(target)), target.to_string());
}

monitor_ref monitor_service::monitor(const caf::actor& watcher, const caf::actor& target) {
  auto ptr = caf::actor_cast<caf::strong_actor_ptr>(target);
  if (auto* proxy = ptr ? dynamic_cast<remote_proxy*>(ptr->get()) : nullptr) {
    const auto& to = proxy->target();
    wire_msg::target what{to.name, to.actor_id, to.incarnation.value_or(0)};
    auto ref = to.name.empty()
                 ? remote_ref{to.node->name(), remote_ref::pid{what.incarnation, to.actor_id}}
                 : remote_ref{to.node->name(), to.name};
    return watch_remote(watcher, to.node->name(), std::move(what), ref.to_string());
  }
  return watch_local(watcher, ptr, path_->ref_of(ptr).to_string());
}

monitor_ref monitor_service::monitor(const caf::actor& watcher, std::string_view name,
                                     const node_name& node) {
  if (!is_valid_registered_name(name))
    return watch_local(watcher, nullptr, std::string{name} + " on " + node.str());
  return monitor(watcher, remote_ref{node, std::string{name}});
}

monitor_ref monitor_service::watch_remote(const caf::actor& watcher, const node_name& node,
                                          wire_msg::target target, std::string object) {
  std::uint64_t id;
  std::optional<std::uint64_t> hook;
  {
    std::lock_guard lock{mutex_};
    id = next_id_++;
    watches_[id] = {caf::actor_cast<caf::weak_actor_ptr>(watcher), watcher.id(), node,
                    std::move(object), {}};
    hook = count_watcher(watcher);
  }
  hook_watcher(watcher, hook);
  if (!send(node, wire_msg::monitor{id, std::move(target)}, watcher.id()))
    fire(id, down_reason::noconnection, "not connected to " + node.str());
  return {id};
}

monitor_ref monitor_service::watch_local(const caf::actor& watcher,
                                         const caf::strong_actor_ptr& target,
                                         std::string object) {
  std::uint64_t id;
  std::optional<std::uint64_t> hook;
  {
    std::lock_guard lock{mutex_};
    id = next_id_++;
    watches_[id] = {caf::actor_cast<caf::weak_actor_ptr>(watcher), watcher.id(), std::nullopt,
                    std::move(object), caf::actor_cast<caf::weak_actor_ptr>(target)};
    hook = count_watcher(watcher);
  }
  hook_watcher(watcher, hook);
  if (!target) {
    fire(id, down_reason::noproc, "");
    return {id};
  }
  // Attaching to an actor that already ended runs the hook at once.
  attach_hook(target, id, [weak = weak_from_this(), id, this](const caf::error& reason) {
    if (auto self = weak.lock())
      fire(id, down_reason::exited, render(reason));
  });
  return {id};
}

bool monitor_service::demonitor(const monitor_ref& ref, demonitor_options options) {
  watch ended;
  {
    std::lock_guard lock{mutex_};
    auto found = watches_.find(ref.id);
    if (found == watches_.end())
      return !options.info;
    ended = std::move(found->second);
    watches_.erase(found);
  }
  release_watch(ended, ref.id);
  return true;
}

/// Tells the other side (or the local target) that monitor `id` is gone.
void monitor_service::release_watch(const watch& w, std::uint64_t id) {
  if (w.node)
    send(*w.node, wire_msg::demonitor{id}, w.watcher_id);
  else
    detach_hook(w.local_target, id);
  std::optional<std::pair<caf::weak_actor_ptr, std::uint64_t>> unhooked;
  {
    std::lock_guard lock{mutex_};
    unhooked = unhook_watcher(w.watcher_id);
  }
  if (unhooked)
    detach_hook(unhooked->first, unhooked->second);
}

void monitor_service::fire(std::uint64_t id, down_reason reason, std::string detail) {
  watch ended;
  std::optional<std::pair<caf::weak_actor_ptr, std::uint64_t>> unhooked;
  {
    std::lock_guard lock{mutex_};
    auto found = watches_.find(id);
    if (found == watches_.end())
      return;
    ended = std::move(found->second);
    watches_.erase(found);
    unhooked = unhook_watcher(ended.watcher_id);
    // Under the mutex: once demonitor returns, no DOWN of its monitor follows.
    deliver_down(ended, id, reason, std::move(detail));
  }
  if (unhooked)
    detach_hook(unhooked->first, unhooked->second);
}

void monitor_service::deliver_down(const watch& w, std::uint64_t id, down_reason reason,
                                   std::string detail) {
  tell(w.watcher, down_msg{{id}, w.object, reason, std::move(detail)});
}

// -- watchers' own end -------------------------------------------------------------

std::optional<std::uint64_t> monitor_service::count_watcher(const caf::actor& watcher) {
  auto& hook = watchers_[watcher.id()];
  if (hook.uses++ > 0)
    return std::nullopt;
  hook.watcher = caf::actor_cast<caf::weak_actor_ptr>(watcher);
  hook.hook = next_id_++;
  return hook.hook;
}

void monitor_service::hook_watcher(const caf::actor& watcher, std::optional<std::uint64_t> key) {
  if (!key)
    return;
  // A watcher that already ended runs the hook at once, which cleans up.
  attach_hook(caf::actor_cast<caf::strong_actor_ptr>(watcher), *key,
              [weak = weak_from_this(), id = watcher.id(), this](const caf::error&) {
                if (auto self = weak.lock())
                  watcher_exited(id);
              });
}

std::optional<std::pair<caf::weak_actor_ptr, std::uint64_t>>
monitor_service::unhook_watcher(caf::actor_id id) {
  auto found = watchers_.find(id);
  if (found == watchers_.end() || --found->second.uses > 0)
    return std::nullopt;
  auto result = std::pair{found->second.watcher, found->second.hook};
  watchers_.erase(found);
  return result;
}

void monitor_service::watcher_exited(caf::actor_id watcher) {
  std::vector<std::pair<std::uint64_t, watch>> ended;
  {
    std::lock_guard lock{mutex_};
    for (auto i = watches_.begin(); i != watches_.end();)
      if (i->second.watcher_id == watcher) {
        ended.emplace_back(i->first, std::move(i->second));
        i = watches_.erase(i);
      } else {
        ++i;
      }
    watchers_.erase(watcher);
    std::erase_if(node_monitors_, [&](const auto& entry) { return entry.first.first == watcher; });
    std::erase_if(node_subscribers_,
                  [&](const auto& entry) { return entry.first.first == watcher; });
  }
  for (auto& [id, w] : ended)
    if (w.node)
      send(*w.node, wire_msg::demonitor{id}, watcher);
    else
      detach_hook(w.local_target, id);
}

// -- monitoring nodes --------------------------------------------------------------

void monitor_service::monitor_node(const caf::actor& watcher, const node_name& node, bool on) {
  auto weak = caf::actor_cast<caf::weak_actor_ptr>(watcher);
  std::optional<std::uint64_t> hook;
  std::optional<std::pair<caf::weak_actor_ptr, std::uint64_t>> unhooked;
  {
    std::lock_guard lock{mutex_};
    auto key = std::pair{watcher.id(), node};
    if (!on) {
      if (node_monitors_.erase(key) > 0)
        unhooked = unhook_watcher(watcher.id());
    } else if (!path_->intern(node)->current()) {
      // As in Erlang: monitoring a node that is not connected reports it down at once.
      tell(weak, nodedown_msg{node.str(), "not connected"});
    } else if (node_monitors_.emplace(key, node_watch{weak, true}).second) {
      hook = count_watcher(watcher);
    }
  }
  hook_watcher(watcher, hook);
  if (unhooked)
    detach_hook(unhooked->first, unhooked->second);
}

void monitor_service::monitor_nodes(const caf::actor& watcher, bool on,
                                    node_monitor_options options) {
  std::optional<std::uint64_t> hook;
  std::optional<std::pair<caf::weak_actor_ptr, std::uint64_t>> unhooked;
  {
    std::lock_guard lock{mutex_};
    auto key = std::pair{watcher.id(), options.include_reason};
    if (!on) {
      if (node_subscribers_.erase(key) > 0)
        unhooked = unhook_watcher(watcher.id());
    } else if (node_subscribers_.emplace(key, caf::actor_cast<caf::weak_actor_ptr>(watcher))
                 .second) {
      hook = count_watcher(watcher);
    }
  }
  hook_watcher(watcher, hook);
  if (unhooked)
    detach_hook(unhooked->first, unhooked->second);
}

void monitor_service::on_peer_event(const peer_event& event) {
  if (event.what == peer_event::kind::up)
    on_node_up(event.node);
  else
    on_node_down(event.node, event.reason);
}

void monitor_service::on_node_up(const node_name& node) {
  std::vector<caf::weak_actor_ptr> subscribers;
  {
    std::lock_guard lock{mutex_};
    for (const auto& [key, who] : node_subscribers_)
      subscribers.push_back(who);
  }
  for (const auto& who : subscribers)
    tell(who, nodeup_msg{node.str()});
}

void monitor_service::on_node_down(const node_name& node, const std::string& reason) {
  std::vector<std::pair<std::uint64_t, watch>> lost;
  std::vector<watched> ended;
  std::vector<std::pair<caf::weak_actor_ptr, bool>> told;
  std::vector<std::pair<caf::weak_actor_ptr, std::uint64_t>> unhooked;
  {
    std::lock_guard lock{mutex_};
    for (auto i = watches_.begin(); i != watches_.end();) {
      if (i->second.node == node) {
        lost.emplace_back(i->first, std::move(i->second));
        i = watches_.erase(i);
      } else {
        ++i;
      }
    }
    for (auto i = watched_.lower_bound({node, 0}); i != watched_.end() && i->first.first == node;)
      ended.push_back(std::move(i->second)), i = watched_.erase(i);
    for (auto i = node_monitors_.begin(); i != node_monitors_.end();) {
      if (i->first.second == node) {
        told.emplace_back(i->second.watcher, true);
        i = node_monitors_.erase(i);
      } else {
        ++i;
      }
    }
    for (const auto& [key, who] : node_subscribers_)
      told.emplace_back(who, key.second);
    for (const auto& [id, w] : lost) {
      if (auto u = unhook_watcher(w.watcher_id))
        unhooked.push_back(*u);
      deliver_down(w, id, down_reason::noconnection, reason);
    }
  }
  for (auto& [who, key] : unhooked)
    detach_hook(who, key);
  for (auto& w : ended)
    detach_hook(w.target, w.hook);
  for (auto& [who, with_reason] : told)
    tell(who, nodedown_msg{node.str(), with_reason ? reason : std::string{}});
}

// -- frames from peers -------------------------------------------------------------

void monitor_service::on_frame(const node_name& from, std::span<const char> body) {
  auto msg = wire_msg::decode(body);
  if (!msg) {
    path_->note_malformed_service("monitor", from);
    return;
  }
  std::visit(
    [&](const auto& x) {
      using type = std::decay_t<decltype(x)>;
      if constexpr (std::is_same_v<type, wire_msg::monitor>)
        on_monitor(from, x);
      else if constexpr (std::is_same_v<type, wire_msg::demonitor>)
        on_demonitor(from, x);
      else
        on_down(from, x);
    },
    *msg);
}

void monitor_service::on_monitor(const node_name& from, const wire_msg::monitor& msg) {
  auto target = resolve(msg.target);
  std::uint64_t hook = 0;
  {
    std::lock_guard lock{mutex_};
    if (watched_.size() >= max_monitors_from_peers)
      target = nullptr;
    if (target && !watched_.contains({from, msg.ref})) {
      hook = next_id_++;
      watched_[{from, msg.ref}] = {caf::actor_cast<caf::weak_actor_ptr>(target), target->id(),
                                   hook};
    }
  }
  if (!target) {
    send(from, wire_msg::down{msg.ref, down_reason::noproc, ""}, msg.ref);
    return;
  }
  if (hook == 0)
    return; // a repeated ref: the first one stands
  attach_hook(target, hook,
              [weak = weak_from_this(), from, ref = msg.ref, hook, this](const caf::error& reason) {
                if (auto self = weak.lock())
                  target_exited(from, ref, hook, reason);
              });
}

void monitor_service::target_exited(const node_name& watcher_node, std::uint64_t ref,
                                    std::uint64_t hook, const caf::error& reason) {
  caf::actor_id target = 0;
  {
    std::lock_guard lock{mutex_};
    auto found = watched_.find({watcher_node, ref});
    if (found == watched_.end() || found->second.hook != hook)
      return;
    target = found->second.target_id;
    watched_.erase(found);
  }
  // On the target's lane: the DOWN follows the target's last messages.
  send(watcher_node, wire_msg::down{ref, down_reason::exited, render(reason)}, target);
}

void monitor_service::on_demonitor(const node_name& from, const wire_msg::demonitor& msg) {
  watched ended;
  {
    std::lock_guard lock{mutex_};
    auto found = watched_.find({from, msg.ref});
    if (found == watched_.end())
      return;
    ended = std::move(found->second);
    watched_.erase(found);
  }
  detach_hook(ended.target, ended.hook);
}

void monitor_service::on_down(const node_name& from, const wire_msg::down& msg) {
  {
    std::lock_guard lock{mutex_};
    auto found = watches_.find(msg.ref);
    // Only the target's node may end a monitor.
    if (found == watches_.end() || found->second.node != from)
      return;
  }
  fire(msg.ref, msg.reason, msg.detail);
}

// -- helpers -----------------------------------------------------------------------

caf::strong_actor_ptr monitor_service::resolve(const wire_msg::target& target) const {
  if (!target.name.empty())
    return caf::actor_cast<caf::strong_actor_ptr>(path_->names().get(target.name));
  if (target.incarnation != incarnation_)
    return nullptr; // an actor of an earlier run of this node
  return path_->local_actor(target.actor_id);
}

bool monitor_service::send(const node_name& to, const wire_msg::message& msg,
                           std::uint64_t key) {
  wire::byte_buffer body;
  wire_msg::encode(body, msg);
  return path_->transmit_service(to, wire::service_id::monitors, body, key);
}

std::string monitor_service::render(const caf::error& reason) const {
  return reason ? system_.render(reason) : std::string{"normal"};
}

monitor_counts monitor_service::counts() const {
  std::lock_guard lock{mutex_};
  monitor_counts result;
  for (const auto& [id, w] : watches_)
    ++(w.node ? result.watching_remote : result.watching_local);
  result.watched_by_remote = watched_.size();
  result.watchers = watchers_.size();
  result.node_monitors = node_monitors_.size();
  result.node_subscribers = node_subscribers_.size();
  return result;
}

} // namespace troupe
