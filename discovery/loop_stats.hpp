#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace troupe::discovery {

/// What the discovery loop counts, per method, and reports as JSON. It also
/// remembers what it last told the log, so that a dead server or a closed
/// port is logged when it starts failing and when it recovers, rather than
/// at every refresh (the counts still see every failure).
class loop_stats {
public:
  /// A round of `method` found `found` peers and had `problems`. Returns the
  /// problems the log has not heard of in the previous round.
  std::vector<std::string> record_round(const std::string& method, std::size_t found,
                                        const std::vector<std::string>& problems);

  /// True if `method` had problems in its previous round and none now.
  bool recovered(const std::string& method) const;

  /// Counts a dial of `target` found by `method`; true if the log should say
  /// so: a first failure, or a success after failures.
  bool record_dial(const std::string& method, const std::string& target, bool reached);

  void round_done() { ++rounds_; }

  /// {"rounds": n, "failures": n, "methods": {"<name>": {"found", "problems",
  ///  "dials", "connected", "dial_failures", "last_problem"}}}
  std::string to_json() const;

private:
  struct per_method {
    std::uint64_t found = 0;         ///< peers found in the last round
    std::uint64_t problems = 0;      ///< method problems, all rounds
    std::uint64_t dials = 0;
    std::uint64_t connected = 0;     ///< dials that reached a node
    std::uint64_t dial_failures = 0;
    std::string last_problem;
    std::set<std::string> current;   ///< problems of the last round
    std::set<std::string> previous;  ///< problems of the round before
  };

  std::uint64_t rounds_ = 0;
  std::map<std::string, per_method> methods_;
  std::set<std::string> failing_; ///< targets whose last dial failed
};

} // namespace troupe::discovery
