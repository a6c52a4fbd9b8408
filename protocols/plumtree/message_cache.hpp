#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <unordered_map>
#include <unordered_set>

#include "protocols/node_name.hpp"
#include "protocols/plumtree/handler.hpp"

namespace troupe::proto::plumtree {

/// The bounded message cache: a handler for applications whose broadcasts
/// are independent messages rather than updates of a shared state. It keeps
/// the latest payloads to answer grafts, and remembers more ids than
/// payloads so that a late duplicate is still known as one. Both bounds
/// count messages, oldest out first.
template <class Peer>
class message_cache : public handler<Peer> {
public:
  /// This node's broadcasts get ids made of `origin`, which must be unique
  /// in the cluster, and a sequence number. Needs `payload_capacity <= id_capacity`.
  message_cache(std::uint32_t origin, std::size_t payload_capacity, std::size_t id_capacity);

  std::pair<message_id, payload> broadcast_data(payload broadcast) override;
  bool merge(message_id id, const payload& data) override;
  bool is_stale(message_id id) const override;
  std::expected<payload, graft_error> graft(message_id id) const override;

  /// A cache has no state to reconcile, so there is no anti-entropy.
  bool exchange(const Peer&) override { return false; }

  /// The payload of a message still cached, for the application to read.
  const payload* find(message_id id) const;

private:
  void remember(message_id id, payload data);

  std::uint32_t origin_;
  std::uint32_t sequence_ = 0;
  std::size_t payload_capacity_;
  std::size_t id_capacity_;
  std::deque<message_id> order_; ///< remembered ids, oldest first
  std::unordered_set<message_id> known_;
  std::unordered_map<message_id, payload> payloads_; ///< of the newest ids
};

extern template class message_cache<std::uint32_t>;
extern template class message_cache<troupe::node_name>;

} // namespace troupe::proto::plumtree
