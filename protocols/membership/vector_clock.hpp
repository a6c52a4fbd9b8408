#pragma once

#include <algorithm>
#include <compare>
#include <cstdint>
#include <utility>
#include <vector>

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
///
/// Entries are a vector sorted by actor rather than a map: member-set clocks
/// hold an entry per node run and are compared and merged, in one pass over
/// both, on every gossip, while new actors are rare.
template <class Actor>
class vector_clock {
public:
  using entry = std::pair<Actor, std::uint64_t>;
  using entries_type = std::vector<entry>; ///< sorted by actor, counters above zero

  /// Counts a new event of `actor` and returns it.
  dot<Actor> increment(const Actor& actor) { return {actor, ++counter_of(actor)}; }

  /// Events of `actor` seen so far.
  std::uint64_t at(const Actor& actor) const {
    auto i = find(actor);
    return i == counters_.end() || actor < i->first ? 0 : i->second;
  }

  /// Whether the event was seen.
  bool contains(const dot<Actor>& d) const { return d.counter != 0 && d.counter <= at(d.actor); }

  /// Marks `d` and its actor's earlier events as seen.
  void witness(const dot<Actor>& d) {
    if (d.counter == 0)
      return;
    auto& counter = counter_of(d.actor);
    counter = std::max(counter, d.counter);
  }

  /// Whether this clock has seen every event `other` has seen.
  bool covers(const vector_clock& other) const {
    auto mine = counters_.begin();
    for (const auto& [actor, counter] : other.counters_) {
      while (mine != counters_.end() && mine->first < actor)
        ++mine;
      if (mine == counters_.end() || actor < mine->first || mine->second < counter)
        return false;
    }
    return true;
  }

  /// Pointwise maximum: afterwards this clock has seen what either had seen.
  /// Returns whether this clock learned of an event.
  bool merge(const vector_clock& other) {
    if (covers(other))
      return false;
    entries_type merged;
    merged.reserve(counters_.size() + other.counters_.size());
    auto mine = counters_.begin();
    auto theirs = other.counters_.begin();
    while (mine != counters_.end() || theirs != other.counters_.end()) {
      bool mine_only = theirs == other.counters_.end()
                       || (mine != counters_.end() && mine->first < theirs->first);
      if (mine_only) {
        merged.push_back(*mine++);
      } else if (mine == counters_.end() || theirs->first < mine->first) {
        merged.push_back(*theirs++);
      } else {
        merged.emplace_back(mine->first, std::max(mine->second, theirs->second));
        ++mine;
        ++theirs;
      }
    }
    counters_ = std::move(merged);
    return true;
  }

  causal_order compare(const vector_clock& other) const {
    bool ahead = covers(other);
    bool behind = other.covers(*this);
    if (ahead && behind)
      return causal_order::equal;
    if (ahead)
      return causal_order::after;
    return behind ? causal_order::before : causal_order::concurrent;
  }

  const entries_type& entries() const noexcept { return counters_; }

  friend bool operator==(const vector_clock&, const vector_clock&) = default;

private:
  typename entries_type::const_iterator find(const Actor& actor) const {
    return std::ranges::lower_bound(counters_, actor, {}, &entry::first);
  }

  // The actor's counter, made (at zero) if the actor is new.
  std::uint64_t& counter_of(const Actor& actor) {
    auto i = counters_.begin() + (find(actor) - counters_.begin());
    if (i == counters_.end() || actor < i->first)
      i = counters_.insert(i, entry{actor, 0});
    return i->second;
  }

  entries_type counters_;
};

} // namespace troupe::proto
