#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include <caf/actor_system.hpp>
#include <caf/meta/type_name.hpp>

#include "actors/config.hpp"
#include "actors/node.hpp"

namespace troupe::test {

/// A user-defined message type, registered on every test node.
struct test_point {
  int x = 0;
  int y = 0;
  friend bool operator==(const test_point&, const test_point&) = default;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, test_point& x) {
  return f(caf::meta::type_name("test_point"), x.x, x.y);
}

/// An actor system with a node in it, the way tests run several nodes in one
/// process: each has its own system, its own I/O thread and its own sockets.
struct test_node {
  std::unique_ptr<troupe::config> config;
  std::unique_ptr<caf::actor_system> system;
  std::optional<troupe::node> node;

  /// `name@127.0.0.1:port`, what peers dial.
  std::string address() const;
  /// The listen port.
  std::uint16_t port() const;
  troupe::node* operator->() { return &*node; }
};

/// Settings for a test node: the local preset on loopback, cookie "secret".
node_config local_config(std::string_view name);

/// Starts a node; the test fails if it does not start.
std::unique_ptr<test_node> start_node(const node_config& config);
std::unique_ptr<test_node> start_node(std::string_view name);

/// Polls `condition` until it holds or `timeout` passes.
bool eventually(const std::function<bool()>& condition,
                std::chrono::milliseconds timeout = std::chrono::seconds{5});

/// How long until `condition` holds, polled; nullopt if not within `limit`.
std::optional<std::chrono::milliseconds> time_until(const std::function<bool()>& condition,
                                                    std::chrono::milliseconds limit);

inline bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

} // namespace troupe::test
