#pragma once

#include <algorithm>
#include <compare>
#include <cstdint>
#include <map>

namespace troupe::proto {

/// One event of one actor: its `counter`-th.
template <class Actor>
struct dot {
  Actor actor;
  std::uint64_t counter = 0;
  friend auto operator<=>(const dot&, const dot&) = default;
};

/// How two clocks' histories relate.
enum class causal_order {
  equal,      ///< the same events
  before,     ///< the left clock saw a strict subset of the right's events
  after,      ///< the left clock saw a strict superset of the right's events
  concurrent, ///< each saw an event the other did not
};

/// A version vector: for each actor, how many of its events were seen. The
/// events of one actor are seen in order, so one counter per actor summarises
/// them all. Actors that never counted are absent (they read as zero), which
/// keeps equal histories equal as values.
template <class Actor>
class vector_clock {
public:
  using entries_type = std::map<Actor, std::uint64_t>;

  /// Counts a new event of `actor` and returns it.
  dot<Actor> increment(const Actor& actor) { return {actor, ++counters_[actor]}; }

  /// Events of `actor` seen so far.
  std::uint64_t at(const Actor& actor) const {
    auto i = counters_.find(actor);
    return i == counters_.end() ? 0 : i->second;
  }

  /// Whether the event was seen.
  bool contains(const dot<Actor>& d) const { return d.counter != 0 && d.counter <= at(d.actor); }

  /// Marks `d` and its actor's earlier events as seen.
  void witness(const dot<Actor>& d) {
    if (d.counter == 0)
      return;
    auto& counter = counters_[d.actor];
    counter = std::max(counter, d.counter);
  }

  /// Pointwise maximum: afterwards this clock has seen what either had seen.
  /// Returns whether this clock learned of an event. One pass over both maps
  /// in order, because member-set clocks hold an entry per node incarnation
  /// and are merged on every gossip.
  bool merge(const vector_clock& other) {
    bool learned = false;
    auto mine = counters_.begin();
    for (const auto& [actor, counter] : other.counters_) {
      while (mine != counters_.end() && mine->first < actor)
        ++mine;
      if (mine == counters_.end() || actor < mine->first) {
        mine = counters_.emplace_hint(mine, actor, counter);
        learned = true;
      } else if (mine->second < counter) {
        mine->second = counter;
        learned = true;
      }
    }
    return learned;
  }

  causal_order compare(const vector_clock& other) const {
    bool ahead = sees_more(*this, other);
    bool behind = sees_more(other, *this);
    if (ahead && behind)
      return causal_order::concurrent;
    if (ahead)
      return causal_order::after;
    return behind ? causal_order::before : causal_order::equal;
  }

  const entries_type& entries() const noexcept { return counters_; }

  friend bool operator==(const vector_clock&, const vector_clock&) = default;

private:
  // Whether `a` saw an event that `b` did not.
  static bool sees_more(const vector_clock& a, const vector_clock& b) {
    for (const auto& [actor, counter] : a.counters_)
      if (counter > b.at(actor))
        return true;
    return false;
  }

  entries_type counters_;
};

} // namespace troupe::proto
