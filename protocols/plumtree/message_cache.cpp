#include "protocols/plumtree/message_cache.hpp"

namespace troupe::proto::plumtree {

template <class Peer>
message_cache<Peer>::message_cache(std::uint32_t origin, std::size_t payload_capacity,
                                   std::size_t id_capacity)
  : origin_(origin), payload_capacity_(payload_capacity), id_capacity_(id_capacity) {}

template <class Peer>
std::pair<message_id, payload> message_cache<Peer>::broadcast_data(payload broadcast) {
  auto id = message_id{(std::uint64_t{origin_} << 32) | ++sequence_};
  remember(id, broadcast);
  return {id, std::move(broadcast)};
}

template <class Peer>
bool message_cache<Peer>::merge(message_id id, const payload& data) {
  if (is_stale(id))
    return false;
  remember(id, data);
  return true;
}

template <class Peer>
bool message_cache<Peer>::is_stale(message_id id) const {
  return known_.contains(id);
}

template <class Peer>
std::expected<payload, graft_error> message_cache<Peer>::graft(message_id id) const {
  if (const auto* data = find(id))
    return *data;
  return std::unexpected{graft_error::unavailable};
}

template <class Peer>
const payload* message_cache<Peer>::find(message_id id) const {
  auto found = payloads_.find(id);
  return found == payloads_.end() ? nullptr : &found->second;
}

// Every remembered id came with a payload, so the payloads kept are those
// of the newest `payload_capacity_` ids.
template <class Peer>
void message_cache<Peer>::remember(message_id id, payload data) {
  order_.push_back(id);
  known_.insert(id);
  payloads_.emplace(id, std::move(data));
  if (order_.size() > payload_capacity_)
    payloads_.erase(order_[order_.size() - payload_capacity_ - 1]);
  if (order_.size() > id_capacity_) {
    known_.erase(order_.front());
    order_.pop_front();
  }
}

template class message_cache<std::uint32_t>;
template class message_cache<troupe::node_name>;

} // namespace troupe::proto::plumtree
