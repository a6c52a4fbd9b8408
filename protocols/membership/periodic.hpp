#pragma once

#include "protocols/liveness.hpp"

namespace troupe::proto {

/// When an action repeated every `interval` is due: at the first tick, then
/// at the first tick an interval or more after it last ran. Ticks that come
/// late delay the rounds after them instead of bunching them up.
class periodic {
public:
  explicit periodic(duration interval) : interval_(interval) {}

  /// Whether the action is due at `now`; if so, counts it as run.
  bool due(time_point now) {
    if (now < next_)
      return false;
    next_ = now + interval_;
    return true;
  }

  /// The earliest time the action is due; `time_point::min()` before the
  /// first tick.
  time_point next() const noexcept { return next_; }

private:
  duration interval_;
  time_point next_ = time_point::min();
};

} // namespace troupe::proto
