#include "actors/peer_service.hpp"

#include <caf/all.hpp>

namespace troupe {

peer_service::peer_service(caf::actor_system& system, node& self_node,
                           peer_service_config config, std::chrono::milliseconds timeout)
  : system_(system), node_(self_node), config_(std::move(config)), timeout_(timeout),
    actor_(spawn_peer_service(system, self_node, config_)) {}

peer_service::~peer_service() {
  caf::anon_send_exit(actor_, caf::exit_reason::user_shutdown);
}

std::vector<std::string_view> peer_service::supported() const {
  std::vector<std::string_view> result{"join", "sync_join", "leave(node)", "members", "member",
                                       "members_for_orchestration", "on_up", "on_down",
                                       "partitions", "inject_partition", "resolve_partition",
                                       "get_local_state"};
  if (config_.kind == peer_service_config::manager::static_links)
    result.push_back("update_members");
  else
    result.push_back("leave");
  return result;
}

template <class T, class... Args>
peer_service::result<T> peer_service::ask(Args&&... args) {
  caf::scoped_actor self{system_};
  result<T> answer = std::unexpected{peer_service_error{errc::timeout, "no answer"}};
  self->request(actor_, timeout_, std::forward<Args>(args)...)
    .receive([&](T& value) { answer = std::move(value); },
             [&](caf::error& error) {
               auto what = error.category() == errc_atom::value ? static_cast<errc>(error.code())
                                                                 : errc::timeout;
               answer = std::unexpected{peer_service_error{what, system_.render(error)}};
             });
  return answer;
}

namespace {

/// A bool answer that only says "done" as a void result.
peer_service::result<> done(const peer_service::result<bool>& answer) {
  if (!answer)
    return std::unexpected{answer.error()};
  return {};
}

} // namespace

peer_service::result<> peer_service::join(std::string_view contact) {
  return done(ask<bool>(join_atom::value, std::string{contact}, false));
}

peer_service::result<> peer_service::sync_join(std::string_view contact) {
  return done(ask<bool>(join_atom::value, std::string{contact}, true));
}

peer_service::result<> peer_service::leave() {
  return done(ask<bool>(leave_atom::value));
}

peer_service::result<> peer_service::leave(const node_name& node) {
  return done(ask<bool>(leave_atom::value, node.str()));
}

std::vector<node_name> peer_service::members() {
  std::vector<node_name> result;
  for (const auto& name : ask<std::vector<std::string>>(members_atom::value).value_or(std::vector<std::string>{}))
    if (auto parsed = node_name::parse(name))
      result.push_back(*parsed);
  return result;
}

bool peer_service::member(const node_name& node) {
  return std::ranges::count(members(), node) == 1;
}

std::vector<member_info> peer_service::members_for_orchestration() {
  return ask<std::vector<member_info>>(specs_atom::value).value_or(std::vector<member_info>{});
}

peer_service::result<> peer_service::update_members(const std::vector<std::string>& nodes) {
  return done(ask<bool>(update_atom::value, nodes));
}

peer_service::result<> peer_service::watch(peer_event::kind kind, std::optional<node_name> node,
                                           std::function<void(const node_name&)> callback) {
  node_.on_peer_event([kind, node = std::move(node),
                       callback = std::move(callback)](const peer_event& event) {
    if (event.what == kind && (!node || *node == event.node))
      callback(event.node);
  });
  return {};
}

peer_service::result<> peer_service::on_up(std::optional<node_name> node,
                                           std::function<void(const node_name&)> callback) {
  return watch(peer_event::kind::up, std::move(node), std::move(callback));
}

peer_service::result<> peer_service::on_down(std::optional<node_name> node,
                                             std::function<void(const node_name&)> callback) {
  return watch(peer_event::kind::down, std::move(node), std::move(callback));
}

peer_service::result<> peer_service::reserve(std::string_view tag) {
  return std::unexpected{peer_service_error{
    errc::not_implemented, "reserve(" + std::string{tag} + ") is not offered by the "
                             + std::string{to_string(config_.kind)} + " manager"}};
}

peer_service::result<partition_ref> peer_service::inject_partition(const node_name& node,
                                                                   std::chrono::milliseconds ttl) {
  return node_.inject_partition(node, ttl);
}

peer_service::result<> peer_service::resolve_partition(partition_ref ref) {
  if (!node_.resolve_partition(ref))
    return std::unexpected{peer_service_error{errc::invalid_argument, "no such partition"}};
  return {};
}

std::vector<partition> peer_service::partitions() {
  return node_.partitions();
}

std::string peer_service::get_local_state() {
  return ask<std::string>(state_atom::value).value_or("{}");
}

} // namespace troupe
