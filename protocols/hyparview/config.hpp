#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace troupe::proto::hyparview {

/// HyParView's parameters (Leitão, Pereira, Rodrigues: "HyParView: a
/// membership protocol for reliable gossip-based broadcast", DSN 2007).
/// Every node of a cluster should use the same values.
struct config {
  /// Peers held in the active view, the symmetric links broadcast runs on.
  /// From the paper (p9): 5, which is log10(10,000 nodes) + 1.
  std::size_t active_capacity = 5;

  /// Peers remembered in the passive view, the reserve that replaces failed
  /// active peers. From the paper (p9): 30.
  std::size_t passive_capacity = 30;

  /// Active Random Walk Length: hops a ForwardJoin travels before the node
  /// where it stops takes the joiner into its active view. From the paper (p9): 6.
  std::uint8_t active_walk_length = 6;

  /// Passive Random Walk Length: the hop count left at which a ForwardJoin
  /// also puts the joiner into the passive view. From the paper (p9): 3.
  std::uint8_t passive_walk_length = 3;

  /// Hops a Shuffle travels before the node where it stops answers it.
  /// From the paper (p9): 6.
  std::uint8_t shuffle_walk_length = 6;

  /// Active peers sent in a Shuffle (ka). From the paper (p9): 3.
  std::size_t shuffle_active_count = 3;

  /// Passive peers sent in a Shuffle (kp). From the paper (p9): 4.
  std::size_t shuffle_passive_count = 4;

  /// Time between two shuffles of this node. Partisan's default: 10 s.
  std::chrono::milliseconds shuffle_interval{10'000};

  /// Time between two attempts to fill free active slots from the passive
  /// view, beyond the attempts that failures trigger. Partisan's default
  /// ("random promotion"): 5 s. Not in the paper, whose nodes only replace
  /// peers that failed; this also fills slots that refused requests left.
  std::chrono::milliseconds promotion_interval{5'000};

  /// Time after which a Neighbor request (or a Join) without a reply counts
  /// as failed and its peer is dropped. Wild guess: a dial and a round trip
  /// on a slow network. Failed dials are reported sooner by the transport.
  std::chrono::milliseconds neighbor_timeout{3'000};
};

} // namespace troupe::proto::hyparview
