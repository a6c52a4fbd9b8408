#include "tests/support/test_cluster.hpp"

#include <doctest/doctest.h>

namespace troupe::test {

std::string test_node::address() const {
  return node->name().str() + ":" + std::to_string(port());
}

std::uint16_t test_node::port() const {
  auto listen = node->spec().listen.front();
  return static_cast<std::uint16_t>(std::stoi(listen.substr(listen.rfind(':') + 1)));
}

node_config local_config(std::string_view name) {
  auto config = node_config::local();
  config.name = std::string{name} + "@127.0.0.1";
  config.cookie = "secret";
  config.log = log_level::warning;
  return config;
}

std::unique_ptr<test_node> start_node(const node_config& node_settings) {
  auto result = std::make_unique<test_node>();
  result->config = std::make_unique<troupe::config>();
  // Two workers per system keep a test with several nodes light on threads.
  result->config->set("scheduler.max-threads", 2);
  result->config->add_message_type<test_point>("test_point");
  result->system = std::make_unique<caf::actor_system>(*result->config);
  auto started = troupe::node::start(*result->system, node_settings);
  REQUIRE_MESSAGE(started, (started ? "" : started.error().message));
  result->node.emplace(std::move(*started));
  return result;
}

std::unique_ptr<test_node> start_node(std::string_view name) {
  return start_node(local_config(name));
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition())
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  return condition();
}

std::optional<std::chrono::milliseconds> time_until(const std::function<bool()>& condition,
                                                    std::chrono::milliseconds limit) {
  auto start = std::chrono::steady_clock::now();
  if (!eventually(condition, limit))
    return std::nullopt;
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now()
                                                               - start);
}

} // namespace troupe::test
