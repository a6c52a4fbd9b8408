#include "actors/log.hpp"

#include <chrono>
#include <cstdio>

namespace troupe {

std::optional<log_level> parse_log_level(std::string_view text) {
  if (text == "error")
    return log_level::error;
  if (text == "warning")
    return log_level::warning;
  if (text == "info")
    return log_level::info;
  if (text == "debug")
    return log_level::debug;
  return std::nullopt;
}

namespace {

std::string_view label(log_level level) {
  switch (level) {
    case log_level::error: return "ERROR";
    case log_level::warning: return "WARN ";
    case log_level::info: return "INFO ";
    case log_level::debug: return "DEBUG";
  }
  return "?";
}

} // namespace

void logger::emit(log_level level, std::string_view text) const {
  auto now = std::chrono::duration_cast<std::chrono::microseconds>(
    std::chrono::system_clock::now().time_since_epoch());
  auto line = fmt::format("{}.{:06} {} [{}] {}\n", now.count() / 1000000, now.count() % 1000000,
                          label(level), node_, text);
  // One fwrite per line: lines of concurrent threads do not interleave.
  std::fwrite(line.data(), 1, line.size(), stderr);
}

} // namespace troupe
