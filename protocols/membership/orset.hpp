#pragma once

#include <algorithm>
#include <compare>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "protocols/membership/vector_clock.hpp"

namespace troupe::proto {

/// An observed-remove set CRDT without tombstones (ORSWOT: Bieniusa et al.,
/// "An optimized conflict-free replicated set", 2012; as in riak_dt_orswot).
///
/// Each element carries the dots of the adds that put it there; the causal
/// context is a vector clock of every event this replica has seen. A remove
/// drops the element's dots but keeps the context, so a merge with a replica
/// that still holds those dots knows they were removed and does not bring the
/// element back. An add concurrent with a remove makes a dot the remover has
/// not seen, so the element survives the merge: add wins.
///
/// Unlike riak_dt_orswot, a remove is an event of its actor too (a dot that
/// no element carries). Then every change shows in the context, so a replica
/// whose context covers another's already holds all the other knows, and a
/// merge with it is skipped after one pass over the contexts: converged
/// member sets are gossiped every second, and most merges are such no-ops.
///
/// `Element` and `Actor` must be totally ordered. Lookups are heterogeneous
/// (`std::less<>`), so `entries().equal_range(key)` finds every element that
/// compares equivalent to a key of another type.
template <class Actor, class Element>
class orset {
public:
  using dot_type = dot<Actor>;
  using dot_set = std::vector<dot_type>; ///< sorted, no duplicates, never empty
  using clock_type = vector_clock<Actor>;
  using entries_type = std::map<Element, dot_set, std::less<>>;

  orset() = default;

  /// The state with these parts, if a replica could hold it (see
  /// `check_invariants`). For decoders, which must not trust their input.
  static std::optional<orset> from_parts(entries_type entries, clock_type context) {
    orset result;
    result.entries_ = std::move(entries);
    result.context_ = std::move(context);
    if (!result.check_invariants().empty())
      return std::nullopt;
    return result;
  }

  /// Adds `element` as a new event of `actor`. The new dot replaces the dots
  /// this replica holds for it, which it has observed; dots of concurrent
  /// adds elsewhere survive the next merge.
  dot_type add(const Actor& actor, const Element& element) {
    auto d = context_.increment(actor);
    entries_.insert_or_assign(element, dot_set{d});
    return d;
  }

  /// Removes `element` as far as this replica has observed it, as an event
  /// of `actor`. Returns whether it was present (else nothing happens).
  bool remove(const Actor& actor, const Element& element) {
    if (entries_.erase(element) == 0)
      return false;
    context_.increment(actor);
    return true;
  }

  /// Takes in what `other` knows. Returns whether this replica changed.
  bool merge(const orset& other) {
    if (context_.covers(other.context_))
      return false;
    auto mine = entries_.begin();
    auto theirs = other.entries_.begin();
    while (mine != entries_.end() || theirs != other.entries_.end()) {
      auto order = std::weak_ordering::less; // only this replica has elements left
      if (mine == entries_.end())
        order = std::weak_ordering::greater;
      else if (theirs != other.entries_.end())
        order = mine->first <=> theirs->first;
      if (order < 0) {
        settle(mine, {}, other.context_);
      } else if (order > 0) {
        insert_unseen(mine, *theirs);
        ++theirs;
      } else {
        settle(mine, theirs->second, other.context_);
        ++theirs;
      }
    }
    context_.merge(other.context_);
    return true; // the context learned an event at least
  }

  bool contains(const Element& element) const { return entries_.contains(element); }

  /// The elements, in order.
  std::vector<Element> elements() const {
    std::vector<Element> result;
    result.reserve(entries_.size());
    for (const auto& entry : entries_)
      result.push_back(entry.first);
    return result;
  }

  const entries_type& entries() const noexcept { return entries_; }

  const clock_type& context() const noexcept { return context_; }

  /// Broken rules, in words; empty when the state is sound. Every dot set is
  /// sorted, free of duplicates and not empty; every dot is in the context;
  /// no dot belongs to two elements (a dot is one add of one element).
  std::vector<std::string> check_invariants() const {
    std::vector<std::string> broken;
    std::vector<dot_type> all;
    for (const auto& [element, dots] : entries_) {
      if (dots.empty() || std::ranges::adjacent_find(dots, std::greater_equal<>{}) != dots.end())
        broken.push_back("an element's dots are empty, unsorted or repeated");
      if (!std::ranges::all_of(dots, [&](const dot_type& d) { return context_.contains(d); }))
        broken.push_back("an element has a dot the context has not seen");
      all.insert(all.end(), dots.begin(), dots.end());
      if (!broken.empty())
        return broken;
    }
    std::ranges::sort(all);
    if (std::ranges::adjacent_find(all) != all.end())
      broken.push_back("a dot belongs to two elements");
    return broken;
  }

  friend bool operator==(const orset&, const orset&) = default;

private:
  // The dots of one element after a merge: those both replicas hold, and
  // those only one holds that the other has not seen (had it seen them and
  // not kept them, it removed them). Both inputs are sorted.
  static dot_set merged_dots(const dot_set& a, const clock_type& a_seen, const dot_set& b,
                             const clock_type& b_seen) {
    dot_set result;
    auto i = a.begin();
    auto j = b.begin();
    while (i != a.end() || j != b.end()) {
      if (j == b.end() || (i != a.end() && *i < *j)) {
        if (!b_seen.contains(*i))
          result.push_back(*i);
        ++i;
      } else if (i == a.end() || *j < *i) {
        if (!a_seen.contains(*j))
          result.push_back(*j);
        ++j;
      } else {
        result.push_back(*i);
        ++i;
        ++j;
      }
    }
    return result;
  }

  // Merges `theirs` into the element at `mine`, drops the element if no dot
  // is left, and moves `mine` to the next element.
  void settle(typename entries_type::iterator& mine, const dot_set& theirs,
              const clock_type& their_context) {
    auto& dots = mine->second;
    auto unseen = [&](const dot_type& d) { return !their_context.contains(d); };
    if (dots == theirs || (theirs.empty() && std::ranges::all_of(dots, unseen))) {
      ++mine;
      return;
    }
    dots = merged_dots(dots, context_, theirs, their_context);
    mine = dots.empty() ? entries_.erase(mine) : std::next(mine);
  }

  // Takes an element only the other replica holds, with the dots this one
  // has not seen (it removed the others).
  void insert_unseen(typename entries_type::iterator hint,
                     const typename entries_type::value_type& theirs) {
    auto dots = merged_dots({}, context_, theirs.second, {});
    if (!dots.empty())
      entries_.emplace_hint(hint, theirs.first, std::move(dots));
  }

  entries_type entries_;
  clock_type context_;
};

} // namespace troupe::proto
