#include "protocols/sim/links.hpp"

#include <algorithm>

namespace troupe::sim {

namespace {

// SplitMix64's finalizer: spreads a pair id over 64 well-mixed bits.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9;
  x = (x ^ (x >> 27)) * 0x94d049bb133111eb;
  return x ^ (x >> 31);
}

} // namespace

links::links(const network_config& config)
  : seed_(config.seed), latency_min_(config.latency_min), latency_max_(config.latency_max),
    loss_(config.loss) {}

sim_time links::latency(node_id a, node_id b) const {
  auto pair = (std::uint64_t{std::min(a, b)} << 32) | std::max(a, b);
  auto spread = static_cast<std::uint64_t>((latency_max_ - latency_min_).count()) + 1;
  return latency_min_ + sim_time{static_cast<sim_time::rep>(mix(pair ^ mix(seed_)) % spread)};
}

bool links::lost(std::mt19937_64& rng) const {
  return loss_ > 0 && std::uniform_real_distribution<double>{0, 1}(rng) < loss_;
}

void links::partition(const std::vector<std::vector<node_id>>& groups) {
  group_.clear();
  for (std::uint32_t g = 0; g < groups.size(); ++g)
    for (auto n : groups[g]) {
      if (n >= group_.size())
        group_.resize(n + 1, 0);
      group_[n] = g + 1;
    }
}

void links::heal() { group_.clear(); }

bool links::separated(node_id a, node_id b) const { return group(a) != group(b); }

std::uint32_t links::group(node_id n) const { return n < group_.size() ? group_[n] : 0; }

} // namespace troupe::sim
