#pragma once

#include <memory>

#include <caf/actor_proxy.hpp>

#include "actors/destination.hpp"
#include "actors/send_options.hpp"

namespace troupe {

class message_path;

/// What CAF sees of an actor on another node: enqueuing into it sends the
/// message over the node's session. Two kinds share this class: proxies CAF
/// creates for remote actors named in incoming messages (they carry the
/// remote node's id and end when its session does), and forwarders made from
/// a remote_ref (they carry this node's id and outlive sessions, like an
/// Erlang name tuple).
class remote_proxy final : public caf::actor_proxy {
public:
  remote_proxy(caf::actor_config& config, std::shared_ptr<message_path> path, destination to,
               send_options options);

  void enqueue(caf::mailbox_element_ptr what, caf::execution_unit* context) override;

  void kill_proxy(caf::execution_unit* context, caf::error reason) override;

  /// Where messages to this proxy go.
  const destination& target() const noexcept { return to_; }

private:
  std::shared_ptr<message_path> path_;
  destination to_;
  send_options options_;
};

} // namespace troupe
