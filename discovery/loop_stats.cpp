#include "discovery/loop_stats.hpp"

#include <nlohmann/json.hpp>

namespace troupe::discovery {

std::vector<std::string> loop_stats::record_round(const std::string& method, std::size_t found,
                                                  const std::vector<std::string>& problems) {
  auto& stats = methods_[method];
  stats.found = found;
  stats.problems += problems.size();
  if (!problems.empty())
    stats.last_problem = problems.back();
  stats.previous = std::move(stats.current);
  stats.current = {problems.begin(), problems.end()};
  std::vector<std::string> fresh;
  for (const auto& problem : stats.current)
    if (!stats.previous.contains(problem))
      fresh.push_back(problem);
  return fresh;
}

bool loop_stats::recovered(const std::string& method) const {
  auto found = methods_.find(method);
  return found != methods_.end() && found->second.current.empty()
         && !found->second.previous.empty();
}

bool loop_stats::record_dial(const std::string& method, const std::string& target, bool reached) {
  auto& stats = methods_[method];
  ++stats.dials;
  if (reached) {
    ++stats.connected;
    return failing_.erase(target) > 0;
  }
  ++stats.dial_failures;
  return failing_.insert(target).second;
}

std::string loop_stats::to_json() const {
  nlohmann::json methods = nlohmann::json::object();
  std::uint64_t failures = 0;
  for (const auto& [name, stats] : methods_) {
    failures += stats.problems + stats.dial_failures;
    methods[name] = {{"found", stats.found},
                     {"problems", stats.problems},
                     {"dials", stats.dials},
                     {"connected", stats.connected},
                     {"dial_failures", stats.dial_failures},
                     {"last_problem", stats.last_problem}};
  }
  return nlohmann::json{{"rounds", rounds_}, {"failures", failures}, {"methods", methods}}
    .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); // DNS text may be no UTF-8
}

} // namespace troupe::discovery
