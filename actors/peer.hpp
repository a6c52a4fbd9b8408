#pragma once

#include <atomic>
#include <memory>

#include "actors/session.hpp"
#include "protocols/node_name.hpp"

namespace troupe {

/// A node this node talks to, as the message path sees it. One object per
/// name for the node's lifetime, so that actor refs can hold it across
/// reconnects; `current()` is the session of the moment, or none.
class peer {
public:
  explicit peer(node_name name) : name_(std::move(name)) {}

  const node_name& name() const noexcept { return name_; }

  std::shared_ptr<const session> current() const { return session_.load(); }

  void publish(std::shared_ptr<const session> s) { session_.store(std::move(s)); }

  /// Clears the session if it is still `s`; a newer one stays.
  void retract(const session& s) {
    auto expected = session_.load();
    if (expected.get() == &s)
      session_.compare_exchange_strong(expected, nullptr);
  }

private:
  node_name name_;
  std::atomic<std::shared_ptr<const session>> session_;
};

} // namespace troupe
