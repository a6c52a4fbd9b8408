#include "apps/node/services_client.hpp"

#include <caf/all.hpp>

#include "apps/node/services.hpp"

namespace troupe::daemon {

namespace {

/// Sends `args` to `name` on `target`, waits for an answer of types Ts and
/// makes a Result of it.
template <class Result, class... Ts, class... Args>
std::expected<Result, std::string> ask(caf::actor_system& system, troupe::node& via, std::chrono::milliseconds timeout,
    const node_name& target, const char* name, Args&&... args) {
  caf::scoped_actor self{system};
  auto service = via.remote_actor(remote_ref{target, name});
  std::expected<Result, std::string> result = std::unexpected{std::string{"no answer"}};
  self->request(service, timeout, std::forward<Args>(args)...)
    .receive([&](Ts&... values) { result = Result{std::move(values)...}; },
             [&](caf::error& error) {
               result = std::unexpected{name + std::string{" on "} + target.str() + ": "
                                        + system.render(error)};
             });
  return result;
}

} // namespace

services_client::services_client(caf::actor_system& system, troupe::node& via,
                                 std::chrono::milliseconds timeout)
  : system_(system), via_(via), timeout_(timeout) {}

std::expected<std::string, std::string> services_client::status(const node_name& target) {
  return ask<std::string, std::string>(system_, via_, timeout_, target, control_name,
                                       status_atom::value);
}

std::expected<services_client::relayed, std::string>
services_client::relay(const node_name& from, const node_name& to, const std::string& name,
                       const std::string& text) {
  return ask<relayed, std::string, std::int64_t>(system_, via_, timeout_, from, control_name,
                                                 relay_atom::value, to.str(), name, text);
}

std::expected<std::string, std::string> services_client::echo(const node_name& target,
                                                              const std::string& text) {
  return ask<std::string, std::string>(system_, via_, timeout_, target, echo_name, text);
}

} // namespace troupe::daemon
