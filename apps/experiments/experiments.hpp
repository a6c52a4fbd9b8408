#pragma once

#include <cstddef>
#include <cstdint>

namespace troupe::experiments {

/// What every experiment takes from the command line.
struct options {
  std::size_t nodes = 10'000;
  std::uint64_t seed = 1;
};

// Each experiment prints its tables and returns the events it simulated.

/// The HyParView paper's overlay measures after the nodes joined.
std::uint64_t overlay_experiment(const options& opts);

/// The HyParView paper's reliability after a share of the nodes fails at once.
std::uint64_t reliability_experiment(const options& opts);

/// The Plumtree paper's RMR, LDH and reliability, beside the flood.
std::uint64_t plumtree_experiment(const options& opts);

} // namespace troupe::experiments
