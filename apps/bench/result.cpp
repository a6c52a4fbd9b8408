#include "apps/bench/result.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <numeric>

#include <fmt/format.h>
#include <sys/resource.h>

namespace troupe::bench {

result& result::set(std::string_view key, std::string value) {
  auto found = std::ranges::find_if(fields_, [&](const auto& field) { return field.first == key; });
  if (found != fields_.end())
    found->second = std::move(value);
  else
    fields_.emplace_back(std::string{key}, std::move(value));
  return *this;
}

result& result::set(std::string_view key, double value, int decimals) {
  return set(key, fmt::format("{:.{}f}", value, decimals));
}

result& result::set(std::initializer_list<std::pair<std::string_view, std::int64_t>> fields) {
  for (auto [key, value] : fields)
    set(key, std::to_string(value));
  return *this;
}

result result::of(std::string_view stack, std::string_view test, std::string label) {
  result line;
  line.set("stack", std::string{stack}).set("test", std::string{test}).set("label", std::move(label));
  return line;
}

std::optional<std::string> result::get(std::string_view key) const {
  auto found = std::ranges::find_if(fields_, [&](const auto& field) { return field.first == key; });
  if (found == fields_.end())
    return std::nullopt;
  return found->second;
}

double result::number(std::string_view key) const {
  auto text = get(key);
  double value = std::numeric_limits<double>::quiet_NaN();
  if (text)
    std::from_chars(text->data(), text->data() + text->size(), value);
  return value;
}

std::string result::line() const {
  std::string text = "RESULT";
  for (const auto& [key, value] : fields_)
    text += fmt::format(" {}={}", key, value);
  return text;
}

std::optional<result> result::parse(std::string_view line) {
  constexpr std::string_view prefix = "RESULT";
  if (!line.starts_with(prefix))
    return std::nullopt;
  result parsed;
  line.remove_prefix(prefix.size());
  while (!line.empty()) {
    auto start = line.find_first_not_of(' ');
    if (start == std::string_view::npos)
      break;
    line.remove_prefix(start);
    auto token = line.substr(0, line.find(' '));
    line.remove_prefix(token.size());
    if (auto eq = token.find('='); eq != std::string_view::npos)
      parsed.set(token.substr(0, eq), std::string{token.substr(eq + 1)});
  }
  return parsed;
}

latency_summary summarize(std::vector<std::chrono::nanoseconds> samples) {
  latency_summary summary{.n = samples.size()};
  if (samples.empty())
    return summary;
  std::ranges::sort(samples);
  auto us = [](std::chrono::nanoseconds x) { return static_cast<double>(x.count()) / 1000.0; };
  auto at = [&](double p) {
    auto rank = static_cast<std::size_t>(p * static_cast<double>(samples.size() - 1) + 0.5);
    return us(samples[std::min(rank, samples.size() - 1)]);
  };
  auto total = std::accumulate(samples.begin(), samples.end(), std::chrono::nanoseconds{0});
  summary.median_us = at(0.5);
  summary.p99_us = at(0.99);
  summary.p999_us = at(0.999);
  summary.mean_us = us(total) / static_cast<double>(samples.size());
  summary.min_us = us(samples.front());
  summary.max_us = us(samples.back());
  return summary;
}

long peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

resident_set resident_now() {
  std::ifstream status{"/proc/self/status"};
  resident_set result;
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:")
      status >> result.total_kib;
    else if (key == "RssAnon:")
      status >> result.anonymous_kib;
    status.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  return result;
}

} // namespace troupe::bench
