#pragma once

#include <cstddef>
#include <random>
#include <vector>

#include "protocols/membership/orset.hpp"

namespace troupe::test {

/// Replicas of an orset after a seeded random history: replica i acts as
/// `actors[i]`, and each step is an add, a remove, or a merge from another
/// replica, so every state is one a real replica could reach.
template <class Actor, class Element>
std::vector<proto::orset<Actor, Element>> random_replicas(std::mt19937_64& rng,
                                                          const std::vector<Actor>& actors,
                                                          const std::vector<Element>& elements,
                                                          int steps) {
  std::vector<proto::orset<Actor, Element>> replicas(actors.size());
  auto pick = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>{0, n - 1}(rng);
  };
  for (int step = 0; step < steps; ++step) {
    auto r = pick(replicas.size());
    switch (pick(3)) {
      case 0: replicas[r].add(actors[r], elements[pick(elements.size())]); break;
      case 1: replicas[r].remove(actors[r], elements[pick(elements.size())]); break;
      default: replicas[r].merge(replicas[pick(replicas.size())]); break;
    }
  }
  return replicas;
}

} // namespace troupe::test
