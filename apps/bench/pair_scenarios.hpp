#pragma once

#include <cstddef>
#include <expected>
#include <string>

#include "apps/bench/bench_config.hpp"
#include "apps/bench/pair_run.hpp"
#include "apps/bench/result.hpp"

namespace troupe::bench {

/// Round trips of a 64 B payload between two processes (scenario a): send +
/// returned reply, or request().then().
std::expected<result, std::string> measure_latency(bench_config& config, stack which,
                                                   bool request);

/// One-way streaming of `size`-byte messages between two processes
/// (scenario b). `window` 0 relies on the transport's back-pressure; else
/// credit from the server keeps at most that many messages in flight.
std::expected<result, std::string> measure_throughput(bench_config& config, stack which,
                                                      std::size_t size, std::size_t window);

/// The credit window the CAF runs use: 2 MiB of payload, like the anchors
/// (CAF itself has no back-pressure).
std::size_t caf_window(std::size_t size);

} // namespace troupe::bench
