#include "actors/peer_service_actor.hpp"

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/errors.hpp"
#include "actors/node.hpp"
#include "protocols/membership/member_set_codec.hpp"
#include "protocols/membership/membership.hpp"
#include "protocols/membership/static_links.hpp"

namespace troupe {

namespace {

template <class... Fs>
struct overloaded : Fs... {
  using Fs::operator()...;
};

struct peer_service_state {
  node* self_node = nullptr;
  peer_service_config config;
  /// Exactly one is set: the gossiping core, or the static manager's.
  std::optional<proto::membership> mesh;
  std::optional<proto::static_links> fixed;
  struct waiting_join {
    node_name contact;
    caf::typed_response_promise<bool> promise;
  };
  std::vector<waiting_join> joins;
  /// The last set sent and its bytes: a gossip round sends one snapshot to
  /// every member, encoded once.
  std::shared_ptr<const proto::member_set> encoded_set;
  wire::byte_buffer encoded;

  static inline const char* name = "troupe.peer_service";

  /// Runs `f` on whichever core is set.
  template <class F>
  decltype(auto) core(F&& f) {
    return mesh ? f(*mesh) : f(*fixed);
  }
};

using self_pointer = peer_service_actor::stateful_pointer<peer_service_state>;

/// How often the cores look at their timers: a quarter of the shorter
/// interval keeps rounds within a quarter interval of their time.
proto::duration tick_period(const peer_service_config& config) {
  auto shortest = std::min(config.gossip_interval, config.reconnect_interval);
  return std::max<proto::duration>(shortest / 4, std::chrono::milliseconds{10});
}

std::expected<proto::member_spec, std::string> contact_spec(std::string_view contact) {
  auto address = peer_address::parse(contact);
  if (!address)
    return std::unexpected{address.error()};
  if (!address->name)
    return std::unexpected{"name the contact: name@host:port"};
  return proto::member_spec{*address->name, 0, {address->endpoint()}, {}, 1, {}};
}

proto::member_spec member_of(const node_spec& spec) {
  return {spec.name, spec.incarnation, spec.listen, spec.channels, spec.parallelism, {}};
}

void send_state(self_pointer self, const proto::send_state& out) {
  auto& st = self->state;
  if (st.encoded_set != out.state) {
    st.encoded.clear();
    proto::encode(st.encoded, *out.state);
    st.encoded_set = out.state;
  }
  st.self_node->send_service(out.to, wire::service_id::membership, st.encoded);
}

void dial(self_pointer self, const proto::member_spec& spec) {
  if (spec.listen.empty())
    return;
  auto address = peer_address::parse_listen(spec.listen.front());
  if (!address || address->port == 0)
    return;
  address->name = spec.name;
  self->state.self_node->connect(*address, [](const node::connect_result&) {});
}

/// Answers the joins that waited for their contact to become a member.
void settle_joins(self_pointer self, std::optional<errc> failure) {
  auto& st = self->state;
  std::erase_if(st.joins, [&](peer_service_state::waiting_join& join) {
    if (failure) {
      join.promise.deliver(make_error(*failure));
      return true;
    }
    if (!st.core([&](auto& core) { return core.member(join.contact) != nullptr; }))
      return false;
    join.promise.deliver(true);
    return true;
  });
}

void apply(self_pointer self, proto::outputs out) {
  auto& st = self->state;
  for (const auto& event : out)
    std::visit(overloaded{
                 [&](const proto::send_state& x) { send_state(self, x); },
                 [&](const proto::connect& x) { dial(self, x.to); },
                 [&](const proto::disconnect& x) {
                   st.self_node->disconnect(x.peer, [](bool) {});
                 },
                 [&](const proto::members_changed& x) {
                   for (const auto& name : x.added)
                     st.self_node->log().info("member joined: {}", name.str());
                   for (const auto& name : x.removed)
                     st.self_node->log().info("member left: {}", name.str());
                   settle_joins(self, std::nullopt);
                 },
                 [&](const proto::left&) {
                   st.self_node->log().info("this node left the cluster");
                   settle_joins(self, errc::left);
                 },
               },
               event);
}

caf::error error_of(proto::membership_error error) {
  switch (error) {
    case proto::membership_error::self_join: return make_error(errc::self_join);
    case proto::membership_error::left: return make_error(errc::left);
    case proto::membership_error::not_member: return make_error(errc::not_member);
  }
  return make_error(errc::invalid_argument);
}

/// Carries out a command's outputs, or answers with its error.
caf::result<bool> finish(self_pointer self,
                         std::expected<proto::outputs, proto::membership_error> outcome) {
  if (!outcome)
    return error_of(outcome.error());
  apply(self, std::move(*outcome));
  return true;
}

caf::error not_implemented(self_pointer self, std::string_view what) {
  return make_error(errc::not_implemented,
                    std::string{what} + " is not offered by the "
                      + std::string{to_string(self->state.config.kind)} + " manager");
}

caf::result<bool> join(self_pointer self, const std::string& contact, bool wait) {
  auto& st = self->state;
  auto spec = contact_spec(contact);
  if (!spec)
    return make_error(errc::invalid_argument, spec.error());
  if (st.fixed) {
    auto list = st.fixed->members_for_orchestration();
    list.push_back(*spec);
    apply(self, st.fixed->update_members(std::move(list)));
  } else if (auto joined = st.mesh->join(*spec); !joined) {
    return error_of(joined.error());
  } else {
    apply(self, std::move(*joined));
  }
  if (!wait || st.core([&](auto& core) { return core.member(spec->name) != nullptr; }))
    return true;
  auto promise = self->make_response_promise<bool>();
  st.joins.push_back({spec->name, promise});
  return promise;
}

caf::result<bool> update(self_pointer self, const std::vector<std::string>& nodes) {
  auto& st = self->state;
  if (!st.fixed)
    return not_implemented(self, "update_members");
  std::vector<proto::member_spec> list;
  for (const auto& text : nodes) {
    auto spec = contact_spec(text);
    if (!spec)
      return make_error(errc::invalid_argument, text + ": " + spec.error());
    list.push_back(std::move(*spec));
  }
  apply(self, st.fixed->update_members(std::move(list)));
  return true;
}

std::string local_state(self_pointer self) {
  auto& st = self->state;
  nlohmann::json members = nlohmann::json::array();
  for (const auto& spec : st.core([](auto& core) { return core.members_for_orchestration(); }))
    members.push_back({{"name", spec.name.str()},
                       {"incarnation", spec.incarnation},
                       {"listen", spec.listen},
                       {"tag", spec.tag}});
  nlohmann::json linked = nlohmann::json::array();
  for (const auto& peer : st.core([](auto& core) { return core.linked(); }))
    linked.push_back(peer.str());
  nlohmann::json result{{"manager", to_string(st.config.kind)},
                        {"members", members},
                        {"linked", linked}};
  if (st.mesh) {
    result["left"] = st.mesh->has_left();
    result["context_runs"] = st.mesh->state().context().entries().size();
  }
  return result.dump();
}

peer_service_actor::behavior_type peer_service(self_pointer self, node* self_node,
                                               peer_service_config config) {
  auto& st = self->state;
  st.self_node = self_node;
  st.config = config;
  auto spec = self_node->spec();
  proto::member_spec me{spec.name, spec.incarnation, spec.listen, spec.channels,
                        spec.parallelism, config.tag};
  if (config.kind == peer_service_config::manager::static_links)
    st.fixed.emplace(me, config.reconnect_interval);
  else
    st.mesh.emplace(me, proto::membership_config{
                          config.kind == peer_service_config::manager::client_server
                            ? proto::link_policy::client_server
                            : proto::link_policy::all,
                          config.gossip_interval, config.reconnect_interval});
  self->send(self, tick_atom::value);
  return {
    [=](join_atom, const std::string& contact, bool wait) { return join(self, contact, wait); },
    [=](leave_atom) -> caf::result<bool> {
      if (!self->state.mesh)
        return not_implemented(self, "leave");
      return finish(self, self->state.mesh->leave());
    },
    [=](leave_atom, const std::string& node) -> caf::result<bool> {
      auto name = node_name::parse(node);
      if (!name)
        return make_error(errc::invalid_argument, name.error());
      if (self->state.mesh)
        return finish(self, self->state.mesh->leave(*name));
      auto list = self->state.fixed->members_for_orchestration();
      if (std::erase_if(list, [&](const auto& s) { return s.name == *name; }) == 0)
        return make_error(errc::not_member, node);
      apply(self, self->state.fixed->update_members(std::move(list)));
      return true;
    },
    [=](members_atom) {
      std::vector<std::string> names;
      for (const auto& name : self->state.core([](auto& core) { return core.members(); }))
        names.push_back(name.str());
      return names;
    },
    [=](specs_atom) {
      std::vector<member_info> specs;
      for (const auto& s :
           self->state.core([](auto& core) { return core.members_for_orchestration(); }))
        specs.push_back(info_of(s));
      return specs;
    },
    [=](update_atom, const std::vector<std::string>& nodes) { return update(self, nodes); },
    [=](state_atom) { return local_state(self); },
    [=](peer_up_atom, const std::string& peer) {
      auto name = node_name::parse(peer);
      auto spec = name ? self->state.self_node->peer_spec(*name) : std::nullopt;
      if (spec)
        apply(self, self->state.core([&](auto& core) { return core.on_peer_up(member_of(*spec)); }));
    },
    [=](peer_down_atom, const std::string& peer) {
      if (auto name = node_name::parse(peer))
        apply(self, self->state.core([&](auto& core) { return core.on_peer_down(*name); }));
    },
    [=](frame_atom, const std::string& peer, const std::vector<char>& bytes) {
      auto name = node_name::parse(peer);
      auto set = proto::decode_member_set(bytes);
      if (!set) {
        self->state.self_node->log().warning("dropped a membership frame from {}: {}", peer,
                                             set.error());
        return;
      }
      if (self->state.mesh && name)
        apply(self, self->state.mesh->on_state(*name, *set));
    },
    [=](tick_atom) {
      apply(self, self->state.core([](auto& core) { return core.on_tick(proto::clock::now()); }));
      self->delayed_send(self, tick_period(self->state.config), tick_atom::value);
    },
  };
}

} // namespace

peer_service_actor spawn_peer_service(caf::actor_system& system, node& self_node,
                                      const peer_service_config& config) {
  auto actor = system.spawn(peer_service, &self_node, config);
  self_node.on_peer_event([actor](const peer_event& event) {
    if (event.what == peer_event::kind::up)
      caf::anon_send(actor, peer_up_atom::value, event.node.str());
    else
      caf::anon_send(actor, peer_down_atom::value, event.node.str());
  });
  self_node.on_service(wire::service_id::membership,
                       [actor](const node_name& from, std::span<const char> body) {
                         caf::anon_send(actor, frame_atom::value, from.str(),
                                        std::vector<char>(body.begin(), body.end()));
                       });
  return actor;
}

} // namespace troupe
