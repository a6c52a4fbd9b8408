#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "protocols/sim/config.hpp"

namespace troupe::sim {

/// Events in time order; events due at the same time come out in the order
/// they went in, which keeps links first-in first-out and runs replayable.
template <class Event>
class event_queue {
public:
  void push(sim_time at, Event event) {
    heap_.push_back({at, next_seq_++, std::move(event)});
    std::ranges::push_heap(heap_, later);
  }

  bool empty() const noexcept { return heap_.empty(); }

  sim_time next_time() const { return heap_.front().at; }

  std::pair<sim_time, Event> pop() {
    std::ranges::pop_heap(heap_, later);
    auto entry = std::move(heap_.back());
    heap_.pop_back();
    return {entry.at, std::move(entry.event)};
  }

private:
  struct entry {
    sim_time at;
    std::uint64_t seq;
    Event event;
  };

  static bool later(const entry& a, const entry& b) {
    return a.at != b.at ? a.at > b.at : a.seq > b.seq;
  }

  std::vector<entry> heap_;
  std::uint64_t next_seq_ = 0;
};

} // namespace troupe::sim
