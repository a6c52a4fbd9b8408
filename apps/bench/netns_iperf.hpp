#pragma once

#include <chrono>
#include <optional>

#include "apps/bench/netns.hpp"

namespace troupe::bench {

/// What TCP itself gets through `network`'s delay: iperf3 from node 0 to
/// node 1 with `streams` parallel streams for `duration`, in MB/s; nullopt
/// if iperf3 is missing or fails. The reference for the echo scenario's
/// parallelism: one stream is bound by its window over the round trip,
/// several by the CPUs.
std::optional<double> iperf_mb_per_s(const echo_network& network, int streams,
                                     std::chrono::seconds duration);

} // namespace troupe::bench
