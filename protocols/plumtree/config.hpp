#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace troupe::proto::plumtree {

/// Plumtree's parameters (Leitão, Pereira, Rodrigues: "Epidemic Broadcast
/// Trees", SRDS 2007). Every node of a cluster should use the same values.
struct config {
  /// Time announcements wait so that each lazy peer gets them together in
  /// one IHave. Partisan's lazy_tick_period: 1 s.
  std::chrono::milliseconds lazy_tick{1'000};

  /// Time an announced message may take to arrive by eager push before it
  /// is grafted from its first announcer. The paper: "should be configured
  /// considering the diameter of the overlay and a target maximum recovery
  /// latency" (p8). Wild guess: about 10 hops of 50 ms links.
  std::chrono::milliseconds graft_timeout_first{500};

  /// Time a Graft may take to be answered before the next announcer is
  /// asked. The paper: "smaller than the first, in the order of an average
  /// round trip time to a neighbor" (p9). Wild guess: 100 ms.
  std::chrono::milliseconds graft_timeout_second{100};

  /// Hops by which an announcement's path must beat the eager path for the
  /// tree to switch to it (the optimisation, p9). 7, the value iroh-gossip
  /// reads from the paper's experiments (p12).
  std::uint16_t optimization_threshold = 7;

  /// Time between two anti-entropy triggers. Partisan's exchange_tick_period: 10 s.
  std::chrono::milliseconds exchange_tick{10'000};

  /// Anti-entropy exchanges running at once. Wild guess, as Partisan: 1.
  std::size_t exchange_limit = 1;
};

} // namespace troupe::proto::plumtree
