#pragma once

#include <cstdint>
#include <vector>

namespace troupe::sim {

/// Which broadcasts, by ordinal, a node has seen: one bit each, as the
/// simulator numbers broadcasts from 0.
class ordinal_set {
public:
  /// Whether the ordinal was new.
  bool insert(std::uint32_t ordinal) {
    if (ordinal >= bits_.size())
      bits_.resize(ordinal + 1, false);
    if (bits_[ordinal])
      return false;
    bits_[ordinal] = true;
    return true;
  }

  bool contains(std::uint32_t ordinal) const { return ordinal < bits_.size() && bits_[ordinal]; }

private:
  std::vector<bool> bits_;
};

} // namespace troupe::sim
