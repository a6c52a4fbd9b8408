#include "apps/node/services.hpp"

#include <chrono>

#include <caf/all.hpp>

#include "apps/node/status_json.hpp"

namespace troupe::daemon {

namespace {

/// How long a relayed request waits for the far node's answer.
constexpr auto relay_timeout = std::chrono::seconds{5};

caf::behavior echo(caf::event_based_actor* self, std::string node) {
  self->set_default_handler(caf::print_and_drop);
  return {
    [node](const std::string& text) { return node + " echoes " + text; },
  };
}

/// Sends `text` to `name` on `peer` and answers with its reply and the round trip.
caf::result<std::string, std::int64_t> relay(caf::event_based_actor* self,
                                             troupe::node& self_node, const std::string& peer,
                                             const std::string& name, const std::string& text) {
  auto peer_name = node_name::parse(peer);
  if (!peer_name)
    return caf::make_error(caf::sec::invalid_argument, peer_name.error());
  if (!is_valid_registered_name(name))
    return caf::make_error(caf::sec::invalid_argument, "not a registered name: " + name);
  auto promise = self->make_response_promise<std::string, std::int64_t>();
  auto target = self_node.remote_actor(remote_ref{*peer_name, name});
  auto started = std::chrono::steady_clock::now();
  self->request(target, relay_timeout, text)
    .then(
      [=](const std::string& answer) mutable {
        auto elapsed = std::chrono::steady_clock::now() - started;
        promise.deliver(answer,
                        std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count());
      },
      [=](caf::error& error) mutable { promise.deliver(std::move(error)); });
  return promise;
}

// Detached: a status pings every peer and waits, which must not hold a
// scheduler thread that other actors need meanwhile.
caf::behavior control(caf::event_based_actor* self, troupe::node* self_node,
                      troupe::peer_service* members) {
  self->set_default_handler(caf::print_and_drop);
  return {
    [self_node, members](status_atom) { return status_json(*self_node, members); },
    [self, self_node](relay_atom, const std::string& peer, const std::string& name,
                      const std::string& text) {
      return relay(self, *self_node, peer, name, text);
    },
  };
}

} // namespace

std::vector<caf::actor> offer_services(caf::actor_system& system, troupe::node& self_node,
                                       troupe::peer_service* members) {
  std::vector<caf::actor> services{system.spawn(echo, self_node.name().str()),
                                   system.spawn<caf::detached>(control, &self_node, members)};
  self_node.register_name(echo_name, services[0]);
  self_node.register_name(control_name, services[1]);
  return services;
}

} // namespace troupe::daemon
