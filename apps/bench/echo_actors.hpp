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
///
/// What a node's echo server and requesters saw arrive, in payload bytes.
/// A round of large echoes over many connections can take longer than the
/// window (64 requesters of 8 MiB on 3 nodes put 1.5 GiB in flight each
/// way), so the requests that arrived count as well as the echoes that
/// came back: each moved half an echo.
struct echo_tally {
  std::atomic<std::uint64_t> echoes{0};        ///< echoes completed (requesters)
  std::atomic<std::uint64_t> echoed_bytes{0};  ///< their payloads
  std::atomic<std::uint64_t> request_bytes{0}; ///< payloads the server received
};

/// Counts every request's payload into `tally`, which must outlive it.
caf::actor spawn_echo_server(caf::actor_system& system, node& self_node, echo_tally& tally);

struct echo_plan {
  remote_ref server;       ///< the echo server on the target node
  send_options options;    ///< channel and partition key, both ways
  std::size_t payload = 0; ///< bytes per echo
  std::chrono::steady_clock::time_point deadline;
};

/// Starts echoing at once; counts into `tally` the echoes that return
/// before the deadline, then stops. `tally` must outlive the requester.
caf::actor spawn_requester(caf::actor_system& system, node& self_node, const echo_plan& plan,
                           echo_tally& tally);

} // namespace troupe::bench
