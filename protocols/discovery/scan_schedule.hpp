#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace troupe::proto {

/// Which addresses of a range the subnet scan probes at each round.
///
/// An address that answers is probed again at every round; one that does not
/// waits a random back-off first (Beethoven's common_random_backoff), which
/// doubles with each further miss up to a ceiling: a range of mostly closed
/// ports costs few probes, and nodes that started together drift apart
/// instead of probing in lockstep. A round probes at most `max_probes`
/// addresses and the next round goes on where it stopped, so that a large
/// range is covered over several rounds rather than dialed all at once.
class scan_schedule {
public:
  using clock = std::chrono::steady_clock;

  struct config {
    /// The first wait after a miss is this long plus a random part of up to
    /// as much again.
    clock::duration backoff_min = std::chrono::seconds{1};
    /// No address waits longer than this between probes.
    clock::duration backoff_max = std::chrono::seconds{60};
    /// Probes per round at most. Default 256: a /24 in one round.
    std::size_t max_probes = 256;
  };

  /// `seed` drives the random back-off, so that a test replays exactly.
  scan_schedule(std::vector<std::string> addresses, config settings, std::uint64_t seed);

  /// The addresses to probe at `now`.
  std::vector<std::string> due(clock::time_point now);

  /// The probe of `address` found no troupe node.
  void missed(const std::string& address, clock::time_point now);

  /// The probe of `address` reached a troupe node.
  void answered(const std::string& address);

  /// When `address` is probed next; the epoch if it is due now.
  clock::time_point next_probe(const std::string& address) const;

private:
  struct slot {
    std::string address;
    unsigned misses = 0;
    clock::time_point next{};
  };

  slot* find(const std::string& address);
  const slot* find(const std::string& address) const;

  std::vector<slot> slots_;
  std::unordered_map<std::string, std::size_t> index_; ///< address -> slot
  config config_;
  std::size_t cursor_ = 0;
  std::mt19937_64 random_;
};

} // namespace troupe::proto
