#include "protocols/sim/network.hpp"

#include <algorithm>
#include <iterator>

namespace troupe::sim {

namespace {

std::uint64_t pair_key(node_id a, node_id b) {
  return (std::uint64_t{std::min(a, b)} << 32) | std::max(a, b);
}

// FNV-1a over 64-bit words: order-sensitive, so two runs hash alike only if
// their events happened alike.
std::uint64_t hash_step(std::uint64_t hash, std::uint64_t word) {
  return (hash ^ word) * 0x100000001b3;
}

bool is_membership(const envelope& body) {
  return std::holds_alternative<proto::hyparview::message<node_id>>(body);
}

// When the next of a Poisson process's events happens after `after`; never
// for a rate of 0.
sim_time next_arrival(sim_time after, double per_second, std::mt19937_64& rng) {
  if (per_second <= 0)
    return sim_time::max();
  auto seconds = std::exponential_distribution<double>{per_second}(rng);
  return after + sim_time{static_cast<sim_time::rep>(seconds * 1e6)};
}

} // namespace

network::network(network_config config) : config_(config), links_(config_), rng_(config_.seed) {}

network::~network() = default;

node_id network::add_node() {
  auto id = static_cast<node_id>(nodes_.size());
  nodes_.push_back(std::make_unique<node>(id, config_, rng_));
  status_.push_back(status::up);
  return id;
}

void network::join(node_id joiner, node_id contact) {
  step(joiner, [&](node& n, outbox& out) { n.join(contact, out); });
}

void network::leave(node_id n) {
  step(n, [](node& x, outbox& out) { x.leave(out); });
  status_.at(n) = status::left;
}

void network::crash(const std::vector<node_id>& nodes) {
  for (auto n : nodes)
    status_.at(n) = status::crashed;
  report_broken_links();
}

std::vector<node_id> network::crash_fraction(double fraction, const std::vector<node_id>& spare) {
  auto up = up_nodes();
  auto count = static_cast<std::size_t>(fraction * static_cast<double>(up.size()) + 0.5);
  std::vector<node_id> candidates;
  std::ranges::copy_if(up, std::back_inserter(candidates),
                       [&](node_id n) { return std::ranges::find(spare, n) == spare.end(); });
  std::ranges::shuffle(candidates, rng_);
  candidates.resize(std::min(count, candidates.size()));
  crash(candidates);
  return candidates;
}

void network::partition(const std::vector<std::vector<node_id>>& groups) {
  links_.partition(groups);
  report_broken_links();
}

void network::heal() { links_.heal(); }

std::uint32_t network::broadcast(node_id origin) {
  auto ordinal = static_cast<std::uint32_t>(records_.size());
  records_.push_back({origin, now_});
  step(origin, [&](node& n, outbox& out) { n.broadcast(ordinal, out); });
  return ordinal;
}

void network::run_for(sim_time duration) {
  auto end = now_ + duration;
  while (!queue_.empty() && queue_.next_time() <= end) {
    auto [at, e] = queue_.pop();
    now_ = at;
    run(std::move(e));
  }
  now_ = end;
}

void network::run_churn(const churn& rates, sim_time duration) {
  auto end = now_ + duration;
  auto next_join = next_arrival(now_, rates.joins_per_second, rng_);
  auto next_leave = next_arrival(now_, rates.leaves_per_second, rng_);
  while (std::min(next_join, next_leave) <= end) {
    if (next_join <= next_leave) {
      run_for(next_join - now_);
      auto contact = random_up_node();
      join(add_node(), contact);
      next_join = next_arrival(next_join, rates.joins_per_second, rng_);
    } else {
      run_for(next_leave - now_);
      leave(random_up_node());
      next_leave = next_arrival(next_leave, rates.leaves_per_second, rng_);
    }
  }
  run_for(end - now_);
}

std::vector<node_id> network::up_nodes() const {
  std::vector<node_id> up;
  for (node_id n = 0; n < nodes_.size(); ++n)
    if (status_[n] == status::up)
      up.push_back(n);
  return up;
}

double network::reliability(std::uint32_t ordinal, layer which) const {
  auto up = up_nodes();
  auto reached = std::ranges::count_if(
    up, [&](node_id n) { return nodes_[n]->delivered(which, ordinal); });
  return up.empty() ? 0.0 : static_cast<double>(reached) / static_cast<double>(up.size());
}

std::vector<std::string> network::check_invariants() const {
  std::vector<std::string> broken;
  for (auto n : up_nodes()) {
    for (auto& rule : nodes_[n]->check_invariants())
      broken.push_back("node " + std::to_string(n) + ": " + rule);
    for (auto peer : nodes_[n]->membership().active_view()) {
      const auto& theirs = nodes_[peer]->membership().active_view();
      bool symmetric = status_[peer] == status::up && std::ranges::find(theirs, n) != theirs.end();
      if (!symmetric && membership_in_flight(n, peer) == 0)
        broken.push_back("node " + std::to_string(n) + " holds " + std::to_string(peer)
                         + ", which does not hold it");
    }
  }
  return broken;
}

template <class Action>
void network::step(node_id n, Action action) {
  outbox out;
  action(*nodes_.at(n), out);
  if (config_.check_each_step)
    for (auto& rule : nodes_[n]->check_invariants())
      step_violations_.push_back("at " + std::to_string(now_.count()) + " us, node "
                                 + std::to_string(n) + ": " + rule);
  dispatch(n, out);
}

void network::dispatch(node_id from, outbox& out) {
  for (auto& m : out.messages) {
    count_payload(m.body);
    if (links_.lost(rng_))
      continue;
    if (is_membership(m.body))
      track_membership(from, m.to, +1);
    queue_.push(now_ + links_.latency(from, m.to), {m.to, delivery{from, std::move(m.body)}});
  }
  for (auto& t : out.timers)
    queue_.push(now_ + t.after, {from, timer_event{std::move(t.which)}});
  for (const auto& d : out.deliveries) {
    auto& layer = records_.at(d.ordinal).layers[static_cast<std::size_t>(d.layer)];
    ++layer.deliveries;
    layer.last_hop = std::max(layer.last_hop, d.hops);
  }
}

void network::run(event e) {
  ++events_run_;
  fingerprint_ = hash_step(fingerprint_, static_cast<std::uint64_t>(now_.count()));
  fingerprint_ = hash_step(fingerprint_, (std::uint64_t{e.target} << 8) | e.what.index());
  if (auto* d = std::get_if<delivery>(&e.what)) {
    fingerprint_ = hash_step(fingerprint_, (std::uint64_t{d->from} << 8) | d->body.index());
    on_delivery(e.target, *d);
  } else if (auto* t = std::get_if<timer_event>(&e.what)) {
    if (status_[e.target] == status::up)
      step(e.target, [&](node& n, outbox& out) { n.fire(std::move(t->which), out); });
  } else {
    on_failure_report(e.target, std::get<failure_report>(e.what).peer);
  }
}

void network::on_delivery(node_id to, delivery& d) {
  if (is_membership(d.body))
    track_membership(d.from, to, -1);
  if (status_[d.from] == status::crashed)
    return; // lost with the crashed sender's connection
  // What a node sent before leaving still arrives: it left gracefully.
  if (status_[to] != status::up || links_.separated(d.from, to)) {
    if (status_[d.from] == status::up)
      report_failure(d.from, to,
                     status_[to] == status::up ? config_.failure_detection
                                               : links_.latency(d.from, to));
    return;
  }
  step(to, [&](node& n, outbox& out) { n.receive(d.from, std::move(d.body), out); });
}

void network::on_failure_report(node_id to, node_id peer) {
  track_membership(to, peer, -1);
  if (status_[to] == status::up && link_broken(to, peer))
    step(to, [&](node& n, outbox& out) { n.peer_failed(peer, out); });
}

void network::report_failure(node_id to, node_id peer, sim_time after) {
  track_membership(to, peer, +1);
  queue_.push(now_ + after, {to, failure_report{peer}});
}

// The links that a crash or a partition just broke, as their surviving
// ends will find out.
void network::report_broken_links() {
  for (auto n : up_nodes())
    for (auto peer : nodes_[n]->membership().active_view())
      if (link_broken(n, peer))
        report_failure(n, peer, config_.failure_detection);
}

bool network::link_broken(node_id a, node_id b) const {
  return status_[a] != status::up || status_[b] != status::up || links_.separated(a, b);
}

void network::count_payload(const envelope& body) {
  if (auto* flood = std::get_if<flood_message>(&body)) {
    ++records_.at(flood->ordinal).layers[static_cast<std::size_t>(layer::flood)].payloads_sent;
  } else if (auto* m = std::get_if<proto::plumtree::message<node_id>>(&body)) {
    if (auto* gossip = std::get_if<proto::plumtree::gossip<node_id>>(m))
      ++records_.at(static_cast<std::uint32_t>(gossip->id))
          .layers[static_cast<std::size_t>(layer::plumtree)]
          .payloads_sent;
  }
}

void network::track_membership(node_id a, node_id b, int change) {
  auto key = pair_key(a, b);
  auto& count = membership_in_flight_[key];
  count = static_cast<std::uint32_t>(static_cast<int>(count) + change);
  if (count == 0)
    membership_in_flight_.erase(key);
}

std::uint32_t network::membership_in_flight(node_id a, node_id b) const {
  auto found = membership_in_flight_.find(pair_key(a, b));
  return found == membership_in_flight_.end() ? 0 : found->second;
}

node_id network::random_up_node() {
  auto up = up_nodes();
  return up.at(std::uniform_int_distribution<std::size_t>{0, up.size() - 1}(rng_));
}

} // namespace troupe::sim
