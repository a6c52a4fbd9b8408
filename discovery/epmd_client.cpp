#include "discovery/epmd_client.hpp"

#include "discovery/tcp_stream.hpp"

namespace troupe::discovery {

namespace {

/// Longest answer read: room for thousands of NAMES lines, and a server that
/// streams without end is cut off.
constexpr std::size_t max_answer = 64 << 10;

} // namespace

std::expected<std::vector<proto::epmd::name_entry>, std::string> epmd_client::names() {
  auto answer = exchange(proto::epmd::names_request());
  if (!answer)
    return std::unexpected{answer.error()};
  return proto::epmd::parse_names_response(*answer);
}

std::expected<std::optional<proto::epmd::node_info>, std::string>
epmd_client::port_please(const std::string& name) {
  auto answer = exchange(proto::epmd::port_please2_request(name));
  if (!answer)
    return std::unexpected{answer.error()};
  return proto::epmd::parse_port2_response(*answer);
}

std::expected<std::string, std::string> epmd_client::exchange(const std::string& request) {
  auto deadline = tcp_stream::clock::now() + timeout_;
  auto stream = tcp_stream::connect(host_, port_, deadline);
  if (!stream)
    return std::unexpected{stream.error()};
  if (auto sent = stream->send(request, deadline); !sent)
    return std::unexpected{sent.error()};
  auto answer = stream->receive_all(max_answer, deadline);
  if (!answer)
    return std::unexpected{answer.error()};
  if (answer->size() == max_answer)
    return std::unexpected{"epmd at " + stream->peer() + ": answer longer than 64 KiB"};
  return answer;
}

} // namespace troupe::discovery
