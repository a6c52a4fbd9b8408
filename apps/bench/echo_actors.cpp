#include "apps/bench/echo_actors.hpp"

#include <map>

#include <caf/all.hpp>

namespace troupe::bench {

namespace {

using echo_atom = caf::atom_constant<caf::atom("echo")>;
using echoed_atom = caf::atom_constant<caf::atom("echoed")>;
using bytes = std::vector<char>;

struct server_state {
  /// Reply handles by (requester ref, channel, key).
  std::map<std::tuple<std::string, std::string, std::uint64_t>, caf::actor> requesters;
};

caf::behavior echo_server(caf::stateful_actor<server_state>* self, node* self_node,
                          echo_tally* tally) {
  return {
    [=](echo_atom, const std::string& reply_to, const std::string& channel, std::uint64_t key,
        bytes& payload) {
      tally->request_bytes.fetch_add(payload.size(), std::memory_order_relaxed);
      auto& handle = self->state.requesters[{reply_to, channel, key}];
      if (!handle)
        if (auto ref = remote_ref::parse(reply_to))
          handle = self_node->remote_actor(*ref, {.channel = channel, .partition_key = key});
      self->send(handle, echoed_atom::value, std::move(payload));
    },
  };
}

caf::behavior requester(caf::event_based_actor* self, node* self_node, echo_plan plan,
                        echo_tally* tally) {
  auto server = self_node->remote_actor(plan.server, plan.options);
  auto me = self_node->ref_of(caf::actor_cast<caf::actor>(self)).to_string();
  auto request = caf::make_message(echo_atom::value, me, plan.options.channel,
                                   plan.options.partition_key.value_or(0), bytes(plan.payload, 'e'));
  self->send(server, request);
  return {
    [=](echoed_atom, const bytes& payload) {
      if (std::chrono::steady_clock::now() > plan.deadline)
        return self->quit();
      tally->echoes.fetch_add(1, std::memory_order_relaxed);
      tally->echoed_bytes.fetch_add(payload.size(), std::memory_order_relaxed);
      self->send(server, request);
    },
  };
}

} // namespace

caf::actor spawn_echo_server(caf::actor_system& system, node& self_node, echo_tally& tally) {
  return system.spawn(echo_server, &self_node, &tally);
}

caf::actor spawn_requester(caf::actor_system& system, node& self_node, const echo_plan& plan,
                           echo_tally& tally) {
  return system.spawn(requester, &self_node, plan, &tally);
}

} // namespace troupe::bench
