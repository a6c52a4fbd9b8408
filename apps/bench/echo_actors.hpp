#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "actors/node.hpp"

namespace troupe::bench {

/// The actors of Partisan's echo experiment on troupe.
///
/// A requester sends its payload to the echo server of another node and
/// waits for it to come back, again and again (synchronous echoes). Both
/// directions name the channel and partition key Partisan's experiment
/// uses, so that a requester's traffic keeps to one connection while the
/// requesters of a node spread over all of them: the request through a
/// remote actor handle made with those options, the reply through one the
/// server makes from the requester's ref.
caf::actor spawn_echo_server(caf::actor_system& system, node& self_node);

/// Echoes completed before the deadline, shared by a node's requesters.
struct echo_tally {
  std::atomic<std::uint64_t> echoes{0};
  std::atomic<std::uint64_t> bytes{0};
};

struct echo_plan {
  remote_ref server;       ///< the echo server on the target node
  send_options options;    ///< channel and partition key, both ways
  std::size_t payload = 0; ///< bytes per echo
  std::chrono::steady_clock::time_point deadline;
};

/// Starts echoing at once; counts into `tally` what returns before the
/// deadline, then stops. `tally` must outlive the requester.
caf::actor spawn_requester(caf::actor_system& system, node& self_node, const echo_plan& plan,
                           echo_tally& tally);

} // namespace troupe::bench
