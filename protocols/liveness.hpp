#pragma once

#include <algorithm>
#include <chrono>

namespace troupe::proto {

using clock = std::chrono::steady_clock;
using time_point = clock::time_point;
using duration = clock::duration;

/// Heartbeat timing of one link.
struct liveness_config {
  /// Send a heartbeat when nothing was sent for this long.
  duration heartbeat_interval = std::chrono::seconds{1};
  /// Declare the peer dead when nothing was received for this long. Several
  /// heartbeat intervals, so that one late heartbeat is not a failure.
  duration idle_timeout = std::chrono::seconds{5};
};

/// Decides, tick by tick, when a link sends a heartbeat and when its silent
/// peer is dead. The caller says whether anything was sent or received since
/// the previous tick, which keeps time stamps off the message path; detection
/// is therefore as precise as the tick period.
class liveness {
public:
  enum class action { none, send_heartbeat, declare_dead };

  liveness(liveness_config config, time_point now)
    : config_(config), last_sent_(now), last_received_(now) {}

  action tick(time_point now, bool sent, bool received) {
    if (sent)
      last_sent_ = now;
    if (received)
      last_received_ = now;
    if (now - last_received_ >= config_.idle_timeout)
      return action::declare_dead;
    if (now - last_sent_ >= config_.heartbeat_interval) {
      last_sent_ = now;
      return action::send_heartbeat;
    }
    return action::none;
  }

  /// The tick period that keeps detection within a quarter interval.
  static duration tick_period(const liveness_config& config) {
    return std::min(config.heartbeat_interval, config.idle_timeout) / 4;
  }

private:
  liveness_config config_;
  time_point last_sent_;
  time_point last_received_;
};

} // namespace troupe::proto
