#pragma once

#include <chrono>
#include <string_view>
#include <cstdint>
#include <string>
#include <vector>

#include "actors/config.hpp"

namespace troupe::bench {

/// troupe-bench's command line: troupe's and CAF's own options (--troupe.*,
/// --caf#...), which every node and actor system of the run gets, plus the
/// sizes and counts of the scenarios. Parsed once in the driver, before any
/// child is forked; each child builds its actor system from its copy.
class bench_config : public troupe::config {
public:
  bench_config();

  /// The settings of the node called `name`@127.0.0.1 (`name`@`host` with
  /// a host): --troupe.* options, a fresh port, the bench's cookie unless
  /// one is given, warnings and errors only unless --troupe.log-level.
  node_config node_settings(std::string_view name, std::string_view host = "127.0.0.1") const;

  std::size_t rounds() const;                ///< latency: measured round trips
  std::size_t warmup_rounds() const;         ///< latency: round trips before those
  std::vector<std::size_t> sizes() const;    ///< throughput: payload sizes
  /// Throughput: messages of `size` per run; the anchors' counts unless --messages.
  std::size_t messages(std::size_t size) const;
  std::size_t warmup_messages(std::size_t size) const;
  std::chrono::seconds timeout() const;      ///< bound on one run
  bool caf_unbounded() const;                ///< also CAF throughput without a credit window

  // echo
  std::vector<std::size_t> rtts_ms() const;
  std::vector<std::size_t> payloads() const;
  std::vector<std::size_t> concurrency() const;
  std::vector<std::string> layouts() const;  ///< "p<parallelism>c<channels>"
  std::chrono::milliseconds echo_duration() const;

  // memory
  std::size_t peers() const;
};

} // namespace troupe::bench
