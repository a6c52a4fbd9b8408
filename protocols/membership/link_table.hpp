#pragma once

#include <set>
#include <ranges>

#include "protocols/membership/events.hpp"

namespace troupe::proto {

/// The peers this node has links with, as its driver reported them, and the
/// events that make the links match what a membership core wants.
///
/// A link asked to close counts as gone at once, so nothing more is sent on
/// it; the driver's later report of it going down is then a no-op.
class link_table {
public:
  /// Returns false if the link was up already.
  bool up(const node_name& peer) { return peers_.insert(peer).second; }

  /// Returns false if there was no such link.
  bool down(const node_name& peer) { return peers_.erase(peer) > 0; }

  bool contains(const node_name& peer) const { return peers_.contains(peer); }

  const std::set<node_name>& peers() const noexcept { return peers_; }

  /// Asks for a link to each spec in `wanted` that has none.
  template <std::ranges::input_range Specs>
  void dial_missing(Specs&& wanted, outputs& out) const {
    for (const auto& spec : wanted)
      if (!contains(spec.name))
        out.emplace_back(connect{spec});
  }

  /// Asks to close the link to `peer`, if there is one.
  void close(const node_name& peer, outputs& out) {
    if (down(peer))
      out.emplace_back(disconnect{peer});
  }

  /// Asks to close every link.
  void close_all(outputs& out) {
    for (const auto& peer : peers_)
      out.emplace_back(disconnect{peer});
    peers_.clear();
  }

private:
  std::set<node_name> peers_;
};

} // namespace troupe::proto
