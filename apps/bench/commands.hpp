#pragma once

#include <vector>

#include "apps/bench/bench_config.hpp"
#include "apps/bench/pair_run.hpp"

namespace troupe::bench {

/// troupe-bench's commands. Each prints RESULT lines as it goes and a table
/// at the end; the exit code is 0 when every run completed and accounted
/// for all of its messages.

/// Scenario (a) and (b) on `stacks` (troupe, CAF's BASP, or both side by
/// side with the ratio troupe / CAF).
int pair_command(bench_config& config, const std::vector<stack>& stacks, bool latency,
                 bool throughput);

/// The exit code of a scenario this machine cannot run (ctest's SKIP_RETURN_CODE).
inline constexpr int skipped_exit_code = 77;

/// Scenario (c): Partisan's echo experiment in network namespaces (root).
int echo_command(bench_config& config);

/// Resident memory of an idle node and per additional peer.
int memory_command(bench_config& config);

} // namespace troupe::bench
