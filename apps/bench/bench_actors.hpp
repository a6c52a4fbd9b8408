#pragma once

#include <chrono>
#include <cstdint>
#include <future>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

namespace troupe::bench {

/// The two sides of the latency and throughput scenarios, as plain CAF
/// actors: they only see caf::actor handles, so the same code measures
/// troupe's remote actors and CAF's own (BASP), with the protocol of the
/// anchors' benchmarks.
///
/// The server answers (ping, bytes) with (pong, bytes); counts (data, bytes);
/// answers (mark, k) with (credit, k); and answers (done, n) with
/// (ack, count, bytes) for everything since the last done.
caf::actor spawn_server(caf::actor_system& system);

struct latency_plan {
  std::size_t warmup = 2000;
  std::size_t rounds = 20000;
  std::size_t size = 64;
  /// request(...).then(...) instead of send + the returned reply.
  bool request = false;
};

/// One round trip after another; the promise gets the measured ones (empty
/// if the server went away). Keep the returned client until then: an actor
/// nobody refers to ends.
caf::actor run_latency(caf::actor_system& system, const caf::actor& server,
                       const latency_plan& plan,
                       std::promise<std::vector<std::chrono::nanoseconds>> done);

struct throughput_plan {
  std::size_t size = 64;
  std::size_t messages = 500000;
  std::size_t warmup = 20000;
  /// 0: send everything at once and let the transport push back (troupe's
  /// bounded buffers; CAF queues without bound). Otherwise at most this many
  /// messages are in flight, by credit from the server.
  std::size_t window = 0;
};

struct throughput_outcome {
  std::chrono::duration<double> elapsed{0}; ///< first send to the ack
  std::uint64_t received = 0;               ///< messages the server counted
  std::uint64_t bytes = 0;                  ///< payload bytes it counted
};

/// A warm-up batch, then the measured one: the sender streams the messages,
/// then done; the time runs from the first send to the server's ack. Keep
/// the returned client until then.
caf::actor run_throughput(caf::actor_system& system, const caf::actor& server,
                          const throughput_plan& plan, std::promise<throughput_outcome> done);

} // namespace troupe::bench
