#include "discovery/epmd_registration.hpp"

#include "protocols/discovery/epmd_messages.hpp"

namespace troupe::discovery {

std::expected<void, std::string> epmd_registration::ensure() {
  if (connection_ && !connection_->closed_by_peer())
    return {};
  connection_.reset();
  auto registered = register_now();
  if (!registered)
    return std::unexpected{"epmd registration of '" + config_.name + "': " + registered.error()};
  connection_.emplace(std::move(*registered));
  return {};
}

std::expected<tcp_stream, std::string> epmd_registration::register_now() {
  namespace epmd = proto::epmd;
  auto deadline = tcp_stream::clock::now() + config_.timeout;
  auto stream = tcp_stream::connect(config_.epmd_host, config_.epmd_port, deadline);
  if (!stream)
    return std::unexpected{stream.error()};
  if (auto sent = stream->send(epmd::alive2_request(config_.name, config_.node_port), deadline);
      !sent)
    return std::unexpected{sent.error()};
  // The first byte says how long the reply is; the connection stays open.
  auto head = stream->receive(1, deadline);
  if (!head)
    return std::unexpected{head.error()};
  auto size = epmd::alive2_response_size(*head).value_or(0);
  auto tail = size > 1 ? stream->receive(size - 1, deadline) : std::string{};
  if (!tail)
    return std::unexpected{tail.error()};
  if (auto creation = epmd::parse_alive2_response(*head + *tail); !creation)
    return std::unexpected{creation.error()};
  return std::move(*stream);
}

} // namespace troupe::discovery
