#pragma once

#include <expected>
#include <functional>
#include <string>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "apps/bench/bench_config.hpp"
#include "apps/bench/result.hpp"

namespace troupe::bench {

enum class stack { troupe, caf };

std::string_view to_string(stack which);

/// What the client process measures, given its actor system and a handle for
/// the server actor in the other process.
using measure = std::function<std::expected<result, std::string>(caf::actor_system&,
                                                                  const caf::actor&)>;

/// Runs one measurement between two processes: a server process with the
/// bench server actor, and a client process that reaches it over `which`
/// and runs `what`. Both are forked from the driver and killed after the
/// run, or when it takes longer than the configured timeout. The result
/// also tells the server's peak memory (server_maxrss_mb).
std::expected<result, std::string> run_pair(bench_config& config, stack which,
                                            const measure& what);

} // namespace troupe::bench
